"""Research reports ("rešerše") for officials, as DOCX or Markdown.

A report holds the question, the answer, and every cited passage with its full reference, so
it can be filed without the assistant; per the office's AI methodology it is marked as made
with the support of AI. Each report is built once as an `Outline`; `assistant.output.outline`
renders it in either format.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date

from assistant.model import Answer, Hit, Passage
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
from assistant.search.filters import Filters
from assistant.text.dates import czech_date
from assistant.text.numbers import BODY_NAMES

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
    if document.url.startswith(("http://", "https://")):  # never a javascript: link
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


def research_outline(
    question: str, answer: Answer, hits: Sequence[Hit], filters: Filters
) -> Outline:
    """The question, the answer, each cited passage with its reference and quote, the other
    passages found, and the AI note."""
    cited = _cited(answer)
    cited_ids = {p.chunk_id for _, p in cited}
    report = Outline(f"Rešerše: {question}").add(
        Paragraph(f"Datum: {czech_date(date.today().isoformat())} · Filtry: {_filters(filters)}"),
        Heading("Odpověď"),
        Paragraph(answer.reply.text),
        Heading("Citované pasáže"),
    )
    for n, passage in cited:
        report.add(
            Heading(f"[{n}] {passage.document.title}", level=3),
            Fields(_reference(passage)),
            Quote(passage.chunk.text),
        )
    others = [h.passage for h in hits if h.passage.chunk_id not in cited_ids]
    if others:
        report.add(
            Heading("Další nalezené pasáže"), Bullets([_other(p) for p in others], loose=True)
        )
    return report.add(Note(f"{AI_NOTE}. Odpověď a citace ověřte v uvedených dokumentech."))


def _other(p: Passage) -> Item:
    page = f", s. {p.chunk.page}" if p.chunk.page else ""
    return Item(f"{page} ({p.document.source}): {p.chunk.text[:300]}", lead=p.document.title)


def markdown(question: str, answer: Answer, hits: Sequence[Hit], filters: Filters) -> str:
    return outline.markdown(research_outline(question, answer, hits, filters))


def docx_report(question: str, answer: Answer, hits: Sequence[Hit], filters: Filters) -> bytes:
    """The same content as `markdown`, as a Word document."""
    return outline.docx(research_outline(question, answer, hits, filters))


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
    body = BODY_NAMES.get(row["body"], "")
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


# Resolution tables: a narrow name column, a wide value column (cm).
WIDTHS = (3.2, 13.3)


def topic_outline(data: dict) -> Outline:
    """A topic report (`research_json`'s object): the summary, a table per resolution, the
    materials, and the AI note."""
    report = Outline(f"Rešerše k tématu: {data['topic']}").add(
        Paragraph(f"Datum: {czech_date(data['as_of'] or date.today().isoformat())}"),
        Paragraph(_summary(data)),
    )
    for row in data["resolutions"]:
        report.add(
            Heading(f"Usnesení č. {row['number']} ze dne {czech_date(row['date'])}"),
            Table(resolution_rows(row), widths=WIDTHS),
        )
    if data["materials"]:
        materials = [Item(_material(m)) for m in data["materials"]]
        report.add(Heading("Materiály pro jednání"), Bullets(materials))
    return report.add(Note(f"{AI_NOTE}. Ověřte v uvedených dokumentech.", gap=True))


def topic_markdown(data: dict) -> str:
    """A topic report (`research_json`'s object) as Markdown: a table per resolution."""
    return outline.markdown(topic_outline(data))


def topic_docx(data: dict) -> bytes:
    """The same report as a Word document."""
    return outline.docx(topic_outline(data))


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
