"""The data that flows from ingest to the answer: one type per concept, referenced, not copied.

A `Chunk` is cut by the chunker and stored with its `Document`; the store hands back
`Passage`s (a chunk with its document); retrieval ranks them as `Hit`s; an `Answer` quotes them
in `Citation`s. Every step keeps a reference to the same passage.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Access = Literal["public", "internal"]
Audience = Literal["public", "staff"]
Role = Literal["user", "assistant"]


@dataclass(frozen=True, slots=True)
class Chunk:
    """A retrievable piece of a document with what a citation needs to point at it."""

    text: str
    section: str = ""
    page: int | None = None
    page_end: int | None = None
    resolution: str = ""
    # The text as OCR (or a text layer without diacritics) gave it, when `text` is its repair.
    ocr_text: str = ""
    # Words of the repaired text that neither the word list nor the clean documents know.
    unknown: frozenset[str] = frozenset()
    # The id of its section's heading in a web page (a citation links to `url#anchor`).
    anchor: str = ""


@dataclass(frozen=True, slots=True)
class Document:
    """What is known about a document; anything not marked public is internal."""

    doc_id: str
    source: str
    title: str
    access: Access = "internal"
    doc_type: str = ""
    date: str = ""
    body: str = ""
    url: str = ""
    external_id: str = ""


@dataclass(frozen=True, slots=True)
class Passage:
    chunk_id: str
    chunk: Chunk
    document: Document


@dataclass(frozen=True, slots=True)
class Hit:
    rank: int
    score: float
    passage: Passage


@dataclass(frozen=True, slots=True)
class Citation:
    n: int
    quote: str
    passage: Passage


@dataclass(frozen=True, slots=True)
class Turn:
    role: Role
    content: str


@dataclass(frozen=True, slots=True)
class Reply:
    """What an answering step produced: the text a person reads and what it cites."""

    text: str
    abstained: bool
    citations: tuple[Citation, ...] = ()
    # Why it abstained: no_passages, weak_evidence, focus_not_found, constraint_not_found,
    # no_fact_of_asked_kind (extractive), withheld (the LLM's reply failed the guard),
    # low_confidence (below the operating point, answer/confidence.py).
    reason: str = ""
    tokens: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Answer:
    question: str
    reply: Reply
    mode: str
    query: str = ""
    hits: tuple[Hit, ...] = ()
    timings: dict[str, float] = field(default_factory=dict)
    # How likely the answer is right (answer/confidence.py) and what that was worked out from.
    confidence: float | None = None
    signals: dict[str, float] = field(default_factory=dict)
    # With a refusal: documents the question is about, which do not answer it (never cited).
    related: tuple[Passage, ...] = ()
    # The answer the operating point held back (for the evaluation; never shown to citizens).
    withheld: Reply | None = None


@dataclass(frozen=True, slots=True)
class Decision:
    """One numbered part of a resolution ("II. ukládá …"): its label, verb and text."""

    label: str
    verb: str
    text: str


@dataclass(frozen=True, slots=True)
class Vote:
    pro: int
    proti: int
    zdrzel: int


@dataclass(frozen=True, slots=True)
class Task:
    """What an "ukládá" part gives: to whom, what, and by when (ISO date, or empty)."""

    whom: str
    what: str
    deadline: str = ""


@dataclass(frozen=True, slots=True)
class Reference:
    """A resolution this one refers to, with how: mění, ruší, revokuje, navazuje."""

    relation: str
    number: str


@dataclass(frozen=True, slots=True)
class Resolution:
    """A council or assembly resolution as a record, read from its chunks' text."""

    number: str
    title: str
    decisions: tuple[Decision, ...]
    vote: Vote | None
    tasks: tuple[Task, ...]
    references: tuple[Reference, ...]
    amounts: tuple[str, ...]
    text: str
    document: Document
    page: int | None = None
