"""Repair of Czech OCR text and text layers that lost their diacritics ("potfeby",
"Koordindtor", "regionalniho rozvoje"), from a Czech word list with frequencies (wordfreq's)
and the words of the clean documents in the index.

Known words are indexed by their folded form (no diacritics). An unknown word is read in every
way OCR may have misread it (f for ř, d for á, é for č, "(" for ů, "fi" for ň …), folded, and
replaced by the most frequent known word among those readings, if it is close enough. On a page
that lost its diacritics a known word is also replaced when its accented twin is far more
frequent ("plan" → "plán"). Numbers are never touched.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from functools import cache

from assistant.text.analysis import fold

# What OCR of Czech print writes for a letter, and the letters it may stand for (folded).
MISREAD = {
    "f": ("f", "r"), "d": ("d", "a", "u"), "é": ("e", "c"), "(": ("u",), "¢": ("c",),
    "I": ("l", "i"), "i": ("i", "r"), "fi": ("fi", "ri", "n"), "li": ("li", "n"), "c¢": ("c",),
}  # fmt: skip
# A "(" was a "ů": of the words folding alike ("projektu", "projektů"), take the one with ů.
MARKED = {"(": "ů"}
MISREAD_KEYS = sorted(MISREAD, key=len, reverse=True)
WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|[(¢])*")  # "(" and "¢" only as misread letters
DIACRITICS = set("áčďéěíňóřšťúůýž")
TWIN_RATIO = 10
MIN_DIACRITIC_SHARE = 0.06
MAX_READINGS = 256


def lost_diacritics(text: str) -> bool:
    """Czech prose has accented letters in some 8-12 % of its letters; a page with almost none
    was written or recognised without them."""
    letters = [c for c in text.lower() if c.isalpha()]
    if len(letters) < 300:
        return False
    return sum(c in DIACRITICS for c in letters) / len(letters) < MIN_DIACRITIC_SHARE


def readings(word: str) -> list[str]:
    """The folded words an OCR'd word may stand for."""
    parts: list[tuple[str, ...]] = []
    i = 0
    while i < len(word):
        key = next((k for k in MISREAD_KEYS if word.startswith(k, i)), None)
        if key is None:
            parts.append((fold(word[i]),))
            i += 1
        else:
            parts.append(MISREAD[key])
            i += len(key)
    out = []
    for combination in itertools.product(*parts):
        out.append("".join(combination).lower())
        if len(out) >= MAX_READINGS:
            break
    return out


class Speller:
    def __init__(self, frequencies: dict[str, float]):
        self.frequencies = frequencies
        self.by_fold: dict[str, list[tuple[float, str]]] = {}
        self._add(frequencies.items())

    def _add(self, items: Iterable[tuple[str, float]]) -> None:
        for word, frequency in items:
            self.by_fold.setdefault(fold(word), []).append((frequency, word))

    @classmethod
    @cache
    def czech(cls) -> Speller:
        """The large Czech list of wordfreq (606k forms), loaded on first use."""
        from wordfreq import get_frequency_dict

        return cls(get_frequency_dict("cs", "large"))

    def with_words(self, words: Iterable[str]) -> Speller:
        """A speller that also knows these words (the clean documents' vocabulary)."""
        new = {w.lower() for w in words if w.isalpha()} - self.frequencies.keys()
        speller = Speller.__new__(Speller)
        speller.frequencies = {**self.frequencies, **dict.fromkeys(new, 1e-8)}
        speller.by_fold = {k: list(v) for k, v in self.by_fold.items()}
        speller._add((w, 1e-8) for w in new)
        return speller

    def known(self, word: str) -> bool:
        return word.lower() in self.frequencies

    def unknown(self, text: str) -> set[str]:
        """The words of a text no list knows, names (capitalised) aside, lower-cased."""
        return {w.lower() for w in WORD.findall(text) if w[:1].islower() and not self.known(w)}

    def fix(self, word: str, accents_lost: bool = False) -> str:
        lower = word.lower()
        own = self.frequencies.get(lower, 0.0)
        if own and not accents_lost:
            return word
        found = [c for r in readings(word) for c in self.by_fold.get(r, ())]
        marks = [MARKED[c] for c in word if c in MARKED]
        found = [c for c in found if all(m in c[1] for m in marks)] or found
        if not found:
            return word
        frequency, candidate = max(found)
        if candidate == lower or (own and frequency < TWIN_RATIO * own):
            return word
        if _distance(fold(lower), fold(candidate)) > max(2, len(lower) // 4):
            return word
        if word.isupper() and len(word) > 1:
            return candidate.upper()
        return candidate.capitalize() if word[:1].isupper() else candidate

    def correct(self, text: str, accents_lost: bool = False) -> str:
        return WORD.sub(lambda m: self.fix(m.group(), accents_lost), text)


def _distance(a: str, b: str) -> int:
    """Edits between two folded words: the misread letters (lost accents cost nothing)."""
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]
