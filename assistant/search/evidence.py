"""How much of a question a sentence or a passage covers, weighted by how rare each of the
question's terms and character n-grams is in the index.

Used to re-rank retrieval candidates by their best sentence, to decide when the evidence is
too weak to answer, and to pick the sentences of an extractive answer; and the other way
round, whether the passages an answer cites support its sentences (the LLM output guard and
the evaluation share that check).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from assistant.text.analysis import (
    INTERROGATIVE_TERMS,
    UPPER,
    fold,
    grams,
    matches,
    question_core,
    sentences,
    terms,
    vocabulary,
)
from assistant.text.facts import BONUS, FULL_DATE, asked, states


class Statistics(Protocol):
    """What the index knows about a token: its weight (IDF) and whether it occurs at all."""

    def weight(self, field: str, token: str) -> float: ...

    def known(self, field: str, token: str) -> bool: ...


class Uniform:
    """The statistics of an empty index: every token weighs the same and none is unknown."""

    def weight(self, field: str, token: str) -> float:
        return 1.0

    def known(self, field: str, token: str) -> bool:
        return True


@dataclass(frozen=True)
class WeightedTerms:
    """A text's distinct tokens with their weights, computed once per question."""

    weights: dict[str, float]

    @classmethod
    def of(cls, tokens: list[str], weight: Callable[[str], float]) -> WeightedTerms:
        return cls({t: weight(t) for t in dict.fromkeys(tokens)})

    @property
    def total(self) -> float:
        return sum(self.weights.values())

    def matched(self, found: set[str]) -> float:
        return sum(w for t, w in self.weights.items() if t in found)


def best_sentence(question: WeightedTerms, text: str) -> float:
    """Weight of the question matched by the best single sentence of a passage."""
    return max((question.matched(set(terms(s))) for s in sentences(text)), default=0.0)


class QuestionEvidence:
    """One question scored against passages and sentences (IDF-weighted terms and n-grams)."""

    TERM_SHARE = 0.7
    PREVIOUS = 0.3

    VERB = 0.35  # an unknown verb ("platit", "jít") is how a question is phrased, not what

    def __init__(self, question: str, statistics: Statistics, verbs: frozenset[str] = frozenset()):
        self.verbs = verbs
        question = question_core(question)
        # The interrogatives say how something is asked, not what: no passage repeats them.
        asked_terms = [t for t in terms(question) if t not in INTERROGATIVE_TERMS]
        self.terms = WeightedTerms.of(asked_terms, lambda t: statistics.weight("terms", t))
        self.grams = WeightedTerms.of(grams(question), lambda g: statistics.weight("grams", g))
        self.unknown = {t for t in self.terms.weights if not statistics.known("terms", t)}
        self.unknown_total = sum(self._unknown_weight(t) for t in self.terms.weights)
        self.kinds = asked(fold(question))

    def _matched(self, lines: tuple[str, ...]) -> set[str]:
        found, folded = vocabulary(*lines)
        return {t for t in self.terms.weights if matches(t, found, folded)}

    def coverage(self, *lines: str) -> float:
        """Share of the question (IDF-weighted terms and n-grams) found in the text given as
        its lines."""
        matched = sum(self.terms.weights[t] for t in self._matched(lines))
        term_share = matched / self.terms.total if self.terms.total else 0.0
        gram_share = 0.0
        if self.grams.total:
            found = {g for line in lines for g in grams(line)}
            gram_share = self.grams.matched(found) / self.grams.total
        return self.TERM_SHARE * term_share + (1 - self.TERM_SHARE) * gram_share

    def strength(self, *lines: str) -> float:
        """Coverage, scaled down by the share of question words that the whole index has
        never seen and the passage does not match either (a verb counting for less): the
        strongest single sign of an unanswerable question (see README)."""
        return self.coverage(*lines) * (1 - self.unknown_share(*lines))

    def unknown_share(self, *lines: str) -> float:
        """Share of the question's words (a verb counting for less) that the index has never
        seen and the text does not match: what is asked may not be in the documents at all."""
        if not self.unknown:  # the common case: no second pass over the text
            return 0.0
        missing = self.unknown - self._matched(lines)
        return sum(self._unknown_weight(t) for t in missing) / self.unknown_total

    def _unknown_weight(self, term: str) -> float:
        return self.VERB if term in self.verbs else 1.0

    def sentence_score(self, sentence: str, head: str, previous: str, rank: int) -> float:
        """Coverage of the sentence read under its passage's heading (title, section,
        resolution title), plus part of the previous sentence's, which it often continues
        ("Navýšení … je způsobeno …"), plus hints of the asked kind of fact."""
        folded = fold(sentence)
        bonus = sum(BONUS.get(kind, 0.0) for kind in self.kinds if states(kind, folded))
        if "date" in self.kinds and FULL_DATE.search(folded):
            bonus += 0.1
        local = self.PREVIOUS * self.coverage(previous) if previous else 0.0
        return self.coverage(head, sentence) + local + bonus - 0.03 * rank


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
    found, folded = vocabulary(passage)
    return sum(1 for t in wanted if matches(t, found, folded)) / len(wanted)
