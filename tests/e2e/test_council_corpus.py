"""The generated fictional council corpus (bench/council_corpus.py, a small seed of it): every
field of every resolution read as generated, from text PDFs, DOCX and scans; every status of
the amendment and cancellation chains; topic research finds each matter's resolutions."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from helpers import bench_module, make_settings

from assistant.council.history import Council
from assistant.council.research import research
from assistant.search.filters import Filters
from assistant.search.retrieve import Retriever
from assistant.service import Service
from assistant.settings import Settings
from ingest.pipeline import ingest


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Settings, dict]:
    """The generated corpus, its gold and its index."""
    root = tmp_path_factory.mktemp("council")
    gold = bench_module("council_corpus").generate(root, years=1, seed=11, scans=0.15,
                                                   rk_items=12, zk_items=12)  # fmt: skip
    assert json.loads((root / "gold.json").read_text()) == json.loads(json.dumps(gold))
    settings = make_settings(root / "data")
    summary = ingest([root / "korpus"], settings, progress=False)
    assert summary.counts["failed"] == 0, summary.to_dict()
    return root, settings, gold


@pytest.fixture(scope="module")
def generated(indexed: tuple[Path, Settings, dict]) -> tuple[dict, Retriever]:
    _, settings, gold = indexed
    return gold, Service.open(settings).retriever


def test_every_field_is_read_as_generated(generated: tuple[dict, Retriever]) -> None:
    gold, retriever = generated
    measure = bench_module("council")
    council = Council.open(retriever.store, Filters(audience="staff"))
    kinds = {measure.kind(g["source"]) for g in gold["resolutions"].values()}
    assert kinds == {"pdf", "docx", "scan"}
    wrong = {}
    for number, expected in gold["resolutions"].items():
        read = measure.fields(council.get(number), expected)
        if not all(read.values()):
            wrong[number] = (
                measure.kind(expected["source"]),
                [f for f, ok in read.items() if not ok],
            )
    text = [n for n, (kind, _) in wrong.items() if kind != "scan"]
    assert not text, {n: wrong[n] for n in text}
    scans = [g for g in gold["resolutions"].values() if measure.kind(g["source"]) == "scan"]
    assert len(wrong) <= 0.05 * len(scans), wrong


def test_every_status_of_the_chains_is_right(generated: tuple[dict, Retriever]) -> None:
    gold, retriever = generated
    council = Council.open(retriever.store, Filters(audience="staff"))
    chained = [n for n, g in gold["resolutions"].items() if g["status"] != "valid"]
    assert chained, "the seed generates amendments and cancellations"
    for number, expected in gold["resolutions"].items():
        status = council.status(number)
        assert (status.state, list(status.amended_by), list(status.cancelled_by)) == (
            expected["status"],
            expected["amended_by"],
            expected["cancelled_by"],
        ), number


def test_topic_research_finds_each_matter(generated: tuple[dict, Retriever]) -> None:
    gold, retriever = generated
    recalls, precisions = [], []
    for topic, numbers in gold["topics"].items():
        found = {
            r.number for r in research(retriever, topic, Filters(audience="staff")).resolutions
        }
        recalls.append(len(found & set(numbers)) / len(numbers))
        precisions.append(len(found & set(numbers)) / len(found) if found else 0.0)
    assert sum(recalls) / len(recalls) >= 0.95 and sum(precisions) / len(precisions) >= 0.9


def test_a_cancelled_resolution_is_answered_as_cancelled(generated: tuple[dict, Retriever]) -> None:
    from assistant.council.answers import from_records
    from assistant.question.asked import Asked

    gold, retriever = generated
    number, expected = next((n, g) for n, g in gold["resolutions"].items()
                            if g["status"] == "cancelled")  # fmt: skip
    asked = Asked.of(f"Platí ještě usnesení č. {number}?", Filters(audience="staff"))
    reply = from_records(asked, retriever.store)
    assert reply is not None and "bylo zrušeno usnesením č. " + expected["cancelled_by"][0] in (
        reply.text
    )
    assert [c.passage.chunk.resolution for c in reply.citations] == [
        number,
        expected["cancelled_by"][0],
    ]


def test_a_material_names_the_resolution_of_its_item(generated: tuple[dict, Retriever]) -> None:
    from assistant.output.json import research_json

    gold, retriever = generated
    linked = []
    for topic in gold["topics"]:
        data = research_json(research(retriever, topic, Filters(audience="staff")))
        linked += [(m["source"], m["resolution"]) for m in data["materials"]]
    assert linked, "the seed writes materials for the matters"
    assert all(gold["materials"][source] == number for source, number in linked), linked


def test_the_gold_council_questions_are_answered_from_the_records(
    indexed: tuple[Path, Settings, dict],
) -> None:
    """Both halves of the generated gold council questions through the evaluation harness: the
    asked field of the resolution a question describes (by its item's title, the meeting's day
    where the title recurs), and no answer to a near miss."""
    from eval.datasets import load_dataset
    from eval.run import aggregate, evaluate_item

    root, settings, _ = indexed
    assistant = Service.open(settings).assistant
    halves = [load_dataset(root / f"questions-{name}.jsonl") for name in ("tune", "test")]
    assert not {i.id for i in halves[0]} & {i.id for i in halves[1]}
    for items in halves:
        assert {"vote", "which", "status", "tasks", "unanswerable"} <= {
            t for i in items for t in i.tags}  # fmt: skip
        figures = aggregate([evaluate_item(i, assistant) for i in items])["answers"]
        assert figures["answer_must"] >= 0.95, figures
        assert figures["abstain_unanswerable"] == 1.0 and figures["must_not_violations"] == 0
        assert figures["abstain_answerable"] <= 0.05, figures


AMOUNT = re.compile(r"(\d[\d ]*\d) Kč")


def _in_force(resolutions: dict, number: str) -> str | None:
    """The amount in force by the gold chain: none if cancelled, else the last amendment's
    amount in force, else its own."""
    g = resolutions[number]
    if g["cancelled_by"]:
        return None
    if g["amended_by"]:
        return _in_force(resolutions, g["amended_by"][-1])
    return next((m.group(1) for _, _, text in g["parts"] if (m := AMOUNT.search(text))), None)


def _changed(resolutions: dict) -> list[str]:
    """Resolutions approving an amount that a later one amended, cancelled, or changed and
    was itself cancelled (restored), named by a title of their own."""
    referred = {ref for g in resolutions.values() for _, ref in g["references"]}
    return [n for n, g in resolutions.items()
            if n in referred and "usnesení č." not in g["title"]
            and any(AMOUNT.search(text) for _, _, text in g["parts"])]  # fmt: skip


def test_every_what_holds_now_question_answers_with_the_value_in_force(
    generated: tuple[dict, Retriever],
) -> None:
    """Asked what holds now, the answer opens with the chain (each amendment and cancellation,
    and those of the amendments in turn, with the amount in force) and quotes the original
    after it; an amendment or cancellation since cancelled restores the original."""
    from assistant.answer.assistant import Assistant
    from assistant.settings import AnswerSettings

    gold, retriever = generated
    resolutions = gold["resolutions"]
    assistant = Assistant(retriever, AnswerSettings(max_wrong_rate=1.0))
    changed, kinds, wrong = _changed(resolutions), set(), {}
    for number in changed:
        g = resolutions[number]
        asked = f"Jaké jsou aktuálně schválené výdaje k bodu „{g['title']}“ ({g['date']})?"
        text = assistant.ask(asked, Filters("staff")).reply.text
        first, _, original = text.partition(" Původně: ")
        kind = g["status"] if g["status"] != "valid" else "restored"
        kinds.add(kind)
        expected = {"amended": _in_force(resolutions, number), "cancelled": "bylo zrušeno",
                    "restored": "platí původní znění"}[kind]  # fmt: skip
        named = all(n in first for n in [*g["amended_by"], *g["cancelled_by"]])
        if not (original and expected in first and named):
            wrong[number] = text
    assert kinds == {"amended", "cancelled", "restored"}, kinds
    assert not wrong, wrong


def test_an_answer_as_of_a_date_knows_only_the_chain_until_then(
    generated: tuple[dict, Retriever],
) -> None:
    """A question with an end date answers as of that day: an amendment after it is not named
    (nor cited), and the original amount is the one in force."""
    from assistant.answer.assistant import Assistant
    from assistant.settings import AnswerSettings

    gold, retriever = generated
    resolutions = gold["resolutions"]
    number = next(n for n in _changed(resolutions) if resolutions[n]["status"] == "amended")
    g, later = resolutions[number], resolutions[number]["amended_by"][0]
    before = (date.fromisoformat(resolutions[later]["date"]) - timedelta(days=1)).isoformat()
    assistant = Assistant(retriever, AnswerSettings(max_wrong_rate=1.0))
    asked = f"Jaké jsou aktuálně schválené výdaje k bodu „{g['title']}“ ({g['date']})?"
    now = assistant.ask(asked, Filters("staff")).reply
    then = assistant.ask(asked, Filters("staff", date_to=before)).reply
    assert f"usnesením č. {later}" in now.text
    assert later not in then.text and not then.abstained, then.text
    assert all(c.passage.document.date <= before for c in then.citations)
    assert _in_force({**resolutions, number: {**g, "amended_by": []}}, number) in then.text


def test_an_answer_from_an_amended_resolution_names_the_value_in_force(
    generated: tuple[dict, Retriever],
) -> None:
    """The extractive answer quotes the original decision and goes on with the chain: which
    resolution changed it, when, and its decision (the amount in force), both cited."""
    from assistant.answer.assistant import Assistant
    from assistant.settings import AnswerSettings

    gold, retriever = generated
    number, expected = next((n, g) for n, g in gold["resolutions"].items()
                            if g["status"] == "amended" and not g["cancelled_by"])  # fmt: skip
    assistant = Assistant(retriever, AnswerSettings(max_wrong_rate=1.0))
    answer = assistant.ask(f"Jaké výdaje schválilo usnesení č. {number}?", Filters("staff"))
    later = expected["amended_by"][-1]
    assert f"Usnesení č. {number} bylo změněno usnesením č. {later}" in answer.reply.text
    assert "mění" in answer.reply.text
    cited = [c.passage.chunk.resolution for c in answer.reply.citations]
    assert cited[0] == number and later in cited
