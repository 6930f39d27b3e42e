"""PDF pages rendered as PNG for the citation previews."""

from __future__ import annotations

import io
from pathlib import Path


def render_page(path: Path, number: int, scale: float = 1.5) -> bytes:
    """One PDF page as PNG; IndexError when the document has no such page."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(path)
    try:
        if not 1 <= number <= len(doc):
            raise IndexError(number)
        image = doc[number - 1].render(scale=scale).to_pil()
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        return buffer.getvalue()
    finally:
        doc.close()
