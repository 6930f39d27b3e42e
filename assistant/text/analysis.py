"""Czech text analysis shared by indexing, retrieval, answering and evaluation.

Two lexical views of a text are produced:

* ``terms``: Czech-stemmed words folded to ASCII, plus normalised numbers, dates and
  identifiers ("201/24/ZK", "28. 6. 2023", "3 700", "36+"). Stemming runs before folding
  because the stemmer needs diacritics; folding afterwards lets queries typed without
  diacritics meet the documents.
* ``grams``: folded character 4-grams of each word, which survive OCR damage and unknown
  inflections where stems do not.
"""

from __future__ import annotations

import math
import re
import threading
import unicodedata
from functools import lru_cache
from importlib.resources import files

import snowballstemmer

# Snowball stemmers keep state while stemming: one per thread (the API serves from a pool).
_LOCAL = threading.local()
# Czech letters by case, for character classes: the range "Á-Ž" would take in most lowercase
# accented letters too (it spans Latin-1 and Latin Extended-A).
UPPER = "A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ"
LOWER = "a-záčďéěíňóřšťúůýž"
# A field of a repeated record opening a line: "cíl projektu: …", "aktivity v období 02/2024: …".
FIELD_LABEL = re.compile(rf"^([{LOWER}][{LOWER} ]{{2,40}}(?: [\d/.]+)?):\s")
GRAM = 4

MONTHS = {
    "ledna": 1,
    "unora": 2,
    "brezna": 3,
    "dubna": 4,
    "kvetna": 5,
    "cervna": 6,
    "cervence": 7,
    "srpna": 8,
    "zari": 9,
    "rijna": 10,
    "listopadu": 11,
    "prosince": 12,
}

# Abbreviated units meet their written-out forms ("34 km" vs "kilometrů").
UNITS = {
    "km": "kilometrů",
    "kc": "korun",
    "czk": "korun",
    "mil": "milionů",
    "mld": "miliard",
    "tis": "tisíc",
    "ha": "hektarů",
    "m2": "metrů",
    "hod": "hodin",
    "min": "minut",
    "ks": "kusů",
    "proc": "procent",
}

_SPACE = "[ \u00a0\u202f]"
# One regex, alternatives tried left to right: the longest structured forms first. Two shortcuts
# keep the same tokens at a third of the cost: the gaps between tokens are skipped in one step,
# and a word of letters alone that no structured form can continue (most words) is taken at once.
_TOKEN = re.compile(
    rf"""
    [^\w%]*+
    (?:
    (?P<letters>[^\W\d_]++(?!\d|[-./][^\W_]))
  | (?P<date>\b\d{{1,2}}\.{_SPACE}?\d{{1,2}}\.{_SPACE}?\d{{4}}\b)
  | (?P<wdate>\b\d{{1,2}}\.{_SPACE}?[^\W\d_]+{_SPACE}\d{{4}}\b)
  | (?P<ident>\b[^\W_]+(?:[/][^\W_]+)+)
  | (?P<number>\b\d{{1,3}}(?:{_SPACE}\d{{3}})+(?:,\d+)?\b|\b\d+(?:,\d+)?\+?)
  | (?P<word>[^\W_]+(?:[-.][^\W_]+)*)
  | (?P<percent>%)
    )
    """,
    re.VERBOSE,
)


CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def without_controls(text: str) -> str:
    """Control characters carry no meaning in questions or passages and break XML output."""
    return CONTROL.sub(" ", text)


def passage_lines(title: str, section: str, text: str) -> tuple[str, ...]:
    """What is indexed for a chunk, as lines: the document title and section give it context."""
    return tuple(x for x in (title, section, text) if x)


def passage_text(title: str, section: str, text: str) -> str:
    return "\n".join(passage_lines(title, section, text))


def indexed_views(title: str, section: str, text: str) -> tuple[list[str], list[str]]:
    """A chunk's two indexed views, its stems and its folded character n-grams, read under its
    document's title and its section: ingest, the OCR repair and the unit fixture all index
    a chunk through this one function."""
    words = passage_text(title, section, text)
    return terms(words), grams(words)


# How questions refer to the documents rather than to their content ("podle článku",
# "uveďte", "stručně popište"); dropped from queries so they neither match nor count
# as missing evidence.
QUESTION_FRAME = re.compile(
    r"\b(?:(?:podle|v|ve|dle)\s+(?:tohoto\s+|toho\s+|uvedeného\s+|daného\s+)?"
    r"(?:článku|textu|dokumentu|definice\s+v\s+článku))\b"
    r"|\b(?:uveden[éáýoay]?|zmíněn[éáýoay]?|popsán[éáýoay]?)\b"
    r"|\b(?:stručně|explicitně|alespoň|prosím|uveďte|vyjmenujte|popište|vysvětlete|shrňte"
    r"|charakterizujte|definujte|článek|článku|článkem)\b",
    re.IGNORECASE,
)


def question_core(question: str) -> str:
    """The question without the words that frame it as a question about a text."""
    return re.sub(r"\s+", " ", QUESTION_FRAME.sub(" ", question)).strip()


def matches(term: str, found: set[str], folded: set[str]) -> bool:
    """Exact stem, or a shared prefix for long stems (verb/noun pairs, OCR without diacritics)."""
    if term in found:
        return True
    if len(term) < 5:
        return False
    prefix = term[: max(5, math.ceil(0.7 * len(term)))]
    return any(w.startswith(prefix) for w in folded)


# Whole texts are cached for query time, where the sentences of retrieved passages are analysed
# again for every question; 8,192 texts (terms, words and folded forms each) hold a few thousand
# passages' sentences in well under 100 MB (an ingest, which analyses each chunk once, gains
# nothing and so must not pay more).
TEXT_CACHE = 8_192
PASSAGE_CACHE = 256  # the passages of a few questions' re-ranking


class _Marks(dict):
    """A translation table dropping combining marks, filled as characters are met (a loop
    over the characters in Python cost a third of an answer's time)."""

    def __missing__(self, code: int) -> int | None:
        self[code] = None if unicodedata.combining(chr(code)) else code
        return self[code]


_MARKS = _Marks()


@lru_cache(maxsize=TEXT_CACHE)
def fold(text: str) -> str:
    """Lowercase and strip diacritics (NFKD, drop combining marks); cached, as an answer folds
    each sentence it weighs several times."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return decomposed if decomposed.isascii() else decomposed.translate(_MARKS)


def normalize_for_match(text: str) -> str:
    """The gold-set normalisation: fold, non-alphanumerics to one space."""
    return " ".join(re.findall(r"[a-z0-9]+", fold(text)))


ADJECTIVE = re.compile(r"[sc]k(y|a|e|eho|emu|em|ym|ou|ych|ymi|i)$")


def adjectival(word: str) -> bool:
    """A -ský/-cký adjective ("Libereckého"): its stem is the noun's ("Liberec") though it names
    something else (the region, not the city)."""
    return bool(ADJECTIVE.search(fold(word)))


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    raw = files("assistant").joinpath("data/stopwords-cs.txt").read_text(encoding="utf-8")
    return frozenset(fold(w) for w in raw.split() if not w.startswith("#"))


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Stem one lowercase word and fold the stem."""
    stemmer = getattr(_LOCAL, "stemmer", None)
    if stemmer is None:
        stemmer = _LOCAL.stemmer = snowballstemmer.stemmer("czech")
    return fold(stemmer.stemWord(word))


def _date_token(day: int, month: int | None, year: int) -> str | None:
    if 1 <= day <= 31 and 1 <= month <= 12:
        return f"{year:04d}-{month:02d}-{day:02d}"
    return None


@lru_cache(maxsize=300_000)
def _word_terms(word: str) -> tuple[str, ...]:
    """Terms of one word (cached: the same words recur in every document and query)."""
    stops = stopwords()
    parts = re.split(r"[-.]", word)
    out = [fold(word)] if len(parts) > 1 else []
    for part in parts:
        folded = fold(part)
        if not folded or folded in stops:
            continue
        if part.isdigit():
            out.append(part)
        elif folded in UNITS:
            out.append(stem(UNITS[folded]))
        elif len(part) > 1:
            out.append(stem(part))
    return tuple(out)


@lru_cache(maxsize=TEXT_CACHE)
def _terms(text: str) -> tuple[str, ...]:
    out: list[str] = []
    for m in _TOKEN.finditer(text.lower()):
        kind = m.lastgroup
        value = m.group(kind)
        if kind == "letters":
            out.extend(_word_terms(value))
        elif kind == "date":
            parts = re.findall(r"\d+", value)
            token = _date_token(*(int(x) for x in parts))
            if token:
                out.append(token)
            out.extend(parts)
        elif kind == "wdate":
            day, name, year = re.findall(r"[^\W_]+", value)
            month = MONTHS.get(fold(name))
            token = _date_token(int(day), month, int(year)) if month else None
            if token:
                out.append(token)
            out.append(day)
            out.extend(_word_terms(name))
            out.append(year)
        elif kind == "ident":
            out.append(fold(value))
            for part in value.split("/"):
                out.extend(_word_terms(part))
        elif kind == "number":
            compact = re.sub(_SPACE, "", value)
            out.append(compact.rstrip("+"))
            if compact.endswith("+"):
                out.append(compact)
            groups = re.split(_SPACE, value)
            if len(groups) > 1:
                out.extend(g.rstrip("+") for g in groups)
        elif kind == "percent":
            out.append(stem(UNITS["proc"]))
        else:
            out.extend(_word_terms(value))
    return tuple(out)


def terms(text: str) -> list[str]:
    """Index/query terms: stems, numbers, dates and identifiers (sentences recur across
    queries during re-ranking, so whole texts are cached too)."""
    return list(_terms(text))


def vocabulary(*lines: str) -> tuple[set[str], set[str]]:
    """The terms and the folded words of a text given as its lines, each line analysed once
    and cached: a passage's heading and sentences are read in many compositions, and no term
    or word spans a line break, so the sets are those of the joined text."""
    found: set[str] = set()
    folded: set[str] = set()
    for line in lines:
        found.update(_terms(line))
        folded.update(_words(line))
    return found, folded


# The interrogative words themselves, in every form: they say how, not what.
INTERROGATIVES = frozenset(
    w
    for w in (
        "kdo koho komu kom kým co čeho čemu čem čím kdy kde kam odkud kudy proč jak kolik kolika"
        " kolikrát jaký jaká jaké jakého jakému jakém jakým jakou jací jakých jakými který která"
        " které kterého kterému kterém kterým kterou kteří kterých kterými čí zda jestli li"
    ).split()
)
INTERROGATIVE_TERMS = frozenset(t for w in INTERROGATIVES for t in [*terms(w), *terms(fold(w))])


@lru_cache(maxsize=TEXT_CACHE)
def _words(text: str) -> tuple[str, ...]:
    stops = stopwords()
    return tuple(w for w in re.findall(r"[a-z0-9]+", fold(text)) if w not in stops)


def words(text: str) -> list[str]:
    """Folded words without stopwords: the base of the character n-gram view (cached, as
    passages are matched against every question that retrieves them)."""
    return list(_words(text))


@lru_cache(maxsize=200_000)
def _word_grams(word: str) -> tuple[str, ...]:
    if len(word) <= GRAM - 1:
        return (word,)
    padded = f"_{word}_"
    return tuple(padded[i : i + GRAM] for i in range(len(padded) - GRAM + 1))


def grams(text: str) -> list[str]:
    """Folded character n-grams of each non-stopword word."""
    out: list[str] = []
    for word in _words(text):
        out.extend(_word_grams(word))
    return out


# Words written with a period that does not end the sentence ("čl. 5", "např.", "Ing."),
# compared folded: the word before a period is folded before the lookup. "Kč" is not one: it
# is written without a period, so "… 250 000 Kč." ends a sentence.
ABBREVIATIONS = frozenset(
    fold(w)
    for w in (
        "č čl odst písm tzv např resp mj tj tzn str s sb ing mgr bc dr prof doc judr mudr phdr"
        " rndr p o a pozn obr tab kap viz hod min max cca ca mil mld tis ul nám sv st z ú"
    ).split()
)
# Abbreviations a number follows ("č. 5", "čl. IV", "s. 12"): before a capitalised word their
# period ends a sentence ("… na webu kraje, viz s. Studium …" is two cells of a table).
NUMBERED = frozenset(fold(w) for w in "č čl odst str s tab kap obr".split())
_SENTENCE_END = re.compile(rf"[.!?…]+[\"“”»)\]]*\s+(?=[\"„“«(\[]?[{UPPER}0-9•])")


LONG_SENTENCE = 400


def _split_long(sentence: str) -> list[str]:
    """Pieces of an over-long "sentence" (run-on list text), cut at weaker boundaries."""
    if len(sentence) <= LONG_SENTENCE:
        return [sentence]
    parts = [p.strip() for p in re.split(r"(?<=[.;])\s+|\s+(?=•)", sentence) if p.strip()]
    out: list[str] = []
    for part in parts:
        if out and len(out[-1]) + len(part) < LONG_SENTENCE // 2:
            out[-1] = f"{out[-1]} {part}"
        else:
            out.append(part)
    return out


def sentences(text: str) -> list[str]:
    """Split Czech text into sentences; lines are always boundaries.

    Periods after abbreviations, initials, list markers (I., 2., a.) do not end sentences;
    run-on text longer than LONG_SENTENCE is cut at weaker boundaries.
    """
    return list(_split(text))


@lru_cache(maxsize=PASSAGE_CACHE)
def _split(text: str) -> tuple[str, ...]:
    """Cached: the re-ranking, the answer and its citations split the same passages."""
    return tuple(piece for s in _sentences(text) for piece in _split_long(s))


def _sentences(text: str) -> list[str]:
    out: list[str] = []
    for line in text.splitlines():
        start = 0
        for m in _SENTENCE_END.finditer(line):
            before = line[start : m.start() + 1].rstrip(".").split()
            word = before[-1] if before else ""
            marker = len(before) == 1 and re.fullmatch(r"[IVXLC]+|\d{1,2}|[a-z]", word)
            following = line[m.end() :].split(maxsplit=1)
            in_date = (
                re.fullmatch(r"\d{1,2}", word)
                and bool(following)
                and (following[0][:1].isdigit() or fold(following[0]).strip(",.") in MONTHS)
            )  # "26. 2. 2019", "26. Února 2019" (a month capitalised by OCR or a title)
            numbered = fold(word) in NUMBERED and not (
                following and re.match(r"\d|[IVXLC]+\b", following[0])
            )
            if (
                line[m.start()] == "."
                and not numbered
                and (
                    marker
                    or in_date
                    or fold(word) in ABBREVIATIONS
                    or re.fullmatch(f"[{UPPER}]", word)
                )
            ):
                continue
            out.append(line[start : m.end()].strip())
            start = m.end()
        if line[start:].strip():
            out.append(line[start:].strip())
    return out
