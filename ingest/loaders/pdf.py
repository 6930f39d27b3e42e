"""PDF text per page: pypdfium2 (fast), pypdf as fallback, tesseract OCR for scanned pages."""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from assistant.text.spelling import lost_diacritics
from ingest.errors import IngestError
from ingest.layout import is_page_number, reflow
from ingest.loaders.ocr import Ocr
from ingest.parsed import Parsed

MIN_TEXT_CHARS = 25


VOWELS = set("aeiouyáéíóúůýěAEIOUYÁÉÍÓÚŮÝĚ")


def garbled(text: str) -> bool:
    """A text layer that is not text: fonts without a usable Unicode map produce control
    characters and capital-letter soup with far fewer vowels than any European language
    (~40 %); OCR of such glyphs gives the same soup."""
    if len(text.strip()) < MIN_TEXT_CHARS:
        return False
    if sum(1 for c in text if ord(c) < 32 and c not in "\r\n\t") > 0.01 * len(text):
        return True
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 100:
        return False
    vowels = sum(1 for c in letters if c in VOWELS) / len(letters)
    upper = sum(1 for c in letters if c.isupper()) / len(letters)
    return vowels < 0.25 or (upper > 0.6 and vowels < 0.33)


@dataclass
class Pages:
    """Text layer per page, and which pages need OCR or could not be read at all."""

    texts: list[str]
    needs_ocr: list[int]
    broken: list[int]
    meta: dict[str, str]


def _pdfium_pages(path: Path) -> Pages:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        doc = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise IngestError("PDF je zašifrovaný heslem") from exc
        raise
    try:
        pages = Pages([], [], [], doc.get_metadata_dict(skip_empty=True))
        for i in range(len(doc)):
            try:
                page = doc[i]
                text = page.get_textpage().get_text_range()
            except pdfium.PdfiumError:
                pages.texts.append("")
                pages.broken.append(i)
                continue
            scanned = len(text.strip()) < MIN_TEXT_CHARS and any(
                obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE for obj in page.get_objects()
            )
            if scanned or garbled(text):
                pages.needs_ocr.append(i)
                text = ""
            pages.texts.append(text)
        return pages
    finally:
        doc.close()


def _pypdf_pages(path: Path) -> Pages:
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    reader = PdfReader(path)
    if reader.is_encrypted:
        raise IngestError("PDF je zašifrovaný heslem")
    pages = Pages([], [], [], {k.lstrip("/"): str(v) for k, v in (reader.metadata or {}).items()})
    for i, page in enumerate(reader.pages):
        try:
            text = page.extract_text() or ""
        except Exception:
            text = ""
            pages.broken.append(i)
        if garbled(text):
            text = ""
            pages.broken.append(i)
        pages.texts.append(text)
    return pages


def read_pages(path: Path) -> Pages:
    """Text layer of every page; pypdf gets a second chance at files pdfium rejects."""
    try:
        return _pdfium_pages(path)
    except IngestError:
        raise
    except Exception as first:
        try:
            return _pypdf_pages(path)
        except IngestError:
            raise
        except Exception:
            raise IngestError(f"poškozený PDF soubor ({first})") from first


# A resolution's number line, vote or deadline may open or close many pages: content, not a
# running header.
CONTENT = re.compile(r"^(Usnesení\s+č\.|Hlasování\s*:|Termín\s*:)", re.IGNORECASE)
EDGE = 2  # lines at the top and at the bottom of a page where running headers and footers are


def _repeated_lines(pages: list[list[str]]) -> set[str]:
    """Lines at the top or bottom of most pages, digits aside: running headers and footers."""
    if len(pages) < 3:
        return set()
    counts: Counter[str] = Counter()
    for lines in pages:
        edge = lines[:EDGE] + lines[-EDGE:]
        counts.update({re.sub(r"\d+", "#", x) for x in edge if not CONTENT.match(x)})
    return {line for line, n in counts.items() if n >= max(3, len(pages) // 2)}


def _running(line: str, position: int, count: int, repeated: set[str]) -> bool:
    """A page number, or a repeated line where headers and footers are (not in the text)."""
    at_edge = position < EDGE or position >= count - EDGE
    return is_page_number(line) or (at_edge and re.sub(r"\d+", "#", line) in repeated)


def load_pdf(path: Path, ocr: Ocr) -> Parsed:
    pages = read_pages(path)
    if not pages.texts:
        raise IngestError("PDF nemá žádné stránky")
    warnings = [f"strana {i + 1}: stránku nelze načíst (poškozená)" for i in pages.broken]
    read_by_ocr: set[int] = set()
    if pages.needs_ocr:
        recognised, ocr_warnings = ocr.pages(path, pages.needs_ocr)
        warnings.extend(ocr_warnings)
        for i, text in recognised.items():
            if garbled(text):
                warnings.append(f"strana {i + 1}: ani text, ani obraz stránky nejsou čitelné")
            else:
                pages.texts[i] = text
                read_by_ocr.add(i)
    split = [[x.strip() for x in re.split(r"\r\n|\r|\n", t) if x.strip()] for t in pages.texts]
    repeated = _repeated_lines(split)
    lines: list[tuple[str, int | None]] = []
    for number, page_lines in enumerate(split, start=1):
        for position, line in enumerate(page_lines):
            if not _running(line, position, len(page_lines), repeated):
                lines.append((line, number))
    if not lines:
        reason = "; ".join(warnings) if warnings else "PDF neobsahuje žádný text"
        raise IngestError(reason)
    ocr_pages = {
        number
        for number, text in enumerate(pages.texts, start=1)
        if number - 1 in read_by_ocr or lost_diacritics(text)
    }
    return Parsed(
        blocks=reflow(lines),
        title=pages.meta.get("Title", "").strip(),
        pages=len(pages.texts),
        warnings=warnings,
        ocr_pages=ocr_pages,
    )
