"""PDF and DOCX rendering shared by the corpus builders.

Split from build_corpus.py so the document list stays readable. Everything embedded in
the files (metadata dates, ZIP member timestamps) is pinned, which is what makes two runs
of the generator byte-identical.
"""

import datetime as dt
import io
import zipfile
from pathlib import Path

from council_texts import Resolution
from document_texts import DISCLAIMER
from docx import Document
from docx.shared import Cm, Pt, RGBColor
from fpdf import FPDF

FONT_ROOT = Path("/usr/share/fonts")
AUTHOR = "Krajský úřad Libereckého kraje (fiktivní ukázka)"
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def czech_date(iso: str) -> str:
    """'2025-03-18' -> '18. 3. 2025'."""
    d = dt.date.fromisoformat(iso)
    return f"{d.day}. {d.month}. {d.year}"


def fixed_datetime(iso: str) -> dt.datetime:
    """Document date at 09:00 UTC, used for all embedded metadata timestamps."""
    return dt.datetime.combine(dt.date.fromisoformat(iso), dt.time(9, 0), dt.UTC)


def find_font(name: str) -> Path:
    matches = sorted(FONT_ROOT.rglob(name))
    if not matches:
        raise SystemExit(f"{name} not found under {FONT_ROOT}; install fonts-dejavu-core")
    return matches[0]


class ResolutionPdf(FPDF):
    """A4 resolution record with a repeated header line and 'Strana N z M' footer."""

    def __init__(self, header_text: str):
        super().__init__(format="A4")
        self.header_text = header_text
        self.add_font("DejaVu", "", find_font("DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", find_font("DejaVuSans-Bold.ttf"))
        self.set_margins(20, 18, 20)
        self.set_auto_page_break(True, margin=20)

    def header(self):
        self.set_font("DejaVu", "", 8.5)
        self.set_text_color(90, 90, 90)
        self.cell(0, 5, self.header_text, new_x="LMARGIN", new_y="NEXT")
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.set_text_color(0, 0, 0)
        self.ln(5)

    def footer(self):
        self.set_y(-15)
        self.set_font("DejaVu", "", 8.5)
        self.cell(0, 5, f"Strana {self.page_no()} z {{nb}}", align="C")


def build_resolution_pdf(
    target: Path,
    *,
    body_name: str,
    body_genitive: str,
    session: str,
    date: str,
    resolutions: list[Resolution],
    chair: str,
    verifiers: list[str],
    pages: int,
) -> None:
    pdf = ResolutionPdf(f"{body_name} Libereckého kraje · Usnesení")
    heading = f"{session} {body_genitive} Libereckého kraje konaného dne {czech_date(date)}"
    pdf.set_title(f"USNESENÍ {heading}")
    pdf.set_author(AUTHOR)
    pdf.set_creator("samples/build_corpus.py")
    pdf.set_lang("cs")
    pdf.set_creation_date(fixed_datetime(date))
    pdf.add_page()

    pdf.set_font("DejaVu", "B", 16)
    pdf.cell(0, 9, "USNESENÍ", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "B", 11)
    pdf.multi_cell(0, 6, heading, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("DejaVu", "B", 10)
    pdf.multi_cell(0, 7, DISCLAIMER, border=1, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)

    for res in resolutions:
        if pdf.will_page_break(40):
            pdf.add_page()
        pdf.set_font("DejaVu", "B", 11)
        pdf.cell(0, 6.5, f"Usnesení č. {res.number}", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "B", 10)
        pdf.multi_cell(0, 5.5, res.title, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1.5)
        pdf.set_font("DejaVu", "", 10)
        pdf.cell(
            0, 5.5, f"{body_name} Libereckého kraje po projednání", new_x="LMARGIN", new_y="NEXT"
        )
        for label, text in res.points:
            pdf.set_font("DejaVu", "B", 10)
            pdf.cell(0, 5, label, new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("DejaVu", "", 10)
            pdf.set_x(pdf.l_margin + 8)
            pdf.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
        pro, proti, zdrzelo = res.vote
        pdf.cell(
            0,
            6,
            f"Hlasování: pro {pro}, proti {proti}, zdrželo se {zdrzelo}.",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.ln(3)

    pdf.ln(2)
    pdf.set_font("DejaVu", "", 10)
    signature = [f"V Liberci dne {czech_date(date)}", chair, "Ověřovatelé: " + ", ".join(verifiers)]
    pdf.multi_cell(0, 5, "\n".join(signature), new_x="LMARGIN", new_y="NEXT")
    if pdf.pages_count != pages:  # the layout is tuned; text edits may need re-tuning
        raise SystemExit(f"{target.name}: {pdf.pages_count} pages, expected {pages}")
    pdf.output(str(target))


def write_deterministic_docx(doc, target: Path, *, title: str, date: str) -> None:
    """Save with fixed core properties and rezip with fixed member timestamps."""
    props = doc.core_properties
    props.title = title
    props.author = AUTHOR
    props.last_modified_by = AUTHOR
    props.comments = DISCLAIMER
    props.language = "cs-CZ"
    props.revision = 1
    props.created = props.modified = props.last_printed = fixed_datetime(date)

    buffer = io.BytesIO()
    doc.save(buffer)
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(target, "w") as dst:
        for item in src.infolist():
            member = zipfile.ZipInfo(item.filename, date_time=ZIP_EPOCH)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            dst.writestr(member, src.read(item.filename))


def build_docx(target: Path, blocks: list, *, title: str, date: str, page_header: str = "") -> None:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    text_width = Cm(16)
    if page_header:
        section.header.paragraphs[0].text = page_header
    for kind, content in blocks:
        if kind == "title":
            doc.add_heading(content, level=0)
        elif kind == "h1":
            doc.add_heading(content, level=1)
        elif kind == "h2":
            doc.add_heading(content, level=2)
        elif kind == "p":
            doc.add_paragraph(content)
        elif kind == "bold":
            run = doc.add_paragraph().add_run(content)
            run.bold = True
            run.font.color.rgb = RGBColor(0xA0, 0x10, 0x10)
        elif kind == "bullets":
            for item in content:
                doc.add_paragraph(item, style="List Bullet")
        elif kind == "table":
            cols = len(content[0])
            # First column (names) gets half of the text width, the rest share the other half.
            widths = [text_width // 2] + [text_width // 2 // (cols - 1)] * (cols - 1)
            table = doc.add_table(rows=len(content), cols=cols, style="Table Grid")
            for column, width in zip(table.columns, widths, strict=True):
                column.width = width  # grid width (LibreOffice)
                for cell in column.cells:
                    cell.width = width  # cell width (Word)
            for r, row in enumerate(content):
                for c, value in enumerate(row):
                    cell = table.cell(r, c)
                    cell.text = value
                    if r == 0:
                        for run in cell.paragraphs[0].runs:
                            run.bold = True
                            run.font.size = Pt(10.5)
        else:
            raise ValueError(f"unknown block kind {kind!r}")
    write_deterministic_docx(doc, target, title=title, date=date)
