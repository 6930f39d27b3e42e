"""A report as a format-neutral outline, and its two renderings: Markdown and DOCX.

A report module builds an `Outline` (a title and a list of typed blocks) once; `markdown`
and `docx` turn it into either format, so both carry the same headings, rows and text. In
Markdown, blocks are separated by a blank line; in Word, each block is one or more
paragraphs or a table.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Heading:
    text: str
    level: int = 2


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str


@dataclass(frozen=True, slots=True)
class Quote:
    """A quoted passage: "> " before each line in Markdown, the "Quote" style in Word."""

    text: str


@dataclass(frozen=True, slots=True)
class Fields:
    """Name–value pairs: a "- name: value" list in Markdown, a two-column grid in Word."""

    rows: Sequence[tuple[str, str]]


@dataclass(frozen=True, slots=True)
class Table:
    """Rows under an empty header: a pipe table in Markdown, a grid in Word with fixed column
    widths (cm) when given."""

    rows: Sequence[Sequence[str]]
    widths: Sequence[float] = ()


@dataclass(frozen=True, slots=True)
class Item:
    """A list item; its `lead` is bold in Markdown (Word keeps the item one plain run)."""

    text: str
    lead: str = ""


@dataclass(frozen=True, slots=True)
class Bullets:
    """A bulleted list; a loose one has a blank line between its items in Markdown."""

    items: Sequence[Item]
    loose: bool = False


@dataclass(frozen=True, slots=True)
class Note:
    """The closing note, in italics after a rule (Markdown); `gap` puts an empty paragraph
    before it in Word."""

    text: str
    gap: bool = False


Block = Heading | Paragraph | Quote | Fields | Table | Bullets | Note


@dataclass(slots=True)
class Outline:
    """A report: its title (the first heading and the document's title) and its blocks."""

    title: str
    blocks: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block) -> Outline:
        self.blocks.extend(blocks)
        return self


# What Markdown would read as markup in text a report copies from a document, a topic or a
# title: a heading, emphasis, a link, raw HTML, a table cell's end. Escaped, it is only text.
MARKUP = re.compile(r"([\\`*_\[\]<>#|~])")


def _text(text: str) -> str:
    """One line of text as Markdown shows it: newlines collapsed (no forged heading or
    section can start), markup characters escaped."""
    return MARKUP.sub(r"\\\1", " ".join(text.split()))


def _item(item: Item) -> str:
    text = _text(item.text)
    return f"- **{_text(item.lead)}**{text}" if item.lead else f"- {text}"


def _cells(row: Sequence[str]) -> str:
    return "| " + " | ".join(_text(cell) for cell in row) + " |"


def _markdown_lines(block: Block) -> list[str]:
    match block:
        case Heading(text, level):
            return [f"{'#' * level} {_text(text)}"]
        case Paragraph(text):
            return [_text(text)]
        case Quote(text):
            return [f"> {_text(line)}" for line in text.splitlines()]
        case Fields(rows):
            return [f"- {_text(name)}: {_text(value)}" for name, value in rows]
        case Table(rows):
            columns = len(rows[0]) if rows else 2
            return ["|" + " |" * columns, "|" + "---|" * columns, *map(_cells, rows)]
        case Bullets(items, loose):
            if not loose:
                return [_item(i) for i in items]
            lines = []
            for item in items:
                lines += ["", _item(item)]
            return lines[1:]
        case Note(text):
            return ["---", "", f"*{_text(text)}*"]
    raise TypeError(f"not a report block: {block!r}")


def markdown(outline: Outline) -> str:
    lines = [f"# {_text(outline.title)}"]
    for block in outline.blocks:
        lines += ["", *_markdown_lines(block)]
    return "\n".join(lines) + "\n"


def _docx_table(document, rows: Sequence[Sequence[str]], widths: Sequence[float]) -> None:
    from docx.shared import Cm

    table = document.add_table(rows=0, cols=len(rows[0]) if rows else 2)
    table.style = "Table Grid"
    sizes = [Cm(w) for w in widths]
    if sizes:
        table.autofit = False
        for column, size in zip(table.columns, sizes, strict=True):
            column.width = size  # LibreOffice reads the grid, Word the cells
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = value
        for cell, size in zip(cells, sizes, strict=False):
            cell.width = size


def _docx_block(document, block: Block) -> None:
    match block:
        case Heading(text, level):
            document.add_heading(text, level=level)
        case Paragraph(text):
            document.add_paragraph(text)
        case Quote(text):
            document.add_paragraph(text, style="Quote")
        case Fields(rows):
            _docx_table(document, rows, ())
        case Table(rows, widths):
            _docx_table(document, rows, widths)
        case Bullets(items):
            for item in items:
                document.add_paragraph(item.lead + item.text, style="List Bullet")
        case Note(text, gap):
            if gap:
                document.add_paragraph()
            document.add_paragraph(text).runs[0].italic = True
        case _:
            raise TypeError(f"not a report block: {block!r}")


def docx(outline: Outline) -> bytes:
    import docx as python_docx

    document = python_docx.Document()
    document.core_properties.title = outline.title
    document.add_heading(outline.title, level=1)
    for block in outline.blocks:
        _docx_block(document, block)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
