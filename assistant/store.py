"""SQLite system of record for documents and chunks.

Everything else (BM25 indexes, the Chroma collection) is derived from this database and can
be rebuilt from it. A file's documents are replaced in one transaction, so a reader sees
either the old or the new version, never a mix.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from assistant.sqlite import Connections

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY,
    root TEXT NOT NULL,
    file TEXT NOT NULL,
    source TEXT NOT NULL,
    external_id TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL,
    doc_type TEXT NOT NULL DEFAULT '',
    date TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL DEFAULT '',
    url TEXT NOT NULL DEFAULT '',
    access TEXT NOT NULL CHECK (access IN ('public', 'internal')),
    pages INTEGER,
    fingerprint TEXT NOT NULL,
    extra TEXT NOT NULL DEFAULT '{}',
    ingested_at TEXT NOT NULL DEFAULT (datetime('now'))
);
CREATE INDEX IF NOT EXISTS documents_file ON documents (root, file);
CREATE TABLE IF NOT EXISTS chunks (
    chunk_id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents (doc_id) ON DELETE CASCADE,
    ord INTEGER NOT NULL,
    text TEXT NOT NULL,
    section TEXT NOT NULL DEFAULT '',
    page INTEGER,
    page_end INTEGER,
    resolution TEXT NOT NULL DEFAULT '',
    terms TEXT NOT NULL,
    grams TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_doc ON chunks (doc_id);
CREATE INDEX IF NOT EXISTS chunks_resolution ON chunks (resolution) WHERE resolution != '';
CREATE TABLE IF NOT EXISTS failures (
    root TEXT NOT NULL,
    file TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (root, file)
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT OR IGNORE INTO meta VALUES ('version', '0');
"""


@dataclass
class ChunkRecord:
    chunk_id: str
    text: str
    section: str
    page: int | None
    page_end: int | None
    resolution: str
    terms: list[str]
    grams: list[str]


@dataclass
class DocumentRecord:
    doc_id: str
    root: str
    file: str
    source: str
    fingerprint: str
    title: str
    access: str
    doc_type: str = ""
    date: str = ""
    body: str = ""
    url: str = ""
    external_id: str = ""
    pages: int | None = None
    extra: dict = field(default_factory=dict)
    chunks: list[ChunkRecord] = field(default_factory=list)


class Store:
    def __init__(self, path: Path):
        self.connections = Connections(path)
        self.db.executescript(SCHEMA)

    @property
    def db(self) -> sqlite3.Connection:
        return self.connections.get()

    def close(self) -> None:
        self.connections.close()

    def version(self) -> int:
        """Incremented by every change; derived indexes record the version they were built from."""
        return int(self.db.execute("SELECT value FROM meta WHERE key='version'").fetchone()[0])

    def _bump(self) -> None:
        self.db.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key='version'")

    def fingerprints(self, root: str) -> dict[str, str]:
        rows = self.db.execute(
            "SELECT file, fingerprint FROM documents WHERE root = ? GROUP BY file", (root,)
        )
        return {r["file"]: r["fingerprint"] for r in rows}

    def replace_file(self, root: str, file: str, docs: list[DocumentRecord]) -> None:
        """Swap all documents of one file for new ones, atomically."""
        with self.db:
            self.db.execute("DELETE FROM documents WHERE root = ? AND file = ?", (root, file))
            for d in docs:
                self.db.execute(
                    "INSERT INTO documents (doc_id, root, file, source, external_id, title,"
                    " doc_type, date, body, url, access, pages, fingerprint, extra)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        d.doc_id, d.root, d.file, d.source, d.external_id, d.title, d.doc_type,
                        d.date, d.body, d.url, d.access, d.pages, d.fingerprint,
                        json.dumps(d.extra, ensure_ascii=False),
                    ),
                )  # fmt: skip
                self.db.executemany(
                    "INSERT INTO chunks (chunk_id, doc_id, ord, text, section, page, page_end,"
                    " resolution, terms, grams) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        (
                            c.chunk_id, d.doc_id, i, c.text, c.section, c.page, c.page_end,
                            c.resolution, " ".join(c.terms), " ".join(c.grams),
                        )
                        for i, c in enumerate(d.chunks)
                    ],
                )  # fmt: skip
            self._bump()

    def failures(self, root: str) -> dict[str, tuple[str, str]]:
        """Files that could not be read, by file: (fingerprint, reason)."""
        rows = self.db.execute(
            "SELECT file, fingerprint, reason FROM failures WHERE root = ?", (root,)
        )
        return {r["file"]: (r["fingerprint"], r["reason"]) for r in rows}

    def record_failure(self, root: str, file: str, fingerprint: str, reason: str) -> None:
        """Remember a failed file so an unchanged copy is not parsed (or OCRed) again."""
        with self.db:
            self.db.execute(
                "INSERT OR REPLACE INTO failures VALUES (?, ?, ?, ?)",
                (root, file, fingerprint, reason),
            )

    def clear_failure(self, root: str, file: str) -> None:
        with self.db:
            self.db.execute("DELETE FROM failures WHERE root = ? AND file = ?", (root, file))

    def remove_files(self, root: str, files: Iterable[str]) -> int:
        files = list(files)
        if not files:
            return 0
        with self.db:
            self.db.executemany(
                "DELETE FROM documents WHERE root = ? AND file = ?", [(root, f) for f in files]
            )
            self._bump()
        return len(files)

    def counts(self) -> tuple[int, int]:
        docs = self.db.execute("SELECT count(*) FROM documents").fetchone()[0]
        chunks = self.db.execute("SELECT count(*) FROM chunks").fetchone()[0]
        return docs, chunks

    def index_rows(self) -> Iterator[sqlite3.Row]:
        """What the lexical and dense indexes are built from, in a stable order."""
        return self.db.execute(
            "SELECT c.chunk_id, c.doc_id, c.terms, c.grams, c.text, c.section, d.title, d.access,"
            " d.doc_type, d.body, d.date FROM chunks c JOIN documents d USING (doc_id)"
            " ORDER BY c.doc_id, c.ord"
        )

    def chunks(self, chunk_ids: list[str]) -> dict[str, sqlite3.Row]:
        """Chunks with their document's metadata, keyed by chunk id."""
        out: dict[str, sqlite3.Row] = {}
        for start in range(0, len(chunk_ids), 500):
            part = chunk_ids[start : start + 500]
            rows = self.db.execute(
                "SELECT c.chunk_id, c.doc_id, c.ord, c.text, c.section, c.page, c.page_end,"
                " c.resolution, d.source, d.title, d.doc_type, d.date, d.body, d.url, d.access,"
                " d.external_id FROM chunks c JOIN documents d USING (doc_id)"
                f" WHERE c.chunk_id IN ({','.join('?' * len(part))})",
                part,
            )
            out.update((r["chunk_id"], r) for r in rows)
        return out

    def resolution_chunks(self, number: str) -> list[str]:
        rows = self.db.execute(
            "SELECT chunk_id FROM chunks WHERE resolution = ? ORDER BY doc_id, ord", (number,)
        )
        return [r[0] for r in rows]

    def document(self, doc_id: str) -> sqlite3.Row | None:
        return self.db.execute("SELECT * FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
