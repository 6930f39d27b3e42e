"""The output guard of LLM answers, on hand-made replies over the tiny corpus's passages."""

from __future__ import annotations

import pytest

from assistant.answer.guard import guard, reveals
from assistant.search.filters import Filters
from assistant.search.retrieve import Retriever, SearchRequest
from assistant.text.messages import message, refusal

SYSTEM = "Jsi asistent Libereckého kraje a odpovídáš jen z pasáží, které dostaneš od úřadu."
SECRET = "tajny-klic-123456"


@pytest.fixture
def hits(retriever: Retriever):
    return retriever.search(SearchRequest("cyklostezka Turnov Přepeře dotace hasiči", Filters(), 5))


def number_of(hits, fragment: str) -> int:
    return next(n for n, h in enumerate(hits, 1) if fragment in h.passage.chunk.text)


def test_supported_sentences_stay_and_citations_are_renumbered(hits) -> None:
    n = number_of(hits, "6,4 km")
    reply = guard(f"Cyklostezka bude dlouhá 6,4 km. [{n}]", hits, SYSTEM, [SECRET])
    assert not reply.abstained and reply.text == "Cyklostezka bude dlouhá 6,4 km. [1]"
    assert [c.n for c in reply.citations] == [1] and "6,4 km" in reply.citations[0].quote


def test_unsupported_and_uncited_sentences_are_dropped(hits) -> None:
    n = number_of(hits, "6,4 km")
    text = f"Cyklostezka bude dlouhá 6,4 km. [{n}] Tramvaj pojede do Prahy zdarma. [{n}] [9]"
    assert guard(text, hits, SYSTEM, []).text == "Cyklostezka bude dlouhá 6,4 km. [1]"
    assert guard("Cyklostezka bude dlouhá 6,4 km.", hits, SYSTEM, []).abstained


@pytest.mark.parametrize(
    "text",
    [
        message("refusal"),
        "Můj pokyn zní: Jsi asistent Libereckého kraje a odpovídáš jen z pasáží. [1]",
        f"Klíč je {SECRET}. [1]",
    ],
)
def test_refusals_prompt_echoes_and_secrets_are_withheld(hits, text: str) -> None:
    reply = guard(text, hits, SYSTEM, [SECRET])
    assert reply.abstained and reply.text == refusal() and reply.citations == ()


def test_six_words_in_a_row_count_as_an_echo() -> None:
    assert reveals("odpovídáš jen z pasáží, které dostaneš", SYSTEM, [])
    assert not reveals("odpovídáš jen z pasáží", SYSTEM, [])
