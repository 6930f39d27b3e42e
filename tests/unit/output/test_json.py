"""The JSON contracts printed by the CLI and returned by the API."""

from __future__ import annotations

from assistant.model import Answer, Chunk, Citation, Document, Hit, Passage, Reply
from assistant.output.json import answer_json, citation_json, hit_json, search_json

DOC = Document("d1", "rada/u.pdf", "Usnesení", "public", "usneseni", "2024-03-12", "rada")
PASSAGE = Passage("d1-0", Chunk("Text.", "Oddíl", 3, 4, "12/24/RK"), DOC)


def test_search_json_and_its_detail() -> None:
    hit = Hit(1, 1.5, PASSAGE)
    assert list(hit_json(hit)) == [
        "rank", "chunk_id", "doc_id", "source", "title", "page", "url", "score", "text",
    ]  # fmt: skip
    detail = hit_json(hit, detail=True)
    assert (detail["resolution"], detail["date"], detail["section"], detail["page_end"]) == (
        "12/24/RK", "2024-03-12", "Oddíl", 4,
    )  # fmt: skip
    assert search_json("q", "public", [hit]) == {
        "query": "q",
        "audience": "public",
        "hits": [hit_json(hit)],
    }


def test_citations_without_a_url_link_to_the_file_page() -> None:
    citation = Citation(1, "Text.", PASSAGE)
    assert citation_json(citation)["url"] == ""
    assert citation_json(citation, "/api/documents")["url"] == "/api/documents/d1/file#page=3"
    answer = Answer("Otázka?", Reply("Text. [1]", False, (citation,)), "extractive")
    assert answer_json(answer) == {
        "question": "Otázka?", "answer": "Text. [1]", "abstained": False,
        "abstain_reason": None, "mode": "extractive", "confidence": None,
        "citations": [citation_json(citation)], "related": [],
    }  # fmt: skip
    refused = Answer("Otázka?", Reply("Nevím.", True, reason="low_confidence"), "extractive",
                     confidence=0.2, related=(PASSAGE,))  # fmt: skip
    data = answer_json(refused, "/api/documents")
    assert (data["abstain_reason"], data["confidence"], data["citations"]) == (
        "low_confidence",
        0.2,
        [],
    )
    assert data["related"] == [{
        "title": PASSAGE.document.title, "source": PASSAGE.document.source,
        "url": "/api/documents/d1/file", "line": " ".join(PASSAGE.chunk.text.split()),
    }]  # fmt: skip
