"""The JSON the CLI prints and the API returns: one presenter, so the contracts cannot drift.

`detail` (the officials' research workspace) adds the resolution number, date, section and
the other fields a citation of a council document needs.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.model import Answer, Citation, Hit, Passage
from assistant.store import StoredDocument


def _detail(passage: Passage) -> dict:
    return {
        "doc_id": passage.document.doc_id,
        "resolution": passage.chunk.resolution,
        "date": passage.document.date,
        "section": passage.chunk.section,
    }


def hit_json(hit: Hit, detail: bool = False) -> dict:
    p, d = hit.passage, hit.passage.document
    row = {
        "rank": hit.rank, "chunk_id": p.chunk_id, "doc_id": d.doc_id, "source": d.source,
        "title": d.title, "page": p.chunk.page, "url": d.url, "score": hit.score,
        "text": p.chunk.text,
    }  # fmt: skip
    if detail:
        row |= _detail(p) | {"doc_type": d.doc_type, "body": d.body, "page_end": p.chunk.page_end}
    return row


def search_json(query: str, audience: str, hits: Sequence[Hit], detail: bool = False) -> dict:
    return {"query": query, "audience": audience, "hits": [hit_json(h, detail) for h in hits]}


def citation_json(citation: Citation, documents: str = "", detail: bool = False) -> dict:
    """A citation; without a URL of its own it links to the file under `documents`."""
    p, d = citation.passage, citation.passage.document
    url = d.url
    if not url and documents:
        anchor = f"#page={p.chunk.page}" if p.chunk.page else ""
        url = f"{documents}/{d.doc_id}/file{anchor}"
    row = {
        "n": citation.n, "source": d.source, "title": d.title, "page": p.chunk.page,
        "url": url, "quote": citation.quote, "ocr": bool(p.chunk.ocr_text),
    }  # fmt: skip
    return row | _detail(p) if detail else row


def answer_json(answer: Answer, documents: str = "", detail: bool = False) -> dict:
    """The `assistant ask --json` object."""
    reply = answer.reply
    return {
        "question": answer.question,
        "answer": reply.text,
        "abstained": reply.abstained,
        "abstain_reason": reply.reason or None,
        "mode": answer.mode,
        "citations": [citation_json(c, documents, detail) for c in reply.citations],
    }


def document_json(stored: StoredDocument, documents: str) -> dict:
    d = stored.document
    return {
        "doc_id": d.doc_id, "title": d.title, "source": d.source, "doc_type": d.doc_type,
        "date": d.date, "body": d.body, "url": d.url, "pages": stored.pages,
        "access": d.access, "file": f"{documents}/{d.doc_id}/file",
    }  # fmt: skip
