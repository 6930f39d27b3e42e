"""How well a sentence or passage covers a question, from the IDF of the question's terms.

Used twice: to re-rank retrieval candidates by their best sentence, and to pick answer
sentences and decide when to abstain.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from assistant.analysis import sentences, terms, words


@dataclass(frozen=True)
class Question:
    """A question's distinct terms with their weights (IDF), computed once per query."""

    weights: dict[str, float]

    @classmethod
    def of(cls, text: str, weight: Callable[[str], float]) -> Question:
        return cls({t: weight(t) for t in dict.fromkeys(terms(text))})

    @property
    def total(self) -> float:
        return sum(self.weights.values())

    def matched(self, text_terms: set[str]) -> float:
        return sum(w for t, w in self.weights.items() if t in text_terms)

    def coverage(self, text_terms: set[str]) -> float:
        """Share of the question's weight found in the text (0..1)."""
        return self.matched(text_terms) / self.total if self.total else 0.0


def matches(term: str, found: set[str], folded: set[str]) -> bool:
    """Exact stem, or a shared prefix for long stems (verb/noun pairs, OCR without diacritics)."""
    if term in found:
        return True
    if len(term) < 5:
        return False
    prefix = term[: max(5, math.ceil(0.7 * len(term)))]
    return any(w.startswith(prefix) for w in folded)


def best_sentence(question: Question, text: str) -> float:
    """Weight of the question matched by the best single sentence of a passage."""
    return max((question.matched(set(terms(s))) for s in sentences(text)), default=0.0)


MARKER = re.compile(r"\[(\d{1,2})\]")


def answer_sentences(answer: str) -> list[tuple[str, list[int]]]:
    """Sentences of an answer with the citation numbers each one carries."""
    out = []
    for part in re.split(r"(?<=\])\s+|(?<=[.!?])\s+(?=[A-ZÁ-Ž])", answer):
        text = MARKER.sub("", part).strip()
        if len(re.findall(r"\w+", text)) >= 2:
            out.append((text, [int(n) for n in MARKER.findall(part)]))
    return out


def support(sentence: str, passage: str) -> float:
    """Share of a sentence's content terms found in a passage (Czech stems, folded; long
    stems also match by prefix), the deterministic stand-in for "is this claim supported"."""
    wanted = set(terms(sentence))
    if not wanted:
        return 1.0
    found, folded = set(terms(passage)), set(words(passage))
    return sum(1 for t in wanted if matches(t, found, folded)) / len(wanted)
