"""Research reports ("rešerše") for officials, as DOCX or Markdown, and page previews.

A report holds the question, the answer, and every cited passage with its full reference, so
it can be filed without the assistant; per the office's AI methodology it is marked as made
with the support of AI.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from assistant.answer import Answer, czech_date
from assistant.retrieve import Hit

AI_NOTE = "Vytvořeno s podporou AI"
FILTER_NAMES = {
    "doc_types": "typ dokumentu",
    "bodies": "orgán",
    "date_from": "od",
    "date_to": "do",
}


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


def _reference(hit: Hit) -> list[tuple[str, str]]:
    rows = [("Dokument", hit.title), ("Soubor", hit.source)]
    if hit.resolution:
        rows.append(("Usnesení", f"č. {hit.resolution}"))
    if hit.date:
        rows.append(("Datum", czech_date(hit.date)))
    if hit.page:
        pages = (
            f"{hit.page}–{hit.page_end}"
            if hit.page_end and hit.page_end != hit.page
            else str(hit.page)
        )
        rows.append(("Strana", pages))
    if hit.section:
        rows.append(("Oddíl", hit.section))
    if hit.url:
        rows.append(("Odkaz", hit.url))
    return rows


def _filters(filters: dict) -> str:
    parts = []
    for key, name in FILTER_NAMES.items():
        value = filters.get(key)
        if value:
            parts.append(f"{name}: {', '.join(value) if isinstance(value, list) else value}")
    return "; ".join(parts) or "bez filtrů"


def _cited(answer: Answer, hits: list[Hit]) -> list[tuple[int, Hit]]:
    by_id = {h.chunk_id: h for h in [*answer.hits, *hits]}
    return [(c.n, by_id[c.chunk_id]) for c in answer.citations if c.chunk_id in by_id]


def markdown(question: str, answer: Answer, hits: list[Hit], filters: dict) -> str:
    cited = _cited(answer, hits)
    cited_ids = {h.chunk_id for _, h in cited}
    lines = [
        f"# Rešerše: {question}",
        "",
        f"Datum: {czech_date(date.today().isoformat())} · Filtry: {_filters(filters)}",
        "",
        "## Odpověď",
        "",
        answer.answer,
        "",
        "## Citované pasáže",
    ]
    for n, hit in cited:
        lines += ["", f"### [{n}] {hit.title}", ""]
        lines += [f"- {name}: {value}" for name, value in _reference(hit)]
        lines += ["", *[f"> {line}" for line in hit.text.splitlines()]]
    others = [h for h in hits if h.chunk_id not in cited_ids]
    if others:
        lines += ["", "## Další nalezené pasáže"]
        for hit in others:
            page = f", s. {hit.page}" if hit.page else ""
            lines += ["", f"- **{hit.title}**{page} ({hit.source}): {hit.text[:300]}"]
    lines += ["", "---", "", f"*{AI_NOTE}. Odpověď a citace ověřte v uvedených dokumentech.*", ""]
    return "\n".join(lines)


def docx_report(question: str, answer: Answer, hits: list[Hit], filters: dict) -> bytes:
    """The same content as `markdown`, as a Word document."""
    import docx

    cited = _cited(answer, hits)
    cited_ids = {h.chunk_id for _, h in cited}
    document = docx.Document()
    document.core_properties.title = f"Rešerše: {question}"
    document.add_heading(f"Rešerše: {question}", level=1)
    document.add_paragraph(
        f"Datum: {czech_date(date.today().isoformat())} · Filtry: {_filters(filters)}"
    )
    document.add_heading("Odpověď", level=2)
    document.add_paragraph(answer.answer)
    document.add_heading("Citované pasáže", level=2)
    for n, hit in cited:
        document.add_heading(f"[{n}] {hit.title}", level=3)
        table = document.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for name, value in _reference(hit):
            cells = table.add_row().cells
            cells[0].text, cells[1].text = name, value
        quote = document.add_paragraph(hit.text)
        quote.style = "Quote"
    others = [h for h in hits if h.chunk_id not in cited_ids]
    if others:
        document.add_heading("Další nalezené pasáže", level=2)
        for hit in others:
            page = f", s. {hit.page}" if hit.page else ""
            document.add_paragraph(
                f"{hit.title}{page} ({hit.source}): {hit.text[:300]}", style="List Bullet"
            )
    note = document.add_paragraph(f"{AI_NOTE}. Odpověď a citace ověřte v uvedených dokumentech.")
    note.runs[0].italic = True
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def build_report(
    question: str, answer: Answer, hits: list[Hit], filters: dict, fmt: str
) -> tuple[bytes, str, str]:
    """(content, media type, file name) of a research report."""
    if fmt == "md":
        return (
            markdown(question, answer, hits, filters).encode("utf-8"),
            "text/markdown; charset=utf-8",
            "reserse.md",
        )
    return (
        docx_report(question, answer, hits, filters),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "reserse.docx",
    )
