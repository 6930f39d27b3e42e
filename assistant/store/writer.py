"""Ingest's side of the store: the schema's migration, and every change of rows, each file's
documents replaced in one transaction, so a reader sees either the old or the new version,
never a mix."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from itertools import groupby, islice
from pathlib import Path

import sqlalchemy as sa

from assistant.model import Chunk, Document, Resolution
from assistant.store.documents import BATCH, DOCUMENT, JOINED, Store, row_document
from assistant.store.schema import chunks, documents, failures, meta, resolutions
from assistant.text.analysis import indexed_views

# Built once: an ingest runs them for every file. Every change of rows bumps the version.
BUMP = (
    meta.update()
    .where(meta.c.key == "version")
    .values(value=sa.cast(sa.cast(meta.c.value, sa.Integer) + 1, sa.Text))
)
DELETE_FILE = documents.delete().where(
    documents.c.root == sa.bindparam("root"), documents.c.file == sa.bindparam("file")
)
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
    """The ingest's handle: migrates the schema, every change bumps the version, and it reads
    what only ingest needs (fingerprints, failures, the texts records and repairs are made of)."""

    def __init__(self, target: str | Path):
        super().__init__(target)
        self.database.migrate("index")

    def fingerprints(self, root: str) -> dict[str, str]:
        rows = self._rows(
            sa.select(documents.c.file, sa.func.min(documents.c.fingerprint))
            .where(documents.c.root == root)
            .group_by(documents.c.file)
        )
        return {file: fingerprint for file, fingerprint in rows}

    def failures(self, root: str) -> dict[str, tuple[str, str]]:
        """Files that could not be read, by file: (fingerprint, reason)."""
        rows = self._rows(
            sa.select(failures.c.file, failures.c.fingerprint, failures.c.reason).where(
                failures.c.root == root
            )
        )
        return {r.file: (r.fingerprint, r.reason) for r in rows}

    def resolution_texts(self) -> Iterator[tuple[str, Document, int | None, str]]:
        """(number, document, first page, text of its chunks in order) of every resolution."""
        rows = self._stream(  # a large archive's resolutions do not fit at once
            sa.select(chunks.c.resolution, chunks.c.page, chunks.c.text, *DOCUMENT)
            .select_from(JOINED)
            .where(chunks.c.resolution != "")
            .order_by(chunks.c.doc_id, chunks.c.resolution, chunks.c.ord)
        )
        for (_, number), group in groupby(rows, key=lambda r: (r.doc_id, r.resolution)):
            parts = list(group)
            page = next((r.page for r in parts if r.page is not None), None)
            yield number, row_document(parts[0]), page, "\n".join(r.text for r in parts)

    def ocr_chunks(self) -> Iterator[tuple[str, str, str, str, str, str]]:
        """(chunk id, title, section, text, OCR original, unknown words) of every chunk that
        came from OCR, streamed."""
        for row in self._stream(
            sa.select(chunks.c.chunk_id, documents.c.title, chunks.c.section, chunks.c.text,
                      chunks.c.ocr_text, chunks.c.unknown)
            .select_from(JOINED).where(chunks.c.ocr_text != "").order_by(chunks.c.chunk_id)
        ):  # fmt: skip
            yield tuple(row)

    def has_ocr(self) -> bool:
        return bool(self._rows(sa.select(1).where(chunks.c.ocr_text != "").limit(1)))

    def clean_words(self) -> set[str]:
        """Words of the chunks that did not come from OCR, for repairing those that did (the
        texts streamed; only the distinct words are kept)."""
        words: set[str] = set()
        for (text,) in self._stream(sa.select(chunks.c.text).where(chunks.c.ocr_text == "")):
            words.update(WORD.findall(text))
        return words

    def replace_file(self, root: str, file: str, records: list[DocumentRecord]) -> None:
        """Swap all documents of one file for new ones, atomically."""
        rows = [
            {**asdict(r.document), "root": r.root, "file": r.file, "pages": r.pages,
             "fingerprint": r.fingerprint, "extra": json.dumps(r.extra, ensure_ascii=False)}
            for r in records
        ]  # fmt: skip
        parts = [
            {"chunk_id": c.chunk_id, "doc_id": r.document.doc_id, "ord": i, "text": c.chunk.text,
             "section": c.chunk.section, "page": c.chunk.page, "page_end": c.chunk.page_end,
             "resolution": c.chunk.resolution, "ocr_text": c.chunk.ocr_text, "unknown": "",
             "anchor": c.chunk.anchor, "terms": " ".join(c.terms), "grams": " ".join(c.grams)}
            for r in records
            for i, c in enumerate(r.chunks)
        ]  # fmt: skip
        with self.database.engine.begin() as connection:
            connection.execute(DELETE_FILE, {"root": root, "file": file})
            if rows:
                connection.execute(documents.insert(), rows)
            if parts:
                connection.execute(chunks.insert(), parts)
            connection.execute(BUMP)

    def replace_resolutions(self, records: Iterable[Resolution]) -> None:
        """All resolution records at once (they are derived from the chunks), in one
        transaction, streamed from `records`."""
        statement = self.database.upsert(resolutions, ("doc_id", "number"))
        rows = (
            {"doc_id": r.document.doc_id, "number": r.number, "page": r.page,
             "record": _record(r)}
            for r in records
        )  # fmt: skip
        with self.database.engine.begin() as connection:
            connection.execute(resolutions.delete())
            while batch := list(islice(rows, BATCH)):
                connection.execute(statement, batch)

    def update_texts(self, changed: list[tuple[str, str, set[str], list[str], list[str]]]) -> None:
        """New text, unknown words and analysed views of existing chunks (repaired OCR), in
        one transaction."""
        if not changed:
            return
        statement = (
            chunks.update()
            .where(chunks.c.chunk_id == sa.bindparam("id"))
            .values(text=sa.bindparam("new_text"), unknown=sa.bindparam("new_unknown"),
                    terms=sa.bindparam("new_terms"), grams=sa.bindparam("new_grams"))
        )  # fmt: skip
        with self.database.engine.begin() as connection:
            connection.execute(statement, [
                {"id": cid, "new_text": text, "new_unknown": " ".join(sorted(u)),
                 "new_terms": " ".join(t), "new_grams": " ".join(g)}
                for cid, text, u, t, g in changed
            ])  # fmt: skip
            connection.execute(BUMP)

    def set_meta(self, key: str, value: str) -> None:
        with self.database.engine.begin() as connection:
            connection.execute(self.database.upsert(meta, ("key",)), {"key": key, "value": value})

    def record_failure(self, root: str, file: str, fingerprint: str, reason: str) -> None:
        """Remember a failed file so an unchanged copy is not parsed (or OCRed) again."""
        row = {"root": root, "file": file, "fingerprint": fingerprint, "reason": reason}
        with self.database.engine.begin() as connection:
            connection.execute(self.database.upsert(failures, ("root", "file")), row)

    def clear_failure(self, root: str, file: str) -> None:
        with self.database.engine.begin() as connection:
            connection.execute(
                failures.delete().where(failures.c.root == root, failures.c.file == file)
            )

    def remove_files(self, root: str, files: Iterable[str]) -> int:
        files = list(files)
        if not files:
            return 0
        with self.database.engine.begin() as connection:
            for start in range(0, len(files), BATCH):
                part = files[start : start + BATCH]
                connection.execute(
                    documents.delete().where(documents.c.root == root, documents.c.file.in_(part))
                )
            connection.execute(BUMP)
        return len(files)
