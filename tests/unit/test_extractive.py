"""Extractive answers: the best-fitting sentence with its citation, resolution context, and
a refusal when no sentence states the kind of fact asked for."""

from __future__ import annotations

from assistant.coverage import QuestionEvidence
from assistant.extractive import extract, with_context
from assistant.filters import Filters
from assistant.retrieve import Retriever, SearchRequest
from assistant.texts import refusal


def answer(retriever: Retriever, question: str, filters: Filters | None = None):
    hits = retriever.search(SearchRequest(question, filters or Filters(), 5))
    return extract(
        QuestionEvidence(question, retriever.statistics(filters or Filters())), hits
    ), hits


def test_the_sentence_with_the_asked_amount_is_quoted(retriever: Retriever) -> None:
    reply, hits = answer(retriever, "Kolik bude stát cyklostezka z Turnova do Přepeř?")
    assert not reply.abstained and "12 350 000 Kč" in reply.text and reply.text.endswith("[1]")
    [citation] = reply.citations
    assert citation.n == 1 and citation.passage in {h.passage for h in hits}
    assert citation.quote in citation.passage.chunk.text


def test_a_resolution_sentence_names_its_number_and_date(retriever: Retriever) -> None:
    reply, _ = answer(retriever, "Kolik korun schválila rada jako dotaci pro hasiče?")
    assert reply.text.startswith("Usnesení č. 12/24/RK ze dne 12. 3. 2024: ")
    passage = reply.citations[0].passage
    assert with_context("Usnesení č. 12/24/RK platí.", passage) == "Usnesení č. 12/24/RK platí."


def test_no_sentence_with_the_asked_kind_of_fact_is_a_refusal(retriever: Retriever) -> None:
    """The portal's passages have a date but no amount: a price question gets no sentence."""
    news = Filters(doc_types=("aktualita",))
    dated, hits = answer(retriever, "Kdy byl spuštěn datový portál?", news)
    assert "28. 6. 2023" in dated.text
    reply, hits = answer(retriever, "Kolik stál datový portál?", news)
    assert hits and reply.abstained and reply.text == refusal() and reply.citations == ()


def test_nothing_retrieved_is_a_refusal(retriever: Retriever) -> None:
    reply = extract(QuestionEvidence("Cokoliv?", retriever.statistics(Filters())), [])
    assert reply.abstained and reply.text == refusal()
