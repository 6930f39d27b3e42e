"""Deployment beyond one process: several API workers over one index while an ingest runs,
and Chroma as a real server (`chroma run`) shared by replicas."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from helpers import CORPUS, SAMPLES, make_settings, rows
from server import free_port, wait_for

from assistant.search.embedders import DenseUnavailable, open_embedder
from assistant.search.retrieve import SearchRequest
from assistant.search.vectors import VectorStore
from assistant.service import Service
from ingest.pipeline import ingest

BIN = Path(sys.executable).parent


def post(url: str, body: dict) -> tuple[int, dict]:
    request = urllib.request.Request(
        url, json.dumps(body).encode(), {"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, {}


@pytest.mark.shared
def test_workers_keep_answering_while_an_ingest_switches_the_index(tmp_path: Path) -> None:
    corpus = Path(shutil.copytree(SAMPLES / "corpus", tmp_path / "korpus"))
    data = tmp_path / "data"
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(data), "HF_HUB_OFFLINE": "1"}
    env["ASSISTANT_RATE_LIMIT_PER_MINUTE"] = "1000000"
    subprocess.run(
        [BIN / "assistant", "ingest", str(corpus)], env=env, check=True, capture_output=True
    )
    port = free_port()
    server = subprocess.Popen(
        [BIN / "assistant", "serve", "--port", str(port), "--workers", "2"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    statuses: list[int] = []
    stop = threading.Event()

    def hammer() -> None:
        while not stop.is_set():
            status, _ = post(base + "/api/search", {"question": "rozpočet kraje usnesení", "k": 10})
            statuses.append(status)
            status, _ = post(
                base + "/api/chat", {"question": "Kolik stojí cyklostezka?", "stream": False}
            )
            statuses.append(status)

    try:
        wait_for(base + "/readyz")
        threads = [threading.Thread(target=hammer) for _ in range(4)]
        for thread in threads:
            thread.start()
        for round_ in range(3):
            shutil.copytree(CORPUS / "public", corpus / f"kolo-{round_}")
            command = [BIN / "assistant", "ingest", str(corpus), "--access", "public"]
            subprocess.run(command, env=env, check=True, capture_output=True)
        time.sleep(1)
        stop.set()
        for thread in threads:
            thread.join()
        question = {"question": "Kolik elektroaut pořídil kraj pro příspěvkové organizace?", "k": 5}
        sources = set()
        for _ in range(8):
            _, found = post(base + "/api/search", question)
            sources |= {h["source"] for h in found["hits"]}
    finally:
        server.terminate()
        server.wait(timeout=20)
    assert len(statuses) > 20 and set(statuses) == {200}, sorted(set(statuses))
    assert any(s.startswith("kolo-2/") for s in sources), "both workers serve the newest index"


def test_chroma_server_mode_shared_by_replicas(tmp_path: Path, chroma_server: int) -> None:
    corpus = Path(shutil.copytree(SAMPLES / "corpus", tmp_path / "korpus"))
    settings = make_settings(tmp_path / "data", chroma_host="127.0.0.1", chroma_port=chroma_server)
    ingest([corpus], settings, progress=False)
    assert not (tmp_path / "data" / "chroma").exists(), "vectors live on the server, not locally"
    wanted = {r[0] for r in rows(settings, "SELECT chunk_id FROM chunks")}
    replicas = [VectorStore(settings.storage, open_embedder(settings.dense)) for _ in range(2)]
    for replica in replicas:
        assert set(replica.hashes()) == wanted
    only_dense = settings.replace(weight_terms=0, weight_grams=0, weight_titles=0, weight_dense=1)
    hits = Service.open(only_dense).retriever.search(
        SearchRequest("trasa pro kola podél řeky", k=3)
    )
    assert hits and all(h.passage.document.access == "public" for h in hits)
    (corpus / "internal/rozpocet-navrh-2026.txt").unlink()
    ingest([corpus], settings, prune=True, progress=False)
    wanted = {r[0] for r in rows(settings, "SELECT chunk_id FROM chunks")}
    assert set(replicas[1].hashes()) == wanted


def test_unreachable_chroma_server_fails_with_a_czech_message(tmp_path: Path) -> None:
    """Loud where vectors are written; a serving host never needs the server (it searches the
    matrices published with its index)."""
    corpus = Path(shutil.copytree(SAMPLES / "corpus", tmp_path / "korpus"))
    settings = make_settings(tmp_path / "data", chroma_host="127.0.0.1", chroma_port=free_port())
    with pytest.raises(DenseUnavailable, match="neodpovídá"):
        VectorStore(settings.storage, open_embedder(settings.dense)).collection(create=True)
    with pytest.raises(DenseUnavailable, match="neodpovídá"):
        ingest([corpus], settings, progress=False)
    service = Service.open(settings)
    assert service.status()["vectors"]["waiting"] == service.status()["chunks"] > 0
    assert service.retriever.search(SearchRequest("trasa pro kola podél řeky", k=3))
