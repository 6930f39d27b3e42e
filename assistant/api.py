"""HTTP API (FastAPI): public search and chat for the website widget, the same under
/api/staff/ for officials, documents, feedback, health and metrics, and the static pages.

The audience is decided here, by the path and the credentials, never by the client.
"""

from __future__ import annotations

import hmac
import json
import mimetypes
import time
from collections.abc import Iterator
from contextlib import asynccontextmanager
from importlib.resources import files
from pathlib import Path
from typing import Annotated, Literal

import anyio
from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.sse import EventSourceResponse
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.analysis import without_controls
from assistant.answer import Answer, Assistant
from assistant.conversation import Turn
from assistant.conversations import Conversations, Feedback
from assistant.llm import LlmUnavailable
from assistant.ratelimit import RateLimiter
from assistant.retrieve import Audience, Hit, SearchRequest
from assistant.settings import Settings
from assistant.texts import message

STATIC = files("assistant").joinpath("static")


Text = Annotated[str, AfterValidator(without_controls)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class HistoryTurn(Strict):
    role: Literal["user", "assistant"]
    content: Annotated[Text, Field(max_length=4000)]


class Filters(Strict):
    doc_types: list[Annotated[Text, Field(max_length=50)]] = Field(
        default_factory=list, max_length=20
    )
    bodies: list[Literal["rada", "zastupitelstvo"]] = Field(default_factory=list)
    date_from: str = Field("", pattern=r"^(\d{4}-\d{2}-\d{2})?$")
    date_to: str = Field("", pattern=r"^(\d{4}-\d{2}-\d{2})?$")


class SearchBody(Strict):
    question: Text = Field(min_length=1)
    k: int = Field(5, ge=1, le=20)


class ChatBody(Strict):
    question: Text = Field(min_length=1)
    history: list[HistoryTurn] = Field(default_factory=list, max_length=20)
    stream: bool = True


class StaffSearchBody(SearchBody):
    filters: Filters = Field(default_factory=Filters)


class StaffChatBody(ChatBody):
    filters: Filters = Field(default_factory=Filters)


class ExportBody(Strict):
    question: Text = Field(min_length=1)
    filters: Filters = Field(default_factory=Filters)
    format: Literal["docx", "md"] = "docx"


class FeedbackBody(Strict):
    answer_id: str = Field(pattern=r"^[0-9a-f]{32}$")
    rating: Literal["up", "down"]
    reason: Text = Field("", max_length=100)
    comment: Text = Field("", max_length=1000)


class BodyLimit:
    """Refuse request bodies over the limit before they are read into memory."""

    def __init__(self, app: ASGIApp, limit: int):
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope["headers"]).get(b"content-length")
        if declared and declared.isdigit() and int(declared) > self.limit:
            return await _too_large(scope, receive, send, self.limit)
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            msg = await receive()
            seen += len(msg.get("body", b""))
            if seen > self.limit:
                raise _BodyTooLarge
            return msg

        try:
            await self.app(scope, limited, send)
        except _BodyTooLarge:
            await _too_large(scope, receive, send, self.limit)


class Guard:
    """CORS allowlist, security headers and metrics as plain ASGI: an `http` middleware
    function would cost a task group and memory streams on every request."""

    def __init__(self, app: ASGIApp, state: App):
        self.app, self.state = app, state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started, status = time.perf_counter(), 500
        path = scope["path"]
        origin = Headers(scope=scope).get("origin")
        cors_ok = (
            origin in self.state.settings.cors_origins
            and path.startswith("/api/")
            and not path.startswith("/api/staff/")
        )

        async def send_with_headers(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = MutableHeaders(scope=message)
                if cors_ok:
                    headers["Access-Control-Allow-Origin"] = origin
                    headers["Access-Control-Expose-Headers"] = "X-Answer-Id, Retry-After"
                    headers["Vary"] = "Origin"
                _security_headers(headers, path)
            await send(message)

        try:
            if scope["method"] == "OPTIONS" and origin:
                await _preflight(cors_ok)(scope, receive, send_with_headers)
            else:
                await self.app(scope, receive, send_with_headers)
        finally:
            route = scope.get("route")
            name = route.path if route is not None else "unmatched"
            self.state.requests.labels(name, str(status)).inc()
            self.state.latency.labels(name).observe(time.perf_counter() - started)


def _preflight(allowed: bool) -> Response:
    if not allowed:
        return JSONResponse({"detail": "Tento web nemá povolen přístup k asistentovi."}, 403)
    return Response(
        status_code=204,
        headers={
            "Access-Control-Allow-Methods": "GET, POST",
            "Access-Control-Allow-Headers": "Content-Type",
            "Access-Control-Max-Age": "600",
        },
    )


class _BodyTooLarge(Exception):
    pass


async def _too_large(scope: Scope, receive: Receive, send: Send, limit: int) -> None:
    body = {"detail": f"Požadavek je příliš velký (nejvýše {limit // 1024} kB)."}
    await JSONResponse(body, status_code=413)(scope, receive, send)


PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "form-action 'self'"
)
API_CSP = "default-src 'none'; frame-ancestors 'none'"
# The pages an official opens; the public chat for citizens is the widget on kraj-lbc.cz.
SWAGGER_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; frame-ancestors 'none'"
)


class App:
    """State shared by the routes of one worker process."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.assistant = Assistant(settings)
        self.conversations = Conversations(settings.conversations_path, settings.retention_days)
        self.conversations.purge()
        self.assistant.warm()
        self.limiter = RateLimiter(settings.rate_limit_per_minute)
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "assistant_requests", "HTTP requests", ["route", "status"], registry=self.registry
        )
        self.latency = Histogram(
            "assistant_request_seconds", "Request latency", ["route"], registry=self.registry
        )
        self.answers = Counter(
            "assistant_answers", "Answers given", ["audience", "abstained"], registry=self.registry
        )
        self.feedback = Counter(
            "assistant_feedback", "Feedback received", ["rating"], registry=self.registry
        )

    def client(self, request: Request) -> str:
        """The client address, believing X-Forwarded-For only from trusted proxies."""
        peer = request.client.host if request.client else "unknown"
        if peer not in self.settings.trusted_proxies:
            return peer
        chain = [
            p.strip() for p in request.headers.get("x-forwarded-for", "").split(",") if p.strip()
        ]
        for address in reversed(chain):
            if address not in self.settings.trusted_proxies:
                return address
        return peer

    def is_staff(self, request: Request) -> bool:
        header = request.headers.get("authorization", "")
        if header.lower().startswith("bearer "):
            given = header[7:].strip().encode()
            if any(hmac.compare_digest(given, k.encode()) for k in self.settings.staff_api_keys):
                return True
        user_header = self.settings.staff_user_header
        peer = request.client.host if request.client else ""
        return bool(
            user_header
            and request.headers.get(user_header, "").strip()
            and peer in self.settings.trusted_proxies
        )


DETAIL = ("doc_id", "resolution", "date", "section")


def _answer_json(answer: Answer, documents: str, detail: bool = False) -> dict:
    """The `assistant ask --json` shape; a citation without its own URL links to the file.
    With `detail` (the research workspace) citations also carry resolution, date, section."""
    data = answer.public_dict()
    for c, out in zip(answer.citations, data["citations"], strict=True):
        if not out["url"]:
            anchor = f"#page={c.page}" if c.page else ""
            out["url"] = f"{documents}/{c.doc_id}/file{anchor}"
        if detail:
            out.update({k: getattr(c, k) for k in DETAIL})
    return data


def _search_json(question: str, audience: str, hits: list[Hit], detail: bool = False) -> dict:
    rows = []
    for h in hits:
        row = h.public_dict()
        if detail:
            row.update({k: getattr(h, k) for k in (*DETAIL, "doc_type", "body", "page_end")})
        rows.append(row)
    return {"query": question, "audience": audience, "hits": rows}


def _sse(event: str, data: dict) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def _threads(settings: Settings) -> int:
    """Requests answered at once per worker. Extractive work is CPU-bound Python, so more
    threads only fight over the GIL and stretch the latency tail (2 measured best with
    bench/load.py); an LLM answer mostly waits on the network."""
    return 32 if settings.llm_base_url else 2


@asynccontextmanager
async def _lifespan(api: FastAPI):
    limiter = anyio.to_thread.current_default_thread_limiter()
    limiter.total_tokens = _threads(api.state.app.settings)
    yield


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    state = App(settings)
    api = FastAPI(
        title="Asistent Libereckého kraje",
        description="Vyhledávání a odpovědi s citacemi z dokumentů Libereckého kraje.",
        version="0.1.0",
        lifespan=_lifespan,
    )
    api.state.app = state
    api.add_middleware(BodyLimit, limit=settings.max_request_kb * 1024)

    @api.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = []
        for error in exc.errors():
            where = ".".join(str(p) for p in error["loc"] if p != "body")
            problems.append(f"{where or 'tělo'}: {_czech(error)}")
        return JSONResponse({"detail": "Neplatný požadavek. " + "; ".join(problems)}, 422)

    @api.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        return JSONResponse({"detail": exc.detail}, exc.status_code, headers=exc.headers)

    @api.exception_handler(404)
    async def not_found(request: Request, exc: Exception) -> JSONResponse:
        detail = getattr(exc, "detail", None)
        if not isinstance(detail, str) or detail == "Not Found":
            detail = "Stránka nebo dokument neexistuje."
        return JSONResponse({"detail": detail}, 404)

    @api.exception_handler(405)
    async def not_allowed(request: Request, exc: Exception) -> JSONResponse:
        return JSONResponse({"detail": "Tato metoda zde není povolena."}, 405)

    api.add_middleware(Guard, state=state)

    async def limited(request: Request) -> None:
        retry = state.limiter.take(state.client(request))
        if retry:
            raise HTTPException(
                429,
                "Příliš mnoho dotazů za krátkou dobu. Zkuste to prosím za chvíli znovu.",
                headers={"Retry-After": str(retry)},
            )

    async def staff(request: Request) -> None:
        if not state.is_staff(request):
            raise HTTPException(
                401,
                "Přístup jen pro pracovníky úřadu: chybí nebo je neplatný klíč API.",
                headers={"WWW-Authenticate": "Bearer"},
            )

    def check_question(question: str) -> None:
        if not question.strip():
            raise HTTPException(422, message("empty_question"))
        if len(question) > settings.max_question_chars:
            raise HTTPException(
                422, f"Otázka je příliš dlouhá (nejvýše {settings.max_question_chars} znaků)."
            )

    def search(
        body: SearchBody, audience: Audience, filters: Filters | None = None, detail: bool = False
    ) -> dict:
        check_question(body.question)
        state.assistant.retriever.refresh()
        options = filters.model_dump() if filters else {}
        request = SearchRequest(body.question, audience, body.k, **_tuple_lists(options))
        hits = state.assistant.retriever.search(request)
        return _search_json(body.question, audience, hits, detail)

    def chat(
        body: ChatBody,
        audience: Audience,
        documents: str,
        filters: Filters | None = None,
        detail: bool = False,
    ):
        check_question(body.question)
        state.assistant.retriever.refresh()
        history = [Turn(t.role, t.content) for t in body.history]
        options = _tuple_lists(filters.model_dump()) if filters else {}
        if not body.stream:
            try:
                answer = state.assistant.ask(body.question, audience, history, **options)
            except LlmUnavailable as exc:
                raise HTTPException(503, str(exc)) from exc
            data = _answer_json(answer, documents, detail)
            answer_id = state.conversations.record_answer(audience, data)
            state.answers.labels(audience, str(answer.abstained).lower()).inc()
            return JSONResponse(data, headers={"X-Answer-Id": answer_id})

        def events() -> Iterator[str]:
            try:
                for item in state.assistant.stream(body.question, audience, history, **options):
                    if isinstance(item, Answer):
                        data = _answer_json(item, documents, detail)
                        answer_id = state.conversations.record_answer(audience, data)
                        state.answers.labels(audience, str(item.abstained).lower()).inc()
                        yield _sse("done", {**data, "answer_id": answer_id})
                    else:
                        yield _sse("token", {"text": item})
            except LlmUnavailable as exc:
                yield _sse("error", {"detail": str(exc)})

        return EventSourceResponse(events(), headers={"Cache-Control": "no-store"})

    def document(doc_id: str, audience: Audience):
        row = state.assistant.retriever.store.document(doc_id)
        if row is None or (audience == "public" and row["access"] != "public"):
            raise HTTPException(404, "Dokument neexistuje nebo není veřejný.")
        return row

    def document_json(row, base: str) -> dict:
        return {
            "doc_id": row["doc_id"], "title": row["title"], "source": row["source"],
            "doc_type": row["doc_type"], "date": row["date"], "body": row["body"],
            "url": row["url"], "pages": row["pages"], "access": row["access"],
            "file": f"{base}/{row['doc_id']}/file",
        }  # fmt: skip

    def document_file(row) -> FileResponse:
        root = Path(row["root"]).resolve()
        path = (root / row["file"]).resolve()
        if not path.is_relative_to(root) or not path.is_file():
            raise HTTPException(404, "Soubor dokumentu už není k dispozici.")
        media = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return FileResponse(
            path, media_type=media, filename=path.name, content_disposition_type="inline"
        )

    def document_page(row, number: int) -> Response:
        path = Path(row["root"]) / row["file"]
        if path.suffix.lower() != ".pdf" or not path.is_file():
            raise HTTPException(404, "Náhled stránky je k dispozici jen u PDF.")
        from assistant.research import render_page

        try:
            png = render_page(path, number)
        except IndexError as exc:
            raise HTTPException(404, "Dokument takovou stránku nemá.") from exc
        return Response(png, media_type="image/png", headers={"Cache-Control": "max-age=3600"})

    # Public
    @api.post("/api/search", dependencies=[Depends(limited)], tags=["veřejné"])
    def public_search(body: SearchBody) -> dict:
        """Vyhledá pasáže ve veřejných dokumentech."""
        return search(body, "public")

    @api.post("/api/chat", dependencies=[Depends(limited)], tags=["veřejné"])
    def public_chat(body: ChatBody):
        """Odpověď z veřejných dokumentů; průběžně jako SSE (stream=true) nebo jako JSON."""
        return chat(body, "public", "/api/documents")

    @api.post("/api/feedback", status_code=201, dependencies=[Depends(limited)], tags=["veřejné"])
    def feedback(body: FeedbackBody) -> dict:
        """Palec nahoru/dolů k odpovědi (volitelně důvod a komentář)."""
        if not state.conversations.record_feedback(Feedback(**body.model_dump())):
            raise HTTPException(404, "Odpověď neexistuje nebo už byla smazána.")
        state.feedback.labels(body.rating).inc()
        return {"ok": True}

    @api.get("/api/documents/{doc_id}", tags=["veřejné"])
    def public_document(doc_id: str) -> dict:
        return document_json(document(doc_id, "public"), "/api/documents")

    @api.get("/api/documents/{doc_id}/file", tags=["veřejné"])
    def public_document_file(doc_id: str) -> FileResponse:
        return document_file(document(doc_id, "public"))

    @api.get("/api/documents/{doc_id}/pages/{number}", tags=["veřejné"])
    def public_document_page(doc_id: str, number: int) -> Response:
        return document_page(document(doc_id, "public"), number)

    @api.get("/api/config", tags=["veřejné"])
    def widget_config() -> dict:
        """Texty pro upozornění widgetu: kdo asistenta provozuje a jak dlouho se data uchovávají."""
        return {
            "operator": settings.operator,
            "retention_days": settings.retention_days,
            "privacy_url": settings.privacy_url,
            "mode": state.assistant.mode,
        }

    # Staff
    @api.post("/api/staff/search", dependencies=[Depends(staff)], tags=["úřad"])
    def staff_search(body: StaffSearchBody, detail: bool = False) -> dict:
        """Jako veřejné vyhledávání, ale i v interních dokumentech a s filtry; `detail=true`
        přidá číslo usnesení, datum a oddíl."""
        return search(body, "staff", body.filters, detail)

    @api.post("/api/staff/chat", dependencies=[Depends(staff)], tags=["úřad"])
    def staff_chat(body: StaffChatBody, detail: bool = False):
        return chat(body, "staff", "/api/staff/documents", body.filters, detail)

    @api.get("/api/staff/documents/{doc_id}", dependencies=[Depends(staff)], tags=["úřad"])
    def staff_document(doc_id: str) -> dict:
        return document_json(document(doc_id, "staff"), "/api/staff/documents")

    @api.get("/api/staff/documents/{doc_id}/file", dependencies=[Depends(staff)], tags=["úřad"])
    def staff_document_file(doc_id: str) -> FileResponse:
        return document_file(document(doc_id, "staff"))

    @api.get(
        "/api/staff/documents/{doc_id}/pages/{number}", dependencies=[Depends(staff)], tags=["úřad"]
    )
    def staff_document_page(doc_id: str, number: int) -> Response:
        return document_page(document(doc_id, "staff"), number)

    @api.get("/api/staff/facets", dependencies=[Depends(staff)], tags=["úřad"])
    def facets() -> dict:
        """Typy dokumentů a orgány pro filtry rešerše."""
        db = state.assistant.retriever.store.db
        types = [
            r[0]
            for r in db.execute(
                "SELECT DISTINCT doc_type FROM documents WHERE doc_type != '' ORDER BY 1"
            )
        ]
        bodies = [
            r[0]
            for r in db.execute("SELECT DISTINCT body FROM documents WHERE body != '' ORDER BY 1")
        ]
        return {"doc_types": types, "bodies": bodies}

    @api.post("/api/staff/research/export", dependencies=[Depends(staff)], tags=["úřad"])
    def export(body: ExportBody) -> Response:
        """Rešerše (otázka, odpověď a každá citovaná pasáž s odkazem) jako DOCX nebo Markdown."""
        from assistant.research import build_report

        check_question(body.question)
        state.assistant.retriever.refresh()
        options = _tuple_lists(body.filters.model_dump())
        try:
            answer = state.assistant.ask(body.question, "staff", [], **options)
        except LlmUnavailable as exc:
            raise HTTPException(503, str(exc)) from exc
        hits = state.assistant.retriever.search(
            SearchRequest(body.question, "staff", 10, **options)
        )
        content, media, name = build_report(
            body.question, answer, hits, body.filters.model_dump(), body.format
        )
        return Response(
            content,
            media_type=media,
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    # Operations
    @api.get("/healthz", tags=["provoz"])
    def healthz() -> dict:
        return {"status": "ok"}

    @api.get("/readyz", tags=["provoz"])
    def readyz() -> JSONResponse:
        state.assistant.retriever.refresh()
        documents, chunks = state.assistant.retriever.store.counts()
        ready = chunks > 0 and state.assistant.retriever.lexical is not None
        body = {
            "status": "ready" if ready else "index je prázdný",
            "documents": documents,
            "chunks": chunks,
        }
        return JSONResponse(body, 200 if ready else 503)

    @api.get("/metrics", tags=["provoz"])
    def metrics() -> Response:
        return Response(generate_latest(state.registry), media_type="text/plain; version=0.0.4")

    # Pages and the widget
    @api.get("/widget.js", include_in_schema=False)
    def widget() -> Response:
        return _static("widget.js", "text/javascript", cache="public, max-age=300")

    @api.get("/demo", include_in_schema=False)
    def demo() -> Response:
        return _static("demo.html", "text/html; charset=utf-8")

    @api.get("/research", include_in_schema=False)
    def research() -> Response:
        return _static("research.html", "text/html; charset=utf-8")

    @api.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        kinds = {".js": "text/javascript", ".css": "text/css"}
        suffix = Path(name).suffix
        if suffix not in kinds or "/" in name or name.startswith("."):
            raise HTTPException(404, "Soubor neexistuje.")
        return _static(name, kinds[suffix])

    return api


def _static(name: str, media: str, cache: str = "no-cache") -> Response:
    resource = STATIC.joinpath(name)
    if not resource.is_file():
        raise HTTPException(404, "Soubor neexistuje.")
    return Response(resource.read_bytes(), media_type=media, headers={"Cache-Control": cache})


def _tuple_lists(options: dict) -> dict:
    return {k: tuple(v) if isinstance(v, list) else v for k, v in options.items()}


def _security_headers(headers: MutableHeaders, path: str) -> None:
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    headers.setdefault("X-Frame-Options", "DENY")
    if path == "/widget.js":
        headers["Cross-Origin-Resource-Policy"] = "cross-origin"
        headers["Access-Control-Allow-Origin"] = "*"
    else:
        headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
    if path in ("/docs", "/redoc"):
        headers["Content-Security-Policy"] = SWAGGER_CSP
    elif headers.get("content-type", "").startswith("text/html"):
        headers["Content-Security-Policy"] = PAGE_CSP
    else:
        headers.setdefault("Content-Security-Policy", API_CSP)


CZECH_ERRORS = {
    "missing": "chybí",
    "extra_forbidden": "nepovolené pole",
    "string_too_short": "je prázdné",
    "string_too_long": "je příliš dlouhé",
    "too_long": "má příliš mnoho položek",
    "literal_error": "nepovolená hodnota",
    "string_pattern_mismatch": "má neplatný tvar",
    "int_parsing": "musí být celé číslo",
    "bool_parsing": "musí být true nebo false",
    "greater_than_equal": "je příliš malé",
    "less_than_equal": "je příliš velké",
    "json_invalid": "není platný JSON",
    "model_attributes_type": "musí být objekt JSON",
    "list_type": "musí být seznam",
    "string_type": "musí být text",
}


def _czech(error: dict) -> str:
    return CZECH_ERRORS.get(error["type"], "neplatná hodnota")
