"""A small, real OpenAI-compatible chat server for tests.

Tests talk to it over real HTTP exactly as they would to vLLM or Ollama, so the
whole client stack (langchain-openai, the openai SDK, httpx) is exercised while
the answers stay deterministic. Only the standard library is used so that the
server starts in milliseconds and does not depend on any web framework. What it
replies is decided in openai_responder.py; this module is the HTTP side.

Usage in tests::

    with OpenAICompatServer(api_key="secret") as server:
        llm = ChatOpenAI(base_url=server.base_url, api_key="secret", model="test-model")
        llm.invoke("...")
        server.requests  # every received chat completion request body

Manual use::

    python tests/openai_server.py --port 8001 --model test-model
"""

from __future__ import annotations

import argparse
import json
import re
import socket
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import suppress
from functools import partial
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self
from urllib.parse import urlsplit

from openai_responder import DEFAULT_REFUSAL, Responder, _message_text, default_responder

# Tests import the reply rules from here too, as they did before the rules had their own module.
__all__ = ["DEFAULT_REFUSAL", "OpenAICompatServer", "Responder", "default_responder"]


def _word_count(text: str) -> int:
    return len(text.split())


def _error(message: str, code: str, type_: str = "invalid_request_error") -> dict:
    """Error body in the OpenAI format, which the openai SDK turns into exceptions."""
    return {"error": {"message": message, "type": type_, "param": None, "code": code}}


class _HTTPServer(ThreadingHTTPServer):
    """Threading server that can cut open keep-alive connections on shutdown.

    Without this, a client holding a pooled connection (or reading a slow
    stream) would still be served after the server was "shut down".
    """

    daemon_threads = True

    def __init__(self, app: OpenAICompatServer, port: int) -> None:
        self.app = app
        self._connections: set[socket.socket] = set()
        self._lock = threading.Lock()
        super().__init__(("127.0.0.1", port), _Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        with self._lock:
            connections = list(self._connections)
        for connection in connections:
            with suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients hanging up mid-stream (or our own shutdown) are expected.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _HTTPServer

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output clean."""

    def do_GET(self) -> None:
        if not self._authorized():
            return
        app = self.server.app
        if self._path() == "/v1/models":
            model = {
                "id": app.model,
                "object": "model",
                "created": int(time.time()),
                "owned_by": "openai-compat-test-server",
            }
            self._send_json(HTTPStatus.OK, {"object": "list", "data": [model]})
        else:
            self._send_unknown_url()

    def do_POST(self) -> None:
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        is_chat = self._path() == "/v1/chat/completions"
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        app = self.server.app
        # Record before any check so tests also see requests that were rejected.
        if is_chat and isinstance(body, dict):
            app.requests.append(body)
        if not self._authorized():
            return
        if not is_chat:
            self._send_unknown_url()
            return
        messages = body.get("messages") if isinstance(body, dict) else None
        if not isinstance(messages, list) or not all(isinstance(m, dict) for m in messages):
            message = "Expected a JSON object with a 'messages' list of objects."
            self._send_json(HTTPStatus.BAD_REQUEST, _error(message, "invalid_body"))
            return
        if body.get("model") != app.model:
            message = (
                f"The model `{body.get('model')}` does not exist or you do not have access to it."
            )
            self._send_json(HTTPStatus.NOT_FOUND, _error(message, "model_not_found"))
            return
        self._chat_completion(body)

    def _chat_completion(self, body: dict[str, Any]) -> None:
        app = self.server.app
        messages = body["messages"]
        try:
            reply = app.responder(messages)
        except Exception as exc:
            # Report it to the client instead of dropping the connection.
            self._send_json(
                HTTPStatus.INTERNAL_SERVER_ERROR,
                _error(f"Responder failed: {exc!r}", "responder_error", "server_error"),
            )
            return
        prompt_tokens = sum(_word_count(_message_text(m)) for m in messages)
        completion_tokens = _word_count(reply)
        usage = {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        }
        completion_id = f"chatcmpl-{uuid.uuid4().hex}"
        if body.get("stream"):
            options = body.get("stream_options") or {}
            self._send_stream(
                _chunks(
                    completion_id,
                    app.model,
                    reply,
                    usage if options.get("include_usage") else None,
                ),
                app.delay,
            )
            return
        self._send_json(
            HTTPStatus.OK,
            {
                "id": completion_id,
                "object": "chat.completion",
                "created": int(time.time()),
                "model": app.model,
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": reply},
                        "logprobs": None,
                        "finish_reason": "stop",
                    }
                ],
                "usage": usage,
            },
        )

    def _path(self) -> str:
        return urlsplit(self.path).path.rstrip("/")

    def _authorized(self) -> bool:
        api_key = self.server.app.api_key
        if api_key is None or self.headers.get("Authorization") == f"Bearer {api_key}":
            return True
        self._send_json(
            HTTPStatus.UNAUTHORIZED,
            _error("Incorrect API key provided.", "invalid_api_key"),
        )
        return False

    def _send_unknown_url(self) -> None:
        message = f"Unknown request URL: {self.command} {self.path}."
        self._send_json(HTTPStatus.NOT_FOUND, _error(message, "unknown_url"))

    def _send_json(self, status: HTTPStatus, payload: dict) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _send_stream(self, events: Iterator[str], delay: float) -> None:
        """Send Server-Sent Events with chunked encoding, as vLLM/uvicorn do."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for index, event in enumerate(events):
            if index and delay:
                time.sleep(delay)
            data = f"data: {event}\n\n".encode()
            self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.write(b"0\r\n\r\n")


def _chunks(
    completion_id: str, model: str, reply: str, usage: dict[str, int] | None
) -> Iterator[str]:
    """SSE payloads of a streamed completion: role, word pieces, stop, usage, [DONE]."""
    created = int(time.time())

    def chunk(choices: list[dict], **extra: Any) -> str:
        payload = {
            "id": completion_id,
            "object": "chat.completion.chunk",
            "created": created,
            "model": model,
            "choices": choices,
            **extra,
        }
        # OpenAI sends "usage": null on every chunk but the last when usage is requested.
        if usage is not None:
            payload.setdefault("usage", None)
        return json.dumps(payload, ensure_ascii=False)

    def delta(content: dict, finish_reason: str | None = None) -> list[dict]:
        return [
            {
                "index": 0,
                "delta": content,
                "logprobs": None,
                "finish_reason": finish_reason,
            }
        ]

    yield chunk(delta({"role": "assistant", "content": ""}))
    # Split before each word that follows whitespace: pieces concatenate to the reply.
    for piece in re.split(r"(?<=\s)(?=\S)", reply):
        if piece:
            yield chunk(delta({"content": piece}))
    yield chunk(delta({}, "stop"))
    if usage is not None:
        yield chunk([], usage=usage)
    yield "[DONE]"


class OpenAICompatServer:
    """OpenAI-compatible chat server on 127.0.0.1, running while the context is open.

    Args:
        model: The only model name accepted; others get a 404 error.
        api_key: If set, requests must send ``Authorization: Bearer <api_key>``.
        responder: Maps the request's messages to the reply text; defaults to
            :func:`default_responder` with ``refusal``.
        refusal: Reply of the default responder when the passages do not answer.
        delay: Seconds to sleep between streamed chunks.
        port: Port to listen on; 0 picks a free ephemeral port.
    """

    def __init__(
        self,
        model: str = "test-model",
        api_key: str | None = None,
        responder: Responder | None = None,
        refusal: str = DEFAULT_REFUSAL,
        delay: float = 0.0,
        port: int = 0,
    ) -> None:
        self.model = model
        self.api_key = api_key
        self.responder: Responder = responder or partial(default_responder, refusal=refusal)
        self.delay = delay
        self._port = port
        self.requests: list[dict[str, Any]] = []
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        """Base URL for OpenAI clients, e.g. ``http://127.0.0.1:PORT/v1``."""
        if self._httpd is None:
            raise RuntimeError("The server is not running.")
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def __enter__(self) -> Self:
        self._httpd = _HTTPServer(self, self._port)
        # A short poll interval keeps shutdown (and so each test) fast.
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.01},
            name="openai-compat-server",
            daemon=True,
        )
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._httpd is not None and self._thread is not None
        self._httpd.shutdown()
        self._httpd.close_connections()
        self._httpd.server_close()
        self._thread.join()
        self._httpd = self._thread = None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument("--model", default="test-model")
    parser.add_argument("--api-key", default=None)
    parser.add_argument("--delay", type=float, default=0.0)
    args = parser.parse_args()
    with (
        OpenAICompatServer(
            model=args.model, api_key=args.api_key, delay=args.delay, port=args.port
        ) as server,
        suppress(KeyboardInterrupt),
    ):
        print(f"Serving {args.model!r} at {server.base_url}", flush=True)
        threading.Event().wait()


if __name__ == "__main__":
    main()
