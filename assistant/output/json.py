"""The JSON the CLI prints and the API returns: one presenter, so the contracts cannot drift.

`detail` (the officials' research workspace) adds the resolution number, date, section and
the other fields a citation of a council document needs.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import quote

from assistant.council.history import Council, TaskState
from assistant.council.research import Research
from assistant.model import Answer, Citation, Hit, Passage, Resolution
from assistant.store.documents import StoredDocument


def _detail(passage: Passage) -> dict:
    return {
        "doc_id": passage.document.doc_id,
        "resolution": passage.chunk.resolution,
        "date": passage.document.date,
        "section": passage.chunk.section,
        "access": passage.document.access,
    }


def hit_json(hit: Hit, detail: bool = False) -> dict:
    p, d = hit.passage, hit.passage.document
    row = {
        "rank": hit.rank, "chunk_id": p.chunk_id, "doc_id": d.doc_id, "source": d.source,
        "title": d.title, "page": p.chunk.page, "url": link(p), "score": hit.score,
        "text": p.chunk.text,
    }  # fmt: skip
    if detail:
        row |= _detail(p) | {"doc_type": d.doc_type, "body": d.body, "page_end": p.chunk.page_end}
    return row


def link(passage: Passage) -> str:
    """The document's own URL, at the section's anchor on a web page."""
    url, anchor = passage.document.url, passage.chunk.anchor
    return f"{url}#{quote(anchor)}" if url and anchor else url


def search_json(query: str, audience: str, hits: Sequence[Hit], detail: bool = False) -> dict:
    return {"query": query, "audience": audience, "hits": [hit_json(h, detail) for h in hits]}


def citation_json(citation: Citation, documents: str = "", detail: bool = False) -> dict:
    """A citation; without a URL of its own it links to the file under `documents`."""
    p, d = citation.passage, citation.passage.document
    url = link(p)
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
        "confidence": None if answer.confidence is None else round(answer.confidence, 3),
        "citations": [citation_json(c, documents, detail) for c in reply.citations],
        "related": [related_json(p, documents) for p in answer.related],
    }


def related_json(passage: Passage, documents: str = "") -> dict:
    """A document a refusal points to: what it is and where to read it, with its first line."""
    d = passage.document
    url = link(passage) or (f"{documents}/{d.doc_id}/file" if documents else "")
    line = " ".join(passage.chunk.text.split())
    return {
        "title": d.title, "source": d.source, "url": url,
        "line": line if len(line) <= 160 else line[:160].rsplit(" ", 1)[0] + " …",
    }  # fmt: skip


def document_json(stored: StoredDocument, documents: str) -> dict:
    d = stored.document
    return {
        "doc_id": d.doc_id, "title": d.title, "source": d.source, "doc_type": d.doc_type,
        "date": d.date, "body": d.body, "url": d.url, "pages": stored.pages,
        "access": d.access, "file": f"{documents}/{d.doc_id}/file",
    }  # fmt: skip


def resolution_json(council: Council, record: Resolution, full: bool = False) -> dict:
    """A resolution as `research` lists it; `full` (`assistant resolution`) adds its text, the
    chain of its matter and what refers to it."""
    status, d = council.status(record.number), record.document
    row = {
        "number": record.number, "date": d.date, "body": d.body, "title": record.title,
        "status": status.state, "amended_by": list(status.amended_by),
        "cancelled_by": list(status.cancelled_by),
        "parts": [{"label": p.label, "verb": p.verb, "text": p.text} for p in record.decisions],
        "vote": {"pro": record.vote.pro, "proti": record.vote.proti,
                 "zdrzel_se": record.vote.zdrzel} if record.vote else None,
        "tasks": [{"whom": t.whom, "what": t.what, "deadline": t.deadline or None}
                  for t in record.tasks],
        "amounts": list(record.amounts),
        "references": [{"relation": r.relation, "number": r.number} for r in record.references],
        "source": d.source, "doc_id": d.doc_id, "page": record.page, "access": d.access,
    }  # fmt: skip
    if full:
        row["text"] = record.text
        row["history"] = [
            {"number": r.number, "date": r.document.date, "title": r.title,
             "status": council.status(r.number).state}
            for r in council.history(record.number)
        ]  # fmt: skip
        row["referenced_by"] = [
            {"relation": relation, "number": number}
            for relation, number in council.referenced_by(record.number)
        ]
    return row


def research_json(found: Research) -> dict:
    """The `assistant research --format json` object."""
    dates = [r.document.date for r in found.resolutions]
    return {
        "topic": found.topic,
        "as_of": found.as_of or None,
        "resolutions": [resolution_json(found.council, r) for r in found.resolutions],
        "materials": [
            {"title": p.document.title, "date": p.document.date, "body": p.document.body,
             "source": p.document.source, "doc_id": p.document.doc_id, "page": p.chunk.page,
             "resolution": found.items.get(p.document.doc_id), "access": p.document.access}
            for p in found.materials
        ],
        "summary": {
            "resolutions": len(found.resolutions), "materials": len(found.materials),
            "from": min(dates, default=None), "to": max(dates, default=None),
            "approved_czk": found.approved,
            "open_tasks": sum(t.state != "overdue" for t in found.tasks()),
        },
    }  # fmt: skip


def task_json(state: TaskState) -> dict:
    r, t = state.resolution, state.task
    return {
        "resolution": r.number, "date": r.document.date, "body": r.document.body,
        "title": r.title, "whom": t.whom, "what": t.what, "deadline": t.deadline or None,
        "state": state.state, "source": r.document.source, "page": r.page,
    }  # fmt: skip


def tasks_json(council: Council, on: str, overdue: bool = False) -> dict:
    """The `assistant tasks --json` object: the tasks in force on a date (or only overdue)."""
    rows = [task_json(t) for t in council.tasks(on) if not overdue or t.state == "overdue"]
    return {"as_of": on, "tasks": rows}
