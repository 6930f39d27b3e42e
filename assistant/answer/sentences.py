"""What a quoted sentence is: the heading it is read under, the context it is quoted with
(a resolution's number and date, a record's name), whether it names a person or a place, and
whether OCR left it unreadable."""

from __future__ import annotations

import re

from assistant.model import Passage
from assistant.question.analyse import QuestionAnalysis
from assistant.text.analysis import FIELD_LABEL, LOWER, UPPER, adjectival, fold, terms
from assistant.text.dates import czech_date
from assistant.text.facts import STATED, states
from assistant.text.spelling import WORD

# A sentence's first word is capitalised anyway: there a name needs what follows a name.
PERSON = re.compile(
    rf"(?<!^)\b[{UPPER}][{LOWER}]+ [{UPPER}][{LOWER}]+\b"
    rf"|^[{UPPER}][{LOWER}]+ [{UPPER}][{LOWER}]+(?=,| je | byl| bude)"
    rf"|\b[{UPPER}]\. [{UPPER}][{LOWER}]+"
    r"|\b(?:Ing|Mgr|Bc|Dr|PhDr|JUDr|MUDr|RNDr|doc|prof)\.\s"
)
BODY_WORDS = re.compile(
    r"\b(odbor\w*|agentur\w*|spolecnost\w*|urad\w*|rad[auy]\b|zastupitel\w*|skupin\w*|univerzit\w*"
    r"|organizac\w*|oddeleni|komis\w*|vybor\w*|centr\w*|garant\w*|koordin\w*|radni\w*|reditel\w*"
    r"|vedouc\w*|clen\w*|zastup\w*|s\.r\.o|a\.s\.)"
)
# Marks OCR leaves where a table's rules or a stamp were ("—»|", "§ —"); a law's § has a number.
OCR_NOISE = re.compile(r"[|¢»«]|§(?!\s?\d)")
PLACE = re.compile(rf"\b(?:v|ve|na|do|z|ze|u|mezi)\s+[{UPPER}]\w+")


def heading(passage: Passage) -> str:
    """What a passage's sentences are about: title, section and a resolution's title line."""
    chunk = passage.chunk
    lines = chunk.text.splitlines()[:2] if chunk.resolution else []
    return "\n".join([passage.document.title, chunk.section, *lines])


def clean(sentence: str) -> str:
    return re.sub(r"^[•\-–]\s*", "", sentence).strip()


def with_context(sentence: str, passage: Passage) -> str:
    """A quote as it stands in an answer: a resolution's number and date, or the name of the
    record (a project of a report) a field belongs to, when the sentence does not say them."""
    number = passage.chunk.resolution
    if number and number not in sentence:
        date = passage.document.date
        when = f" ze dne {czech_date(date)}" if date else ""
        return f"Usnesení č. {number}{when}: {sentence}"
    record = passage.chunk.section.rsplit(" > ", 1)[-1]
    if record and FIELD_LABEL.match(sentence):
        return f"{record} – {sentence}"
    return sentence


def names_person(text: str) -> bool:
    """A first name and surname, an initial and surname, or a title; two capitalised adjectives
    ("Chytřejší Liberecký") name a programme, not a person."""
    return any(not any(adjectival(w) for w in m.group().split()) for m in PERSON.finditer(text))


def garbled(sentence: str, passage: Passage) -> bool:
    """A sentence of OCR text with a word the repair could not place, or with stray marks:
    quoted, it would show a citizen garbage."""
    chunk = passage.chunk
    if not chunk.ocr_text:
        return False
    found = {w.lower() for w in WORD.findall(sentence)}
    return bool(found & chunk.unknown) or bool(OCR_NOISE.search(sentence))


def stated(analysis: QuestionAnalysis, text: str, shown: str) -> frozenset[str]:
    """Kinds of fact a sentence states; a resolution's number and date (added to the quote)
    count for questions about what was approved, when, or by which resolution."""
    folded, context = fold(text), fold(shown)
    kinds = {k for k in ("number", *STATED) if states(k, folded)}
    if analysis.approval or "resolution" in analysis.kinds:
        kinds |= {k for k in ("date", "resolution") if states(k, context)}
    asked = set(analysis.content)  # "Kdo je vedoucím odboru…?": its own words name no one
    bodies = (m.group() for m in BODY_WORDS.finditer(folded))
    if names_person(text):
        kinds |= {"person", "name"}
    elif any(not set(terms(b)) <= asked for b in bodies):
        kinds.add("person")
    if PLACE.search(text) or states("address", folded):
        kinds.add("place")
    return frozenset(kinds)
