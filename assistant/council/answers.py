"""Council questions answered from the resolution records: whether a resolution still holds, how
the vote went, what tasks it gave and by when, which resolution decided a matter. These are
fields, not sentences: a sentence of the resolution cannot say that a later one cancelled it.

The resolution is the one the question names by number or, when it names none, the one it
describes: of the meeting day it names, or else of the passages (or council materials) it
retrieved in rank order, the first of the body it names that holds every name and figure it names
and enough of its words. Anything else (or a resolution the audience may not see) is left to the
extractive answer."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from assistant.council.history import AMENDS, CANCELS, Council
from assistant.model import Citation, Hit, Passage, Reply, Resolution, Task
from assistant.question.analyse import DATE_TOKEN
from assistant.question.asked import Asked
from assistant.search.evidence import QuestionEvidence
from assistant.search.filters import Filters
from assistant.store.documents import Store
from assistant.text.analysis import fold, matches, terms, vocabulary
from assistant.text.dates import czech_date
from assistant.text.facts import AMOUNT_CZK
from assistant.text.numbers import MENTIONS, resolution_numbers

DESCRIBED = 0.5  # of the question's weighted words a resolution it describes must hold
QUOTED_TASK = 0.8  # of a task's words a question quoting it holds
QUOTED_TEXT = re.compile(r"„[^“]*“|\"[^\"]*\"")


# What a question asks of a named resolution, checked in this order.
ASKS = {
    "status": re.compile(r"\b(plati|platne|platny|platnost\w*|zrusen\w*|zmenen\w*|revokov\w*)\b"),
    "vote": re.compile(r"\b(hlasoval\w*|hlasovani|proti|zdrzel\w*)\b"),
    "tasks": re.compile(r"\b(termin\w*|do kdy|lhut\w*|ukol\w*|uklad\w*)\b"),
    "which": re.compile(r"\b(kterym|jakym|ktere|jake)\s+usneseni\w*|\bcisl[oa]\b(?=.*\busnes)"),
}
# Without a number, a question must ask in council words: "platí" is asked of fares too, and
# "proti" of floods.
UNNAMED = {
    "status": re.compile(r"\busneseni\w*"),
    "vote": re.compile(r"\b(hlasoval\w*|hlasovani|zdrzel\w*)\b"),
    "tasks": re.compile(""),
    "which": re.compile(""),
}
# Words that ask for a task's deadline rather than describe the task.
FIELD_WORDS = frozenset("termin terminu do kdy lhuta lhutu ukol ukoly uklada ma maji".split())


def _passage(store: Store, record: Resolution) -> Passage | None:
    ids = store.resolution_chunks(record.number)
    found = store.passages(ids)
    same = [found[i] for i in ids if i in found and found[i].document == record.document]
    return same[0] if same else None


QUOTED = {"vote": re.compile("hlasovani"), "tasks": re.compile("uklada"),
          "which": re.compile(r"^[ivx]+\. ")}  # fmt: skip


def _quote(passage: Passage, asks: str) -> str:
    """The line of the resolution that holds what is answered: the vote, the task, the title."""
    lines = [ln for ln in passage.chunk.text.splitlines() if ln.strip()]
    key = QUOTED.get(asks)
    found = next((ln for ln in lines if key and key.search(fold(ln.lstrip("• ")))), None)
    return (found or lines[min(1, len(lines) - 1)]).lstrip("• ")


def _named(record: Resolution) -> str:
    return f"Usnesení č. {record.number} ze dne {czech_date(record.document.date)}"


def _by(record: Resolution) -> str:
    """ "usnesením č. 12/24/RK ze dne 1. 2. 2024" """
    return _named(record).replace("Usnesení", "usnesením", 1)


def _status(council: Council, record: Resolution) -> tuple[str, list[Resolution]]:
    status = council.status(record.number)
    later = [council.records[n] for n in (*status.cancelled_by, *status.amended_by)]
    if status.state == "valid":
        return (f"{_named(record)} („{record.title}“) podle dokumentů v indexu platí: žádné "
                "pozdější usnesení je nemění ani neruší."), []  # fmt: skip
    verb = "zrušeno" if status.state == "cancelled" else "změněno"
    by = ", ".join(map(_by, later))
    return f"{_named(record)} („{record.title}“) bylo {verb} {by}.", later


def _later(council: Council, record: Resolution) -> tuple[str, list[Resolution]]:
    """What an answer about another field adds of a resolution that no longer holds as it was."""
    if council.status(record.number).state == "valid":
        return "", []
    text, later = _status(council, record)
    return " " + text.replace(f"{_named(record)} („{record.title}“)", "Usnesení", 1), later


def _vote(record: Resolution) -> str | None:
    if not record.vote:
        return None
    v = record.vote
    return f"{_named(record)}: hlasování pro {v.pro}, proti {v.proti}, zdržel se {v.zdrzel}."


def _asked_terms(question: str) -> frozenset[str]:
    """Stems of the words as written (as the index's are), without those asking for a date."""
    said = re.findall(r"\w+", question)
    return frozenset(t for w in said if fold(w) not in FIELD_WORDS for t in terms(w))


def task_described(task: Task, question: str) -> bool:
    """The question quotes the task, or names whom it was given and mostly what it is ("Do kdy
    má ředitel úřadu předložit vyhodnocení…?"); a deadline for applicants ("Do kdy lze podat
    žádost o dotaci?") is not a task's, nor is another task of the same office."""
    asked, what = _asked_terms(question), set(terms(task.what))
    if what and len(what & asked) >= QUOTED_TASK * len(what):
        return True
    whom = asked & set(terms(task.whom))
    rest = asked - whom
    return bool(whom) and len(rest & what) * 2 >= len(rest) > 0


def field_asked(question: str) -> str | None:
    """What a council question asks of a resolution: "status", "vote", "tasks" or "which" (of
    one it names by number, any of the words; of one it does not, in council words)."""
    folded = fold(question)
    asks = next((k for k, rx in ASKS.items() if rx.search(folded)), None)
    if asks is None or resolution_numbers(question):
        return None if asks == "which" else asks
    return asks if UNNAMED[asks].search(folded) else None


def _without(question: str, rx: re.Pattern[str]) -> str:
    """The question without what the pattern matches in its folded form (folding Czech keeps
    every character's place, so the spans hold in the original)."""
    folded = fold(question)
    if len(folded) != len(question):
        return rx.sub(" ", folded)
    kept, start = [], 0
    for match in rx.finditer(folded):
        kept.append(question[start : match.start()])
        start = match.end()
    return " ".join([*kept, question[start:]])


def _tasks(record: Resolution, question: str | None = None) -> str | None:
    """The tasks of the resolution; of a resolution the question did not name, only those the
    question describes."""
    tasks = [t for t in record.tasks if question is None or task_described(t, question)]
    if not tasks:
        return None
    given = [f"{t.whom} {t.what}" + (f" (termín {czech_date(t.deadline)})" if t.deadline else
                                      " (bez termínu)") for t in tasks]  # fmt: skip
    return f"{_named(record)} ukládá: " + "; ".join(given) + "."


def _which(record: Resolution) -> str:
    """The number, date, title and what it decided first."""
    first = next((f"{d.label}. {d.verb} {d.text}".rstrip(" .,;") for d in record.decisions), "")
    return f"{_named(record)} („{record.title}“)" + (f": {first}." if first else ".")


def _holds(record: Resolution, asked: Asked, described: QuestionEvidence) -> bool:
    """The resolution is of the body the question names, holds every name and figure it names
    in its title and parts (not in its vote, its amounts or its document's title: "Dodatek
    č. 9" is not found in "pro 9" or "9 000 000 Kč"), and enough of its words. The body is the
    one named outside quotes: „předložit zastupitelstvu vyhodnocení“ quotes a task of the
    council."""
    analysis = asked.analysis
    unquoted = fold(QUOTED_TEXT.sub(" ", asked.query))
    bodies = [b for b, rx in MENTIONS.items() if rx.search(unquoted)]
    if bodies and record.document.body not in bodies:
        return False
    decided = "\n".join([record.title, *(f"{d.verb} {d.text}" for d in record.decisions)])
    decided = AMOUNT_CZK.sub(" ", decided)
    found, folded = vocabulary(decided)
    names = [t for t in analysis.names if not DATE_TOKEN.match(t)]
    if not all(matches(t, found, folded) for t in names):
        return False
    return described.coverage(record.title, record.text) >= DESCRIBED


def _record_of(council: Council, store: Store, passage: Passage) -> Resolution | None:
    """The resolution a passage states, or the one a council material's passage was the basis
    of."""
    record = council.get(passage.chunk.resolution or "-")
    if record and record.document.doc_id == passage.document.doc_id:
        return record
    if passage.document.doc_type == "material":
        whole = "\n".join(store.texts(passage.document.doc_id))
        return council.item_of(passage.document, whole)
    return None


def _candidates(
    council: Council, store: Store, asked: Asked, hits: Sequence[Hit]
) -> Iterator[Resolution]:
    """Resolutions of the meeting day the question names, else of the passages it retrieved
    (a council material standing for the resolution of its item), in rank order."""
    days = {t for t in asked.analysis.names if DATE_TOKEN.match(t)}
    if days:
        yield from (r for r in council.records.values() if r.document.date in days)
        return
    for hit in hits:
        if record := _record_of(council, store, hit.passage):
            yield record


def _meant(
    council: Council, store: Store, asked: Asked, hits: Sequence[Hit], described: QuestionEvidence
) -> Resolution | None:
    """The resolution a question naming none describes: the first retrieved that it describes,
    or the best described of the meeting day it names."""
    candidates = _candidates(council, store, asked, hits)
    chosen = [r for r in candidates if _holds(r, asked, described)]
    if any(DATE_TOKEN.match(t) for t in asked.analysis.names):
        return max(chosen, key=lambda r: described.coverage(r.title, r.text), default=None)
    return chosen[0] if chosen else None


def _text(
    asks: str, council: Council, record: Resolution, question: str | None
) -> tuple[str | None, list[Resolution]]:
    """The answer's sentence and the later resolutions it names."""
    if asks == "status":
        return _status(council, record)
    fields = {"vote": _vote(record), "tasks": _tasks(record, question),
              "which": _which(record)}  # fmt: skip
    if not fields[asks]:
        return None, []
    note, later = _later(council, record)
    return fields[asks] + note, later


def from_records(asked: Asked, store: Store, hits: Sequence[Hit] | None = None) -> Reply | None:
    """The answer from the record of the resolution the question names or, naming none, of the
    one it describes (given the `hits` it retrieved), when it asks for its validity, vote, tasks
    or number (and the audience may see it)."""
    question = asked.query
    asks, numbers = field_asked(question), resolution_numbers(question)
    if not asks or not (numbers or hits is not None):
        return None
    council = _council(store, asked.filters)
    if numbers:
        record, described_in = council.get(numbers[0]), None
    else:
        # The matter is described by the words that do not ask for the field ("platí ještě").
        described = QuestionEvidence(_without(question, ASKS[asks]), asked.statistics)
        record = _meant(council, store, asked, hits, described)
        described_in = question
    if record is None or not (first := _passage(store, record)):
        return None
    quote = _quote(first, asks)
    text, later = _text(asks, council, record, described_in)
    if not text:
        return None
    citations = [Citation(1, quote, first)]
    for p in filter(None, (_passage(store, r) for r in later)):
        citations.append(Citation(len(citations) + 1, _quote(p, "status"), p))
    marks = " ".join(f"[{c.n}]" for c in citations)
    return Reply(f"{text} {marks}", abstained=False, citations=tuple(citations))


# A question about what holds now: the value in force comes first, the original after it.
CURRENT = re.compile(
    r"\b(aktualn\w*|nyni|nynejsi\w*|soucasn\w*|ted|dnes\w*|platn\w*|plati|posledn\w*)\b"
)


def _council(store: Store, filters: Filters) -> Council:
    """The records as of the end of the filtered period: a resolution the filters leave out
    has not yet changed anything for the question (its text could not be cited either)."""
    return Council.open(store, filters, filters.date_to)


def _cite(citations: list[Citation], store: Store, later: Resolution, quote: str) -> int | None:
    """The citation mark of the later resolution's passage, added if not yet cited."""
    passage = _passage(store, later)
    if passage is None:
        return None
    for c in citations:
        if c.passage.chunk_id == passage.chunk_id:
            return c.n
    citations.append(Citation(len(citations) + 1, quote or later.title, passage))
    return len(citations)


def _decision_about(later: Resolution, number: str) -> str:
    decided = next((d for d in later.decisions if number in d.text),
                   later.decisions[0] if later.decisions else None)  # fmt: skip
    return f"{decided.label}. {decided.verb} {decided.text}".rstrip(" .,;") if decided else ""


def _chain(
    council: Council, store: Store, record: Resolution, citations: list[Citation], done: set[str]
) -> list[str]:
    """Sentences naming what later resolutions did to `record`, each cited: its amendments and
    cancellation with their decision (the value in force), and what was done to those in turn;
    or an amendment or cancellation since cancelled (the original holds again)."""
    done.add(record.number)
    status, sentences = council.status(record.number), []
    for number in (*status.amended_by, *status.cancelled_by):
        later = council.records[number]
        decided = _decision_about(later, record.number)
        mark = _cite(citations, store, later, decided)
        if mark is None:
            continue
        verb = "zrušeno" if number in status.cancelled_by else "změněno"
        what = f": {decided}" if decided else ""
        sentences.append(f"Usnesení č. {record.number} bylo {verb} {_by(later)}{what}. [{mark}]")
        if number not in done:
            sentences += _chain(council, store, later, citations, done)
    for relation, number in council.referenced_by(record.number):
        if relation not in AMENDS | CANCELS or council.status(number).state != "cancelled":
            continue
        change = "Změna" if relation in AMENDS else "Zrušení"
        for cancelling in council.status(number).cancelled_by:
            later = council.records[cancelling]
            mark = _cite(citations, store, later, _decision_about(later, number))
            if mark is not None:
                sentences.append(
                    f"{change} usnesení č. {record.number} usnesením č. {number} bylo zrušeno"
                    f" {_by(later)}; platí původní znění. [{mark}]"
                )
    return sentences


def with_chain(reply: Reply, asked: Asked, store: Store) -> Reply:
    """An answer quoting a resolution that later ones amended or cancelled (or whose amendment
    was cancelled) goes on with the chain: which resolution changed it, when, and that one's
    decision about it (the value in force), cited. Asked what holds now, the chain comes first
    and the original after it: a quote of the original alone would state what no longer holds."""
    if reply.abstained or not reply.citations:
        return reply
    council = _council(store, asked.filters)
    citations, chain, done = list(reply.citations), [], set()
    for citation in reply.citations:
        record = _record_of(council, store, citation.passage)
        if record is not None and record.number not in done:
            chain += _chain(council, store, record, citations, done)
    if not chain:
        return reply
    if CURRENT.search(fold(asked.question)):
        text = " ".join(chain) + " Původně: " + reply.text
    else:
        text = reply.text + " " + " ".join(chain)
    return Reply(text, False, tuple(citations), reply.reason, reply.tokens)
