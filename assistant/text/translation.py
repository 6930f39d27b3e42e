"""English questions in the documents' words: each English word is given the Czech translation
from FreeDict's English–Czech dictionary (Debian's `dict-freedict-eng-ces`) that the index uses
most, so an English question retrieves and is answered from the Czech passages. No model and no
network: the dictionary is a file of the operating system."""

from __future__ import annotations

import bisect
import gzip
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import lru_cache
from pathlib import Path

import numpy as np

from assistant.errors import Unavailable

DEBIAN_DICTIONARY = Path("/usr/share/dictd/freedict-eng-ces")
# Words that say how something is asked, not what (the kinds of fact read them from the
# question itself) and words every sentence has.
FUNCTION_WORDS = frozenset(
    "a an the is are was were be been being am do does did done has have had having will would"
    " shall should can could may might must of in on at to for with from by about into over"
    " under after before between through during than as and or but not no yes if then so"
    " how many much what which who whom whose when where why there here it its it's they them"
    " their theirs this that these those i me my we us our you your he him his she her"
    " any some all each every other such same own only also just still yet very more most"
    " already ever again please tell know get got going".split()
)
_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['-](?=[^\W\d_]))*")
_LABEL = re.compile(r"\[[^]]*\]|\([^)]*\)|<[^>]*>")


class DictionaryUnavailable(Unavailable):
    """The configured dictionary cannot be read; the message says why in Czech."""


def _number(code: str) -> int:
    """dictd's base64 offsets: big-endian digits of the base64 alphabet."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    value = 0
    for char in code:
        value = value * 64 + alphabet.index(char)
    return value


def _translations(definition: str) -> list[str]:
    """The Czech words of one dictd entry: its lines after the headword, without labels
    ("[eko]", "<n>"), explanations in brackets and notes."""
    out = []
    for line in definition.splitlines()[1:]:
        line = _LABEL.sub(" ", line).strip()
        if not line or line.lower().startswith("note:"):
            continue
        out.extend(p.strip() for p in re.split(r"[,;]", line) if p.strip())
    return out


class _Dictd(Mapping[str, tuple[str, ...]]):
    """A dictd dictionary's headwords and where their entries are in the data, each entry parsed
    when first looked up: parsed all at once they would hold 80 MB for a few words a question.
    The headwords are one sorted string searched by bisection, the places one array: as a dict
    of lists they took 30 MB of every serving process."""

    def __init__(self, data: bytes, rows: list[tuple[str, int, int]]):
        rows.sort(key=lambda row: row[0])  # stable: a headword's entries in the file's order
        heads: list[str] = []
        firsts: list[int] = []  # each headword's first row of places
        for i, (headword, _, _) in enumerate(rows):
            if not heads or heads[-1] != headword:
                heads.append(headword)
                firsts.append(i)
        self.data = data
        self.headwords = "\n".join(heads) + "\n"
        self.starts = np.cumsum([0, *(len(h) + 1 for h in heads)])
        self.firsts = np.array([*firsts, len(rows)], dtype=np.int64)
        self.places = np.array([(a, n) for _, a, n in rows], dtype=np.int64).reshape(-1, 2)
        self.parsed: dict[str, tuple[str, ...]] = {}

    def _headword(self, row: int) -> str:
        return self.headwords[self.starts[row] : self.starts[row + 1] - 1]

    def __getitem__(self, headword: str) -> tuple[str, ...]:
        if headword not in self.parsed:
            row = bisect.bisect_left(range(len(self)), headword, key=self._headword)
            if row == len(self) or self._headword(row) != headword:
                raise KeyError(headword)
            places = self.places[self.firsts[row] : self.firsts[row + 1]].tolist()
            entries = (self.data[a : a + n].decode("utf-8", "replace") for a, n in places)
            found = (t for entry in entries for t in _translations(entry))
            self.parsed[headword] = tuple(dict.fromkeys(found))
        return self.parsed[headword]

    def __iter__(self) -> Iterator[str]:
        return (self._headword(row) for row in range(len(self)))

    def __len__(self) -> int:
        return len(self.firsts) - 1


class Dictionary:
    """English headword → Czech translations."""

    def __init__(self, entries: Mapping[str, tuple[str, ...]]):
        self.entries = entries

    @classmethod
    def load(cls, base: Path) -> Dictionary:
        """From dictd's files: `base.index` (headword, offset, length) and `base.dict.dz`."""
        try:
            data = gzip.decompress(Path(f"{base}.dict.dz").read_bytes())
            lines = Path(f"{base}.index").read_text(encoding="utf-8").splitlines()
        except (OSError, EOFError, UnicodeDecodeError) as exc:
            raise DictionaryUnavailable(
                f"Anglicko-český slovník {base} nelze načíst ({exc}); nainstalujte balík"
                " dict-freedict-eng-ces nebo nastavte ASSISTANT_EN_DICTIONARY."
            ) from exc
        rows = []
        for line in lines:
            headword, offset, length, *_ = [*line.split("\t"), "", ""]
            if headword and length and not headword.startswith("00database"):
                rows.append((headword.lower(), _number(offset), _number(length)))
        return cls(_Dictd(data, rows))

    def lookup(self, word: str) -> tuple[str, ...]:
        """Translations of a word and of its singular or stem ("cars", "tested", "buying")."""
        found = (t for form in _forms(word.lower()) for t in self.entries.get(form, ()))
        return tuple(dict.fromkeys(found))


def _forms(word: str) -> Iterable[str]:
    yield word
    for suffix, replacement in (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"),
                                ("ing", ""), ("ing", "e"), ("'s", "")):  # fmt: skip
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            yield word[: -len(suffix)] + replacement


@lru_cache(maxsize=4)
def load(base: Path) -> Dictionary:
    """The dictionary at a path, read once per process (half a second)."""
    return Dictionary.load(base)


def configured(base: Path | None) -> Dictionary | None:
    """The configured dictionary (an error if it cannot be read), else Debian's if installed;
    without one, English questions are answered from their names and figures only."""
    if base is None:
        if not Path(f"{DEBIAN_DICTIONARY}.index").exists():
            return None
        base = DEBIAN_DICTIONARY
    return load(base)


def translate(
    question: str, dictionary: Dictionary, commonness: Callable[[str], float | None]
) -> str:
    """The question with each English content word replaced by the translation the index uses
    most (`commonness` gives a Czech word's weight, higher for commoner, None for an unknown
    one): one word each, so every English word weighs once in the Czech focus. Function words
    stay (they say what kind of fact is asked), and so do words without a translation the index
    knows, names mostly ("MaaS", "Smart Cities")."""

    def czech(match: re.Match[str]) -> str:
        token = match.group()
        if token.lower() in FUNCTION_WORDS or not token.isascii():  # a Czech name, "Přepeře"
            return token
        scored = [(commonness(t), t) for t in dictionary.lookup(token) if len(t.split()) <= 2]
        known = [(score, t) for score, t in scored if score is not None]
        return max(known)[1].lower() if known else token

    return _WORD.sub(czech, question)
