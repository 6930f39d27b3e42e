"""The deterministic replies of the test chat server (tests/openai_server.py), apart from its HTTP
plumbing: tests assert on these exact answers, so the rules that produce them are kept where they
can be read (and called directly) on their own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

DEFAULT_REFUSAL = "Omlouvám se, ale v dostupných dokumentech jsem odpověď nenašel."

Responder = Callable[[list[dict[str, Any]]], str]

_PASSAGE_RE = re.compile(r"^\s*\[(\d+)\]\s*(.*)$")
_TURN_RE = re.compile(r"^\s*(\w+)\s*:\s*(.*)$")
_USER_LABELS = frozenset({"uživatel", "user", "human"})
_ASSISTANT_LABELS = frozenset({"asistent", "assistant", "ai"})
_QUESTION_PREFIX = "Otázka:"
_FOLLOW_UP_PREFIX = "Následná otázka:"
_HISTORY_PREFIX = "Historie:"


def _message_text(message: dict[str, Any]) -> str:
    """Return a message's text; content may also be a list of typed parts or None."""
    content = message.get("content")
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "\n".join(part.get("text", "") for part in content if isinstance(part, dict))
    return ""


def _prompt_texts(messages: list[dict[str, Any]]) -> list[str]:
    """System messages plus the last user message: where instructions and context live."""
    texts = [_message_text(m) for m in messages if m.get("role") == "system"]
    users = [m for m in messages if m.get("role") == "user"]
    if users:
        texts.append(_message_text(users[-1]))
    return texts


def _content_words(text: str) -> set[str]:
    """Lowercase words of at least four characters, a crude stand-in for keywords."""
    return {word for word in re.findall(r"\w+", text.lower()) if len(word) >= 4}


def _first_sentence(text: str) -> str:
    text = " ".join(text.split())
    # Require whitespace or the end after the terminator so "3.5" stays intact.
    match = re.match(r".+?[.!?](?=\s|$)", text)
    return match.group(0) if match else text


def _longest_word(text: str) -> str:
    """The first of the longest words, so ties resolve deterministically."""
    return max(re.findall(r"\w+", text), key=len, default="")


def _last_user_turn(history: list[str]) -> str:
    """Text of the last turn labelled as the user's; the whole history if none is."""
    turns: list[tuple[str, list[str]]] = []
    for line in history:
        match = _TURN_RE.match(line)
        label = match.group(1).lower() if match else ""
        if match and label in _USER_LABELS | _ASSISTANT_LABELS:
            turns.append((label, [match.group(2)]))
        elif turns:
            turns[-1][1].append(line)
    user_turns = [lines for label, lines in turns if label in _USER_LABELS]
    return "\n".join(user_turns[-1] if user_turns else history)


def _rewrite_reply(lines: list[str]) -> str | None:
    """Answer a "rewrite the follow-up question" prompt, or None if this is not one."""
    stripped = [line.strip() for line in lines]
    follow_up_at = [i for i, line in enumerate(stripped) if line.startswith(_FOLLOW_UP_PREFIX)]
    history_at = [i for i, line in enumerate(stripped) if line.startswith(_HISTORY_PREFIX)]
    if not follow_up_at or not history_at:
        return None
    follow_up = stripped[follow_up_at[-1]].removeprefix(_FOLLOW_UP_PREFIX).strip()
    start = history_at[-1]
    end = next((i for i in follow_up_at if i > start), len(lines))
    history = [stripped[start].removeprefix(_HISTORY_PREFIX), *lines[start + 1 : end]]
    word = _longest_word(_last_user_turn(history))
    return f"{follow_up} {word}" if word else follow_up


def _passages(text: str) -> list[tuple[str, str]]:
    """(number, text) of each "[n] ..." passage; one ends at the next passage or the question."""
    passages: list[tuple[str, list[str]]] = []
    for line in text.splitlines():
        if match := _PASSAGE_RE.match(line):
            passages.append((match.group(1), [match.group(2)]))
        elif line.strip().startswith(_QUESTION_PREFIX):
            break
        elif passages:
            passages[-1][1].append(line)
    return [(number, "\n".join(lines)) for number, lines in passages]


def default_responder(messages: list[dict[str, Any]], refusal: str = DEFAULT_REFUSAL) -> str:
    """Behave like a well-behaved RAG model, deterministically.

    - A prompt with a ``Historie:`` section and a ``Následná otázka:`` line is a
      request to make the follow-up standalone: reply with the follow-up followed
      by the longest word of the last user turn (``Uživatel:``/``User:``/``Human:``)
      in the history.
    - Otherwise answer the ``Otázka:`` line from the ``[n] ...`` passages: take
      the passage sharing the most lowercase words of length >= 4 with the
      question (the earliest on ties) and reply with its first sentence and
      `` [n]``. With fewer than two shared words, or no passages or question,
      reply with ``refusal``.

    Only system messages and the last user message are read.
    """
    texts = _prompt_texts(messages)
    lines = "\n".join(texts).splitlines()
    rewritten = _rewrite_reply(lines)
    if rewritten is not None:
        return rewritten

    questions = [
        line.strip().removeprefix(_QUESTION_PREFIX)
        for line in lines
        if line.strip().startswith(_QUESTION_PREFIX)
    ]
    if not questions:
        return refusal
    question_words = _content_words(questions[-1])
    passages = [passage for text in texts for passage in _passages(text)]
    scored = [
        (len(question_words & _content_words(text)), number, text) for number, text in passages
    ]
    # max() keeps the first of equal scores, i.e. the earliest passage.
    best = max(scored, key=lambda item: item[0], default=None)
    if best is None or best[0] < 2:
        return refusal
    _, number, text = best
    return f"{_first_sentence(text)} [{number}]"
