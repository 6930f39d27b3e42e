"""Council questions answered from the resolution records: whether a named resolution still
holds, how the vote went, what tasks it gave and by when. These are fields, not sentences: a
sentence of the resolution cannot say that a later one cancelled it. Anything else (or a
resolution the audience may not see) is left to the extractive answer."""

from __future__ import annotations

import re

from assistant.analysis import fold
from assistant.council import Council
from assistant.filters import Filters
from assistant.model import Citation, Passage, Reply, Resolution
from assistant.references import czech_date
from assistant.retrieve import resolution_numbers
from assistant.store import Store

# What a question asks of a named resolution, checked in this order.
ASKS = {
    "status": re.compile(r"\b(plati|platne|platny|platnost\w*|zrusen\w*|zmenen\w*|revokov\w*)\b"),
    "vote": re.compile(r"\b(hlasoval\w*|hlasovani|proti|zdrzel\w*)\b"),
    "tasks": re.compile(r"\b(termin\w*|do kdy|lhut\w*|ukol\w*|uklad\w*)\b"),
}


def _passage(store: Store, record: Resolution) -> Passage | None:
    ids = store.resolution_chunks(record.number)
    found = store.passages(ids)
    same = [found[i] for i in ids if i in found and found[i].document == record.document]
    return same[0] if same else None


QUOTED = {"vote": "hlasovani", "tasks": "uklada"}


def _quote(passage: Passage, asks: str) -> str:
    """The line of the resolution that holds what is answered: the vote, the task, the title."""
    lines = [ln for ln in passage.chunk.text.splitlines() if ln.strip()]
    key = QUOTED.get(asks)
    found = next((ln for ln in lines if key and key in fold(ln)), None)
    return (found or lines[min(1, len(lines) - 1)]).lstrip("• ")


def _named(record: Resolution) -> str:
    return f"Usnesení č. {record.number} ze dne {czech_date(record.document.date)}"


def _status(council: Council, record: Resolution) -> tuple[str, list[Resolution]]:
    status = council.status(record.number)
    later = [council.records[n] for n in (*status.cancelled_by, *status.amended_by)]
    if status.state == "valid":
        return (f"{_named(record)} („{record.title}“) podle dokumentů v indexu platí: žádné "
                "pozdější usnesení je nemění ani neruší."), []  # fmt: skip
    verb = "zrušeno" if status.state == "cancelled" else "změněno"
    by = ", ".join(_named(r).replace("Usnesení", "usnesením", 1) for r in later)
    return f"{_named(record)} („{record.title}“) bylo {verb} {by}.", later


def _vote(record: Resolution) -> str | None:
    if not record.vote:
        return None
    v = record.vote
    return f"{_named(record)}: hlasování pro {v.pro}, proti {v.proti}, zdržel se {v.zdrzel}."


def _tasks(record: Resolution) -> str | None:
    if not record.tasks:
        return None
    given = [f"{t.whom} {t.what}" + (f" (termín {czech_date(t.deadline)})" if t.deadline else
                                      " (bez termínu)") for t in record.tasks]  # fmt: skip
    return f"{_named(record)} ukládá: " + "; ".join(given) + "."


def from_records(question: str, store: Store, filters: Filters) -> Reply | None:
    """The answer from the record of the resolution the question names, when it asks for its
    validity, its vote or its tasks (and the audience may see it)."""
    folded, numbers = fold(question), resolution_numbers(question)
    asks = next((k for k, rx in ASKS.items() if rx.search(folded)), None)
    if not numbers or not asks:
        return None
    council = Council.open(store, filters)
    record = council.get(numbers[0])
    if record is None:
        return None
    later: list[Resolution] = []
    if asks == "status":
        text, later = _status(council, record)
    else:
        text = _vote(record) if asks == "vote" else _tasks(record)
    passages = [p for r in (record, *later) if (p := _passage(store, r))]
    if not text or not passages:
        return None
    marks = " ".join(f"[{n}]" for n in range(1, len(passages) + 1))
    citations = tuple(Citation(n, _quote(p, asks), p) for n, p in enumerate(passages, 1))
    return Reply(f"{text} {marks}", abstained=False, citations=citations)
