"""Search, chat, documents and resolutions, written once and registered twice: under /api for
the public and under /api/staff for officials.

(No `from __future__ import annotations` here: FastAPI reads the body types, which the router
factory picks per audience, from the evaluated annotations.)
"""

import asyncio
import json
import mimetypes
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.sse import EventSourceResponse

from assistant.answer.llm import LlmUnavailable
from assistant.model import Answer, Audience, Turn
from assistant.output.json import (
    answer_json,
    document_json,
    resolution_json,
    search_json,
)
from assistant.output.previews import render_page
from assistant.search.filters import Filters
from assistant.search.retrieve import SearchRequest
from assistant.service import Service
from assistant.store.documents import StoredDocument
from assistant.web.auth import limited
from assistant.web.routes.common import OFFICIALS, PUBLIC, STAFF, App, AsOf, Fresh, question_of
from assistant.web.schemas import (
    ChatBody,
    FilterBody,
    SearchBody,
    StaffChatBody,
    StaffSearchBody,
)
from assistant.web.state import State


def _sse(event: str, data: dict) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def _answered(app: State, audience: Audience, answer: Answer, data: dict) -> str:
    """Log an answer (scrubbed) and count it; the id ties feedback to it."""
    app.metrics.answers.labels(audience, str(answer.reply.abstained).lower()).inc()
    return app.service.answer_log.record_answer(audience, data)


def chat_response(
    app: State,
    service: Service,
    question: str,
    filters: Filters,
    history: list[Turn],
    stream: bool,
    documents: str,
    detail: bool,
):
    """The answer as one JSON object, or as Server-Sent Events: tokens, then `done`."""
    audience = filters.audience
    if not stream:
        try:
            answer = service.assistant.ask(question, filters, history)
        except LlmUnavailable as exc:
            raise HTTPException(503, str(exc)) from exc
        data = answer_json(answer, documents, detail)
        answer_id = _answered(app, audience, answer, data)
        return JSONResponse(data, headers={"X-Answer-Id": answer_id})

    def events() -> Iterator[str]:
        try:
            for item in service.assistant.stream(question, filters, history):
                if isinstance(item, Answer):
                    data = answer_json(item, documents, detail)
                    answer_id = _answered(app, audience, item, data)
                    yield _sse("done", {**data, "answer_id": answer_id})
                else:
                    yield _sse("token", {"text": item})
        except LlmUnavailable as exc:
            yield _sse("error", {"detail": str(exc)})

    return EventSourceResponse(events(), headers={"Cache-Control": "no-store"})


def _file_path(stored: StoredDocument) -> Path:
    """The document's file, only if it is still a regular file at its own path: a symbolic
    link anywhere below the ingested folder (swapped in after ingest) could point at another,
    internal file."""
    root = Path(stored.root).resolve()
    path = root / stored.file
    if path.resolve() != path or not path.is_file():
        raise HTTPException(404, "Soubor dokumentu už není k dispozici.")
    return path


def _staff_detail(detail: bool = False) -> bool:
    """`?detail=true` adds resolution number, date and section (research workspace)."""
    return detail


def _no_detail() -> bool:
    return False


def audience_routes(audience: Audience) -> APIRouter:
    """Search, chat and documents for one audience: the public ones under /api, rate
    limited; the officials' under /api/staff, behind staff authentication, with filters."""
    staff = audience == "staff"
    search_body = StaffSearchBody if staff else SearchBody
    chat_body = StaffChatBody if staff else ChatBody
    prefix = STAFF if staff else PUBLIC
    documents = f"{prefix}/documents"
    heavy = [] if staff else [Depends(limited)]
    Detail = Annotated[bool, Depends(_staff_detail if staff else _no_detail)]
    router = APIRouter(
        prefix=prefix,
        tags=["úřad" if staff else "veřejné"],
        dependencies=OFFICIALS if staff else [],
    )

    def filters_of(body) -> Filters:
        return getattr(body, "filters", FilterBody()).filters(audience)

    def stored(app: State, doc_id: str) -> StoredDocument:
        found = app.service.store.document(doc_id)
        if found is None or (not staff and found.document.access != "public"):
            raise HTTPException(404, "Dokument neexistuje nebo není veřejný.")
        return found

    @router.post("/search", dependencies=heavy)
    def search(body: search_body, app: App, service: Fresh, detail: Detail) -> dict:
        """Vyhledá pasáže (veřejnost: jen ve veřejných dokumentech; úřad: ve všech, s filtry)."""
        question = question_of(app, body.question)
        hits = service.retriever.search(SearchRequest(question, filters_of(body), body.k))
        return search_json(question, audience, hits, detail)

    @router.post("/chat", dependencies=heavy)
    def chat(body: chat_body, app: App, service: Fresh, detail: Detail):
        """Odpověď s citacemi; průběžně jako SSE (stream=true) nebo jako JSON."""
        question = question_of(app, body.question)
        return chat_response(
            app, service, question, filters_of(body), body.turns(), body.stream, documents,
            detail,
        )  # fmt: skip

    @router.get("/documents/{doc_id}")
    def document(doc_id: str, app: App) -> dict:
        return document_json(stored(app, doc_id), documents)

    @router.get("/documents/{doc_id}/file")
    def document_file(doc_id: str, app: App) -> FileResponse:
        """The original file. Only a PDF opens in the browser (citations link to its pages);
        anything else, HTML above all, is a download in a sandbox that runs nothing."""
        path = _file_path(stored(app, doc_id))
        media = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if media == "application/pdf":
            return FileResponse(
                path, media_type=media, filename=path.name, content_disposition_type="inline"
            )
        return FileResponse(
            path, media_type=media, filename=path.name, content_disposition_type="attachment",
            headers={"Content-Security-Policy": "sandbox; default-src 'none'"},
        )  # fmt: skip

    @router.get("/documents/{doc_id}/pages/{number}", dependencies=heavy)
    async def document_page(doc_id: str, number: int, app: App) -> Response:
        """A PDF page as PNG. Renders wait for one rendering thread of their own, so they
        never take the threads that answer questions or the health checks."""
        path = _file_path(stored(app, doc_id))
        if path.suffix.lower() != ".pdf":
            raise HTTPException(404, "Náhled stránky je k dispozici jen u PDF.")
        try:
            png = await asyncio.wrap_future(app.renderer.submit(render_page, path, number))
        except IndexError as exc:
            raise HTTPException(404, "Dokument takovou stránku nemá.") from exc
        return Response(png, media_type="image/png", headers={"Cache-Control": "max-age=3600"})

    @router.get("/resolutions/{number:path}", dependencies=heavy)
    def resolution(number: str, service: Fresh, as_of: AsOf = "") -> dict:
        """Usnesení s částmi, hlasováním, úkoly, platností a historií věci (veřejnost: jen z
        veřejných dokumentů)."""
        council = service.council(audience, as_of)
        record = council.get(number)
        if record is None:
            raise HTTPException(404, "Usnesení v indexu není nebo není veřejné.")
        return resolution_json(council, record, full=True)

    return router
