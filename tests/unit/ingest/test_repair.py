"""OCR repair over the store: against the clean documents' words, independent of the order
files came in, idempotent, and searchable by both the repaired and the original words."""

from __future__ import annotations

from pathlib import Path

from helpers import make_settings

from assistant.model import Chunk, Document
from assistant.search.filters import Filters
from assistant.search.lexical import Generation
from assistant.search.retrieve import SearchRequest
from assistant.service import Service
from assistant.store.writer import DocumentRecord, IndexedChunk, StoreWriter
from ingest.repair import mark_ocr, repair_ocr

CLEAN = (Document("plan", "plan.docx", "Plán akcí", "public"),
         Chunk("Cyklofestování v Liberci pořádá Koordinátor kraje."))  # fmt: skip
SCAN = (Document("sken", "sken.pdf", "Sken", "public"),
        Chunk("Koordindtor zajistí Cyklofestovdni pro potfeby 12 obcí.", page=1))  # fmt: skip


def _record(document: Document, chunk: Chunk) -> DocumentRecord:
    indexed = IndexedChunk.of(f"{document.doc_id}-0", chunk, document.title)
    return DocumentRecord(document, "root", document.source, "fp", chunks=[indexed])


def _store(path: Path, order: list) -> StoreWriter:
    writer = StoreWriter(path)
    for document, chunk in order:
        [chunk] = mark_ocr([chunk], {1} if document is SCAN[0] else set())
        writer.replace_file("root", document.source, [_record(document, chunk)])
    return writer


def test_repair_is_deterministic_idempotent_and_keeps_the_original(tmp_path: Path) -> None:
    first = _store(tmp_path / "a.db", [CLEAN, SCAN])
    second = _store(tmp_path / "b.db", [SCAN, CLEAN])
    assert repair_ocr(first) == 1 and repair_ocr(second) == 1
    assert repair_ocr(first) == 0  # nothing changed since
    texts = [list(s.ocr_chunks()) for s in (first, second)]
    assert texts[0] == texts[1]
    [(_, _, _, repaired, original, unknown)] = texts[0]
    assert repaired == "Koordinátor zajistí Cyklofestování pro potřeby 12 obcí."
    assert original == SCAN[1].text and unknown == ""


def test_words_the_repair_cannot_place_are_kept_as_unknown(tmp_path: Path) -> None:
    garbled = (SCAN[0], Chunk("Koordindtor zajistí prfedanych 12 obcí, Ridici skupina.", page=1))
    writer = _store(tmp_path / "a.db", [CLEAN, garbled])
    repair_ocr(writer)
    passage = writer.passages([f"{SCAN[0].doc_id}-0"])[f"{SCAN[0].doc_id}-0"]
    assert passage.chunk.unknown == {"prfedanych"}  # a capitalised word may be a name


def test_both_readings_are_searchable(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    writer = _store(settings.storage.db_path, [CLEAN, SCAN])
    repair_ocr(writer)
    Generation.build(writer, settings.storage.index_dir)
    writer.close()
    retriever = Service.open(settings).retriever
    for query in ("potřeby obcí", "potfeby"):
        hits = retriever.search(SearchRequest(query, Filters(), 3))
        assert hits[0].passage.document.doc_id == "sken", query
    assert hits[0].passage.chunk.text.startswith("Koordinátor")
