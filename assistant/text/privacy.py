"""Scrubbing of personal data before anything is stored, logged or turned into a gold item:
e-mails, phone numbers (Czech, Slovak and international, any grouping), birth numbers, bank
accounts and IBANs, and street addresses.

Phone numbers are found by `phonenumbers` (libphonenumber's metadata knows every country's
lengths and prefixes); the rest by patterns. Amounts, dates, resolution numbers and law
citations must stay: they are what questions are about.
"""

from __future__ import annotations

import re

import phonenumbers

SEPARATORS = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " "})
# A number followed by a currency or a unit is an amount, not a phone number.
AMOUNT_AFTER = re.compile(r"\s*(?:,-|,\d|Kč|Kc|korun|CZK|EUR|€|Sk|mil|mld|tis|ks|km|%)", re.I)
# A file or registry number ("12345/2024"), not a phone number.
REGISTRY = re.compile(r"/\s?(?:19|20)\d{2}$")
# Czech bank codes (the clearing codes of the Czech National Bank's list).
BANK_CODES = (
    "0100 0300 0600 0710 0800 2010 2020 2060 2070 2100 2200 2220 2250 2260 2275 2600 2700 3030"
    " 3050 3060 3500 4000 4300 5500 5800 6000 6100 6200 6210 6300 6363 6700 6800 7910 7950 7960"
    " 7970 7990 8030 8040 8060 8090 8150 8190 8198 8199 8200 8220 8250 8255 8265 8500"
).split()
CAPITAL = "[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ]"  # (Á-Ž as a range holds lower-case letters too)
LEGAL = r"(?:zákon\w*|vyhlášk\w*|nařízení|usnesení|č|čj|č\.\s?j|sp\.\s?zn|sb)"

# Found before phone numbers, whose digits they contain.
BEFORE_PHONES = (
    (
        re.compile(
            r"[\w.+-]+\s*(?:@|\(at\)|\[at\]|\{at\})\s*[\w-]+(?:\s*(?:\.|\(dot\)|\[dot\])\s*[\w-]+)+",
            re.I,
        ),
        "[e-mail]",
    ),
    (re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,3})?\b"), "[účet]"),
    (
        re.compile(
            rf"(?<![\w/])(?:\d{{1,6}}-)?\d{{2,10}}\s?/\s?(?:{'|'.join(BANK_CODES)})(?![\w/])"
        ),
        "[účet]",
    ),
    (
        # Birth numbers: YYMMDD (month +50 for women, +20/+70 since 2004) and a 4-digit suffix,
        # with or without a slash, dash or spaces between the parts ...
        re.compile(
            r"(?<![\w/.,-])\d{2}\s?(?:[05][1-9]|[16][0-2]|[27][1-9]|[38][0-2])\s?"
            r"(?:0[1-9]|[12]\d|3[01])\s?(?:[/-]\s?)?\d{4}(?![\w/,-]|\.\d)"
        ),
        "[rodné číslo]",
    ),
    (
        # ... or, before 1954, a 3-digit suffix after a slash.
        re.compile(
            r"(?<![\w/.,-])(?:[0-4]\d|5[0-3])\s?(?:[05][1-9]|[16][0-2])\s?"
            r"(?:0[1-9]|[12]\d|3[01])\s?/\s?\d{3}(?![\w/,-]|\.\d)"
        ),
        "[rodné číslo]",
    ),
)
AFTER_PHONES = (
    (
        # A street and its number pair ("Jánská 1203/12a"), unless it is a law or a resolution.
        re.compile(
            rf"(?<!\w)(?!{LEGAL}\b)[A-ZÁ-Ž][a-zá-ž]+(?:\s(?!{LEGAL}\b)[A-ZÁ-Ža-zá-ž][a-zá-ž.]+){{0,3}}"
            r"\s\d{1,4}/\d{1,4}[a-z]?(?![\w/])",
            re.I,
        ),
        "[adresa]",
    ),
    (
        # Where someone lives: "bydlím v Nádražní 12", "adresa: U Lesa 5"
        re.compile(
            r"\b(?:bydlím|bydliště|bytem|trvalý pobyt|adres[ua]:?)\s+(?:na\s|v\s|ve\s)?"
            r"(?:[A-ZÁ-Ž]\w*\.?\s){1,3}\d{1,4}[a-z]?\b",
            re.I,
        ),
        "[adresa]",
    ),
    (re.compile(r"(?<![\d,.])\d{3}\s?\d{2}\s+(?=[A-ZÁ-Ž][a-zá-ž]{2,})"), "[PSČ] "),
    (
        # Who someone is, as they introduce or sign themselves: "jsem Jana Nováková",
        # "jmenuji se Petr Svoboda", "S pozdravem Karel Dvořák" (a first name alone stays).
        re.compile(
            rf"(\b(?i:jmenuji se|jsem|moje jméno je|mé jméno je|s pozdravem)\s+)"
            rf"{CAPITAL}[a-zá-ž]+(?:\s+{CAPITAL}[a-zá-ž]+){{1,2}}\b"
        ),
        r"\1[jméno]",
    ),
)


def _phones(text: str) -> str:
    found = phonenumbers.PhoneNumberMatcher(text, "CZ", leniency=phonenumbers.Leniency.POSSIBLE)
    out, last = [], 0
    for match in found:
        if AMOUNT_AFTER.match(text, match.end) or REGISTRY.search(match.raw_string):
            continue
        out += [text[last : match.start], "[telefon]"]
        last = match.end
    return "".join(out) + text[last:]


def scrub(text: str) -> str:
    text = text.translate(SEPARATORS)
    for pattern, replacement in BEFORE_PHONES:
        text = pattern.sub(replacement, text)
    text = _phones(text)
    for pattern, replacement in AFTER_PHONES:
        text = pattern.sub(replacement, text)
    return text
