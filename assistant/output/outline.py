"""A report as a format-neutral outline, and its two renderings: Markdown and DOCX.

A report module builds an `Outline` (a title and a list of typed blocks) once; `markdown`
and `docx` turn it into either format, so both carry the same headings, rows and text. In
Markdown, blocks are separated by a blank line; in Word, each block is one or more
paragraphs or a table, on A4 pages under the office's letterhead with page numbers: a memo
to file and sign.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime


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


@dataclass(frozen=True, slots=True)
class Link:
    """A reference that opens its document: a link in Markdown, a hyperlink in Word. Only
    http(s) addresses become links (never a javascript: one); `mark` follows it in bold (the
    "NEVEŘEJNÉ" of an internal source)."""

    text: str
    url: str = ""
    mark: str = ""


Block = Heading | Paragraph | Quote | Fields | Table | Bullets | Note | Link


@dataclass(frozen=True, slots=True)
class Letterhead:
    """Who issues the memo: the office in every page's header, with a reference line
    (department, file number) under it."""

    office: str
    reference: str = ""


@dataclass(slots=True)
class Outline:
    """A report: its title (the first heading and the document's title) and its blocks."""

    title: str
    blocks: list[Block] = field(default_factory=list)
    letterhead: Letterhead = Letterhead("Krajský úřad Libereckého kraje")
    note: str = ""  # the document's comment property (the AI note)

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


def linkable(url: str) -> bool:
    return url.startswith(("http://", "https://")) and not re.search(r"[\s<>]", url)


def _link(block: Link) -> str:
    text = f"[{_text(block.text)}](<{block.url}>)" if linkable(block.url) else _text(block.text)
    return text + (f" **{_text(block.mark)}**" if block.mark else "")


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
        case Link():
            return [_link(block)]
    raise TypeError(f"not a report block: {block!r}")


def markdown(outline: Outline) -> str:
    lines = [f"# {_text(outline.title)}"]
    for block in outline.blocks:
        lines += ["", *_markdown_lines(block)]
    return "\n".join(lines) + "\n"


A4 = (21.0, 29.7)  # cm
MARGINS = (2.0, 2.5)  # cm: top and bottom, left and right


def _field(paragraph, code: str) -> None:
    """A Word field (PAGE, NUMPAGES) the viewer fills in when it lays out the pages."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    for kind, text in (("begin", ""), ("instr", f" {code} "), ("separate", ""), ("end", "")):
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)
        if kind == "separate":
            run._r.append(OxmlElement("w:t"))
            run._r[-1].text = "1"


def _page_furniture(document, outline: Outline) -> None:
    """A4 with margins, the letterhead in the header, "Strana X z Y" in the footer."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    section = document.sections[0]
    section.page_width, section.page_height = Cm(A4[0]), Cm(A4[1])
    section.top_margin = section.bottom_margin = Cm(MARGINS[0])
    section.left_margin = section.right_margin = Cm(MARGINS[1])
    head = section.header.paragraphs[0]
    head.add_run(outline.letterhead.office).bold = True
    if outline.letterhead.reference:
        head.add_run("\n" + outline.letterhead.reference).font.size = Pt(9)
    foot = section.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    foot.add_run("Strana ")
    _field(foot, "PAGE")
    foot.add_run(" z ")
    _field(foot, "NUMPAGES")


def _czech(document) -> None:
    """Czech as the text's language, so spelling is checked in Czech."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "cs-CZ")


def _hyperlink(paragraph, text: str, url: str) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import RGBColor

    rid = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rid)
    run = paragraph.add_run(text)
    run.font.underline = True
    run.font.color.rgb = RGBColor(0x0B, 0x4A, 0x8B)
    link.append(run._r)
    paragraph._p.append(link)


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
        case Link(text, url, mark):
            paragraph = document.add_paragraph()
            if linkable(url):
                _hyperlink(paragraph, text, url)
            else:
                paragraph.add_run(text)
            if mark:
                paragraph.add_run(" " + mark).bold = True
        case _:
            raise TypeError(f"not a report block: {block!r}")


def docx(outline: Outline) -> bytes:
    import docx as python_docx

    document = python_docx.Document()
    now = datetime.now(UTC).replace(microsecond=0)
    properties = document.core_properties
    properties.title, properties.subject = outline.title, "Rešerše"
    properties.author = properties.last_modified_by = outline.letterhead.office
    properties.created = properties.modified = now
    properties.language, properties.comments = "cs-CZ", outline.note
    properties.revision = 1
    _page_furniture(document, outline)
    _czech(document)
    document.add_heading(outline.title, level=1)
    for block in outline.blocks:
        _docx_block(document, block)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
