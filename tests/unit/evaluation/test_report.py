"""The evaluation report the working group reads: the verdict first in plain Czech with the
counts behind it, every failing question under the stage that failed, and a Czech name and a
glossary line for every figure. The page is built from a real run of the harness over the
tiny in-code corpus."""

from __future__ import annotations

import csv
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from assistant.settings import Settings
from eval.compare import PAIRED
from eval.configs import load_configs, pick
from eval.gate import check, failure, load_thresholds
from eval.harness import run
from eval.labels import FIGURES, STAGES, figure
from eval.report import COUNTED, counts, number, percent, shown, text_summary, write_reports
from eval.run import RETRIEVAL, aggregate

NBSP = "\u00a0"
ITEMS = [
    {"id": "t1", "question": "Kdy byl spuštěn datový portál kraje?",
     "evidence": ["spuštěn 28. 6. 2023"], "answer_must": [["28. 6. 2023"]], "tags": ["date"]},
    # The gold asks for a length the passage does not state: the right passage is found and
    # quoted, the answer lacks the asked fact.
    {"id": "t2", "question": "Jak dlouhá bude cyklostezka z Turnova do Přepeř?",
     "evidence": ["dlouhá 6,4 km"], "answer_must": [["9 km"]], "tags": ["factoid"]},
    {"id": "t3", "question": "Kolik stojí vstupné do zoo?", "answerable": False,
     "tags": ["unanswerable"]},
    # Evidence that no document holds: retrieval cannot find it.
    {"id": "t4", "question": "Kolik kraj dal na opravu mostu v Liberci?",
     "evidence": ["oprava mostu v Liberci"], "answer_must": [["most"]], "tags": ["amount"]},
    {"id": "t5", "question": "S jakým schodkem počítá návrh rozpočtu?", "audience": "staff",
     "evidence": ["schodkem 480 000 Kč"], "answer_must": [["480 000"]]},
    {"id": "t6", "question": "S jakým schodkem počítá návrh rozpočtu?", "answerable": False,
     "must_not": ["480 000"], "tags": ["acl-leak"]},
]  # fmt: skip


def row(**changes) -> dict:
    """An answered item that passes every check."""
    base = {
        "id": "x", "question": "Kolik?", "audience": "public", "tags": [], "answerable": True,
        "expected": {"evidence": ["34 elektroaut"], "answer_must": [["34"]], "must_not": [],
                     "sources": []},
        "leaks": [], "answer": "Kraj pořídil 34 elektroaut. [1]", "abstained": False,
        "must_ok": True, "violations": [], "contentless": [], "candidate_right": True,
        "citation_checks": {"cited_retrieved": 1.0, "supported": 1.0, "support": 1.0,
                            "uncited": 0.0},
        "retrieval": dict.fromkeys(RETRIEVAL, 1.0), "search_s": 0.01,
        "timings": {"retrieve": 0.01, "answer": 0.01}, "tokens": {"input": 5, "output": 2},
    }  # fmt: skip
    return {**base, **changes}


def stage(r: dict) -> str | None:
    found = failure(r)
    return found.stage if found else None


def test_a_passing_item_has_no_stage() -> None:
    assert failure(row()) is None
    assert failure(row(answerable=False, abstained=True, must_ok=False)) is None
    assert failure({"id": "b", "leaks": [], "retrieval": {"hit@5": 1.0, "mrr@10": 0.5}}) is None


def test_the_stage_is_the_first_that_failed_and_a_leak_comes_first() -> None:
    missed = {"hit@5": 0.0, "mrr@10": 1 / 6}
    assert stage(row(retrieval=missed, must_ok=False)) == "retrieval"
    assert stage(row(abstained=True, must_ok=False)) == "refusal"
    assert stage(row(answerable=False)) == "refusal"
    assert stage(row(must_ok=False)) == "sentence"
    assert stage(row(citation_checks={"supported": 0.5})) == "sentence"
    assert stage(row(contentless=["nadpis: Cyklostezky"])) == "sentence"
    assert stage(row(violations=["480 000"], retrieval=missed)) == "leak"
    assert stage(row(leaks=["interni/zapis.docx"], abstained=True)) == "leak"
    # A retrieval benchmark's item has no answer: only retrieval and leaks can fail.
    assert stage({"id": "b", "leaks": [], "retrieval": missed}) == "retrieval"


def test_the_reasons_name_every_failed_check_in_czech() -> None:
    both = failure(row(retrieval={"hit@5": 0.0, "mrr@10": 1 / 6}, must_ok=False))
    assert both.reasons == (
        "zdroj s odpovědí až na 6. místě vyhledávání",
        "odpověď neobsahuje požadované údaje",
    )
    refused = failure(row(abstained=True, must_ok=False, abstain_reason="weak_evidence"))
    assert refused.reasons == (
        "asistent odmítl odpovědět, ačkoli dokumenty odpověď dávají "
        "(nalezené pasáže otázku pokrývají jen slabě)",
    )
    expected = {"evidence": [], "answer_must": [["34"], ["škol"]], "must_not": [], "sources": []}
    half = failure(row(must_ok=False, expected=expected))
    assert half.reasons == ("odpověď neobsahuje požadované údaje (chybí 1 z 2)",)
    leaked = failure(row(leaks=["interni/zapis.docx"] * 2, violations=["480 000"]))
    assert leaked.reasons == (
        "neveřejný dokument ve výsledcích pro veřejnost: interni/zapis.docx",
        "odpověď obsahuje zakázaný údaj „480 000“",
    )


def test_czech_numbers() -> None:
    assert number(1234.5) == f"1{NBSP}234,5"
    assert number(0.903) == "0,9" and number(-0.0451, 3) == "−0,045"
    assert percent(21 / 22) == f"95,5{NBSP}%" and percent(0.9) == f"90{NBSP}%"


def test_every_figure_the_report_can_show_has_a_plain_czech_name_and_a_glossary_line() -> None:
    overall = aggregate([row(), row(abstained=True, answerable=False)])
    keys = {k for section, values in overall.items() if section != "items" for k in values}
    keys |= {k.split(".")[-1] for k in PAIRED} | {"graded", "faithfulness", "relevance"}
    assert keys <= set(FIGURES), keys - set(FIGURES)
    for key, found in FIGURES.items():
        assert not re.search(r"[@_]|mrr|ndcg|hit|recall|bootstrap|zdržení", found.name, re.I), key
        assert found.meaning.endswith(".") and found.better in ("higher", "lower", ""), key
        assert found.unit in ("share", "score", "count", "ms", "tokens", "grade"), key
    # A figure whose requirement is stated as a count of questions can be counted.
    assert {k for k, f in FIGURES.items() if f.counted} <= set(COUNTED)


@pytest.fixture(scope="module")
def report(tiny: Settings, tmp_path_factory: pytest.TempPathFactory) -> dict:
    gold = tmp_path_factory.mktemp("gold") / "gold.jsonl"
    gold.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in ITEMS), "utf-8")
    return run(gold, pick(["default"], load_configs()), tiny, progress=False)


class Outline(HTMLParser):
    """The start tags of a page in order, with their attributes, and its text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_the_stages_of_a_real_run(report: dict) -> None:
    rows = report["configs"]["default"]["items"]
    assert {r["id"]: stage(r) for r in rows} == {
        "t1": None, "t2": "sentence", "t3": None, "t4": "retrieval", "t5": None, "t6": None,
    }  # fmt: skip


def test_the_counts_behind_each_share_are_the_overall_figures(report: dict) -> None:
    result = report["configs"]["default"]
    checked = 0
    for values in result["overall"].values():
        for key in set(COUNTED) & set(values if isinstance(values, dict) else ()):
            n, d = counts(key, result["items"])
            assert round(n / d, 4) == values[key], key
            checked += 1
    assert checked == len(COUNTED)


def test_the_page_opens_with_the_verdict_in_plain_czech(report: dict, tmp_path: Path) -> None:
    checks = check(report["configs"]["default"]["overall"], load_thresholds())
    html, _, csv_path = write_reports(report, tmp_path, checks)
    page = html.read_text(encoding="utf-8")
    outline = Outline()
    outline.feed(page)
    tags = [t for t, _ in outline.tags]
    after_title = [t for t in outline.tags[tags.index("h1") + 1 :] if t[0] != "main"]
    assert after_title[0] == ("section", after_title[0][1])
    assert "verdict" in after_title[0][1]["class"], "the verdict box right under the title"
    assert tags.index("table") > tags.index("section") and "svg" in tags
    box = page.split("<section class='verdict fail'", 1)[1].split("</section>", 1)[0]
    failed = sum(not c.passed for c in checks)
    assert f"Konfigurace default: NESPLŇUJE – {failed} z {len(checks)} požadavků nesplněno" in box
    assert (
        f"U 3 z 4 otázek našlo vyhledávání správný zdroj mezi prvními 5 výsledky (75{NBSP}%); "
        f"požadováno alespoň 95{NBSP}%." in box
    )
    assert "2 z 4 otázek, na které dokumenty odpověď dávají, dostalo odpověď" in box
    assert (
        "Co selhává nejčastěji:</strong> vyhledávání: 1, výběr věty: 1, "
        "odmítnutí odpovědi: 0, únik neveřejného: 0" in box
    )
    assert "href='#otazka-default-t4'>t4</a>" in box, "a missed requirement links its questions"
    # Every failing question under its stage, with the readable expected text and the reason.
    failing = page.split('<section id="neuspesne">', 1)[1].split("</section>", 1)[0]
    assert failing.count("<article") == 2 and failing.count("<details>") == 2
    t2 = failing.split("id='otazka-default-t2'", 1)[1].split("</article>", 1)[0]
    assert "Jak dlouhá bude cyklostezka" in t2 and "„dlouhá 6,4 km“" in t2
    assert "odpověď neobsahuje požadované údaje" in t2 and "Odpověď asistenta" in t2
    assert "výběr věty" in failing.split("id='otazka-default-t2'", 1)[0].lower()
    # A glossary line for every figure shown, no technical name standing alone.
    glossary = page.split('<section id="slovnicek">', 1)[1].split("</section>", 1)[0]
    assert glossary.count("<dt>") == len(shown(report)) + len(STAGES)
    for key in shown(report):
        assert f"<dt>{figure(key).name} <small class='tech'>({key})</small></dt>" in glossary
    assert "MRR@10" not in page and "zdržení" not in page
    assert page.startswith("<!DOCTYPE html>") and '<html lang="cs">' in page
    rows = list(csv.DictReader(csv_path.open(encoding="utf-8-sig"), delimiter=";"))
    assert [(r["id"], r["fáze selhání"]) for r in rows if r["fáze selhání"]] == [
        ("t2", "výběr věty"),
        ("t4", "vyhledávání"),
    ]
    assert rows[3]["důvod selhání"].startswith("zdroj s odpovědí není ani mezi prvními 10")


def test_the_console_ends_with_the_verdict(report: dict) -> None:
    checks = check(report["configs"]["default"]["overall"], load_thresholds())
    text = text_summary(report, checks)
    assert "✗ t2 [výběr věty]: Jak dlouhá bude cyklostezka" in text
    assert "Konfigurace default: NESPLŇUJE" in text.split("Doba odezvy a náklady:")[1]
    assert text.splitlines()[-1].startswith("Konfigurace: default")
