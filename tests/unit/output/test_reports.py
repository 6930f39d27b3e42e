"""Reports are built once as an outline and rendered as Markdown and DOCX: both renderings of
the same outline carry the same headings, rows and text, in the same order."""

from __future__ import annotations

import io
import re

import docx
from docx.table import Table as DocxTable

from assistant.model import Answer, Chunk, Citation, Document, Hit, Passage, Reply
from assistant.output import outline
from assistant.output.outline import (
    Bullets,
    Fields,
    Heading,
    Item,
    Note,
    Outline,
    Paragraph,
    Quote,
    Table,
)
from assistant.output.reports import build_report, topic_report
from assistant.search.filters import Filters

Unit = tuple[str, ...]


def markdown_units(text: str) -> list[Unit]:
    """What a reader gets from the Markdown: headings with their level, then each paragraph,
    list item, quote and table row as text ("name: value" for a row), markup removed."""
    units: list[Unit] = []
    quote: list[str] = []
    text = text.replace("\\|", "/")  # an escaped cell end is no column break
    for line in [*text.split("\n"), ""]:
        if line.startswith("> "):
            quote.append(line[2:])
            continue
        if quote:
            units.append(("text", "\n".join(quote)))
            quote = []
        if line in ("", "---") or re.fullmatch(r"\|( \|)+|\|(---\|)+", line):
            continue
        if heading := re.fullmatch(r"(#+) (.*)", line):
            units.append(("heading", str(len(heading[1])), heading[2]))
        elif line.startswith("| "):
            units.append(("text", ": ".join(line[2:-2].split(" | "))))
        elif link := re.fullmatch(r"\[(.*)\]\(<[^>]*>\)(?: \*\*(.*)\*\*)?", line):
            units.append(("text", link[1] + (f" {link[2]}" if link[2] else "")))
        elif re.fullmatch(r"[^*]+ \*\*[^*]+\*\*", line):
            units.append(("text", line.replace("**", "")))
        elif line.startswith("- "):
            units.append(("text", line[2:].replace("**", "")))
        elif re.fullmatch(r"\*[^*].*\*", line):
            units.append(("text", line[1:-1]))
        else:
            units.append(("text", line))
    return [(*unit[:-1], re.sub(r"\\(.)", r"\1", unit[-1])) for unit in units]  # escapes


def docx_units(content: bytes) -> list[Unit]:
    """The same from the Word document, in body order: a heading style gives the level, a
    table row gives "name: value", empty paragraphs are spacing."""
    units: list[Unit] = []
    for part in docx.Document(io.BytesIO(content)).iter_inner_content():
        if isinstance(part, DocxTable):
            units += [("text", ": ".join(c.text for c in row.cells)) for row in part.rows]
        elif level := re.fullmatch(r"Heading (\d)", part.style.name):
            units.append(("heading", level[1], part.text))
        elif part.text:
            units.append(("text", part.text))
    return units


OUTLINE = Outline("Rešerše: cyklostezky").add(
    Paragraph("Datum: 1. 2. 2025"),
    Heading("Odpověď"),
    Paragraph("Cyklostezka stojí 12 350 000 Kč [1]."),
    Heading("[1] Plán cyklodopravy", level=3),
    Fields([("Dokument", "Plán cyklodopravy"), ("Strana", "3–5")]),
    Quote("Cyklostezka z Turnova do Přepeř\nbude stát 12 350 000 Kč."),
    Heading("Usnesení č. 12/24/RK ze dne 12. 3. 2024"),
    Table([("Usnesení", "č. 12/24/RK"), ("I.", "schvaluje dotaci")], widths=(3.2, 13.3)),
    Heading("Další"),
    Bullets([Item(", s. 2 (plan.docx): úsek Frýdlant", lead="Plán"), Item("Zápis")], loose=True),
    Bullets([Item("Materiál k bodu 14")]),
    Note("Vytvořeno s podporou AI.", gap=True),
)
EXPECTED = [
    ("heading", "1", "Rešerše: cyklostezky"),
    ("text", "Datum: 1. 2. 2025"),
    ("heading", "2", "Odpověď"),
    ("text", "Cyklostezka stojí 12 350 000 Kč [1]."),
    ("heading", "3", "[1] Plán cyklodopravy"),
    ("text", "Dokument: Plán cyklodopravy"),
    ("text", "Strana: 3–5"),
    ("text", "Cyklostezka z Turnova do Přepeř\nbude stát 12 350 000 Kč."),
    ("heading", "2", "Usnesení č. 12/24/RK ze dne 12. 3. 2024"),
    ("text", "Usnesení: č. 12/24/RK"),
    ("text", "I.: schvaluje dotaci"),
    ("heading", "2", "Další"),
    ("text", "Plán, s. 2 (plan.docx): úsek Frýdlant"),
    ("text", "Zápis"),
    ("text", "Materiál k bodu 14"),
    ("text", "Vytvořeno s podporou AI."),
]


def test_both_renderings_of_an_outline_carry_the_same_headings_rows_and_text() -> None:
    assert markdown_units(outline.markdown(OUTLINE)) == EXPECTED
    content = outline.docx(OUTLINE)
    assert docx_units(content) == EXPECTED
    document = docx.Document(io.BytesIO(content))
    assert document.core_properties.title == "Rešerše: cyklostezky"
    assert [len(t.rows) for t in document.tables] == [2, 2]
    assert document.paragraphs[-1].runs[0].italic and document.paragraphs[-2].text == ""


def test_markdown_syntax_of_each_block() -> None:
    assert outline.markdown(OUTLINE).split("\n") == [
        "# Rešerše: cyklostezky", "", "Datum: 1. 2. 2025", "", "## Odpověď", "",
        "Cyklostezka stojí 12 350 000 Kč \\[1\\].", "", "### \\[1\\] Plán cyklodopravy", "",
        "- Dokument: Plán cyklodopravy", "- Strana: 3–5", "",
        "> Cyklostezka z Turnova do Přepeř", "> bude stát 12 350 000 Kč.", "",
        "## Usnesení č. 12/24/RK ze dne 12. 3. 2024", "", "| | |", "|---|---|",
        "| Usnesení | č. 12/24/RK |", "| I. | schvaluje dotaci |", "", "## Další", "",
        "- **Plán**, s. 2 (plan.docx): úsek Frýdlant", "", "- Zápis", "",
        "- Materiál k bodu 14", "", "---", "", "*Vytvořeno s podporou AI.*", "",
    ]  # fmt: skip


PLAN = Document("plan", "plany/cyklo.docx", "Plán cyklodopravy", "public", "plan", "2025-01-20",
                url="https://kraj.example/plan")  # fmt: skip
CITED = Passage("plan-0", Chunk("Cyklostezka bude stát\n12 350 000 Kč.", "Cyklostezky", 3, 5), PLAN)
OTHER = Passage("rk-1", Chunk("Rada schvaluje dotaci hasičům.", page=2),
                Document("rk", "rada/usneseni.pdf", "Usnesení Rady kraje", "public"))  # fmt: skip


INTERNAL = Document("zapis", "interni/zapis.pdf", "Zápis z porady", "internal", "minutes",
                    "2025-02-03")  # fmt: skip
NOTE = Passage("zapis-0", Chunk("Porada doporučila úsek Frýdlant. Termín je v březnu.", page=4),
               INTERNAL)  # fmt: skip


def test_research_report_has_the_same_content_as_markdown_and_docx() -> None:
    reply = Reply("Cyklostezka stojí 12 350 000 Kč [1].", False,
                  (Citation(1, "", CITED), Citation(2, "", NOTE)))  # fmt: skip
    answer = Answer("Kolik stojí cyklostezka?", reply, "extractive")
    long = Passage("rk-2", Chunk("Rada schvaluje dotaci. " * 30, page=1), OTHER.document)
    hits = [Hit(1, 1.0, CITED), Hit(2, 0.5, OTHER), Hit(3, 0.4, long)]
    filters = Filters(audience="staff", doc_types=("plan",), date_from="2025-01-01")
    question = "Kolik stojí cyklostezka?"
    base = "https://asistent.kraj.example/api/staff/documents"
    md, media, name = build_report(question, answer, hits, filters, "md", documents=base)
    content, _, docx_name = build_report(question, answer, hits, filters, "docx", documents=base)
    assert media == "text/markdown; charset=utf-8"
    assert re.fullmatch(r"reserse-kolik-stoji-cyklostezka-\d{4}-\d\d-\d\d\.md", name)
    assert docx_name == name.replace(".md", ".docx")
    units = markdown_units(md.decode("utf-8"))
    assert units == docx_units(content)
    for fact in [
        ("heading", "3", "[1] Plán cyklodopravy"),
        ("text", "Plán cyklodopravy, 20. 1. 2025, s. 3–5"),
        ("text", "Oddíl: Cyklostezky"),
        ("text", "Soubor: plany/cyklo.docx"),
        ("text", "Cyklostezka bude stát\n12 350 000 Kč."),
        ("heading", "3", "[2] Zápis z porady – NEVEŘEJNÉ"),
        ("text", "Zápis z porady, 3. 2. 2025, s. 4 NEVEŘEJNÉ"),
        ("text", "Usnesení Rady kraje, s. 2: Rada schvaluje dotaci hasičům."),
    ]:
        assert fact in units, fact
    excerpt = next(u[1] for u in units if u[1].startswith("Usnesení Rady kraje, s. 1: "))
    assert excerpt.endswith("dotaci.") and len(excerpt) < 330, "whole sentences, not 300 chars"
    assert "Filtry: typ dokumentu: Plán; od: 2025-01-01" in units[1][1]
    links = docx.Document(io.BytesIO(content)).part.rels.values()
    targets = {r.target_ref for r in links if r.reltype.endswith("/hyperlink")}
    assert targets == {"https://kraj.example/plan", f"{base}/zapis/file#page=4"}


def test_topic_report_has_the_same_content_as_markdown_and_docx() -> None:
    resolution = {
        "number": "12/24/RK", "date": "2024-03-12", "body": "rada", "title": "Dotace hasičům",
        "status": "amended", "amended_by": ["30/24/RK"], "cancelled_by": [],
        "parts": [{"label": "I", "verb": "schvaluje", "text": "dotaci 250 000 Kč"}],
        "vote": {"pro": 7, "proti": 0, "zdrzel_se": 1},
        "tasks": [{"whom": "hejtman", "what": "podepsat smlouvu", "deadline": "2024-06-30"}],
        "source": "rada/usneseni.pdf", "page": 1, "access": "internal",
    }  # fmt: skip
    data = {
        "topic": "hasiči", "as_of": "2025-01-01", "resolutions": [resolution],
        "materials": [{"title": "Materiál k bodu 3", "date": "2024-03-01", "source": "m.docx",
                       "resolution": "12/24/RK"}],
        "summary": {"resolutions": 1, "materials": 1, "from": "2024-03-12", "to": "2024-03-12",
                    "approved_czk": 250000, "open_tasks": 0},
    }  # fmt: skip
    md = topic_report(data, "md")[0].decode("utf-8")
    content = topic_report(data, "docx")[0]
    units = markdown_units(md)
    assert units == docx_units(content)
    for fact in [
        ("heading", "2", "Usnesení č. 12/24/RK ze dne 12. 3. 2024 – NEVEŘEJNÉ"),
        ("text", "Platnost: změněno usnesením 30/24/RK"),
        ("text", "I.: schvaluje dotaci 250 000 Kč"),
        ("text", "Hlasování: pro 7, proti 0, zdržel se 1"),
        ("text", "Úkol: hejtman: podepsat smlouvu (termín 30. 6. 2024) – PO TERMÍNU"),
        ("text", "Materiál k bodu 3 (1. 3. 2024, m.docx, podklad k usnesení č. 12/24/RK)"),
    ]:
        assert fact in units, fact
    assert "Schválené částky celkem: 250 000 Kč." in units[2][1]


def test_text_copied_into_markdown_cannot_add_markup() -> None:
    """R1: a topic or a title with a newline, a forged resolution heading, raw HTML or a
    javascript: link stays one line of plain text in the Markdown report."""
    forged = ("doprava\n## Usnesení č. 999/99/RK\n<script>alert(1)</script> "
              "[klikni](javascript:alert(1))")  # fmt: skip
    text = outline.markdown(outline.Outline(forged).add(
        outline.Heading(forged), outline.Fields([("Věc", forged)]), outline.Table([["a", forged]]),
        outline.Bullets([outline.Item(forged, forged)]), outline.Quote(forged)))  # fmt: skip
    assert not any(line.startswith("## Usnesení") for line in text.splitlines())
    assert not re.search(r"(?<!\\)<", text), "no raw HTML: every < escaped"
    assert not re.search(r"(?<!\\)\]\(", text), "no link: every ] escaped"
    assert markdown_units(text)[0] == ("heading", "1", " ".join(forged.split()))
