"""What an outside attacker tried on the public service, as regression tests against a real
`assistant serve` on loopback: symlinks in the corpus, slow request bodies, bodies FastAPI
cannot parse, HTML originals, guessing staff keys, the SSO header, purged answers left in the
write-ahead log, and what /metrics and /readyz reveal."""

from __future__ import annotations

import http.client
import json
import os
import resource
import shutil
import socket
import sqlite3
import subprocess
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from helpers import CORPUS, make_settings, rows
from server import ASSISTANT, get, serving

from eval.metrics import percentile
from ingest.pipeline import ingest

pytestmark = pytest.mark.shared
KEY = "klic-utocnik-test-1234"
INTERNAL = "internal/metodika-ai-pracovni-verze.pdf"
REFRESH_PAGE = """<html><head><title>Přesměrování</title>
<meta http-equiv="refresh" content="0; url=https://zly-web.example/"></head>
<body><main><h1>Stránka s přesměrováním</h1><p>Obsah stránky pro veřejnost.</p></main>
</body></html>"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = Path(shutil.copytree(CORPUS, tmp_path_factory.mktemp("attacks") / "korpus"))
    (folder / "public" / "odkaz.pdf").symlink_to(folder / INTERNAL)
    (folder / "public" / "presmerovani.html").write_text(REFRESH_PAGE, encoding="utf-8")
    with (folder / "manifest.csv").open("a", encoding="utf-8") as manifest:
        manifest.write("public/odkaz.pdf,Odkaz,metodika,2025-01-15,,public,\n")
        manifest.write("public/presmerovani.html,Přesměrování,aktualita,2025-01-15,,public,\n")
    return folder


@pytest.fixture(scope="module")
def data(corpus: Path) -> Path:
    settings = make_settings(corpus.parent / "data")
    summary = ingest([corpus], settings, progress=False)
    results = {r.file: r for r in summary.files}
    assert results["public/odkaz.pdf"].status == "failed"
    assert "symbolický odkaz" in results["public/odkaz.pdf"].reason
    return settings.storage.data_dir


@pytest.fixture(scope="module")
def server(data: Path):
    env = {"ASSISTANT_STAFF_API_KEYS": KEY, "ASSISTANT_RATE_LIMIT_PER_MINUTE": "100000",
           "ASSISTANT_STAFF_USER_HEADER": "X-Remote-User"}  # fmt: skip
    with serving(data, **env) as (base, _):
        yield base


def doc_id(data: Path, source: str) -> str:
    found = rows(make_settings(data), "SELECT doc_id FROM documents WHERE source = ?", (source,))
    return found[0][0]


def post(base: str, path: str, body: bytes, headers: dict | None = None) -> tuple[int, dict]:
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=20)
    connection.request("POST", path, body, {"Content-Type": "application/json", **(headers or {})})
    response = connection.getresponse()
    status, data = response.status, response.read()
    connection.close()
    return status, json.loads(data) if data else {}


def test_a_symlink_to_an_internal_file_is_not_indexed(server: str) -> None:
    """public/odkaz.pdf → internal/…, marked public in the manifest: refused at ingest."""
    question = {"question": "metodika používání nástrojů umělé inteligence pracovní verze", "k": 20}
    status, found = post(server, "/api/search", json.dumps(question).encode())
    assert status == 200 and found["hits"]
    sources = [h["source"] for h in found["hits"]]
    assert all(s.startswith("public/") and "odkaz" not in s for s in sources), sources


def test_a_file_swapped_for_a_symlink_after_ingest_is_not_served(
    server: str, corpus: Path, data: Path
) -> None:
    source = "public/zastupitelstvo/usneseni-zk-2024-05-28.pdf"
    public = doc_id(data, source)
    assert get(f"{server}/api/documents/{public}/pages/1")[0] == 200
    original = corpus / source
    kept = original.with_suffix(".kopie")
    original.rename(kept)
    original.symlink_to(corpus / INTERNAL)
    try:
        for path in (f"/api/documents/{public}/file", f"/api/documents/{public}/pages/1"):
            status, body = get(server + path)
            assert status == 404 and b"%PDF" not in body and b"PNG" not in body, path
    finally:
        original.unlink()
        kept.rename(original)


def test_slow_bodies_are_cut_off_and_the_service_keeps_answering(data: Path) -> None:
    """400 connections sending a byte every 2 s, with a soft limit of 256 descriptors."""

    def few_descriptors() -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (256, 4096))

    with serving(data, preexec=few_descriptors, ASSISTANT_BODY_TIMEOUT_S="3") as (base, process):
        host, port = base.removeprefix("http://").split(":")
        sockets = []
        for _ in range(400):
            s = socket.create_connection((host, int(port)), timeout=5)
            s.sendall(b"POST /api/search HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
                      b"\r\nContent-Length: 1000\r\n\r\n{")  # fmt: skip
            sockets.append(s)
        health: list[float] = []
        stop = time.monotonic() + 12

        def probe() -> None:
            while time.monotonic() < stop:
                started = time.perf_counter()
                ok = get(base + "/healthz", timeout=10)[0] == 200
                health.append((time.perf_counter() - started) * 1000 if ok else 10_000.0)
                time.sleep(0.1)

        prober = threading.Thread(target=probe)
        prober.start()
        answered: dict[int, bytes] = {}
        while time.monotonic() < stop and len(answered) < len(sockets):
            for i, s in enumerate(sockets):
                if i in answered:
                    continue
                try:
                    s.sendall(b" ")
                    s.settimeout(0.001)
                    answered[i] = s.recv(100)
                except TimeoutError:
                    pass
                except OSError:
                    answered[i] = b"closed"
            time.sleep(2)
        prober.join()
        alive = process.poll() is None
    assert len(answered) == 400, "every slow connection was answered or closed"
    assert all(a.startswith(b"HTTP/1.1 408") or a in (b"", b"closed") for a in answered.values())
    assert alive and percentile(health, 95) < 50, health


@pytest.mark.parametrize(
    "body",
    [
        b"[" * 15_000 + b"]" * 15_000,  # nested deeper than the JSON parser recurses
        b'{"question": "\xff\xfe"}',
        b'{"question": "cyklostezka", "k": ' + b"9" * 5000 + b"}",
    ],
)
def test_bodies_that_are_not_json_get_a_czech_400(server: str, body: bytes) -> None:
    status, answer = post(server, "/api/search", body)
    assert status == 400 and answer["detail"].startswith("Tělo požadavku nelze přečíst")


def test_a_chunked_body_over_the_limit_is_413(server: str) -> None:
    host, port = server.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=20)
    parts = (b" " * 1024 for _ in range(40))
    connection.request("POST", "/api/search", parts, {"Content-Type": "application/json"},
                       encode_chunked=True)  # fmt: skip
    response = connection.getresponse()
    assert response.status == 413 and "příliš velký" in json.loads(response.read())["detail"]


def test_html_originals_are_downloads_in_a_sandbox(server: str, data: Path) -> None:
    page = doc_id(data, "public/presmerovani.html")
    host, port = server.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=20)
    connection.request("GET", f"/api/documents/{page}/file")
    response = connection.getresponse()
    response.read()
    assert response.status == 200
    assert response.getheader("content-disposition").startswith("attachment")
    assert "sandbox" in response.getheader("content-security-policy")


def test_guessing_staff_keys_is_rate_limited(server: str) -> None:
    body = b'{"question": "x"}'
    codes = [
        post(server, "/api/staff/search", body, {"Authorization": f"Bearer k{i}"})[0]
        for i in range(12)
    ]
    assert codes[:10] == [401] * 10 and codes[10:] == [429, 429]


def test_the_sso_header_is_not_believed_from_loopback_by_default(server: str) -> None:
    body = json.dumps({"question": "rozpočet"}).encode()
    status, _ = post(server, "/api/staff/search", body, {"X-Remote-User": "novak"})
    assert status in (401, 429)


def test_metrics_are_for_staff_and_readiness_counts_public_documents(
    server: str, data: Path
) -> None:
    assert get(server + "/metrics")[0] in (401, 429)
    status, body = get(server + "/metrics", {"Authorization": f"Bearer {KEY}"})
    assert status == 200 and b"assistant_requests_total" in body
    ready = json.loads(get(server + "/readyz")[1])
    public = rows(make_settings(data), "SELECT count(*) FROM documents WHERE access = 'public'")
    assert ready["documents"] == public[0][0]


def test_purged_questions_are_in_no_file_while_the_service_runs(server: str, data: Path) -> None:
    marker = "Zapomenutelná otázka 7f3c9a o cyklostezce"
    body = json.dumps({"question": marker, "stream": False}).encode()
    status, _ = post(server, "/api/chat", body)
    assert status == 200
    log = data / "conversations.sqlite3"
    db = sqlite3.connect(log)
    with db:
        old = (datetime.now(UTC) - timedelta(days=60)).isoformat(timespec="seconds")
        db.execute("UPDATE answers SET created = ? WHERE question = ?", (old, marker))
    db.close()
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(data)}
    purged = subprocess.run([ASSISTANT, "purge"], env=env, capture_output=True, text=True)
    assert purged.returncode == 0 and "Smazáno odpovědí: 1" in purged.stdout
    for path in log.parent.glob("conversations.sqlite3*"):
        assert marker.encode() not in path.read_bytes(), path.name
