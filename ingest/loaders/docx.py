"""DOCX with python-docx: heading styles, list items, tables, and page breaks for page numbers."""

from __future__ import annotations

import re
from pathlib import Path

from ingest.errors import IngestError
from ingest.layout import BULLET, line_broken, reflow
from ingest.parsed import Block, Parsed

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _style_level(style: str) -> int:
    """Heading level from a style name in English or Czech Word."""
    name = style.lower()
    if name in ("title", "název"):
        return 1
    m = re.match(r"(?:heading|nadpis)\s*(\d)", name)
    return int(m.group(1)) if m else 0


def _page_breaks(element) -> int:
    rendered = len(element.findall(f".//{W}lastRenderedPageBreak"))
    explicit = sum(1 for br in element.iter(f"{W}br") if br.get(f"{W}type") == "page")
    return max(rendered, explicit)


def _cell_text(cell) -> str:
    return re.sub(r"\s+", " ", cell.text).strip()


def load_docx(path: Path) -> Parsed:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # lxml's XMLSyntaxError and python-docx's package errors
        raise IngestError(f"poškozený DOCX soubor ({type(exc).__name__}: {exc})") from None
    body = list(document.element.body.iterchildren())
    texts = [Paragraph(e, document).text.strip() for e in body if e.tag == f"{W}p"]
    broken = line_broken([t for t in texts if t])
    page = 1
    lines: list[tuple[str, int | None]] = []
    blocks: list[Block] = []

    def flush() -> None:
        if broken:
            blocks.extend(reflow(lines))
        else:
            blocks.extend(b for line in lines for b in reflow([line], headings=False))
        lines.clear()

    for element in body:
        if element.tag == f"{W}p":
            paragraph = Paragraph(element, document)
            text = paragraph.text.strip()
            style = paragraph.style.name if paragraph.style is not None else ""
            level = _style_level(style)
            is_list = "list" in style.lower() or element.find(f".//{W}numPr") is not None
            if text and level:
                flush()
                blocks.append(Block("heading", text, page, level))
            elif text and is_list and not BULLET.match(text):
                lines.append(("• " + text, page))
            elif text:
                lines.append((text, page))
            page += _page_breaks(element)
        elif element.tag == f"{W}tbl":
            flush()
            rows = [[_cell_text(c) for c in row.cells] for row in Table(element, document).rows]
            rows = [r for r in rows if any(r)]
            if rows:
                blocks.append(Block("table", "", page, rows=rows))
            page += _page_breaks(element)
    flush()
    if not blocks:
        raise IngestError("DOCX neobsahuje žádný text")
    headings = sorted((b for b in blocks if b.kind == "heading"), key=lambda b: b.level)
    title = (document.core_properties.title or "").strip() or (headings[0].text if headings else "")
    return Parsed(blocks=blocks, title=title, pages=page)
