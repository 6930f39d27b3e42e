"""The routes. Search, chat and documents are written once, in `audience_routes`, and
registered twice: under /api for the public and under /api/staff for officials.

(No `from __future__ import annotations` here: FastAPI reads the body types, which the router
factory picks per audience, from the evaluated annotations.)
"""

import asyncio
import json
import mimetypes
from collections.abc import Iterator
from datetime import date
from importlib.resources import files
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.sse import EventSourceResponse
from prometheus_client import generate_latest

from assistant.answer.assistant import Assistant
from assistant.answer.llm import LlmUnavailable
from assistant.council.history import Council
from assistant.model import Answer, Audience, Turn
from assistant.output.json import (
    answer_json,
    document_json,
    research_json,
    resolution_json,
    search_json,
    tasks_json,
)
from assistant.output.previews import render_page
from assistant.question.validate import InvalidQuestion, checked_question
from assistant.search.filters import Filters
from assistant.search.retrieve import SearchRequest
from assistant.store.answer_log import Feedback
from assistant.store.documents import StoredDocument
from assistant.web.auth import limited, require_staff
from assistant.web.schemas import (
    ChatBody,
    ExportBody,
    FeedbackBody,
    FilterBody,
    SearchBody,
    StaffChatBody,
    StaffSearchBody,
    TopicBody,
)
from assistant.web.state import State, state

STATIC = files("assistant").joinpath("static")
App = Annotated[State, Depends(state)]


def fresh(request: Request) -> Assistant:
    """The assistant on the newest index generation (an ingest may have published one)."""
    assistant = state(request).assistant
    assistant.retriever.refresh()
    return assistant


Fresh = Annotated[Assistant, Depends(fresh)]


def question_of(app: State, question: str) -> str:
    try:
        return checked_question(question, app.assistant.settings.max_question_chars)
    except InvalidQuestion as exc:
        raise HTTPException(422, str(exc)) from exc


def _sse(event: str, data: dict) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def _answered(app: State, audience: Audience, answer: Answer, data: dict) -> str:
    """Log an answer (scrubbed) and count it; the id ties feedback to it."""
    app.metrics.answers.labels(audience, str(answer.reply.abstained).lower()).inc()
    return app.answer_log.record_answer(audience, data)


def chat_response(
    app: State,
    assistant: Assistant,
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
            answer = assistant.ask(question, filters, history)
        except LlmUnavailable as exc:
            raise HTTPException(503, str(exc)) from exc
        data = answer_json(answer, documents, detail)
        answer_id = _answered(app, audience, answer, data)
        return JSONResponse(data, headers={"X-Answer-Id": answer_id})

    def events() -> Iterator[str]:
        try:
            for item in assistant.stream(question, filters, history):
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


PUBLIC, STAFF = "/api", "/api/staff"
AsOf = Annotated[str, Query(pattern=r"^(\d{4}-\d{2}-\d{2})?$", description="RRRR-MM-DD")]
OFFICIALS = [Depends(require_staff)]


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
        found = app.assistant.retriever.store.document(doc_id)
        if found is None or (not staff and found.document.access != "public"):
            raise HTTPException(404, "Dokument neexistuje nebo není veřejný.")
        return found

    @router.post("/search", dependencies=heavy)
    def search(body: search_body, app: App, assistant: Fresh, detail: Detail) -> dict:
        """Vyhledá pasáže (veřejnost: jen ve veřejných dokumentech; úřad: ve všech, s filtry)."""
        question = question_of(app, body.question)
        hits = assistant.retriever.search(SearchRequest(question, filters_of(body), body.k))
        return search_json(question, audience, hits, detail)

    @router.post("/chat", dependencies=heavy)
    def chat(body: chat_body, app: App, assistant: Fresh, detail: Detail):
        """Odpověď s citacemi; průběžně jako SSE (stream=true) nebo jako JSON."""
        question = question_of(app, body.question)
        return chat_response(
            app, assistant, question, filters_of(body), body.turns(), body.stream, documents,
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
    def resolution(number: str, assistant: Fresh, as_of: AsOf = "") -> dict:
        """Usnesení s částmi, hlasováním, úkoly, platností a historií věci (veřejnost: jen z
        veřejných dokumentů)."""
        council = Council.open(assistant.retriever.store, Filters(audience=audience), as_of)
        record = council.get(number)
        if record is None:
            raise HTTPException(404, "Usnesení v indexu není nebo není veřejné.")
        return resolution_json(council, record, full=True)

    return router


public = APIRouter(prefix=PUBLIC, tags=["veřejné"])


@public.post("/feedback", status_code=201, dependencies=[Depends(limited)])
def feedback(body: FeedbackBody, app: App) -> dict:
    """Palec nahoru/dolů k odpovědi (volitelně důvod a komentář)."""
    if not app.answer_log.record_feedback(Feedback(**body.model_dump())):
        raise HTTPException(404, "Odpověď neexistuje nebo už byla smazána.")
    app.metrics.feedback.labels(body.rating).inc()
    return {"ok": True}


@public.get("/config")
def widget_config(app: App) -> dict:
    """Texty pro upozornění widgetu: kdo asistenta provozuje a jak dlouho se data uchovávají."""
    return {
        "operator": app.settings.operator,
        "retention_days": app.settings.retention_days,
        "privacy_url": app.settings.privacy_url,
        "mode": app.assistant.mode,
    }


staff = APIRouter(prefix=STAFF, tags=["úřad"], dependencies=OFFICIALS)


@staff.get("/facets")
def facets(assistant: Fresh) -> dict:
    """Typy dokumentů a orgány pro filtry rešerše."""
    return assistant.retriever.store.facets()


@staff.post("/research/export")
def export(body: ExportBody, app: App, assistant: Fresh) -> Response:
    """Rešerše (otázka, odpověď a každá citovaná pasáž s odkazem) jako DOCX nebo Markdown."""
    from assistant.output.reports import build_report

    question = question_of(app, body.question)
    filters = body.filters.filters("staff")
    try:
        answer = assistant.ask(question, filters)
    except LlmUnavailable as exc:
        raise HTTPException(503, str(exc)) from exc
    hits = assistant.retriever.search(SearchRequest(question, filters, 10))
    content, media, name = build_report(question, answer, hits, filters, body.format)
    return Response(
        content, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


@staff.post("/research/topic", response_model=None)
def topic(body: TopicBody, assistant: Fresh) -> dict | Response:
    """Rešerše k tématu: všechna usnesení a materiály k věci chronologicky, se stavem platnosti,
    úkoly a souhrnem; jako JSON, DOCX nebo Markdown."""
    from assistant.council.research import research
    from assistant.output.reports import topic_report

    filters = body.filters.filters("staff")
    data = research_json(research(assistant.retriever, body.topic, filters, body.as_of))
    if body.format == "json":
        return data
    content, media, name = topic_report(data, body.format)
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return Response(content, media_type=media, headers=headers)


@staff.get("/tasks")
def council_tasks(assistant: Fresh, as_of: AsOf = "", overdue: bool = False) -> dict:
    """Úkoly z usnesení s termíny ke dni (jinak dnes): běží, po termínu, bez termínu."""
    on = as_of or date.today().isoformat()
    council = Council.open(assistant.retriever.store, Filters(audience="staff"), on)
    return tasks_json(council, on, overdue)


operations = APIRouter(tags=["provoz"])


@operations.get("/healthz")
async def healthz() -> dict:
    """Answered on the event loop: a busy thread pool never makes the service look dead."""
    return {"status": "ok"}


@operations.get("/readyz")
def readyz(assistant: Fresh) -> JSONResponse:
    """Ready when an index is loaded; counts public documents only (the endpoint is public)."""
    documents, chunks = assistant.retriever.store.counts(public_only=True)
    ready = chunks > 0 and assistant.retriever.generation is not None
    body = {
        "status": "ready" if ready else "index je prázdný",
        "documents": documents,
        "chunks": chunks,
    }
    return JSONResponse(body, 200 if ready else 503)


@operations.get("/metrics", dependencies=OFFICIALS)
def metrics(app: App) -> Response:
    """Prometheus metrics, for staff keys only: they count staff requests and failed logins."""
    return Response(generate_latest(app.metrics.registry), media_type="text/plain; version=0.0.4")


pages = APIRouter(include_in_schema=False)


def _static(name: str, media: str, cache: str = "no-cache") -> Response:
    resource = STATIC.joinpath(name)
    if not resource.is_file():
        raise HTTPException(404, "Soubor neexistuje.")
    return Response(resource.read_bytes(), media_type=media, headers={"Cache-Control": cache})


@pages.get("/widget.js")
def widget() -> Response:
    return _static("widget.js", "text/javascript", cache="public, max-age=300")


@pages.get("/demo")
def demo() -> Response:
    return _static("demo.html", "text/html; charset=utf-8")


@pages.get("/research")
def research() -> Response:
    return _static("research.html", "text/html; charset=utf-8")


@pages.get("/static/{name}")
def static(name: str) -> Response:
    kinds = {".js": "text/javascript", ".css": "text/css"}
    suffix = Path(name).suffix
    if suffix not in kinds or "/" in name or name.startswith("."):
        raise HTTPException(404, "Soubor neexistuje.")
    return _static(name, kinds[suffix])
