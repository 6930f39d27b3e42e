"""PDF pages rendered as PNG for the citation previews.

PDFium is not thread-safe: two renders at once corrupt its state (500s, then a crashed
process). Every render in the process goes through one lock, and recent pages are kept, so a
client asking for the same page again costs nothing.
"""

from __future__ import annotations

import io
import threading
from functools import lru_cache
from pathlib import Path

PDFIUM = threading.Lock()
SCALE = 1.5


@lru_cache(maxsize=64)
def _render(path: str, changed: int, size: int, number: int) -> bytes:
    import pypdfium2 as pdfium

    with PDFIUM:
        doc = pdfium.PdfDocument(path)
        try:
            if not 1 <= number <= len(doc):
                raise IndexError(number)
            image = doc[number - 1].render(scale=SCALE).to_pil()
        finally:
            doc.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def render_page(path: Path, number: int) -> bytes:
    """One PDF page as PNG; IndexError when the document has no such page. The cache key
    holds the file's modification time and size, so a replaced file is rendered afresh."""
    stat = path.stat()
    return _render(str(path), stat.st_mtime_ns, stat.st_size, number)
