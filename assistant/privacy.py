"""Scrubbing of personal data (e-mails, phone numbers, Czech birth numbers) before anything
is stored, logged or turned into a gold item."""

from __future__ import annotations

import re

PATTERNS = (
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[e-mail]"),
    (re.compile(r"\b\d{2}[0156]\d{3}(?:\s?/\s?\d{3,4}|\d{4})\b"), "[rodné číslo]"),
    (
        re.compile(r"(?<![\w/])(?:\+|00)420[ \u00a0]?\d{3}[ \u00a0]?\d{3}[ \u00a0]?\d{3}\b"),
        "[telefon]",
    ),
    (
        re.compile(
            r"(?<![\d/])(?<!\d[ \u00a0])[2-9]\d{2}[ \u00a0]?\d{3}[ \u00a0]?\d{3}(?![ \u00a0]?\d)"
            r"(?!\s*(?:Kč|Kc|korun|CZK|EUR|€|mil))"
        ),
        "[telefon]",
    ),
)


def scrub(text: str) -> str:
    for pattern, replacement in PATTERNS:
        text = pattern.sub(replacement, text)
    return text
