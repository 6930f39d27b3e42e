"""Retrieval on the shared corpus: exact resolution lookup, filters, Czech queries, access."""

from __future__ import annotations

import json

import pytest
from helpers import SHARED, fuzz_queries

from assistant.answer import Assistant
from assistant.retrieve import Retriever, SearchRequest
from assistant.settings import Settings


@pytest.fixture(scope="module")
def retriever(shared_settings: Settings) -> Retriever:
    return Retriever(shared_settings)


def search(retriever: Retriever, query: str, **kwargs):
    return retriever.search(SearchRequest(query, **kwargs))


def test_resolution_number_finds_the_resolution_first(retriever: Retriever) -> None:
    for number in ("201/24/ZK", "287/24/ZK", "414/24/ZK"):
        hits = search(retriever, f"usnesení {number}", k=3)
        assert hits[0].resolution == number
    assert search(retriever, "Co schválilo usnesení č. 412 / 24 / zk?")[0].resolution == "412/24/ZK"


def test_filters_restrict_results(retriever: Retriever) -> None:
    hits = search(retriever, "schvaluje projekt", k=20, bodies=("zastupitelstvo",))
    assert hits and all(h.body == "zastupitelstvo" for h in hits)
    hits = search(retriever, "datový portál", k=20, doc_types=("aktualita",))
    assert hits and all(h.doc_type == "aktualita" for h in hits)
    hits = search(retriever, "projekt", k=50, date_from="2024-06-01", date_to="2024-12-31")
    assert hits and all("2024-06-01" <= h.date <= "2024-12-31" for h in hits)


def test_queries_without_diacritics_find_the_same_passages(retriever: Retriever) -> None:
    with_marks = [h.chunk_id for h in search(retriever, "Kdy byl spuštěn datový portál kraje?")]
    without = [h.chunk_id for h in search(retriever, "kdy byl spusten datovy portal kraje")]
    assert with_marks[:3] == without[:3]


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
    hit = search(retriever, query, k=1)[0]
    assert (hit.source, hit.page) == ("public/plany/akcni-plan-chytrejsi-lk-2024-2026.pdf", 10)


def test_hits_carry_citation_fields(retriever: Retriever) -> None:
    hit = search(retriever, "základní kapitál Energie Ralsko", k=1)[0]
    assert hit.source == "public/zastupitelstvo/usneseni-zk-2024-10-22.pdf"
    assert hit.page == 1 and hit.title and hit.resolution == "412/24/ZK"
    assert "200 000 Kč" in hit.text
    assert list(hit.public_dict()) == [
        "rank", "chunk_id", "doc_id", "source", "title", "page", "url", "score", "text",
    ]  # fmt: skip


def test_public_audience_never_sees_internal_documents(
    retriever: Retriever, shared_settings: Settings
) -> None:
    dev = [json.loads(line)["question"] for line in (SHARED / "eval/dev.jsonl").open()]
    queries = dev + fuzz_queries(shared_settings)
    assert len(queries) >= 525
    assistant = Assistant(shared_settings, retriever)
    for query in queries:
        for hit in search(retriever, query, k=20):
            assert hit.access == "public", (query, hit.source)
        answer = assistant.ask(query, "public")
        assert all(c.source.startswith("public/") for c in answer.citations), query
        assert "480 000" not in answer.answer


def test_staff_audience_sees_internal_documents(retriever: Retriever) -> None:
    hits = search(retriever, "proškolených uživatelů pilotní nástroj rešerše", audience="staff")
    assert hits[0].source == "internal/zapis-ps-ai-2024-12-02.docx"
    public = search(retriever, "proškolených uživatelů pilotní nástroj rešerše")
    assert all(h.source.startswith("public/") for h in public)


def test_internal_rows_are_refused_even_if_the_index_says_public(
    shared_settings: Settings,
) -> None:
    """Defence in depth: a stale index generation cannot leak a document made internal."""
    retriever = Retriever(shared_settings)
    retriever.lexical.public[:] = True
    hits = search(retriever, "proškolených uživatelů pilotní nástroj rešerše", k=20)
    assert hits and all(h.access == "public" for h in hits)
