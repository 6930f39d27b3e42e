"""Research reports ("rešerše") for officials, as DOCX or Markdown.

A report holds the question, the answer, and every cited passage with its full reference, so
it can be filed without the assistant; per the office's AI methodology it is marked as made
with the support of AI.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from datetime import date

from assistant.model import Answer, Hit, Passage
from assistant.search.filters import Filters
from assistant.text.dates import czech_date

AI_NOTE = "Vytvořeno s podporou AI"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FILTER_NAMES = {
    "doc_types": "typ dokumentu",
    "bodies": "orgán",
    "date_from": "od",
    "date_to": "do",
}


def _reference(passage: Passage) -> list[tuple[str, str]]:
    document, chunk = passage.document, passage.chunk
    rows = [("Dokument", document.title), ("Soubor", document.source)]
    if chunk.resolution:
        rows.append(("Usnesení", f"č. {chunk.resolution}"))
    if document.date:
        rows.append(("Datum", czech_date(document.date)))
    if chunk.page:
        pages = (
            f"{chunk.page}–{chunk.page_end}"
            if chunk.page_end and chunk.page_end != chunk.page
            else str(chunk.page)
        )
        rows.append(("Strana", pages))
    if chunk.section:
        rows.append(("Oddíl", chunk.section))
    if document.url:
        rows.append(("Odkaz", document.url))
    return rows


def _filters(filters: Filters) -> str:
    parts = []
    for key, name in FILTER_NAMES.items():
        value = getattr(filters, key)
        if value:
            parts.append(f"{name}: {', '.join(value) if isinstance(value, tuple) else value}")
    return "; ".join(parts) or "bez filtrů"


def _cited(answer: Answer) -> list[tuple[int, Passage]]:
    return [(c.n, c.passage) for c in answer.reply.citations]


def markdown(question: str, answer: Answer, hits: Sequence[Hit], filters: Filters) -> str:
    cited = _cited(answer)
    cited_ids = {p.chunk_id for _, p in cited}
    lines = [
        f"# Rešerše: {question}",
        "",
        f"Datum: {czech_date(date.today().isoformat())} · Filtry: {_filters(filters)}",
        "",
        "## Odpověď",
        "",
        answer.reply.text,
        "",
        "## Citované pasáže",
    ]
    for n, passage in cited:
        lines += ["", f"### [{n}] {passage.document.title}", ""]
        lines += [f"- {name}: {value}" for name, value in _reference(passage)]
        lines += ["", *[f"> {line}" for line in passage.chunk.text.splitlines()]]
    others = [h.passage for h in hits if h.passage.chunk_id not in cited_ids]
    if others:
        lines += ["", "## Další nalezené pasáže"]
        for p in others:
            page = f", s. {p.chunk.page}" if p.chunk.page else ""
            lines += [
                "",
                f"- **{p.document.title}**{page} ({p.document.source}): {p.chunk.text[:300]}",
            ]
    lines += ["", "---", "", f"*{AI_NOTE}. Odpověď a citace ověřte v uvedených dokumentech.*", ""]
    return "\n".join(lines)


def docx_report(question: str, answer: Answer, hits: Sequence[Hit], filters: Filters) -> bytes:
    """The same content as `markdown`, as a Word document."""
    import docx

    cited = _cited(answer)
    cited_ids = {p.chunk_id for _, p in cited}
    document = docx.Document()
    document.core_properties.title = f"Rešerše: {question}"
    document.add_heading(f"Rešerše: {question}", level=1)
    document.add_paragraph(
        f"Datum: {czech_date(date.today().isoformat())} · Filtry: {_filters(filters)}"
    )
    document.add_heading("Odpověď", level=2)
    document.add_paragraph(answer.reply.text)
    document.add_heading("Citované pasáže", level=2)
    for n, passage in cited:
        document.add_heading(f"[{n}] {passage.document.title}", level=3)
        table = document.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for name, value in _reference(passage):
            cells = table.add_row().cells
            cells[0].text, cells[1].text = name, value
        quote = document.add_paragraph(passage.chunk.text)
        quote.style = "Quote"
    others = [h.passage for h in hits if h.passage.chunk_id not in cited_ids]
    if others:
        document.add_heading("Další nalezené pasáže", level=2)
        for p in others:
            page = f", s. {p.chunk.page}" if p.chunk.page else ""
            document.add_paragraph(
                f"{p.document.title}{page} ({p.document.source}): {p.chunk.text[:300]}",
                style="List Bullet",
            )
    note = document.add_paragraph(f"{AI_NOTE}. Odpověď a citace ověřte v uvedených dokumentech.")
    note.runs[0].italic = True
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def build_report(
    question: str, answer: Answer, hits: Sequence[Hit], filters: Filters, fmt: str
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
        DOCX,
        "reserse.docx",
    )


STATES = {"valid": "platné", "amended": "změněno", "cancelled": "zrušeno"}


def _status(row: dict) -> str:
    """ "platné", "změněno usnesením 130/24/RK", "zrušeno usnesením 150/24/RK"."""
    by = row["cancelled_by"] or row["amended_by"]
    return STATES[row["status"]] + (f" usnesením {', '.join(by)}" if by else "")


def _czk(amount: int) -> str:
    return f"{amount:,}".replace(",", " ") + " Kč"


def resolution_rows(row: dict) -> list[tuple[str, str]]:
    """One resolution as (name, value) rows: a report's table, the CLI's lines."""
    body = {"rada": "Rada kraje", "zastupitelstvo": "Zastupitelstvo kraje"}.get(row["body"], "")
    rows = [("Usnesení", f"č. {row['number']}"), ("Datum", czech_date(row["date"])),
            ("Orgán", body), ("Věc", row["title"]), ("Platnost", _status(row))]  # fmt: skip
    rows += [(f"{p['label']}.", f"{p['verb']} {p['text']}") for p in row["parts"]]
    if row["vote"]:
        v = row["vote"]
        vote = f"pro {v['pro']}, proti {v['proti']}, zdržel se {v['zdrzel_se']}"
        rows.append(("Hlasování", vote))
    for task in row["tasks"]:
        deadline = f" (termín {czech_date(task['deadline'])})" if task["deadline"] else ""
        rows.append(("Úkol", f"{task['whom']}: {task['what']}{deadline}"))
    page = f", s. {row['page']}" if row["page"] else ""
    rows.append(("Zdroj", f"{row['source']}{page}"))
    return rows


def _summary(data: dict) -> str:
    s = data["summary"]
    if not s["resolutions"]:
        return "K tématu nebylo nalezeno žádné usnesení."
    period = f"{czech_date(s['from'])} – {czech_date(s['to'])}"
    text = f"Nalezeno usnesení: {s['resolutions']} ({period}), podkladových materiálů: "
    text += f"{s['materials']}."
    if s["approved_czk"]:
        text += f" Schválené částky celkem: {_czk(s['approved_czk'])}."
    return text + f" Úkoly, jejichž termín neuplynul nebo žádný nemají: {s['open_tasks']}."


def _material(m: dict) -> str:
    item = f", podklad k usnesení č. {m['resolution']}" if m["resolution"] else ""
    return f"{m['title']} ({czech_date(m['date'])}, {m['source']}{item})"


def topic_markdown(data: dict) -> str:
    """A topic report (`research_json`'s object) as Markdown: a table per resolution."""
    lines = [f"# Rešerše k tématu: {data['topic']}", "",
             f"Datum: {czech_date(data['as_of'] or date.today().isoformat())}", "",
             _summary(data)]  # fmt: skip
    for row in data["resolutions"]:
        lines += ["", f"## Usnesení č. {row['number']} ze dne {czech_date(row['date'])}", "",
                  "| | |", "|---|---|"]  # fmt: skip
        lines += [f"| {k} | {v.replace('|', '/')} |" for k, v in resolution_rows(row)]
    if data["materials"]:
        lines += ["", "## Materiály pro jednání", ""]
        lines += [f"- {_material(m)}" for m in data["materials"]]
    lines += ["", "---", "", f"*{AI_NOTE}. Ověřte v uvedených dokumentech.*", ""]
    return "\n".join(lines)


def topic_docx(data: dict) -> bytes:
    """The same report as a Word document."""
    import docx
    from docx.shared import Cm

    document = docx.Document()
    document.core_properties.title = f"Rešerše k tématu: {data['topic']}"
    document.add_heading(f"Rešerše k tématu: {data['topic']}", level=1)
    document.add_paragraph(f"Datum: {czech_date(data['as_of'] or date.today().isoformat())}")
    document.add_paragraph(_summary(data))
    for row in data["resolutions"]:
        document.add_heading(
            f"Usnesení č. {row['number']} ze dne {czech_date(row['date'])}", level=2
        )
        table = document.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        table.autofit = False
        widths = (Cm(3.2), Cm(13.3))  # LibreOffice reads the grid, Word the cells
        table.columns[0].width, table.columns[1].width = widths
        for name, value in resolution_rows(row):
            cells = table.add_row().cells
            cells[0].text, cells[1].text = name, value
            cells[0].width, cells[1].width = widths
    if data["materials"]:
        document.add_heading("Materiály pro jednání", level=2)
        for m in data["materials"]:
            document.add_paragraph(_material(m), style="List Bullet")
    document.add_paragraph()
    note = document.add_paragraph(f"{AI_NOTE}. Ověřte v uvedených dokumentech.")
    note.runs[0].italic = True
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def topic_report(data: dict, fmt: str) -> tuple[bytes, str, str]:
    """(content, media type, file name) of a topic report (`research_json`'s object)."""
    if fmt == "json":
        content = json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
        return content, "application/json", "reserse-tema.json"
    if fmt == "md":
        return (
            topic_markdown(data).encode("utf-8"),
            "text/markdown; charset=utf-8",
            "reserse-tema.md",
        )
    return topic_docx(data), DOCX, "reserse-tema.docx"
