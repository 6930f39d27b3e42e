"""The system of record for documents and chunks (SQLite or PostgreSQL): the reads of the
service.

Everything else (BM25 indexes, the Chroma collection) is derived from this database and can be
rebuilt from it. `Store` only reads (a missing database reads as empty); ingest's
`StoreWriter` (`assistant.store.writer`) migrates the schema and changes rows.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

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
from assistant.store.database import Database
from assistant.store.schema import chunks, documents, meta, resolutions

DOCUMENT = tuple(
    documents.c[name]
    for name in ("doc_id", "source", "title", "access", "doc_type", "date", "body", "url",
                 "external_id")
)  # fmt: skip
CHUNK = tuple(
    chunks.c[name]
    for name in ("chunk_id", "text", "section", "page", "page_end", "resolution", "ocr_text",
                 "unknown", "anchor")
)  # fmt: skip
JOINED = chunks.join(documents, chunks.c.doc_id == documents.c.doc_id)
# Built once: a search reads its passages with it (statement construction was half the time).
PASSAGES = (
    sa.select(*CHUNK, *DOCUMENT)
    .select_from(JOINED)
    .where(chunks.c.chunk_id.in_(sa.bindparam("ids", expanding=True)))
)
META = sa.select(meta.c.value).where(meta.c.key == sa.bindparam("key"))
DOCUMENT_ROW = sa.select(documents.c.root, documents.c.file, documents.c.pages, *DOCUMENT).where(
    documents.c.doc_id == sa.bindparam("doc_id")
)
TEXTS = (
    sa.select(chunks.c.text).where(chunks.c.doc_id == sa.bindparam("doc_id")).order_by(chunks.c.ord)
)
RESOLUTION_CHUNKS = (
    sa.select(chunks.c.chunk_id)
    .where(chunks.c.resolution == sa.bindparam("number"))
    .order_by(chunks.c.doc_id, chunks.c.ord)
)
BATCH = 500
STREAM = {"yield_per": 2000}  # rows fetched at a time (PostgreSQL: a server-side cursor)


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


def row_document(row: sa.Row) -> Document:
    """The document of a row that ends with the `DOCUMENT` columns (they are its fields)."""
    return Document(*row[-len(DOCUMENT) :])


def _passage(row: sa.Row) -> Passage:
    chunk_id, text, section, page, page_end, resolution, ocr_text, unknown, anchor = row[:9]
    chunk = Chunk(text, section, page, page_end, resolution, ocr_text,
                  frozenset(unknown.split()), anchor)  # fmt: skip
    return Passage(chunk_id, chunk, row_document(row))


def _resolution(row: sa.Row, document: Document) -> Resolution:
    data = json.loads(row.record)
    return Resolution(
        number=row.number,
        title=data["title"],
        decisions=tuple(Decision(*d) for d in data["decisions"]),
        vote=Vote(*data["vote"]) if data["vote"] else None,
        tasks=tuple(Task(*t) for t in data["tasks"]),
        references=tuple(Reference(*x) for x in data["references"]),
        amounts=tuple(data["amounts"]),
        text=data["text"],
        document=document,
        page=row.page,
    )


def _missing_table(exc: sa.exc.DBAPIError) -> bool:
    """A database no writer has migrated yet (SQLite's message, PostgreSQL's SQLSTATE)."""
    return "no such table" in str(exc.orig) or getattr(exc.orig, "sqlstate", "") == "42P01"


class Store:
    """Reads the database; never writes, and reads a database that does not exist as empty."""

    def __init__(self, target: str | Path):
        self.database = Database(target)

    def close(self) -> None:
        self.database.close()

    def _rows(self, statement: sa.Executable, params: dict | None = None) -> list[sa.Row]:
        with self._result(statement, params, {}) as result:
            return result.all() if result is not None else []

    def _stream(self, statement: sa.Executable, params: dict | None = None) -> Iterator[sa.Row]:
        """The rows of a query as they are read."""
        with self._result(statement, params, STREAM) as result:
            if result is not None:
                yield from result

    @contextmanager
    def _result(
        self, statement: sa.Executable, params: dict | None, options: dict
    ) -> Iterator[sa.CursorResult | None]:
        """A query's result, None from a database not created yet."""
        if not self.database.exists():
            yield None
            return
        with self.database.engine.connect() as connection:
            try:
                result = connection.execution_options(**options).execute(statement, params)
            except sa.exc.DBAPIError as exc:
                if not _missing_table(exc):
                    raise
                result = None
            yield result

    def version(self) -> int:
        """Incremented by every change; derived indexes record the version they were built from."""
        return int(self.meta("version") or 0)

    def meta(self, key: str) -> str | None:
        """A value ingest keeps beside the rows (what it last derived, at which version)."""
        rows = self._rows(META, {"key": key})
        return rows[0][0] if rows else None

    def counts(self, public_only: bool = False) -> tuple[int, int]:
        """Documents and chunks, of public documents only when asked."""
        count = sa.select(sa.func.count()).select_from(documents)
        docs = self._count(count.where(documents.c.access == "public") if public_only else count)
        # On the chunks' doc_id index (the table holds every text: GBs at a million chunks),
        # the public ones as all but those of the (fewer) internal documents: under a second
        # at 1M, against 2.7 s for the join (readiness checks ask for it).
        chunk_count = self._count(sa.select(sa.func.count()).select_from(chunks))
        if public_only:
            internal = sa.select(documents.c.doc_id).where(documents.c.access != "public")
            of_internal = sa.select(sa.func.count()).select_from(chunks)
            if self.database.sqlite:
                of_internal = of_internal.with_hint(chunks, "INDEXED BY chunks_doc", "sqlite")
            chunk_count -= self._count(of_internal.where(chunks.c.doc_id.in_(internal)))
        return docs, chunk_count

    def _count(self, statement: sa.Select) -> int:
        rows = self._rows(statement)
        return rows[0][0] if rows else 0

    def index_rows(self, analysed: bool = True) -> Iterator[IndexRow]:
        """Every chunk in a stable order, for building the derived indexes, streamed; without
        `analysed` its terms and n-grams are left out (the vectors need only the text)."""
        views = (
            (chunks.c.terms, chunks.c.grams)
            if analysed
            else (sa.literal("").label("terms"), sa.literal("").label("grams"))
        )
        statement = (
            sa.select(*CHUNK, *views, *DOCUMENT)
            .select_from(JOINED)
            .order_by(chunks.c.doc_id, chunks.c.ord)
        )
        for row in self._stream(statement):
            yield IndexRow(
                row.chunk_id, row_document(row), row.text, row.section, row.terms.split(),
                row.grams.split(),
            )  # fmt: skip

    def passages(self, chunk_ids: list[str]) -> dict[str, Passage]:
        """Chunks with their documents, keyed by chunk id."""
        out: dict[str, Passage] = {}
        for start in range(0, len(chunk_ids), BATCH):
            part = chunk_ids[start : start + BATCH]
            out.update((r[0], _passage(r)) for r in self._rows(PASSAGES, {"ids": part}))
        return out

    def resolution_chunks(self, number: str) -> list[str]:
        return [r[0] for r in self._rows(RESOLUTION_CHUNKS, {"number": number})]

    def texts(self, doc_id: str) -> list[str]:
        """A document's chunk texts in order."""
        return [r[0] for r in self._rows(TEXTS, {"doc_id": doc_id})]

    def resolutions(self) -> Iterator[Resolution]:
        """Every resolution record, oldest meeting first, streamed (a decade of the council is
        tens of thousands of records); the records of one document share its `Document`."""
        statement = (
            sa.select(resolutions.c.number, resolutions.c.page, resolutions.c.record, *DOCUMENT)
            .select_from(resolutions.join(documents))
            .order_by(documents.c.date, resolutions.c.number)
        )
        by_id: dict[str, Document] = {}
        for row in self._stream(statement):
            document = by_id.get(row.doc_id)
            if document is None:
                document = by_id[row.doc_id] = row_document(row)
            yield _resolution(row, document)

    def document(self, doc_id: str) -> StoredDocument | None:
        rows = self._rows(DOCUMENT_ROW, {"doc_id": doc_id})
        if not rows:
            return None
        row = rows[0]
        return StoredDocument(row_document(row), row.root, row.file, row.pages)

    def facets(self) -> dict[str, list[str]]:
        """Document types and bodies present, for the research filters."""
        return {
            key: [r[0] for r in self._rows(
                sa.select(column).distinct().where(column != "").order_by(column)
            )]
            for key, column in (("doc_types", documents.c.doc_type), ("bodies", documents.c.body))
        }  # fmt: skip
