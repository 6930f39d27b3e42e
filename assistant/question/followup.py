"""Follow-up questions ("A kolik bude stát?") made standalone before retrieval.

Extractive mode carries the topic words of the last user turn over to an elliptical
question; LLM mode asks the model to rewrite it (see `assistant.answer.llm`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.model import Turn
from assistant.question.analyse import analyse
from assistant.text.analysis import INTERROGATIVES, fold, stopwords, terms
from assistant.text.numbers import resolution_numbers

ANAPHORA = frozenset(
    [
        "to",
        "toho",
        "tomu",
        "tom",
        "tím",
        "ten",
        "tento",
        "tato",
        "toto",
        "tyto",
        "ta",
        "té",
        "tu",
        "tam",
        "tamhle",
        "tehdy",
        "on",
        "ona",
        "ono",
        "oni",
        "ony",
        "jeho",
        "její",
        "jejich",
        "něj",
        "ní",
        "nich",
        "něm",
        "němu",
        "nim",
        "ním",
        "něho",
        "tenhle",
        "tahle",
        "tohle",
        "takový",
        "taková",
        "takové",
    ]
)
FOLLOW_UP_START = re.compile(
    r"^\s*(a|ale|i|taky|také|což|no a|a co|a jak|a kolik|a kdy|a kdo|a kde)\b", re.I
)


# Content terms of a question in several parts that names nothing and still reads as a
# follow-up ("Od kdy se dá žádat a kolik můžeme dostat?"); a single question of that length
# names a topic of its own ("Kolik stojí vstupné do zoo?").
SHORT = 4


def _brand(question: str) -> bool:
    """A word capitalised inside ("eLpass", "eHealth"): a name the question analysis, which
    looks at first letters, does not count."""
    return any(any(c.isupper() for c in w[1:]) for w in re.findall(r"[^\W_]+", question))


def is_follow_up(question: str) -> bool:
    """An elliptical question: starts with "A …", points back and names little of its own, or
    names nothing and has one content word ("Kdy byla schválena?") or several short parts.
    A definition ("Co je taxibus?") names its topic."""
    words = {fold(w) for w in re.findall(r"\w+", question)}
    content = [t for t in terms(question) if not t.isdigit()]
    points_back = bool(words & {fold(a) for a in ANAPHORA})
    if FOLLOW_UP_START.match(question) or not content or (points_back and len(content) <= 2):
        return True
    analysis = analyse(question)
    if analysis.definition or analysis.names or _brand(question):
        return False  # it names a topic of its own
    return len(content) <= 1 or (len(analysis.parts) > 1 and len(content) <= SHORT)


def _interrogatives(text: str) -> list[str]:
    return [w for w in re.findall(r"[^\W\d_]+", text.lower()) if w in INTERROGATIVES]


def topic_words(text: str) -> list[str]:
    """Content words of a turn in their original form (the analyser stems them later)."""
    stops = stopwords()
    return [
        w
        for w in re.findall(r"[^\W_]+(?:[/.-][^\W_]+)*", text)
        if fold(w) not in stops and len(w) > 1
    ]


def standalone(
    question: str, history: list[Turn], known: Callable[[str], bool] = lambda _: True
) -> str:
    """The question with the topic of the conversation added when it is a follow-up: the
    content words of the last user turn and the resolution numbers of the last answer, kept
    only when the index knows them (unknown filler words would only dilute the evidence)."""
    previous = [t.content for t in history if t.role == "user"]
    if not previous or not is_follow_up(question):
        return question
    answers = [t.content for t in history if t.role == "assistant"]
    numbers = resolution_numbers(answers[-1]) if answers else []
    words = topic_words(previous[-1])
    if words and previous[-1].lstrip().startswith(words[0]):
        words[0] = words[0].lower()  # capitalised only as the first word, not a name
    carried = [w for w in [*words, *numbers] if fold(w) not in fold(question) and known(w)]
    # "A vlastní řešení?" after "Kolik by stál…?" asks the same thing: how much.
    if not _interrogatives(question):
        carried = [*_interrogatives(previous[-1])[:1], *carried]
    return f"{question} ({' '.join(dict.fromkeys(carried))})" if carried else question
