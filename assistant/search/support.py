"""Whether the sentences of an answer are supported by the passages they cite: the
deterministic check shared by the LLM output guard and the evaluation."""

from __future__ import annotations

import re

from assistant.text.analysis import UPPER, matches, terms, words

MARKER = re.compile(r"\[(\d{1,2})\]")


def answer_sentences(answer: str) -> list[tuple[str, list[int]]]:
    """Sentences of an answer with the citation numbers each one carries."""
    out = []
    for part in re.split(rf"(?<=\])\s+|(?<=[.!?])\s+(?=[{UPPER}])", answer):
        text = MARKER.sub("", part).strip()
        if len(re.findall(r"\w+", text)) >= 2:
            out.append((text, [int(n) for n in MARKER.findall(part)]))
    return out


def claim_support(sentence: str, passage: str) -> float:
    """Share of a sentence's content terms found in a passage (Czech stems, folded; long
    stems also match by prefix), the deterministic stand-in for "is this claim supported"."""
    wanted = set(terms(sentence))
    if not wanted:
        return 1.0
    found, folded = set(terms(passage)), set(words(passage))
    return sum(1 for t in wanted if matches(t, found, folded)) / len(wanted)
