"""The one validator of what a person asks, shared by the CLI and the API: the question, and
the earlier turns of a conversation in the JSON contract `[{"role", "content"}]`."""

from __future__ import annotations

from assistant.model import Turn
from assistant.text.analysis import without_controls
from assistant.text.messages import message

MAX_TURNS = 20  # of a conversation's history kept with a question
MAX_TURN_CHARS = 4000  # of one earlier turn


class InvalidQuestion(ValueError):
    """A question or history that cannot be answered; the message is Czech."""


def checked_question(question: str, max_chars: int) -> str:
    """The question without control characters, or InvalidQuestion."""
    text = without_controls(question)
    if not text.strip():
        raise InvalidQuestion(message("empty_question"))
    if len(text) > max_chars:
        raise InvalidQuestion(f"Otázka je příliš dlouhá (nejvýše {max_chars} znaků).")
    return text


def parse_history(items: object) -> list[Turn]:
    """Turns from the JSON contract: a list of {"role": "user"|"assistant", "content"}."""
    if not isinstance(items, list):
        raise InvalidQuestion("historie musí být seznam {role, content}")
    if len(items) > MAX_TURNS:
        raise InvalidQuestion(f"historie je příliš dlouhá (nejvýše {MAX_TURNS} položek)")
    turns = []
    for i, item in enumerate(items, 1):
        if not isinstance(item, dict) or item.get("role") not in ("user", "assistant"):
            raise InvalidQuestion(f"položka historie {i}: role musí být 'user' nebo 'assistant'")
        if not isinstance(item.get("content"), str):
            raise InvalidQuestion(f"položka historie {i}: chybí text 'content'")
        if len(item["content"]) > MAX_TURN_CHARS:
            raise InvalidQuestion(f"položka historie {i}: nejvýše {MAX_TURN_CHARS} znaků")
        turns.append(Turn(item["role"], without_controls(item["content"])))
    return turns
