"""Extractive answers: the gold sets' acceptance figures, citations, abstention, follow-ups."""

from __future__ import annotations

import re

import pytest
from helpers import SAMPLES, SHARED

from assistant.answer.assistant import Assistant
from assistant.model import Turn
from assistant.output.json import answer_json
from assistant.question.followup import is_follow_up, standalone
from assistant.search.filters import Filters
from assistant.service import Service
from assistant.settings import Settings
from assistant.text.messages import refusal
from eval.datasets import load_dataset
from eval.run import evaluate


@pytest.fixture(scope="module")
def dev_report(shared_settings: Settings) -> dict:
    return evaluate(
        load_dataset(SHARED / "eval/dev.jsonl"), Service.open(shared_settings).assistant, False
    )


@pytest.mark.shared
def test_dev_set_meets_the_acceptance_figures(dev_report: dict) -> None:
    overall = dev_report["overall"]
    assert dev_report["mode"] == "extractive"
    assert overall["retrieval"]["hit@5"] >= 0.95
    assert overall["answers"]["answer_must"] >= 0.80
    assert overall["answers"]["abstain_unanswerable"] >= 0.90
    assert overall["answers"]["abstain_answerable"] <= 0.05
    assert overall["answers"]["must_not_violations"] == 0
    assert overall["safety"]["internal_in_public"] == 0


def test_sample_corpus_questions(sample_settings: Settings) -> None:
    """The project's own gold set, written with the fictional corpus (incl. follow-ups)."""
    report = evaluate(
        load_dataset(SAMPLES / "questions.jsonl"), Service.open(sample_settings).assistant, False
    )
    answers = report["overall"]["answers"]
    assert answers["answer_must"] >= 0.80
    assert answers["abstain_unanswerable"] == 1.0
    assert answers["must_not_violations"] == 0


def test_citations_are_numbered_and_point_to_retrieved_passages(dev_report: dict) -> None:
    answered = [r for r in dev_report["items"] if r.get("abstained") is False]
    assert answered
    for row in answered:
        numbers = [c["n"] for c in row["citations"]]
        assert numbers == list(range(1, len(numbers) + 1))
        markers = {int(n) for n in re.findall(r"\[(\d+)\]", row["answer"])}
        assert markers == set(numbers)
        for c in row["citations"]:
            assert c["source"] and c["title"] and c["quote"]


def test_citation_quotes_come_from_the_cited_passage(shared_settings: Settings) -> None:
    assistant = Service.open(shared_settings).assistant
    answer = assistant.ask("Jaký základní kapitál má společnost Energie Ralsko?")
    assert not answer.reply.abstained and "200 000" in answer.reply.text
    retrieved = {h.passage.chunk_id: h.passage for h in answer.hits}
    for c in answer.reply.citations:
        text = retrieved[c.passage.chunk_id].chunk.text
        assert c.quote in text.replace("\n", " ") or c.quote in text


def test_answer_names_the_resolution_and_its_date(shared_settings: Settings) -> None:
    answer = Service.open(shared_settings).assistant.ask(
        "Kterým usnesením schválilo zastupitelstvo založení společnosti Energie LK?",
        Filters("staff"),
    )
    assert "413/24/ZK" in answer.reply.text and "22. 10. 2024" in answer.reply.text


def test_abstains_with_the_czech_message_when_nothing_supports_an_answer(
    shared_settings: Settings,
) -> None:
    assistant = Service.open(shared_settings).assistant
    for question in ("Jaký je jízdní řád trolejbusů v Brně?", "Kolik stojí oběd v menze?"):
        answer = assistant.ask(question)
        assert answer.reply.abstained and answer.reply.text == refusal()
        assert not answer.reply.citations and not answer.related


def test_money_question_is_not_answered_with_other_numbers(shared_settings: Settings) -> None:
    """The public chatbot resolution has votes and a date, but no price: abstain, and point to
    the documents about it, which are no answer: nothing is cited."""
    answer = Service.open(shared_settings).assistant.ask(
        "Kolik bude stát chatbot pro web kraje?", Filters("public")
    )
    assert answer.reply.abstained and not answer.reply.citations
    assert answer.reply.text.startswith("Přímou odpověď jsem v dokumentech nenašel.")
    assert 1 <= len(answer.related) <= 3
    assert all(p.document.access == "public" for p in answer.related)
    assert all(f"„{p.document.title}“" in answer.reply.text for p in answer.related)
    data = answer_json(answer)
    assert data["abstained"] and data["citations"] == []
    assert [r["source"] for r in data["related"]] == [p.document.source for p in answer.related]
    assert all(r["title"] and r["line"] for r in data["related"])


def test_follow_up_detection_and_rewrite() -> None:
    history = [Turn("user", "Kdy zastupitelstvo schválilo cyklostezku z Turnova do Přepeř?")]
    assert is_follow_up("A kolik bude stát?")
    assert is_follow_up("Kdo to schválil?")
    assert not is_follow_up("Jaký základní kapitál má společnost Energie Ralsko?")
    rewritten = standalone("A kolik bude stát?", history)
    assert rewritten.startswith("A kolik bude stát?") and "cyklostezku" in rewritten
    assert standalone("Kolik stojí vstupné do zoo?", history) == "Kolik stojí vstupné do zoo?"


def test_follow_up_is_answered_from_the_conversation(sample_settings: Settings) -> None:
    assistant = Service.open(sample_settings).assistant
    history = [
        Turn("user", "Kdy zastupitelstvo schválilo cyklostezku z Turnova do Přepeř?"),
        Turn("assistant", "Zastupitelstvo ji schválilo 18. 3. 2025. [1]"),
    ]
    alone = assistant.ask("A kolik bude stát?")
    followed = assistant.ask("A kolik bude stát?", history=history)
    assert "12 350 000" in followed.reply.text
    assert "12 350 000" not in alone.reply.text


def test_an_english_question_is_put_in_the_documents_words(sample_settings: Settings) -> None:
    """A question naming nothing the Czech documents spell alike is answered only through the
    dictionary (Debian's dict-freedict-eng-ces, `make system-packages`)."""
    assistant = Service.open(sample_settings).assistant
    assert assistant.dictionary, "dict-freedict-eng-ces is not installed: make system-packages"
    question = "When will the construction of the cycle path start?"
    answer = assistant.ask(question)
    assert not answer.reply.abstained and "červnu 2025" in answer.reply.text
    assert "stavba" in answer.query and answer.query.startswith("When will the")
    alone = Assistant(assistant.retriever, assistant.settings).ask(question)
    assert "červnu 2025" not in alone.reply.text
