"""Shared fixtures: real corpora ingested once per session into temporary data folders."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import SAMPLES, SHARED, make_settings

from assistant.settings import Settings
from ingest.pipeline import ingest

os.environ.setdefault("HF_HUB_OFFLINE", "1")


def pytest_sessionstart(session: pytest.Session) -> None:
    if not (SHARED / "corpus" / "manifest.csv").is_file():
        raise pytest.UsageError(
            f"Shared test data not found at {SHARED}; set ASSISTANT_SHARED to its folder."
        )


@pytest.fixture(scope="session")
def shared_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The shared sample corpus (manifest applies), ingested once."""
    settings = make_settings(tmp_path_factory.mktemp("shared"))
    summary = ingest([SHARED / "corpus"], settings, progress=False)
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
