"""Loaders by file type; the content must match the extension or the file is refused."""

from __future__ import annotations

from pathlib import Path

from ingest.errors import IngestError
from ingest.loaders.archive import REQUIRED, check_archive
from ingest.loaders.docx import load_docx
from ingest.loaders.html import load_html
from ingest.loaders.jsonl import load_jsonl
from ingest.loaders.ocr import Ocr
from ingest.loaders.office import OFFICE_SUFFIXES, load_office
from ingest.loaders.pdf import load_pdf
from ingest.loaders.text import load_text
from ingest.parsed import Parsed

ZIP = b"PK\x03\x04"
OLE = b"\xd0\xcf\x11\xe0"
MAGIC = {
    ".pdf": (b"%PDF",),
    ".docx": (ZIP,),
    ".pptx": (ZIP,),
    ".odt": (ZIP,),
    ".doc": (OLE,),
    ".rtf": (b"{\\rtf",),
}
KIND_BY_MAGIC = {b"%PDF": "PDF", ZIP: "ZIP (DOCX/ODT/PPTX)", OLE: "OLE (DOC/XLS)", b"{\\rtf": "RTF"}
TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
SUFFIXES = {".pdf", ".docx", ".jsonl"} | TEXT_SUFFIXES | HTML_SUFFIXES | OFFICE_SUFFIXES


def _check_magic(path: Path, suffix: str) -> None:
    with path.open("rb") as handle:
        head = handle.read(1024)
    if not head:
        raise IngestError("soubor je prázdný (0 bajtů)")
    expected = MAGIC.get(suffix)
    if expected is None:
        return
    start = head.lstrip()[:8] if suffix == ".rtf" else head
    if suffix == ".pdf" and b"%PDF" in head:
        return
    if not any(start.startswith(m) for m in expected):
        actual = next((name for m, name in KIND_BY_MAGIC.items() if head.startswith(m)), "")
        found = f"obsahem je {actual}" if actual else "obsah neodpovídá formátu"
        raise IngestError(f"soubor má příponu {suffix}, ale {found}")


def load(path: Path, ocr: Ocr) -> list[Parsed]:
    """Parse one file into one document (or one per record for JSONL)."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise IngestError(f"nepodporovaný typ souboru {suffix or '(bez přípony)'}")
    _check_magic(path, suffix)
    if suffix in REQUIRED:
        check_archive(path, suffix)
    if suffix == ".pdf":
        return [load_pdf(path, ocr)]
    if suffix == ".docx":
        return [load_docx(path)]
    if suffix in HTML_SUFFIXES:
        return [load_html(path)]
    if suffix in TEXT_SUFFIXES:
        return [load_text(path)]
    if suffix == ".jsonl":
        return load_jsonl(path)
    return [load_office(path)]
