"""SQLite system of record for documents and chunks: the reads of the service.

Everything else (BM25 indexes, the Chroma collection) is derived from this database and can be
rebuilt from it. `Store` only reads (a missing database reads as empty); ingest's
`StoreWriter` (`assistant.store.writer`) creates the schema and changes rows.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from assistant.model import (
    Chunk,
    Decision,
    Document,
    Passage,
    Reference,
    Resolution,
    Task,
    Vote,
)
from assistant.store.sqlite import Connections

DOCUMENT = "d.doc_id, d.source, d.title, d.access, d.doc_type, d.date, d.body, d.url, d.external_id"
CHUNK = (
    "c.chunk_id, c.text, c.section, c.page, c.page_end, c.resolution, c.ocr_text, c.unknown,"
    " c.anchor"
)
BATCH = 500


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """A document with what the service needs to hand out its file."""

    document: Document
    root: str
    file: str
    pages: int | None


@dataclass(frozen=True, slots=True)
class IndexRow:
    """What the lexical and dense indexes are built from."""

    chunk_id: str
    document: Document
    text: str
    section: str
    terms: list[str]
    grams: list[str]


def row_document(row: sqlite3.Row) -> Document:
    return Document(
        doc_id=row["doc_id"],
        source=row["source"],
        title=row["title"],
        access=row["access"],
        doc_type=row["doc_type"],
        date=row["date"],
        body=row["body"],
        url=row["url"],
        external_id=row["external_id"],
    )


def _passage(row: sqlite3.Row) -> Passage:
    chunk = Chunk(
        row["text"], row["section"], row["page"], row["page_end"], row["resolution"],
        row["ocr_text"], frozenset(row["unknown"].split()), row["anchor"],
    )  # fmt: skip
    return Passage(row["chunk_id"], chunk, row_document(row))


def _resolution(row: sqlite3.Row, document: Document) -> Resolution:
    data = json.loads(row["record"])
    return Resolution(
        number=row["number"],
        title=data["title"],
        decisions=tuple(Decision(*d) for d in data["decisions"]),
        vote=Vote(*data["vote"]) if data["vote"] else None,
        tasks=tuple(Task(*t) for t in data["tasks"]),
        references=tuple(Reference(*x) for x in data["references"]),
        amounts=tuple(data["amounts"]),
        text=data["text"],
        document=document,
        page=row["page"],
    )


class Store:
    """Reads the database; never writes, and reads a database that does not exist as empty."""

    def __init__(self, path: Path):
        self.path = path
        self.connections = Connections(path)

    def close(self) -> None:
        self.connections.close()

    def _rows(self, sql: str, params: Iterable = ()) -> list[sqlite3.Row]:
        return list(self._cursor(sql, params))

    def _cursor(self, sql: str, params: Iterable = ()) -> Iterable[sqlite3.Row]:
        """The rows of a query as they are read (none from a database not created yet)."""
        if not self.path.exists():
            return []
        try:
            return self.connections.get().execute(sql, tuple(params))
        except sqlite3.OperationalError as exc:
            if "no such table" in str(exc):
                return []
            raise

    def version(self) -> int:
        """Incremented by every change; derived indexes record the version they were built from."""
        rows = self._rows("SELECT value FROM meta WHERE key = 'version'")
        return int(rows[0][0]) if rows else 0

    def counts(self, public_only: bool = False) -> tuple[int, int]:
        """Documents and chunks, of public documents only when asked."""
        where = " WHERE access = 'public'" if public_only else ""
        docs = self._count(f"SELECT count(*) FROM documents{where}")
        # On the chunks' doc_id index (the table holds every text: GBs at a million chunks),
        # the public ones as all but those of the (fewer) internal documents: under a second
        # at 1M, against 2.7 s for the join (readiness checks ask for it).
        chunks = self._count("SELECT count(*) FROM chunks")
        if public_only:
            chunks -= self._count(
                "SELECT count(*) FROM chunks INDEXED BY chunks_doc WHERE doc_id IN"
                " (SELECT doc_id FROM documents WHERE access != 'public')"
            )
        return docs, chunks

    def _count(self, sql: str) -> int:
        rows = self._rows(sql)
        return rows[0][0] if rows else 0

    def index_rows(self, analysed: bool = True) -> Iterator[IndexRow]:
        """Every chunk in a stable order, for building the derived indexes, streamed; without
        `analysed` its terms and n-grams are left out (the vectors need only the text)."""
        if not self.path.exists():
            return
        views = "c.terms, c.grams" if analysed else "'' AS terms, '' AS grams"
        cursor = self.connections.get().execute(
            f"SELECT {CHUNK}, {views}, {DOCUMENT} FROM chunks c"
            " JOIN documents d USING (doc_id) ORDER BY c.doc_id, c.ord"
        )
        for row in cursor:
            yield IndexRow(
                row["chunk_id"], row_document(row), row["text"], row["section"],
                row["terms"].split(), row["grams"].split(),
            )  # fmt: skip

    def passages(self, chunk_ids: list[str]) -> dict[str, Passage]:
        """Chunks with their documents, keyed by chunk id."""
        out: dict[str, Passage] = {}
        for start in range(0, len(chunk_ids), BATCH):
            part = chunk_ids[start : start + BATCH]
            rows = self._rows(
                f"SELECT {CHUNK}, {DOCUMENT} FROM chunks c JOIN documents d USING (doc_id)"
                f" WHERE c.chunk_id IN ({','.join('?' * len(part))})",
                part,
            )
            out.update((r["chunk_id"], _passage(r)) for r in rows)
        return out

    def resolution_chunks(self, number: str) -> list[str]:
        rows = self._rows(
            "SELECT chunk_id FROM chunks WHERE resolution = ? ORDER BY doc_id, ord", (number,)
        )
        return [r[0] for r in rows]

    def texts(self, doc_id: str) -> list[str]:
        """A document's chunk texts in order."""
        rows = self._rows("SELECT text FROM chunks WHERE doc_id = ? ORDER BY ord", (doc_id,))
        return [r[0] for r in rows]

    def resolutions(self) -> Iterator[Resolution]:
        """Every resolution record, oldest meeting first, streamed (a decade of the council is
        tens of thousands of records); the records of one document share its `Document`."""
        cursor = self._cursor(
            f"SELECT r.number, r.page, r.record, {DOCUMENT} FROM resolutions r"
            " JOIN documents d USING (doc_id) ORDER BY d.date, r.number"
        )
        documents: dict[str, Document] = {}
        for row in cursor:
            document = documents.get(row["doc_id"])
            if document is None:
                document = documents[row["doc_id"]] = row_document(row)
            yield _resolution(row, document)

    def document(self, doc_id: str) -> StoredDocument | None:
        rows = self._rows(
            f"SELECT {DOCUMENT}, d.root, d.file, d.pages FROM documents d WHERE d.doc_id = ?",
            (doc_id,),
        )
        if not rows:
            return None
        row = rows[0]
        return StoredDocument(row_document(row), row["root"], row["file"], row["pages"])

    def facets(self) -> dict[str, list[str]]:
        """Document types and bodies present, for the research filters."""
        types = self._rows(
            "SELECT DISTINCT doc_type FROM documents WHERE doc_type != '' ORDER BY 1"
        )
        bodies = self._rows("SELECT DISTINCT body FROM documents WHERE body != '' ORDER BY 1")
        return {"doc_types": [r[0] for r in types], "bodies": [r[0] for r in bodies]}
