"""Other office formats (DOC, ODT, PPTX, EML, RTF) through unstructured, offline.

unstructured 0.27 downloads a spaCy English model on first use and pings telemetry on
import; both are switched off here, and the model is replaced by a blank multilingual
pipeline (no weights), which is all the partitioners need to split text.
"""

from __future__ import annotations

import os
import shutil
from functools import cache
from pathlib import Path

from ingest.errors import IngestError
from ingest.parsed import Block, Parsed

OFFICE_SUFFIXES = {".doc", ".odt", ".pptx", ".eml", ".rtf"}
NEEDS_LIBREOFFICE = {".doc", ".rtf"}


@cache
def _offline_unstructured() -> None:
    for name in ("DO_NOT_TRACK", "SCARF_NO_ANALYTICS", "UNSTRUCTURED_DISABLE_NOTICE"):
        os.environ.setdefault(name, "1")
    import spacy
    from unstructured.nlp import tokenize

    nlp = spacy.blank("xx")
    nlp.add_pipe("sentencizer")
    tokenize._load_spacy_model = lambda: nlp
    tokenize._get_nlp.cache_clear()


def _table_rows(html: str) -> list[list[str]]:
    import lxml.html

    root = lxml.html.fragment_fromstring(html, create_parent="div")
    rows = [
        [" ".join(c.text_content().split()) for c in tr.xpath("./th|./td")]
        for tr in root.iter("tr")
    ]
    return [r for r in rows if any(r)]


def load_office(path: Path) -> Parsed:
    suffix = path.suffix.lower()
    if suffix in NEEDS_LIBREOFFICE and not shutil.which("soffice"):
        raise IngestError(
            f"pro formát {suffix} je potřeba LibreOffice (balíček libreoffice-writer-nogui)"
        )
    try:
        _offline_unstructured()
        from unstructured.partition.auto import partition
        from unstructured.partition.doc import partition_doc
    except ImportError as exc:
        raise IngestError(f"formát {suffix} vyžaduje balíček unstructured ({exc})") from exc
    # Word RTF in code page 1250 is garbled by pandoc; LibreOffice reads it correctly.
    read = partition_doc if suffix == ".rtf" else partition
    try:
        elements = read(filename=str(path))
    except Exception as exc:
        raise IngestError(f"soubor {suffix} se nepodařilo přečíst ({exc})") from exc
    blocks: list[Block] = []
    for el in elements:
        text = " ".join(str(el).split())
        page = getattr(el.metadata, "page_number", None)
        html = getattr(el.metadata, "text_as_html", None)
        if el.category == "Table" and html:
            rows = _table_rows(html)
            if rows:
                blocks.append(Block("table", "", page, rows=rows))
        elif not text or el.category in ("PageBreak", "Header", "Footer", "PageNumber"):
            continue
        elif el.category == "Title" and len(text) <= 120:
            blocks.append(Block("heading", text, page, (el.metadata.category_depth or 0) + 1))
        elif el.category == "ListItem":
            blocks.append(Block("list", text, page))
        else:
            blocks.append(Block("text", text, page))
    if not blocks:
        raise IngestError(f"ze souboru {suffix} se nepodařilo získat žádný text")
    pages = max((b.page for b in blocks if b.page), default=None)
    title = next((b.text for b in blocks if b.kind == "heading"), "")
    return Parsed(blocks=blocks, title=title, pages=pages)
