"""Several API hosts, one truth: two `assistant serve` processes, each with a data folder of its
own, share one PostgreSQL (Debian's, started by the tests on a Unix socket). An ingest shows up
on both under requests; feedback and purges are seen by both; PostgreSQL restarted under load
costs clear 503s, then both recover without a restart."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from helpers import SAMPLES, Postgres
from server import ASSISTANT, get, serving

KEY = "klic-pracovni-skupiny-1234567890"
WORD = "xylofonová"


def post(url: str, body: dict, headers: dict | None = None) -> tuple[int, dict]:
    data = json.dumps(body).encode()
    request = urllib.request.Request(
        url, data, {"Content-Type": "application/json", **(headers or {})}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"{}") | {
                "_id": response.headers.get("X-Answer-Id")
            }
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def found(base: str) -> bool:
    status, body = post(base + "/api/search", {"question": f"{WORD} soutěž", "k": 3})
    return status == 200 and any("xylofon" in h["source"] for h in body["hits"])


def ingest(indexer: dict, corpus: Path, xylofon: bool = False) -> None:
    """`assistant ingest` on the indexer, with a new document only it mentions if asked."""
    if xylofon:
        (corpus / "xylofon.md").write_text(
            f"# Xylofonová soutěž\n\nKraj pořádá {WORD} soutěž uměleckých škol v Hejnicích.",
            encoding="utf-8",
        )
    command = [ASSISTANT, "ingest", str(corpus), "--access", "public"]
    subprocess.run(command, env=indexer, check=True, capture_output=True)


@contextmanager
def two_hosts(folder: Path, url: str, **env: str):
    """(indexer environment, corpus, [host A, host B], their processes) over one database
    holding the sample corpus; `env` for every process."""
    common = {
        "ASSISTANT_DATABASE_URL": url,
        "ASSISTANT_FOLLOW_EVERY_S": "0.5",
        "ASSISTANT_STAFF_API_KEYS": KEY,
        "ASSISTANT_RATE_LIMIT_PER_MINUTE": "1000000",
        **env,
    }
    indexer = {**os.environ, **common, "ASSISTANT_DATA_DIR": str(folder / "indexer")}
    corpus = Path(shutil.copytree(SAMPLES / "corpus", folder / "korpus"))
    ingest(indexer, corpus)
    with (
        serving(folder / "a", **common) as (a, process_a),
        serving(folder / "b", **common) as (b, process_b),
    ):
        for base in (a, b):
            deadline = time.monotonic() + 60
            while get(base + "/readyz")[0] != 200 and time.monotonic() < deadline:
                time.sleep(0.2)
        yield indexer, corpus, [a, b], [process_a, process_b]


@pytest.fixture
def hosts(tmp_path: Path, postgres: Postgres):
    """Two lexical hosts (the vectors have a test of their own)."""
    with two_hosts(tmp_path, postgres.new_database(), ASSISTANT_DENSE_BACKEND="none") as made:
        yield made


class Load:
    """A steady stream of searches and answers to every host, recording each status."""

    def __init__(self, bases: list[str]):
        self.started: list[tuple[float, int]] = []  # (when a request was sent, its status)
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self._run, args=(b,)) for b in bases for _ in "12"]

    def _run(self, base: str) -> None:
        asked = [
            ("/api/search", {"question": "cyklostezka"}),
            ("/api/chat", {"question": "Kolik stojí cyklostezka?", "stream": False}),
        ]
        while not self.stop.is_set():
            for path, body in asked:
                sent = time.monotonic()
                self.started.append((sent, post(base + path, body)[0]))

    @property
    def statuses(self) -> list[int]:
        return [status for _, status in self.started]

    def since(self, moment: float) -> list[int]:
        return [status for sent, status in self.started if sent >= moment]

    def __enter__(self) -> Load:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *_) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join()


def test_an_ingest_on_one_host_shows_on_both_under_load(hosts) -> None:
    indexer, corpus, bases, _ = hosts
    with Load(bases) as load:
        time.sleep(1)
        ingest(indexer, corpus, xylofon=True)
        ingested = time.monotonic()
        seen = {}
        while len(seen) < 2 and time.monotonic() - ingested < 30:
            for base in bases:
                if base not in seen and found(base):
                    seen[base] = time.monotonic() - ingested
            time.sleep(0.1)
        time.sleep(0.5)
    print(
        f"\ningest seen on the hosts after {sorted(round(s, 2) for s in seen.values())} s,"
        f" {len(load.statuses)} requests meanwhile"
    )
    assert len(seen) == 2 and max(seen.values()) < 5, seen
    assert len(load.statuses) > 20 and set(load.statuses) == {200}, sorted(set(load.statuses))


def test_feedback_and_purge_are_shared(hosts, postgres: Postgres) -> None:
    indexer, _, (a, b), _ = hosts
    staff = {"Authorization": f"Bearer {KEY}"}
    marker = "Zapomenutelná otázka 7f3c9a o cyklostezce"
    status, answer = post(a + "/api/chat", {"question": marker, "stream": False})
    assert status == 200 and answer["_id"]
    status, _ = post(
        a + "/api/feedback", {"answer_id": answer["_id"], "rating": "down", "reason": "Neúplná"}
    )
    assert status == 201
    status, body = get(b + "/api/staff/review/feedback", staff)
    assert status == 200 and [i["answer_id"] for i in json.loads(body)["items"]] == [answer["_id"]]
    with psycopg.connect(indexer["ASSISTANT_DATABASE_URL"], autocommit=True) as db:
        db.execute("UPDATE answers SET created = '2020-01-01T00:00:00+00:00'")  # long ago
    purge = subprocess.run([ASSISTANT, "purge"], env=indexer, capture_output=True, text=True)
    assert purge.returncode == 0 and "Smazáno odpovědí: 1" in purge.stdout, purge.stderr
    for base in (a, b):
        status, body = get(base + "/api/staff/review/feedback", staff)
        assert status == 200 and json.loads(body)["items"] == []
    for path in postgres.data.rglob("*"):  # tables, their indexes, the WAL
        assert not path.is_file() or marker.encode() not in path.read_bytes(), path


def test_postgresql_restarted_under_load_costs_503s_then_recovers(hosts, postgres) -> None:
    _, _, bases, _ = hosts
    details: set[str] = set()
    with Load(bases) as load:
        time.sleep(1)
        postgres.stop()
        down = time.monotonic()
        time.sleep(2)
        for base in bases:
            status, body = post(base + "/api/search", {"question": "cyklostezka"})
            assert status == 503, status
            details.add(body["detail"])
            assert get(base + "/healthz")[0] == 200, "liveness holds"
            assert get(base + "/readyz")[0] == 503, "readiness fails"
        postgres.start()
        up = time.monotonic()
        time.sleep(3)
    during = [status for sent, status in load.started if down <= sent < up]
    after = load.since(up + 1)  # a second for a pooled connection to be found dead
    assert details == {"Databáze je právě nedostupná, zkuste to prosím za chvíli znovu."}
    assert set(load.statuses) <= {200, 503} and 503 in during, sorted(set(load.statuses))
    assert after and set(after) == {200}, "both hosts recovered without a restart"


def test_one_host_killed_under_load_the_other_keeps_answering(hosts) -> None:
    _, _, (_, b), (a, _) = hosts
    with Load([b]) as load:
        time.sleep(1)
        a.kill()  # kill -9
        a.wait()
        killed = time.monotonic()
        time.sleep(2)
    assert set(load.statuses) == {200} and len(load.since(killed)) > 10


def status(folder: Path, env: dict) -> dict:
    """`assistant status --json` as a host sees it (its own index, the shared store)."""
    shown = subprocess.run(
        [ASSISTANT, "status", "--json"],
        env={**env, "ASSISTANT_DATA_DIR": str(folder)},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(shown.stdout)


def test_hosts_publish_the_vectors_of_the_shared_chroma(
    tmp_path: Path, postgres: Postgres, chroma_server: int
) -> None:
    chroma = {"ASSISTANT_CHROMA_HOST": "127.0.0.1", "ASSISTANT_CHROMA_PORT": str(chroma_server)}
    with two_hosts(tmp_path, postgres.new_database(), **chroma) as (indexer, corpus, bases, _):
        ingest(indexer, corpus, xylofon=True)
        chunks = status(tmp_path / "indexer", indexer)["chunks"]
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            seen = [status(tmp_path / host, indexer)["vectors"] for host in "ab"]
            if all(v["embedded"] == chunks for v in seen):
                break
            time.sleep(0.5)
        assert all(v["embedded"] == chunks and v["waiting"] == 0 for v in seen), seen
        assert not (tmp_path / "a" / "chroma").exists(), "the vectors are the server's"
        for base in bases:
            assert found(base)


def test_a_host_started_while_postgresql_is_down_is_alive_not_ready(
    tmp_path: Path, postgres: Postgres
) -> None:
    url = postgres.new_database()
    env = {"ASSISTANT_DATABASE_URL": url, "ASSISTANT_DENSE_BACKEND": "none",
           "ASSISTANT_FOLLOW_EVERY_S": "0.5"}  # fmt: skip
    indexer = {**os.environ, **env, "ASSISTANT_DATA_DIR": str(tmp_path / "indexer")}
    ingest(indexer, Path(shutil.copytree(SAMPLES / "corpus", tmp_path / "korpus")))
    postgres.stop()
    down = True
    try:
        with serving(tmp_path / "host", **env) as (base, _):
            assert get(base + "/healthz")[0] == 200 and get(base + "/readyz")[0] == 503
            # No index yet and no store to read: not ready, so the proxy sends nothing here.
            assert post(base + "/api/search", {"question": "cyklostezka"})[0] in (200, 503)
            postgres.start()
            down = False
            deadline = time.monotonic() + 20
            while get(base + "/readyz")[0] != 200 and time.monotonic() < deadline:
                time.sleep(0.2)
            status, body = post(base + "/api/search", {"question": "cyklostezka"})
            assert status == 200 and body["hits"], "built from the store once it came up"
    finally:
        if down:
            postgres.start()
