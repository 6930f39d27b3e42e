"""Shared fixtures: real corpora ingested once per session into temporary data folders.

Tests marked `shared` (or using a fixture over the shared data) are skipped with the reason
when `../shared` is not there; the rest of the suite still runs.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import (
    BACKENDS,
    CORPUS,
    HAS_SHARED,
    NO_SHARED,
    ROOT,
    SAMPLES,
    Postgres,
    make_settings,
)
from server import free_port, wait_for

from assistant.settings import Settings
from ingest.pipeline import ingest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
# One embedding cache for the whole run (and the CI's quality gate), inside the checkout: a fresh
# clone starts empty, so CI times what a new machine pays; each text is embedded once per run.
os.environ.setdefault("ASSISTANT_EMBEDDING_CACHE", str(ROOT / ".cache/embeddings.sqlite3"))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if HAS_SHARED:
        return
    skip = pytest.mark.skip(reason=NO_SHARED)
    for item in items:
        if "shared" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def postgres() -> Iterator[Postgres]:
    """One PostgreSQL server for the run; each test that needs one takes a new database."""
    server = Postgres()
    yield server
    server.close()


@pytest.fixture(params=BACKENDS)
def database(request: pytest.FixtureRequest, tmp_path: Path) -> str | Path:
    """An empty database of each backend: an SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        return tmp_path / "store.sqlite3"
    return request.getfixturevalue("postgres").new_database()


@pytest.fixture(scope="session")
def shared_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The shared sample corpus (manifest applies), ingested once."""
    if not HAS_SHARED:
        pytest.skip(NO_SHARED)
    settings = make_settings(tmp_path_factory.mktemp("shared"))
    summary = ingest([CORPUS], settings, progress=False)
    assert summary.counts["failed"] == 0, summary.to_dict()
    return settings


@pytest.fixture(scope="session")
def sample_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The project's own fictional corpus, ingested once."""
    settings = make_settings(tmp_path_factory.mktemp("samples"))
    summary = ingest([SAMPLES / "corpus"], settings, progress=False)
    assert summary.counts["failed"] == 0, summary.to_dict()
    return settings


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """An empty data folder for tests that ingest their own files."""
    return make_settings(tmp_path / "data")


@pytest.fixture
def chroma_server(tmp_path: Path):
    """A real `chroma run` on loopback; its port."""
    port = free_port()
    command = [
        Path(sys.executable).with_name("chroma"),
        "run",
        "--path",
        str(tmp_path / "chroma"),
        "--host",
        "127.0.0.1",
    ]
    process = subprocess.Popen(
        [*command, "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/api/v2/heartbeat")
        yield port
    finally:
        process.terminate()
        process.wait(timeout=20)
