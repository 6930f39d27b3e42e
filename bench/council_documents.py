"""The documents of the fictional council corpus (bench/council_corpus.py): a meeting's
resolutions as a text PDF, a DOCX or a scan, and an item's council material. The generator decides
what was resolved; this module only decides how the region's paperwork prints it, so the layout
can change without touching the gold.

Needs fpdf2 (dev), pypdfium2 and Pillow (for scans) and DejaVu Sans (Debian fonts-dejavu-core).
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

FONTS = Path("/usr/share/fonts/truetype/dejavu")
NOTICE = "FIKTIVNÍ TESTOVACÍ DOKUMENT – čísla, jména a částky jsou smyšlené."


@dataclass
class Record:
    """One generated resolution with its gold fields."""

    number: str
    body: str
    date: str
    title: str
    parts: list[tuple[str, str, str]]  # label, verb, text
    vote: tuple[int, int, int]
    tasks: list[tuple[str, str, str]] = field(default_factory=list)  # whom, what, deadline ISO
    references: list[tuple[str, str]] = field(default_factory=list)  # relation, number
    matter: str = ""
    source: str = ""


def _czech(day: date) -> str:  # the generator writes its dates this way too
    return f"{day.day}. {day.month}. {day.year}"


def _part_text(part: tuple[str, str, str]) -> str:
    label, verb, text = part
    return f"{label}. {verb} {text}"


def _lines(record: Record, body_name: str) -> list[tuple[str, str]]:
    """(style, text) of one resolution as the region's documents print it."""
    out = [("b", f"Usnesení č. {record.number}"), ("b", record.title),
           ("", f"{body_name} Libereckého kraje po projednání")]  # fmt: skip
    for part in record.parts:
        out.append(("", _part_text(part)))
        task = next((t for t in record.tasks if part[1] == "ukládá" and t[1] in part[2]), None)
        if task:
            out.append(("", f"Termín: {_czech(date.fromisoformat(task[2]))}"))
    pro, proti, zdrzel = record.vote
    verb = "zdržel se" if record.body == "rada" else "zdrželo se"
    out.append(("", f"Hlasování: pro {pro}, proti {proti}, {verb} {zdrzel}."))
    return out


def _heading(body: str, ordinal: int, day: date) -> tuple[str, str]:
    """The body's name and the document's heading."""
    if body == "rada":
        return (
            "Rada",
            f"USNESENÍ z {ordinal}. schůze Rady Libereckého kraje konané dne {_czech(day)}",
        )
    return (
        "Zastupitelstvo",
        f"USNESENÍ z {ordinal}. zasedání Zastupitelstva Libereckého"
        f" kraje konaného dne {_czech(day)}",
    )


def write_pdf(path: Path, body: str, ordinal: int, day: date, records: list[Record]) -> bytes:
    from fpdf import FPDF

    name, heading = _heading(body, ordinal, day)
    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_margins(20, 18, 20)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 12)
    pdf.multi_cell(0, 6, heading, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    pdf.multi_cell(0, 5, NOTICE, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    for record in records:
        if pdf.will_page_break(30):
            pdf.add_page()
        for style, text in _lines(record, name):
            pdf.set_font("DejaVu", style.upper(), 10)
            pdf.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    content = bytes(pdf.output())
    path.write_bytes(content)
    return content


def write_docx(path: Path, body: str, ordinal: int, day: date, records: list[Record]) -> None:
    import docx

    name, heading = _heading(body, ordinal, day)
    document = docx.Document()
    document.add_heading(heading, level=1)
    document.add_paragraph(NOTICE)
    for record in records:
        for style, text in _lines(record, name):
            paragraph = document.add_paragraph(text)
            if style:
                paragraph.runs[0].bold = True
    document.save(str(path))


def write_scan(path: Path, pdf: bytes, rng: random.Random) -> None:
    """The text PDF printed and scanned: pages as slightly rotated, noisy greyscale images."""
    import pypdfium2
    from PIL import ImageFilter

    pages = []
    for page in pypdfium2.PdfDocument(pdf):
        image = page.render(scale=200 / 72).to_pil().convert("L")
        image = image.rotate(rng.uniform(-0.6, 0.6), expand=False, fillcolor=255)
        pages.append(image.filter(ImageFilter.GaussianBlur(0.4)))
    buffer = io.BytesIO()
    pages[0].save(buffer, "PDF", resolution=200, save_all=True, append_images=pages[1:])
    path.write_bytes(buffer.getvalue())


def write_material(path: Path, record: Record, item: int) -> None:
    import docx

    document = docx.Document()
    day = _czech(date.fromisoformat(record.date))
    document.add_heading(f"Materiál pro jednání Rady Libereckého kraje dne {day}", level=1)
    for line in (
        f"Bod programu č. {item}",
        f"Název: {record.title}",
        "Předkládá: člen rady kraje",
        "Zpracoval: odbor investic a správy majetku",
        "Návrh usnesení:",
        *(_part_text(p) for p in record.parts),
        "Důvodová zpráva:",
        f"Materiál se předkládá k věci {record.title}. {NOTICE}",
    ):
        document.add_paragraph(line)  # fmt: skip
    document.save(str(path))
