"""The review sheet: answers for people to grade, one row each, as the working group's
spreadsheet holds them. Written here by the `/review` page and by `assistant review export`;
`assistant review import` reads the grades back and turns them into gold questions. `;`-separated
with a byte-order mark, so Czech Excel opens it in columns."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

COLUMNS = (
    "id",
    "otázka",
    "publikum",
    "odpověď",
    "citace",
    "očekáváno",
    "automaticky",
    "hodnocení",
    "komentář",
    "správná odpověď",
)
VERDICTS = {"right": "dobře", "wrong": "špatně"}


def citations_cell(citations: Iterable[dict]) -> str:
    """ "[1] title, s. 3: quote" per line; the quote is what a good answer keeps as evidence."""
    return "\n".join(
        f"[{c['n']}] {c['title']}, s. {c.get('page') or '–'}: {c.get('quote', '')}".rstrip(": ")
        for c in citations
    )


def sheet(rows: Iterable[dict]) -> str:
    """The sheet of rows keyed by `COLUMNS` (missing cells empty)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([row.get(column, "") for column in COLUMNS])
    return out.getvalue()


def _feedback_row(item: dict) -> dict:
    return {
        "id": item["answer_id"], "otázka": item["question"], "publikum": item["audience"],
        "odpověď": item["answer"], "citace": citations_cell(item["citations"]),
        "automaticky": "chyba", "hodnocení": VERDICTS[item["verdict"]],
        "komentář": f"Občan: {item['reasons']}".strip(), "správná odpověď": item["correct"],
    }  # fmt: skip


def feedback_sheet(items: Iterable[dict]) -> str:
    """The answers citizens rated "Nepomohlo" that the working group has marked
    (`AnswerLog.disliked`): the mark as the grade, the citizen's reason as the comment."""
    return sheet(_feedback_row(item) for item in items if item["verdict"])
