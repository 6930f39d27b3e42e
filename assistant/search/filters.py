"""One `Filters` type and its three compilers: a mask over the lexical index, a Chroma `where`
clause, and a check of a stored passage. The audience is a filter like the others, so an
internal passage is excluded inside every retriever and again on the rows read back."""

from __future__ import annotations

from array import array
from dataclasses import dataclass
from datetime import date as Date

import numpy as np

from assistant.model import Audience, Document


def date_number(value: str) -> int:
    """YYYYMMDD as an integer for range filters; 0 when the date is unknown or partial."""
    try:
        d = Date.fromisoformat(value[:10])
    except ValueError:
        return 0
    return d.year * 10000 + d.month * 100 + d.day


@dataclass(frozen=True, slots=True)
class Filters:
    """Restrictions applied inside retrieval, before ranking. A date range keeps only
    documents with a known date inside it."""

    audience: Audience = "public"
    doc_types: tuple[str, ...] = ()
    bodies: tuple[str, ...] = ()
    date_from: str = ""
    date_to: str = ""

    @property
    def public_only(self) -> bool:
        return self.audience != "staff"


@dataclass(frozen=True, slots=True)
class Labels:
    """A text column as a code a row into its distinct values: four bytes a chunk, where the
    values themselves took a hundred (at a million chunks, 170 MB of a serving process)."""

    values: np.ndarray
    codes: np.ndarray

    def __getitem__(self, rows: np.ndarray) -> Labels:
        return Labels(self.values, self.codes[rows])

    def isin(self, wanted: tuple[str, ...]) -> np.ndarray:
        return np.isin(self.values, wanted)[self.codes]

    def tolist(self) -> list[str]:
        return self.values[self.codes].tolist()


@dataclass(frozen=True, slots=True)
class FilterColumns:
    """The document fields the filters read, one row per indexed chunk."""

    public: np.ndarray
    dates: np.ndarray
    doc_types: Labels
    bodies: Labels


class _LabelRows:
    """A text column's codes appended a row at a time, with its distinct values in the order
    they came."""

    def __init__(self) -> None:
        self.codes = array("i")
        self.values: dict[str, int] = {}

    def append(self, value: str) -> None:
        self.codes.append(self.values.setdefault(value, len(self.values)))

    def labels(self) -> Labels:
        values = np.array(list(self.values), dtype=str)
        return Labels(values, np.frombuffer(self.codes, dtype=np.int32))


class ColumnRows:
    """The filter fields of documents appended one at a time, not the documents (at a million
    documents their objects took a gigabyte): a code a document for each text field."""

    def __init__(self) -> None:
        self.public, self.dates = array("b"), array("i")
        self.doc_types, self.bodies = _LabelRows(), _LabelRows()

    def __len__(self) -> int:
        return len(self.public)

    def append(self, document: Document) -> None:
        self.public.append(document.access == "public")
        self.dates.append(date_number(document.date))
        self.doc_types.append(document.doc_type)
        self.bodies.append(document.body)

    def columns(self) -> FilterColumns:
        return FilterColumns(
            public=np.frombuffer(self.public, dtype=bool),
            dates=np.frombuffer(self.dates, dtype=np.int32),
            doc_types=self.doc_types.labels(),
            bodies=self.bodies.labels(),
        )


def index_mask(filters: Filters, columns: FilterColumns) -> np.ndarray:
    keep = np.ones(len(columns.public), dtype=bool)
    if filters.public_only:
        keep &= columns.public
    if filters.doc_types:
        keep &= columns.doc_types.isin(filters.doc_types)
    if filters.bodies:
        keep &= columns.bodies.isin(filters.bodies)
    if filters.date_from:
        keep &= columns.dates >= date_number(filters.date_from)
    if filters.date_to:
        keep &= (columns.dates <= date_number(filters.date_to)) & (columns.dates > 0)
    return keep


def chroma_metadata(document: Document) -> dict[str, str | int]:
    """What each vector carries for `chroma_where`."""
    return {
        "access": document.access,
        "doc_type": document.doc_type,
        "body": document.body,
        "date": date_number(document.date),
    }


def chroma_where(filters: Filters) -> dict | None:
    clauses: list[dict] = []
    if filters.public_only:
        clauses.append({"access": "public"})
    if filters.doc_types:
        clauses.append({"doc_type": {"$in": list(filters.doc_types)}})
    if filters.bodies:
        clauses.append({"body": {"$in": list(filters.bodies)}})
    if filters.date_from:
        clauses.append({"date": {"$gte": date_number(filters.date_from)}})
    if filters.date_to:
        clauses.append({"date": {"$lte": date_number(filters.date_to)}})
        clauses.append({"date": {"$gt": 0}})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def allows(filters: Filters, document: Document) -> bool:
    """The filters checked on a stored document: the index may be a generation behind."""
    if filters.public_only and document.access != "public":
        return False
    if filters.doc_types and document.doc_type not in filters.doc_types:
        return False
    if filters.bodies and document.body not in filters.bodies:
        return False
    day = date_number(document.date)
    if filters.date_from and day < date_number(filters.date_from):
        return False
    return not (filters.date_to and not 0 < day <= date_number(filters.date_to))
