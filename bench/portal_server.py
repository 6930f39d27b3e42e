"""The fictional portal (bench/portal.py) on a real loopback HTTP server: it logs every request
and answers as a CMS would (redirects, 404, a 500 that recovers, a slow page, ETag and
Last-Modified with 304s), so that a crawler meets what it would on the web.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


@dataclass
class Page:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    modified: float = 1_700_000_000.0
    status: int = 200

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha1(self.body).hexdigest()[:16] + '"'


@dataclass
class Portal:
    """The site's pages by path, its special behaviours, and the log of what was requested."""

    pages: dict[str, Page] = field(default_factory=dict)
    redirects: dict[str, tuple[int, str]] = field(default_factory=dict)
    log: list[dict] = field(default_factory=list)
    failing: dict[str, int] = field(default_factory=dict)  # path → 500s left before 200
    slow: dict[str, float] = field(default_factory=dict)  # path → seconds before answering
    lock: threading.Lock = field(default_factory=threading.Lock)
    news: list[tuple[str, date]] = field(default_factory=list)  # (path, day) of the articles

    def requested(self, path: str) -> list[dict]:
        return [e for e in self.log if e["path"] == path]


def _parsed(http_date: str) -> float:
    try:
        return parsedate_to_datetime(http_date).timestamp()
    except (TypeError, ValueError):
        return 0.0


class _Handler(BaseHTTPRequestHandler):
    portal: Portal
    base: str

    def log_message(self, *args) -> None:  # the portal keeps its own log
        pass

    def _send(self, status: int, body: bytes = b"", headers: dict | None = None) -> None:
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)  # unless the client gave up (a size or time limit)

    def do_GET(self) -> None:
        portal, target = self.portal, self.path
        path = urlsplit(target).path
        key = target if target in portal.pages else path
        with portal.lock:
            portal.log.append(
                {
                    "path": path,
                    "target": target,
                    "time": time.monotonic(),
                    "agent": self.headers.get("User-Agent", ""),
                    "if_none_match": self.headers.get("If-None-Match", ""),
                    "if_modified_since": self.headers.get("If-Modified-Since", ""),
                }
            )
            page = portal.pages.get(key)
            failing = portal.failing.get(path, 0)
            if failing:
                portal.failing[path] = failing - 1
        if path in portal.redirects:
            status, location = portal.redirects[path]
            return self._send(status, b"", {"Location": location})
        if page is None:
            return self._send(404, "Stránka nenalezena".encode(), {"Content-Type": "text/plain"})
        if failing:
            return self._send(500, b"Internal Server Error", {"Content-Type": "text/plain"})
        if path in portal.slow:
            time.sleep(portal.slow[path])
        body = page.body.replace(b"{base}", self.base.encode())
        headers = {
            "Content-Type": page.content_type,
            "ETag": page.etag,
            "Last-Modified": formatdate(page.modified, usegmt=True),
        }
        since = self.headers.get("If-Modified-Since")
        if self.headers.get("If-None-Match") == page.etag or (
            since and not self.headers.get("If-None-Match") and _parsed(since) >= page.modified
        ):
            return self._send(304, b"", {"ETag": page.etag})
        self._send(page.status, body, headers)


def serve(portal: Portal, port: int = 0) -> tuple[ThreadingHTTPServer, str]:
    """Start the portal on 127.0.0.1 in a background thread; returns the server and its URL."""
    handler = type("Handler", (_Handler,), {"portal": portal, "base": ""})
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    handler.base = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, handler.base
