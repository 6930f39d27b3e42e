"""The council's decisions as a history: whether a resolution still holds (platné), was amended
(změněno) or cancelled (zrušeno) by later ones, what refers to it, and the chain of its matter.

A resolution cancelled by a later one no longer amends or cancels anything itself, so the
cancellation of an amendment restores what it amended. Only what the audience may see counts:
a public question never learns of an internal resolution, not even as the one that cancelled.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from assistant.model import Document, Resolution, Task
from assistant.search.filters import Filters, allows
from assistant.store.documents import Store
from assistant.text.analysis import terms
from assistant.text.numbers import canonical

AMENDS = frozenset({"mění"})
CANCELS = frozenset({"ruší", "revokuje"})
TITLE_HELD = 0.8  # of a resolution's title terms in its material: OCR may misread the rest


@dataclass(frozen=True, slots=True)
class Status:
    state: str  # "valid", "amended" or "cancelled"
    amended_by: tuple[str, ...] = ()
    cancelled_by: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TaskState:
    resolution: Resolution
    task: Task
    state: str  # "running", "overdue" or "no_deadline"


def _key(record: Resolution) -> tuple[str, int, str]:
    """Chronological order: the meeting's date, then the number within the year."""
    serial = int(record.number.split("/")[0])
    return (record.document.date, serial, record.number)


class Council:
    """The resolutions an audience may see, with their statuses as of a date."""

    def __init__(self, records: Iterable[Resolution], as_of: str = ""):
        self.records = _latest(r for r in records if not as_of or r.document.date <= as_of)
        self.referrers: dict[str, list[tuple[str, str]]] = {}
        for record in self.records.values():
            for ref in record.references:
                self.referrers.setdefault(ref.number, []).append((ref.relation, record.number))
        self.statuses = _statuses(list(self.records.values()))

    @classmethod
    def open(cls, store: Store, filters: Filters, as_of: str = "") -> Council:
        """Of the filters only the audience counts: a date or body filter chooses what to show,
        not which later resolutions amend or cancel it. Kept per version of the store, as
        reading 3,000 records takes about 100 ms and every council question needs them."""
        return _opened(store, store.version(), filters.audience, as_of)

    def get(self, number: str) -> Resolution | None:
        return self.records.get(canonical(number))

    def status(self, number: str) -> Status:
        return self.statuses.get(number, Status("valid"))

    def item_of(self, material: Document, text: str) -> Resolution | None:
        """The resolution a council material was the basis of: of the same body and meeting
        day, the one whose title and decided parts the material holds most of ("Název: …",
        "Návrh usnesení")."""
        found = set(terms(text))
        day = (material.date, material.body)
        meeting = [r for r in self.records.values() if (r.document.date, r.document.body) == day]

        def held(record: Resolution) -> tuple[bool, float]:
            title = set(terms(record.title))
            parts = set(terms(" ".join(d.text for d in record.decisions)))
            share = len(title & found) / len(title) if title else 0.0
            return share >= TITLE_HELD, len(parts & found) / len(parts) if parts else 0.0

        best = max(meeting, key=held, default=None)
        return best if best and held(best)[0] else None

    def tasks(self, on: str, numbers: Iterable[str] | None = None) -> list[TaskState]:
        """The tasks of the resolutions in force (of `numbers`, if given) on a date: running
        until their deadline, overdue after it, or without one. Whether a task was done the
        records do not say."""
        chosen = self.records if numbers is None else {n: self.records[n] for n in numbers}
        out = []
        for number, record in chosen.items():
            if self.status(number).state == "cancelled":
                continue
            for task in record.tasks:
                state = "no_deadline" if not task.deadline else (
                    "running" if task.deadline >= on else "overdue")  # fmt: skip
                out.append(TaskState(record, task, state))
        return sorted(out, key=lambda t: (t.task.deadline or "9999", _key(t.resolution)))

    def referenced_by(self, number: str) -> list[tuple[str, str]]:
        """(relation, number) of every later resolution that refers to this one."""
        return self.referrers.get(number, [])

    def history(self, number: str) -> list[Resolution]:
        """Every resolution linked to this one by references, either way, in date order."""
        linked, todo = set(), [number]
        while todo:
            current = todo.pop()
            if current in linked or current not in self.records:
                continue
            linked.add(current)
            todo.extend(ref.number for ref in self.records[current].references)
            todo.extend(n for _, n in self.referenced_by(current))
        return [r for n, r in self.records.items() if n in linked]


def _latest(records: Iterable[Resolution]) -> dict[str, Resolution]:
    """The latest record of each number (of two on the same day, the one read last), in the
    order of each number's first record: read as they stream, so a number's earlier copies (in
    the minutes, an extract, a material) are never all held at once."""
    latest: dict[str, Resolution] = {}
    first: dict[str, tuple[str, int, str]] = {}
    for record in records:
        key, held = _key(record), latest.get(record.number)
        if held is None or _key(held) <= key:
            latest[record.number] = record
        if held is None or key < first[record.number]:
            first[record.number] = key
    return {number: latest[number] for number in sorted(first, key=first.__getitem__)}


def _statuses(chronological: list[Resolution]) -> dict[str, Status]:
    """Latest first: a resolution already cancelled by a later one changes nothing."""
    amended: dict[str, list[str]] = {}
    cancelled: dict[str, list[str]] = {}
    for record in reversed(chronological):
        if record.number in cancelled:
            continue
        for ref in record.references:
            if ref.relation in CANCELS:
                cancelled.setdefault(ref.number, []).append(record.number)
            elif ref.relation in AMENDS:
                amended.setdefault(ref.number, []).append(record.number)
    out = {}
    for number in {*amended, *cancelled}:
        by_amend, by_cancel = tuple(amended.get(number, ())), tuple(cancelled.get(number, ()))
        state = "cancelled" if by_cancel else "amended"
        out[number] = Status(state, tuple(reversed(by_amend)), tuple(reversed(by_cancel)))
    return out


@lru_cache(maxsize=8)
def _opened(store: Store, version: int, audience: str, as_of: str) -> Council:
    """Every audience's and date's council is made from the staff's, all dates: the records
    are read from the store once per version (at a million chunks, 333,000 records and 20 s)
    and shared, not held again for each."""
    if audience != "staff" or as_of:  # `version` is part of the key: a new one reads anew
        every = _opened(store, version, "staff", "")
        chosen = Filters(audience=audience)
        return Council((r for r in every.records.values() if allows(chosen, r.document)), as_of)
    return Council(store.resolutions())
