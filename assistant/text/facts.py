"""Kinds of fact a question asks for (an amount, a count, a date, a resolution number, a
reason, an address, a phone number, an e-mail, opening hours) and whether a sentence states
one. Matching is on folded text."""

from __future__ import annotations

import re

from assistant.text.numbers import RESOLUTION

MONEY_NOUNS = (
    r"(cen[aouy]?|naklad\w*|vydaj\w*|rozpo(?:ct|cet)\w*|penez|penize|castk\w*|dotac\w*|kapital\w*"
    r"|alokac\w*|korun\w*|price|costs?|budget)"
)
# Czech, with the Slovak and English words of the same questions ("koľko", "how much", "when").
ASKED = {
    "money": re.compile(
        rf"\b(kolik|kolko|how much)\b.*\b(stat|stoj\w*|stal[oay]?|zaplat\w*|plati\w*|cost\w*"
        rf"|pa(y|id)\w*|spen[dt]\w*|{MONEY_NOUNS})\b"
        rf"|\b(jak\w*|vyse|what)\b.*\b{MONEY_NOUNS}\b"
    ),
    "number": re.compile(r"\b(kolik\w*|kolko|pocet|poctu|jak velk\w*|how (many|much))\b"),
    "date": re.compile(
        r"\b(kdy|kedy|datum\w*|ktereho dne|v jakem roce|od kdy|do kdy|when|what (date|year)"
        r"|since when|until when)\b"
    ),
    "reason": re.compile(r"\b(proc|preco|z jakeho duvodu|duvod\w*|why)\b"),
    "resolution": re.compile(r"\b(kterym usnesenim|cislo usneseni|jakym usnesenim)\b"),
    "address": re.compile(r"\b(adres\w*|web\w*|odkaz\w*|kde najdu|address|where can i find)\b"),
    "phone": re.compile(r"\b(telefon\w*|zavolat|volat|cislo na|phone|call)\b"),
    "email": re.compile(r"\b(e-?mail\w*|mailem)\b"),
    "hours": re.compile(
        r"\b(oteviraci\w* dob\w*|uredni\w* hodin\w*|provozni\w* dob\w*|otevreno|zavreno"
        r"|opening hours|office hours|open(ing)? times?)\b"
    ),
}
# Kinds an answer sentence must state (money implies number, opening hours a time rather than a
# date); the others only make a sentence more likely.
REQUIRED = ("money", "number", "date", "resolution", "phone", "email", "hours")
BONUS = {"reason": 0.3, "address": 0.15}
NUMERALS = frozenset(
    "jeden jedna jedno jednoho jednomu jednom jednim dva dve dvou dvema tri trech trem tremi "
    "ctyri ctyr ctyrech ctyrem ctyrmi pet peti sest sesti sedm sedmi osm osmi devet deviti "
    "deset deseti jedenact dvanact trinact ctrnact patnact dvacet tricet ctyricet padesat sto "
    "tisic tisice milion milionu miliarda miliard polovina polovinu tretina ctvrtina".split()
)
FULL_DATE = re.compile(r"\b\d{1,2}\.\s?\d{1,2}\.\s?\d{4}\b")
NOT_QUANTITY = re.compile(
    r"\b\d{1,2}\.\s?\d{1,2}\.\s?\d{4}\b|\b\d{1,2}\.\s?\d{4}\b|\b\d+/\d+(/[a-z]+)?\b"
    r"|\b(19|20)\d{2}\b|\b\d{1,2}\.(?=\s)"
)
STATED = {
    "money": re.compile(r"\d[\d ]*(,\d+)?\s*(kc|korun\w*|eur|czk|mil\w*|mld|tis\w*)\b|\d,-"),
    "date": re.compile(
        r"\b\d{1,2}\.\s?\d{1,2}\.\s?\d{4}\b|\b(19|20)\d{2}\b|\b\d{1,2}\.\s?\d{1,2}\.(?!\s?\d)|"
        r"\b(ledn|unor|brez|dub|kvet|cerv|srp|zari|rij|listopad|prosin)\w*"
    ),
    "resolution": RESOLUTION,
    "reason": re.compile(r"\b(zpusoben\w*|protoze|nebot|z duvodu|kvuli|diky|proto|duvodem)\b"),
    "address": re.compile(r"https?://|www\.|\b[a-z0-9-]+\.(cz|eu|com|org)\b"),
    "phone": re.compile(
        r"(?<![\d/])(\+420\s?)?\d{3}\s?\d{3}\s?\d{3}(?![\d/,]|\s?(kc|korun|eur|czk))"
    ),
    "email": re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+"),
    "hours": re.compile(r"\b\d{1,2}[:.]\d{2}\s?(-|–|do)\s?\d{1,2}[:.]\d{2}\b|\bnonstop\b"),
}


def asked(folded_question: str) -> list[str]:
    """The kinds of fact a (folded) question asks for."""
    return [kind for kind, rx in ASKED.items() if rx.search(folded_question)]


def required(kinds: list[str]) -> list[str]:
    """Of the asked kinds, those an answer sentence must state."""
    out = [k for k in kinds if k in REQUIRED]
    if "money" in out and "number" in out:
        out.remove("number")
    if "hours" in out and "date" in out:
        out.remove("date")
    return out


def states(kind: str, folded: str) -> bool:
    """Whether folded text states a fact of the kind (a count, an amount, a date…)."""
    if kind == "number":
        return bool(re.search(r"\d", NOT_QUANTITY.sub(" ", folded))) or bool(
            NUMERALS.intersection(folded.split())
        )
    return bool(STATED[kind].search(folded))


# An amount in korun as council documents write it: "12 350 000 Kč", "3,5 mil. Kč".
AMOUNT_CZK = re.compile(
    r"(\d{1,3}(?:[  ]\d{3})+(?:,\d+)?)\s?Kč|(\d+(?:,\d+)?)\s?(?:mil\.|milionů)\s?Kč"
)


def korun(match: re.Match[str]) -> int:
    """The value of an `AMOUNT_CZK` match."""
    whole, millions = match.groups()
    if whole:
        return round(float(re.sub(r"[  ]", "", whole).replace(",", ".")))
    return round(float(millions.replace(",", ".")) * 1_000_000)
