"""Retrieval on the shared corpus: exact resolution lookup, filters, Czech queries, access."""

from __future__ import annotations

import json

import pytest
from helpers import SHARED, fuzz_queries

from assistant.answer.assistant import Assistant
from assistant.output.json import hit_json
from assistant.search.filters import Filters
from assistant.search.retrieve import Retriever, SearchRequest
from assistant.service import Service
from assistant.settings import Settings

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def retriever(shared_settings: Settings) -> Retriever:
    return Service.open(shared_settings).retriever


def search(retriever: Retriever, query: str, k: int = 5, audience: str = "public", **filters):
    return retriever.search(SearchRequest(query, Filters(audience, **filters), k))


def test_resolution_number_finds_the_resolution_first(retriever: Retriever) -> None:
    for number in ("201/24/ZK", "287/24/ZK", "414/24/ZK"):
        hits = search(retriever, f"usnesení {number}", k=3)
        assert hits[0].passage.chunk.resolution == number
    found = search(retriever, "Co schválilo usnesení č. 412 / 24 / zk?")[0]
    assert found.passage.chunk.resolution == "412/24/ZK"


def test_filters_restrict_results(retriever: Retriever) -> None:
    hits = search(retriever, "schvaluje projekt", k=20, bodies=("zastupitelstvo",))
    assert hits and all(h.passage.document.body == "zastupitelstvo" for h in hits)
    hits = search(retriever, "datový portál", k=20, doc_types=("aktualita",))
    assert hits and all(h.passage.document.doc_type == "aktualita" for h in hits)
    hits = search(retriever, "projekt", k=50, date_from="2024-06-01", date_to="2024-12-31")
    assert hits and all("2024-06-01" <= h.passage.document.date <= "2024-12-31" for h in hits)


def test_queries_without_diacritics_find_the_same_passages(
    retriever: Retriever, shared_settings: Settings
) -> None:
    """The lexical views fold diacritics away: the same ranking. The vectors read the query
    with its diacritics put back, which e5 embeds a little differently from the capitalised
    question with its question mark: the same first passages."""
    marked, plain = "Kdy byl spuštěn datový portál kraje?", "kdy byl spusten datovy portal kraje"
    lexical = Service.open(shared_settings.replace(weight_dense=0)).retriever
    assert [h.passage for h in search(lexical, marked)] == [
        h.passage for h in search(lexical, plain)
    ]
    with_marks = [h.passage for h in search(retriever, marked)]
    without = [h.passage for h in search(retriever, plain)]
    assert with_marks[:2] == without[:2] and set(with_marks[:5]) == set(without[:5])


@pytest.mark.parametrize(
    "query",
    [
        "RIS3 manažer projektu Smart akcelerátor",
        "Řídicí skupina plní roli řídicího orgánu akčního plánu",
        "ridici skupina plni roli ridiciho organu",
    ],
)
def test_text_that_lost_its_diacritics_in_ocr_is_found(retriever: Retriever, query: str) -> None:
    """The action plan's text layer came from poor OCR ("Ridici skupina plnf roli fidictho")."""
    passage = search(retriever, query, k=1)[0].passage
    assert (passage.document.source, passage.chunk.page) == (
        "public/plany/akcni-plan-chytrejsi-lk-2024-2026.pdf",
        10,
    )


def test_hits_carry_citation_fields(retriever: Retriever) -> None:
    hit = search(retriever, "základní kapitál Energie Ralsko", k=1)[0]
    document, chunk = hit.passage.document, hit.passage.chunk
    assert document.source == "public/zastupitelstvo/usneseni-zk-2024-10-22.pdf"
    assert chunk.page == 1 and document.title and chunk.resolution == "412/24/ZK"
    assert "200 000 Kč" in chunk.text
    assert list(hit_json(hit)) == [
        "rank", "chunk_id", "doc_id", "source", "title", "page", "url", "score", "text",
    ]  # fmt: skip


def test_public_audience_never_sees_internal_documents(
    retriever: Retriever, shared_settings: Settings
) -> None:
    dev = [json.loads(line)["question"] for line in (SHARED / "eval/dev.jsonl").open()]
    queries = dev + fuzz_queries(shared_settings)
    assert len(queries) >= 525
    assistant = Assistant(retriever, shared_settings.answer)
    for query in queries:
        for hit in search(retriever, query, k=20):
            assert hit.passage.document.access == "public", (query, hit.passage.document.source)
        reply = assistant.ask(query, Filters("public")).reply
        assert all(c.passage.document.source.startswith("public/") for c in reply.citations)
        assert "480 000" not in reply.text


def test_staff_audience_sees_internal_documents(retriever: Retriever) -> None:
    hits = search(retriever, "proškolených uživatelů pilotní nástroj rešerše", audience="staff")
    assert hits[0].passage.document.source == "internal/zapis-ps-ai-2024-12-02.docx"
    public = search(retriever, "proškolených uživatelů pilotní nástroj rešerše")
    assert all(h.passage.document.access == "public" for h in public)


def test_internal_rows_are_refused_even_if_the_index_says_public(
    shared_settings: Settings,
) -> None:
    """Defence in depth: a stale index generation cannot leak a document made internal."""
    retriever = Service.open(shared_settings).retriever
    stale = retriever.generation.views["all"]
    stale.columns.public[:] = True
    retriever.generation.views["public"] = stale
    hits = search(retriever, "proškolených uživatelů pilotní nástroj rešerše", k=20)
    assert hits and all(h.passage.document.access == "public" for h in hits)
