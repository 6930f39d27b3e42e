"""Research reports ("rešerše") for officials, as DOCX or Markdown.

A report holds the question, the answer, and every cited passage with its full reference, so
it can be filed without the assistant; per the office's AI methodology it is marked as made
with the support of AI. Each report is built once as an `Outline`; `assistant.output.outline`
renders it in either format.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from datetime import date

from assistant.model import Answer, Hit, Passage
from assistant.output import outline
from assistant.output.outline import (
    Bullets,
    Fields,
    Heading,
    Item,
    Letterhead,
    Link,
    Note,
    Outline,
    Paragraph,
    Quote,
    Table,
)
from assistant.search.filters import Filters
from assistant.text.dates import czech_date
from assistant.text.numbers import BODY_NAMES, doc_type_name

AI_NOTE = "Vytvořeno s podporou AI"
OFFICE = "Krajský úřad Libereckého kraje"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FILTER_NAMES = {
    "doc_types": "typ dokumentu",
    "bodies": "orgán",
    "date_from": "od",
    "date_to": "do",
}


INTERNAL = "NEVEŘEJNÉ"


def _mark(passage: Passage) -> str:
    return "" if passage.document.access == "public" else INTERNAL


def cited_as(passage: Passage) -> str:
    """How a memo cites a passage: "title, date, s. 3–5"."""
    document, chunk = passage.document, passage.chunk
    parts = [document.title]
    if document.date and czech_date(document.date) not in document.title:
        parts.append(czech_date(document.date))
    if chunk.page:
        end = chunk.page_end if chunk.page_end and chunk.page_end != chunk.page else None
        parts.append(f"s. {chunk.page}–{end}" if end else f"s. {chunk.page}")
    return ", ".join(parts)


def _address(passage: Passage, documents: str) -> str:
    """The document's own web address, else its original in the service (`documents` is the
    absolute address of the officials' documents: opened by a signed-in official)."""
    url = passage.document.url
    if url.startswith(("http://", "https://")):
        return url
    if not documents:
        return ""
    anchor = f"#page={passage.chunk.page}" if passage.chunk.page else ""
    return f"{documents}/{passage.document.doc_id}/file{anchor}"


def _reference(passage: Passage) -> list[tuple[str, str]]:
    chunk = passage.chunk
    rows = []
    if chunk.resolution:
        rows.append(("Usnesení", f"č. {chunk.resolution}"))
    if chunk.section:
        rows.append(("Oddíl", chunk.section))
    rows.append(("Soubor", passage.document.source))
    return rows


# A sentence ends at ".", "!", "?" or "…" before a capital, unless after an abbreviation or a
# number ("č.", "s.", "12."): those are followed by a capital within a sentence too.
SENTENCE_END = re.compile(r"(\S+)[.!?…]\s+(?=[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ„])")


def _sentences(text: str) -> list[str]:
    found, start = [], 0
    for match in SENTENCE_END.finditer(text):
        word = match.group(1)
        if len(word) > 2 and not word[-1].isdigit():
            found.append(text[start : match.end()].strip())
            start = match.end()
    return [*found, text[start:].strip()]


def excerpt(text: str, limit: int = 300) -> str:
    """Whole sentences up to about `limit` characters; a first sentence longer than that is
    cut at a word and ends with "…"."""
    text = " ".join(text.split())
    kept = ""
    for sentence in _sentences(text):
        if kept and len(kept) + len(sentence) + 1 > limit:
            break
        kept = f"{kept} {sentence}".strip()
    if len(kept) <= limit + 40:
        return kept
    return kept[:limit].rsplit(" ", 1)[0] + " …"


def _filters(filters: Filters) -> str:
    parts = []
    for key, name in FILTER_NAMES.items():
        value = getattr(filters, key)
        if key == "doc_types":
            value = tuple(map(doc_type_name, value))
        if value:
            parts.append(f"{name}: {', '.join(value) if isinstance(value, tuple) else value}")
    return "; ".join(parts) or "bez filtrů"


def _cited(answer: Answer) -> list[tuple[int, Passage]]:
    return [(c.n, c.passage) for c in answer.reply.citations]


def research_outline(
    question: str, answer: Answer, hits: Sequence[Hit], filters: Filters,
    letterhead: Letterhead | None = None, documents: str = "",
) -> Outline:  # fmt: skip
    """The question, the answer, each cited passage with its reference, link and quote, the
    other passages found (whole sentences), and the AI note; internal sources marked."""
    cited = _cited(answer)
    cited_ids = {p.chunk_id for _, p in cited}
    report = _outline(f"Rešerše: {question}", letterhead).add(
        Paragraph(f"Datum: {czech_date(date.today().isoformat())} · Filtry: {_filters(filters)}"),
        Heading("Odpověď"),
        Paragraph(answer.reply.text),
        Heading("Citované pasáže"),
    )
    for n, passage in cited:
        mark = f" – {INTERNAL}" if _mark(passage) else ""
        report.add(
            Heading(f"[{n}] {passage.document.title}{mark}", level=3),
            Link(cited_as(passage), _address(passage, documents), _mark(passage)),
            Fields(_reference(passage)),
            Quote(passage.chunk.text),
        )
    others = [h.passage for h in hits if h.passage.chunk_id not in cited_ids]
    if others:
        report.add(
            Heading("Další nalezené pasáže"), Bullets([_other(p) for p in others], loose=True)
        )
    return report.add(Note(f"{AI_NOTE}. Odpověď a citace ověřte v uvedených dokumentech."))


def _outline(title: str, letterhead: Letterhead | None) -> Outline:
    return Outline(title, letterhead=letterhead or Letterhead(OFFICE), note=AI_NOTE)


def _other(p: Passage) -> Item:
    mark = f" ({INTERNAL})" if _mark(p) else ""
    return Item(f"{mark}: {excerpt(p.chunk.text)}", lead=cited_as(p))


def file_name(subject: str, suffix: str, day: str = "") -> str:
    """ "reserse-cyklostezka-turnov-2025-01-20.docx": the subject's first words, ASCII."""
    plain = unicodedata.normalize("NFKD", subject).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", plain)
    slug = ""
    for word in words:
        if len(slug) + len(word) > 50:
            break
        slug = f"{slug}-{word}" if slug else word
    day = day or date.today().isoformat()
    return f"reserse-{slug or 'dotaz'}-{day}.{suffix}"


def build_report(
    question: str, answer: Answer, hits: Sequence[Hit], filters: Filters, fmt: str,
    letterhead: Letterhead | None = None, documents: str = "",
) -> tuple[bytes, str, str]:  # fmt: skip
    """(content, media type, file name) of a research report, as Markdown or DOCX."""
    report = research_outline(question, answer, hits, filters, letterhead, documents)
    if fmt == "md":
        return (outline.markdown(report).encode("utf-8"), "text/markdown; charset=utf-8",
                file_name(question, "md"))  # fmt: skip
    return outline.docx(report), DOCX, file_name(question, "docx")


STATES = {"valid": "platné", "amended": "změněno", "cancelled": "zrušeno"}


def _status(row: dict) -> str:
    """ "platné", "změněno usnesením 130/24/RK", "zrušeno usnesením 150/24/RK"."""
    by = row["cancelled_by"] or row["amended_by"]
    return STATES[row["status"]] + (f" usnesením {', '.join(by)}" if by else "")


def _czk(amount: int) -> str:
    return f"{amount:,}".replace(",", " ") + " Kč"


def resolution_rows(row: dict, on: str = "") -> list[tuple[str, str]]:
    """One resolution as (name, value) rows: a report's table, the CLI's lines. A task whose
    deadline passed before `on` (of a resolution not cancelled) is flagged."""
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
        if overdue(task, row, on):
            deadline += f" – {OVERDUE}"
        rows.append(("Úkol", f"{task['whom']}: {task['what']}{deadline}"))
    page = f", s. {row['page']}" if row["page"] else ""
    rows.append(("Zdroj", f"{row['source']}{page}"))
    return rows


OVERDUE = "PO TERMÍNU"


def overdue(task: dict, row: dict, on: str) -> bool:
    """The deadline passed before `on`; the records do not say whether the task was done."""
    return bool(on and task["deadline"] and task["deadline"] < on and row["status"] != "cancelled")


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
    mark = f", {INTERNAL}" if m.get("access", "public") != "public" else ""
    return f"{m['title']} ({czech_date(m['date'])}, {m['source']}{item}{mark})"


# Resolution tables: a narrow name column, a wide value column (cm).
WIDTHS = (3.2, 13.3)


def topic_outline(data: dict, letterhead: Letterhead | None = None) -> Outline:
    """A topic report (`research_json`'s object): the summary, a table per resolution (internal
    ones marked, overdue tasks flagged), the materials, and the AI note."""
    on = data["as_of"] or date.today().isoformat()
    report = _outline(f"Rešerše k tématu: {data['topic']}", letterhead).add(
        Paragraph(f"Stav ke dni: {czech_date(on)}"),
        Paragraph(_summary(data)),
    )
    for row in data["resolutions"]:
        mark = f" – {INTERNAL}" if row.get("access", "public") != "public" else ""
        report.add(
            Heading(f"Usnesení č. {row['number']} ze dne {czech_date(row['date'])}{mark}"),
            Table(resolution_rows(row, on), widths=WIDTHS),
        )
    if data["materials"]:
        materials = [Item(_material(m)) for m in data["materials"]]
        report.add(Heading("Materiály pro jednání"), Bullets(materials))
    return report.add(Note(f"{AI_NOTE}. Ověřte v uvedených dokumentech.", gap=True))


def topic_report(
    data: dict, fmt: str, letterhead: Letterhead | None = None
) -> tuple[bytes, str, str]:
    """(content, media type, file name) of a topic report (`research_json`'s object)."""
    day = data["as_of"] or ""
    if fmt == "json":
        content = json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
        return content, "application/json", file_name(data["topic"], "json", day)
    report = topic_outline(data, letterhead)
    if fmt == "md":
        return (outline.markdown(report).encode("utf-8"), "text/markdown; charset=utf-8",
                file_name(data["topic"], "md", day))  # fmt: skip
    return outline.docx(report), DOCX, file_name(data["topic"], "docx", day)
