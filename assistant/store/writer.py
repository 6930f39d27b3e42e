"""Ingest's side of the SQLite store: the schema, and every change of rows, each file's
documents replaced in one transaction, so a reader sees either the old or the new version,
never a mix."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path

from assistant.model import Chunk, Document, Resolution
from assistant.store.documents import DOCUMENT, Store, row_document
from assistant.text.analysis import indexed_views

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
    ocr_text TEXT NOT NULL DEFAULT '',
    unknown TEXT NOT NULL DEFAULT '',
    anchor TEXT NOT NULL DEFAULT '',
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
CREATE TABLE IF NOT EXISTS resolutions (
    doc_id TEXT NOT NULL REFERENCES documents (doc_id) ON DELETE CASCADE,
    number TEXT NOT NULL,
    page INTEGER,
    record TEXT NOT NULL,
    PRIMARY KEY (doc_id, number)
);
CREATE INDEX IF NOT EXISTS resolutions_number ON resolutions (number);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT OR IGNORE INTO meta VALUES ('version', '0');
"""
WORD = re.compile(r"[^\W\d_]{3,}")


@dataclass(frozen=True, slots=True)
class IndexedChunk:
    """A chunk as ingest stores it: with its id and its two analysed views."""

    chunk_id: str
    chunk: Chunk
    terms: list[str]
    grams: list[str]

    @classmethod
    def of(cls, chunk_id: str, chunk: Chunk, title: str) -> IndexedChunk:
        return cls(chunk_id, chunk, *indexed_views(title, chunk.section, chunk.text))


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    """A document as ingest stores it: where it came from, its chunks, what else was read."""

    document: Document
    root: str
    file: str
    fingerprint: str
    pages: int | None = None
    extra: dict = field(default_factory=dict)
    chunks: list[IndexedChunk] = field(default_factory=list)


def _record(resolution: Resolution) -> str:
    """A resolution's fields as stored (its document is the row's)."""
    r = resolution
    return json.dumps(
        {"title": r.title, "decisions": [[d.label, d.verb, d.text] for d in r.decisions],
         "vote": [r.vote.pro, r.vote.proti, r.vote.zdrzel] if r.vote else None,
         "tasks": [[t.whom, t.what, t.deadline] for t in r.tasks],
         "references": [[x.relation, x.number] for x in r.references],
         "amounts": list(r.amounts), "text": r.text},
        ensure_ascii=False,
    )  # fmt: skip


class StoreWriter(Store):
    """The ingest's handle: creates the schema, every change bumps the version, and it reads
    what only ingest needs (fingerprints, failures, the texts records and repairs are made of)."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        super().__init__(path)
        self.db.executescript(SCHEMA)
        columns = {r["name"] for r in self.db.execute("PRAGMA table_info(chunks)")}
        for column in ("ocr_text", "unknown", "anchor"):  # a database from before they were
            if column not in columns:
                self.db.execute(f"ALTER TABLE chunks ADD COLUMN {column} TEXT NOT NULL DEFAULT ''")

    @property
    def db(self) -> sqlite3.Connection:
        return self.connections.get()

    def fingerprints(self, root: str) -> dict[str, str]:
        rows = self._rows(
            "SELECT file, fingerprint FROM documents WHERE root = ? GROUP BY file", (root,)
        )
        return {r["file"]: r["fingerprint"] for r in rows}

    def failures(self, root: str) -> dict[str, tuple[str, str]]:
        """Files that could not be read, by file: (fingerprint, reason)."""
        rows = self._rows("SELECT file, fingerprint, reason FROM failures WHERE root = ?", (root,))
        return {r["file"]: (r["fingerprint"], r["reason"]) for r in rows}

    def resolution_texts(self) -> Iterator[tuple[str, Document, int | None, str]]:
        """(number, document, first page, text of its chunks in order) of every resolution."""
        rows = self.db.execute(  # streamed: a large archive's resolutions do not fit at once
            f"SELECT c.resolution, c.page, c.text, {DOCUMENT} FROM chunks c JOIN documents d"
            " USING (doc_id) WHERE c.resolution != '' ORDER BY c.doc_id, c.resolution, c.ord"
        )
        for (_, number), group in groupby(rows, key=lambda r: (r["doc_id"], r["resolution"])):
            parts = list(group)
            page = next((r["page"] for r in parts if r["page"] is not None), None)
            yield number, row_document(parts[0]), page, "\n".join(r["text"] for r in parts)

    def meta(self, key: str) -> str | None:
        rows = self._rows("SELECT value FROM meta WHERE key = ?", (key,))
        return rows[0][0] if rows else None

    def ocr_chunks(self) -> Iterator[tuple[str, str, str, str, str, str]]:
        """(chunk id, title, section, text, OCR original, unknown words) of every chunk that
        came from OCR, streamed."""
        yield from self.db.execute(
            "SELECT c.chunk_id, d.title, c.section, c.text, c.ocr_text, c.unknown FROM chunks c"
            " JOIN documents d USING (doc_id) WHERE c.ocr_text != '' ORDER BY c.chunk_id"
        )

    def has_ocr(self) -> bool:
        return bool(self._rows("SELECT 1 FROM chunks WHERE ocr_text != '' LIMIT 1"))

    def clean_words(self) -> set[str]:
        """Words of the chunks that did not come from OCR, for repairing those that did (the
        texts streamed; only the distinct words are kept)."""
        words: set[str] = set()
        for (text,) in self.db.execute("SELECT text FROM chunks WHERE ocr_text = ''"):
            words.update(WORD.findall(text))
        return words

    def _bump(self) -> None:
        self.db.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key='version'")

    def replace_file(self, root: str, file: str, records: list[DocumentRecord]) -> None:
        """Swap all documents of one file for new ones, atomically."""
        with self.db:
            self.db.execute("DELETE FROM documents WHERE root = ? AND file = ?", (root, file))
            for r in records:
                d = r.document
                self.db.execute(
                    "INSERT INTO documents (doc_id, root, file, source, external_id, title,"
                    " doc_type, date, body, url, access, pages, fingerprint, extra)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        d.doc_id, r.root, r.file, d.source, d.external_id, d.title, d.doc_type,
                        d.date, d.body, d.url, d.access, r.pages, r.fingerprint,
                        json.dumps(r.extra, ensure_ascii=False),
                    ),
                )  # fmt: skip
                self.db.executemany(
                    "INSERT INTO chunks (chunk_id, doc_id, ord, text, section, page, page_end,"
                    " resolution, ocr_text, anchor, terms, grams)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        (
                            c.chunk_id, d.doc_id, i, c.chunk.text, c.chunk.section, c.chunk.page,
                            c.chunk.page_end, c.chunk.resolution, c.chunk.ocr_text,
                            c.chunk.anchor, " ".join(c.terms), " ".join(c.grams),
                        )
                        for i, c in enumerate(r.chunks)
                    ],
                )  # fmt: skip
            self._bump()

    def replace_resolutions(self, records: Iterable[Resolution]) -> None:
        """All resolution records at once (they are derived from the chunks), in one
        transaction, streamed from `records`."""
        with self.db:
            self.db.execute("DELETE FROM resolutions")
            self.db.executemany(
                "INSERT OR REPLACE INTO resolutions (doc_id, number, page, record)"
                " VALUES (?, ?, ?, ?)",
                ((r.document.doc_id, r.number, r.page, _record(r)) for r in records),
            )

    def update_texts(self, changed: list[tuple[str, str, set[str], list[str], list[str]]]) -> None:
        """New text, unknown words and analysed views of existing chunks (repaired OCR), in
        one transaction."""
        if not changed:
            return
        with self.db:
            self.db.executemany(
                "UPDATE chunks SET text = ?, unknown = ?, terms = ?, grams = ? WHERE chunk_id = ?",
                [(text, " ".join(sorted(u)), " ".join(t), " ".join(g), cid)
                 for cid, text, u, t, g in changed],
            )  # fmt: skip
            self._bump()

    def set_meta(self, key: str, value: str) -> None:
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

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
