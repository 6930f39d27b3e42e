"""Council and assembly resolutions as records: the decided parts with their verbs, the tasks
with whom and by when, the vote, the amounts and the resolutions referred to, read from the
text of a resolution's chunks (which never cross a resolution's boundary).

Run after the OCR repair over the whole store, so a scanned resolution is read from its
repaired text, and rebuilt whenever the store changes: the records are derived, like the
indexes."""

from __future__ import annotations

import re
from collections.abc import Iterator

from assistant.model import Decision, Document, Reference, Resolution, Task, Vote
from assistant.store.writer import StoreWriter
from assistant.text.analysis import fold
from assistant.text.dates import iso_date
from assistant.text.facts import AMOUNT_CZK
from assistant.text.numbers import NUMBER, canonical

VERBS = (
    "schvaluje", "neschvaluje", "bere na vědomí", "ukládá", "doporučuje", "nedoporučuje",
    "souhlasí", "nesouhlasí", "ruší", "mění", "revokuje", "pověřuje", "jmenuje", "odvolává",
    "vydává", "zřizuje", "rozhoduje", "stanovuje", "vyhlašuje", "deleguje", "zmocňuje",
)  # fmt: skip
_VERB = "|".join(re.escape(fold(v)) for v in VERBS)
# "I. schvaluje …", "• II. ukládá …", also after a line break OCR or layout lost.
# OCR reads "I." as "1.", "|.", "l." and "II." as "11.", "Ii." or "W.": a label followed by a
# decision's verb is one whatever it reads; parts are numbered in order, so a misread label is
# the next one in order.
PART = re.compile(
    rf"(?:^|(?<=[\s•,;]))(?P<label>[IVX|l1iW]{{1,5}})\.\s+(?P<verb>{_VERB})\b",
    re.IGNORECASE,
)
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
# OCR reads a 0 as "O" and a 1 as "l" or "I" in the vote line.
_COUNT = r"([\doli]{1,3})"
VOTE = re.compile(
    rf"hlasovani\s*:?\s*pro\s+{_COUNT}\W{{1,4}}proti\s+{_COUNT}\W{{1,4}}zdrzel\w*\s+se\s+{_COUNT}\b"
)
RELATION = {"meni": "mění", "rusi": "ruší", "revokuje": "revokuje", "navazuje": "navazuje"}
REFERRED = re.compile(
    rf"\b(meni|rusi|revokuje|navazuje\s+na)\b[^.;]{{0,80}}?usneseni\w*\s+(?:c\.\s*)?({NUMBER})"
)
DEADLINE = re.compile(r"(?:termin\s*:?\s*|\bdo\s+)(\d{1,2}\.\s?\d{1,2}\.\s?\d{4})")
# An infinitive ends whom a task is given to: "řediteli krajského úřadu | předložit …".
# ("resort", "projekt", "rozpočet" end in -t too: an infinitive has a vowel before it).
_LOWER = "a-záčďéěíňóřšťúůýž"
INFINITIVE = re.compile(rf"\b(?![{_LOWER}]*čet\b)[{_LOWER}]+(?:[aáeěiíyýuů]ti?|ct|ést)\b")
FORMULA = re.compile(r"\s*(Rada|Zastupitelstvo) Libereckého kraje po projednání\s*$")


def parse(number: str, text: str, document: Document, page: int | None) -> Resolution:
    """One resolution's record from its text (the chunks of one resolution, joined)."""
    folded = fold(text)
    marks = [m for m in PART.finditer(folded) if text[m.start()] in "IVX|l1W"]
    lines = [ln for ln in text.splitlines() if ln.strip()]
    title = ""
    if len(lines) > 1:
        title = FORMULA.sub("", lines[1]).strip()
    decisions = []
    for i, mark in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else _end(folded, mark.end())
        body = re.sub(r"\s+", " ", text[mark.end() : end]).strip(" •,;")
        label = text[mark.start("label") : mark.end("label")]
        if i < len(ROMAN) and label != ROMAN[i]:
            label = ROMAN[i]  # OCR's misreading of the next label in order
        decisions.append(Decision(label, _verb(mark.group("verb")), body))
    vote = VOTE.search(folded)
    return Resolution(
        number=number,
        title=title,
        decisions=tuple(decisions),
        vote=Vote(*(_count(g) for g in vote.groups())) if vote else None,
        tasks=tuple(_task(d.text) for d in decisions if d.verb == "ukládá"),
        references=_references(folded, number),
        amounts=tuple(dict.fromkeys(m.group() for m in AMOUNT_CZK.finditer(text))),
        text=text,
        document=document,
        page=page,
    )


def _count(digits: str) -> int:
    return int(digits.translate(str.maketrans("oli", "011")))


def _end(folded: str, start: int) -> int:
    """The last part ends where the vote line starts, or with the text."""
    vote = folded.find("hlasovani", start)
    return vote if vote >= 0 else len(folded)


def _verb(folded: str) -> str:
    return next(v for v in VERBS if fold(v) == folded)


def _task(text: str) -> Task:
    """Whom (the words before the first infinitive), what, and the deadline."""
    folded = fold(text)
    deadline = DEADLINE.search(folded)
    when = iso_date(deadline.group(1)) if deadline else ""
    what = text
    if deadline and folded[deadline.start() :].startswith("termin"):
        what = text[: deadline.start()]
    verb = INFINITIVE.search(text)
    whom = text[: verb.start()].strip(" ,") if verb else ""
    what = what[verb.start() :] if verb else what
    return Task(whom, re.sub(r"\s+", " ", what).strip(" .,;–-"), when)


def _references(folded: str, own: str) -> tuple[Reference, ...]:
    found = []
    for m in REFERRED.finditer(folded):
        relation = RELATION[m.group(1).split()[0]]
        number = canonical(m.group(2))
        if number != own:
            found.append(Reference(relation, number))
    return tuple(dict.fromkeys(found))


def derive(store: StoreWriter) -> int:
    """Rebuild the resolution records from the stored chunks when the store has changed;
    returns how many there are."""
    version = str(store.version())
    if store.meta("resolutions") == version:
        return -1
    count = 0

    def records() -> Iterator[Resolution]:
        nonlocal count
        for number, document, page, text in store.resolution_texts():
            count += 1
            yield parse(number, _without_repeats(number, text), document, page)

    store.replace_resolutions(records())
    store.set_meta("resolutions", version)
    return count


def _without_repeats(number: str, text: str) -> str:
    """A resolution's later chunks repeat its number line; the record reads it once."""
    head = f"Usnesení č. {number}"
    lines = text.splitlines()
    return "\n".join(ln for i, ln in enumerate(lines) if i == 0 or ln.strip() != head)
