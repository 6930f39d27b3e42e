"""OCR text repaired before it is indexed. Chunks from pages that OCR read, or whose text
layer lost its diacritics, keep their original in `ocr_text`; after each ingest their `text`
is corrected by `assistant.text.spelling` against a Czech word list and the words of all clean
chunks in the store, and both are indexed. Run over the final store, the repair does not
depend on the order files were parsed in (an interrupted and resumed ingest ends the same)."""

from __future__ import annotations

from dataclasses import replace

from assistant.model import Chunk
from assistant.store.writer import StoreWriter
from assistant.text.analysis import indexed_views
from assistant.text.spelling import Speller, lost_diacritics


def mark_ocr(chunks: list[Chunk], ocr_pages: set[int]) -> list[Chunk]:
    """Chunks on pages OCR read keep their text also as `ocr_text`, to be repaired."""
    return [replace(c, ocr_text=c.text) if c.page and _pages(c) & ocr_pages else c for c in chunks]


def _pages(chunk: Chunk) -> set[int]:
    return set(range(chunk.page, (chunk.page_end or chunk.page) + 1))


def repair_ocr(store: StoreWriter) -> int:
    """Correct every OCR chunk against the current clean vocabulary; returns chunks changed."""
    if store.meta("repaired") == str(store.version()):
        return 0
    changed = []
    if store.has_ocr():
        speller = Speller.czech().with_words(store.clean_words())
        # Read in full before the changes are written: a table is not changed under a cursor.
        for chunk_id, title, section, text, original, stored in list(store.ocr_chunks()):
            repaired = speller.correct(original, lost_diacritics(original))
            unknown = speller.unknown(repaired)
            if repaired != text or unknown != set(stored.split()):
                views = indexed_views(title, section, f"{repaired}\n{original}")
                changed.append((chunk_id, repaired, unknown, *views))
    store.update_texts(changed)
    store.set_meta("repaired", str(store.version()))
    return len(changed)
