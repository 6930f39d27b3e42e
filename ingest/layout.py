"""Turning line-broken text back into headings, list items and paragraphs.

PDF text layers, PDF-to-DOCX conversions and some CMS pages break sentences at every line.
The same heuristics rebuild the structure for all of them.
"""

from __future__ import annotations

import re
from itertools import pairwise
from statistics import median

from assistant.text.analysis import FIELD_LABEL, UPPER
from ingest.parsed import Block

BULLET = re.compile(
    r"^\s*(?:[•▪◦●○■□➢►‣∙·*«]|[-–—](?=\s)|\(?[a-z]\)|\d{1,2}\)|o(?=\s)|[IVX]{1,4}\.(?=\s+[^\W\d]))\s*"
)
LABEL = re.compile(rf"^[{UPPER}][^:.]{{0,40}}:\s")
NUMBERED_HEADING = re.compile(rf"^(?:\d{{1,2}}\.){{1,3}}\d{{0,2}}\.?\s*(?=[{UPPER}])")
LEGAL_HEADING = re.compile(
    r"^(?:Čl\.|Článek|Část|Hlava|Kapitola|Příloha|Oddíl|§)\s*[\dIVXLC]+\.?(?:\s|$)"
)
PAGE_NUMBER = re.compile(
    r"^(?:(?:strana|str\.|page)\s*)?\d{1,4}(?:\s*(?:/|z|ze|of)\s*\d{1,4})?$", re.I
)
# Drawn rules and leaders in PDF text ("--------", "______", "....... 12").
RULE = re.compile(r"([-_=.·•~*])\1{3,}(?:\s*\1)*")
SENTENCE_END = re.compile(r"[.!?:;…]\s*[\"“”»)]?$")
MONTH = re.compile(
    r"(?i)(ledna|února|unora|března|brezna|dubna|května|kvetna|června|cervna|července|cervence"
    r"|srpna|září|zari|října|rijna|listopadu|prosince)\b"
)
FIELD_REPEATS = 3
RECORD_NAME_CHARS = 90


def is_page_number(line: str) -> bool:
    return bool(PAGE_NUMBER.match(line.strip()))


def _letters(line: str) -> str:
    return "".join(c for c in line if c.isalpha())


def heading_level(line: str) -> int:
    """Level of a line that looks like a heading, 0 when it does not.

    Without font information a heading is a short line that is numbered like a heading,
    starts a legal article, or is written in capitals.
    """
    text = line.strip()
    if not text or len(text) > 90 or text.endswith((",", ";")):
        return 0
    if NUMBERED_HEADING.match(text) and not SENTENCE_END.search(text):
        return min(text.split()[0].rstrip(".").count(".") + 1, 3)
    if LEGAL_HEADING.match(text):
        return 2
    letters = _letters(text)
    if len(letters) >= 4 and letters.isupper() and not SENTENCE_END.search(text):
        return 1
    return 0


def _joins(prev: str, line: str, full: float) -> bool:
    """Whether `line` continues the paragraph that `prev` ends."""
    if BULLET.match(line) or LABEL.match(line) or heading_level(line):
        return False
    if re.search(r"\b\d{1,2}\.$", prev) and MONTH.match(line):  # "… 26." + "února 2019 …"
        return True
    if SENTENCE_END.search(prev) and line[:1].isupper():
        return False
    if line[:1].islower() or line[:1].isdigit() or prev.endswith(("-", ",")):
        return True
    return len(prev) >= 0.7 * full


def _join(prev: str, line: str) -> str:
    if re.search(r"[^\W\d_]-$", prev) and line[:1].islower():
        return prev[:-1] + line
    return f"{prev} {line}"


def typical_width(lines: list[str]) -> float:
    widths = [len(x) for x in lines if len(x) > 20]
    return median(widths) if widths else 80.0


def line_broken(paragraphs: list[str]) -> bool:
    """Whether paragraphs are really lines of a broken-up text (a PDF conversion, say)."""
    pairs = list(pairwise(paragraphs))
    breaks = sum(1 for a, b in pairs if not SENTENCE_END.search(a) and b[:1].islower())
    return bool(pairs) and breaks / len(pairs) > 0.15


def field_labels(lines: list[str]) -> set[str]:
    """Labels that open lines again and again: the fields of repeated records ("cíl projektu",
    "aktivity v období 02/2024", "kontaktní osoba" in a report's list of projects)."""
    counts: dict[str, int] = {}
    for line in lines:
        m = FIELD_LABEL.match(line)
        if m:
            counts[m.group(1)] = counts.get(m.group(1), 0) + 1
    return {label for label, n in counts.items() if n >= FIELD_REPEATS}


def _records(blocks: list[Block], fields: set[str]) -> list[Block]:
    """The short line before a record's first field names the record: it becomes a heading
    below the current section, so each record is a chunk of its own that names what it is."""
    level = 1
    out: list[Block] = []
    for block in blocks:
        if block.kind == "heading":
            level = block.level
        m = FIELD_LABEL.match(block.text) if block.kind == "text" else None
        prev = out[-1] if out else None
        if (
            m
            and m.group(1) in fields
            and prev is not None
            and prev.kind == "text"
            and not FIELD_LABEL.match(prev.text)
            and len(prev.text) <= RECORD_NAME_CHARS
            and not SENTENCE_END.search(prev.text)
        ):
            prev.kind, prev.level = "heading", min(level + 1, 4)
        out.append(block)
    return out


def reflow(lines: list[tuple[str, int | None]], headings: bool = True) -> list[Block]:
    """Rebuild blocks from (line, page) pairs: headings, list items, paragraphs, and the fields
    of repeated records, each of which starts a block of its own.

    With `headings` off (formats with real heading markup) lines are never guessed to be
    headings.
    """
    clean = [(re.sub(r"\s+", " ", RULE.sub(" ", t)).strip(), p) for t, p in lines]
    clean = [(t, p) for t, p in clean if t]
    full = typical_width([t for t, _ in clean])
    fields = field_labels([t for t, _ in clean])
    blocks: list[Block] = []
    for text, page in clean:
        level = heading_level(text) if headings else 0
        bullet = BULLET.match(text)
        field = FIELD_LABEL.match(text)
        prev = blocks[-1] if blocks else None
        if level:
            blocks.append(Block("heading", text, page, level))
        elif bullet:
            symbol = not bullet.group().strip()[:1].isalnum()
            blocks.append(Block("list", text[bullet.end() :] if symbol else text, page))
        elif field and field.group(1) in fields:
            blocks.append(Block("text", text, page))
        elif prev and prev.kind in ("text", "list") and _joins(prev.text, text, full):
            prev.text = _join(prev.text, text)
        else:
            blocks.append(Block("text", text, page))
    return _records(blocks, fields) if fields else blocks
