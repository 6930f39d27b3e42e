"""Paths and settings shared by the tests (importable because tests/ is on sys.path)."""

from __future__ import annotations

import os
from pathlib import Path

from assistant.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


def _shared() -> Path:
    """The shared test data: $ASSISTANT_SHARED, else ../shared beside the checkout."""
    candidates = [os.environ.get("ASSISTANT_SHARED"), ROOT.parent / "shared", "/work/shared"]
    found = [Path(c) for c in candidates if c and (Path(c) / "corpus").is_dir()]
    return (found[0] if found else ROOT.parent / "shared").resolve()


SHARED = _shared()
SAMPLES = ROOT / "samples"
CORPUS = SHARED / "corpus"
WIKI = SHARED / "benchmarks" / "wiki-nlp-cs"
CTK = SHARED / "benchmarks" / "ctkfacts"


def make_settings(data_dir: Path, **overrides) -> Settings:
    """Settings isolated from any .env file where the tests run."""
    return Settings(_env_file=None, data_dir=data_dir, **overrides)
