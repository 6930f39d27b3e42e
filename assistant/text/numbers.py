"""The council's identifiers, written once: a resolution's number and the two bodies. Chunking,
record parsing, retrieval, follow-ups and the kinds of fact all read numbers with this one
pattern, so a number one of them accepts is never missed by another."""

from __future__ import annotations

import re
from typing import Literal

# "201/24/ZK", "1893/2024/RK", "12 / 24 / rk": the number, the year (two or four digits) and
# the body's code. A fragment to embed in larger patterns; any case, folded or not.
NUMBER = r"\d{1,5}\s*/\s*\d{2,4}\s*/\s*[A-Za-zČŘŠŽčřšž]{1,4}\b"
RESOLUTION = re.compile(rf"\b{NUMBER}")

Body = Literal["rada", "zastupitelstvo"]
BODIES: tuple[Body, ...] = ("rada", "zastupitelstvo")
BODY_NAMES: dict[Body, str] = {"rada": "Rada kraje", "zastupitelstvo": "Zastupitelstvo kraje"}
DOC_TYPE_NAMES = {
    "usneseni": "Usnesení", "material": "Materiál pro jednání", "zapis": "Zápis",
    "metodika": "Metodika", "plan": "Plán", "zprava": "Zpráva", "aktualita": "Aktualita",
    "smlouva": "Smlouva", "vyhlaska": "Vyhláška", "document": "Dokument", "dokument": "Dokument",
    "web": "Webová stránka",
}  # fmt: skip


def doc_type_name(code: str) -> str:
    """A document type as officials read it ("Materiál pro jednání", "Web: aktuality")."""
    if code.startswith("web/"):
        return "Web: " + code[4:]
    return DOC_TYPE_NAMES.get(code, code[:1].upper() + code[1:])


# How a question names a body, in folded text ("radě", "radní"; not "radnice").
MENTIONS: dict[Body, re.Pattern[str]] = {
    "rada": re.compile(r"\brad[auyě]\b|\brade\b|\bradn(?:i|ich|im|imi)\b"),
    "zastupitelstvo": re.compile(r"\bzastupitel"),
}


def canonical(number: str) -> str:
    """A matched number as the records key it: `12 / 24 / rk` → `12/24/RK`."""
    return re.sub(r"\s+", "", number).upper()


def resolution_numbers(text: str) -> list[str]:
    return [canonical(m.group()) for m in RESOLUTION.finditer(text)]
