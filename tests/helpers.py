"""Paths and settings shared by the tests (importable because tests/ is on sys.path)."""

from __future__ import annotations

import csv
import os
import random
import re
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

import psycopg

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
HAS_SHARED = (CORPUS / "manifest.csv").is_file()
NO_SHARED = f"the shared test data is not at {SHARED} (set ASSISTANT_SHARED to its folder)"


def make_settings(data_dir: Path, **overrides) -> Settings:
    """Settings isolated from any .env file where the tests run."""
    return Settings(env_file=None, data_dir=data_dir, **overrides)


def manifest(corpus: Path = CORPUS) -> list[dict[str, str]]:
    """The rows of a corpus's manifest.csv: the documents it should yield."""
    with (corpus / "manifest.csv").open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def rows(settings: Settings, sql: str, params: tuple = ()) -> list[sqlite3.Row]:
    """Read the index database directly (the tests check what was stored)."""
    db = sqlite3.connect(settings.storage.db_path)
    db.row_factory = sqlite3.Row
    try:
        return db.execute(sql, params).fetchall()
    finally:
        db.close()


def fuzz_queries(settings: Settings, count: int = 500) -> list[str]:
    """Queries aimed at the internal documents: their words, figures, titles and phrases."""
    found = rows(
        settings,
        "SELECT c.text, d.title FROM chunks c JOIN documents d USING (doc_id)"
        " WHERE d.access = 'internal'",
    )
    words = sorted({w for r in found for w in re.findall(r"[^\W_]{3,}|\d[\d ]*\d", r["text"])})
    titles = sorted({r["title"] for r in found})
    sentences = sorted({s for r in found for s in re.split(r"(?<=[.!?])\s+", r["text"]) if s})
    rng = random.Random(20241202)
    queries = []
    for i in range(count):
        kind = i % 4
        if kind == 0:
            queries.append(" ".join(rng.sample(words, rng.randint(1, 6))))
        elif kind == 1:
            queries.append(rng.choice(sentences))
        elif kind == 2:
            queries.append(f"{rng.choice(titles)} {rng.choice(words)}")
        else:
            queries.append(f"Kolik {rng.choice(words)} {rng.choice(words)}?")
    return queries


def _stat(pid: str) -> list[str] | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def descendants(pid: int) -> set[int]:
    """Every living process below `pid` (children, theirs, …)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").glob("[0-9]*"):
        fields = _stat(entry.name)
        if fields and fields[0] != "Z":
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def living(pids: set[int]) -> set[int]:
    """Those of `pids` that still run (zombies, waiting for a parent to reap them, do not)."""
    return {p for p in pids if (fields := _stat(str(p))) and fields[0] != "Z"}


def memory(pids: set[int], fields: tuple[str, ...] = ("Pss",)) -> int:
    """Resident memory of processes in bytes: proportional (PSS) by default, or their own pages
    only (USS) with fields=PRIVATE."""
    total = 0
    for pid in pids:
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
            total += sum(int(rollup.split(f"\n{f}:", 1)[1].split()[0]) for f in fields) * 1024
        except (OSError, IndexError):
            continue
    return total


PRIVATE = ("Private_Clean", "Private_Dirty")


def bench_module(name: str):
    """A script of `bench/` as a module (the generated council corpus, its measures)."""
    import importlib.util
    import sys

    bench = str(ROOT / "bench")
    if bench not in sys.path:
        sys.path.insert(0, bench)  # the scripts import each other by name
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


BACKENDS = ["sqlite", "postgresql"]  # of the store: the `database` fixture gives one of each


class Postgres:
    """A PostgreSQL server from Debian's packages in a temporary folder, reached only on a Unix
    socket there (no TCP port); as root, it runs as the `postgres` user the package creates."""

    def __init__(self) -> None:
        bins = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
        if not bins:
            raise RuntimeError("PostgreSQL is not installed (make system-packages)")
        self.bin = bins[-1].parent
        self.folder = Path(tempfile.mkdtemp(prefix="pg-"))
        self.folder.chmod(0o755)
        self.data = self.folder / "data"
        self.user = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []
        if self.user:
            shutil.chown(self.folder, "postgres")
        self._run("initdb", "-D", self.data, "-A", "trust", "-U", "assistant", "-E", "UTF8",
                  "--locale", "C.UTF-8", "--no-sync")  # fmt: skip
        self.start()
        self.databases = 0

    def _run(self, program: str, *args) -> None:
        subprocess.run([*self.user, self.bin / program, *map(str, args)], check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip

    def start(self) -> None:
        options = (
            f"-k {self.folder} -c listen_addresses= -c fsync=off -c max_connections=300"
            " -c wal_recycle=off"
        )  # as the README asks of a server that keeps answers
        self._run("pg_ctl", "-D", self.data, "-o", options, "-l", self.folder / "log", "-w",
                  "start")  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", self.data, "-m", mode, "-w", "stop")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://assistant@/{database}?host={self.folder}"

    def new_database(self) -> str:
        """The URL of a new, empty database."""
        self.databases += 1
        name = f"test{self.databases}"
        with psycopg.connect(self.url(), autocommit=True) as connection:
            connection.execute(f"CREATE DATABASE {name}")
        return self.url(name)

    def close(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)
