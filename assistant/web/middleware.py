"""Plain ASGI middleware: the body limit, and one guard for CORS, security headers and
metrics (an `http` middleware function would cost a task group and memory streams on every
request)."""

from __future__ import annotations

import time

import anyio
from fastapi.responses import JSONResponse, Response
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.web.errors import BodyTooLarge, BodyTooSlow, too_large, too_slow
from assistant.web.state import State

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


class BodyLimit:
    """Refuse request bodies over the size limit before they are read into memory, and bodies
    that do not arrive within the time limit (a client sending a byte every few seconds would
    otherwise hold a connection, and a file descriptor, for as long as it likes)."""

    def __init__(self, app: ASGIApp, limit: int, seconds: float):
        self.app, self.limit, self.seconds = app, limit, seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope["headers"]).get(b"content-length")
        if declared and declared.isdigit() and int(declared) > self.limit:
            return await too_large(self.limit // 1024)(scope, receive, send)
        deadline = anyio.current_time() + self.seconds
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            try:
                with anyio.fail_after(max(0.0, deadline - anyio.current_time())):
                    msg = await receive()
            except TimeoutError:
                raise BodyTooSlow from None
            seen += len(msg.get("body", b""))
            if seen > self.limit:
                raise BodyTooLarge
            return msg

        try:
            await self.app(scope, limited, send)
        except BodyTooLarge:
            await too_large(self.limit // 1024)(scope, receive, send)
        except BodyTooSlow:
            await too_slow()(scope, receive, send)


def security_headers(headers: MutableHeaders, path: str) -> None:
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
        headers.setdefault("Content-Security-Policy", PAGE_CSP)  # originals bring "sandbox"
    else:
        headers.setdefault("Content-Security-Policy", API_CSP)


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


class Guard:
    """CORS allowlist for the public API, security headers and request metrics."""

    def __init__(self, app: ASGIApp, state: State):
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
                security_headers(headers, path)
            await send(message)

        try:
            if scope["method"] == "OPTIONS" and origin:
                await _preflight(cors_ok)(scope, receive, send_with_headers)
            else:
                await self.app(scope, receive, send_with_headers)
        finally:
            route = scope.get("route")
            name = route.path if route is not None else "unmatched"
            self.state.metrics.requests.labels(name, str(status)).inc()
            self.state.metrics.latency.labels(name).observe(time.perf_counter() - started)
