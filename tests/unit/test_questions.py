"""The one validator of questions and conversation history (CLI and API)."""

from __future__ import annotations

import pytest

from assistant.model import Turn
from assistant.question.validate import InvalidQuestion, checked_question, parse_history


def test_questions_are_cleaned_and_limited() -> None:
    assert checked_question("Kolik\x00 stojí\x07 to?", 100) == "Kolik  stojí  to?"
    with pytest.raises(InvalidQuestion, match="prázdná"):
        checked_question(" \x01 ", 100)
    with pytest.raises(InvalidQuestion, match="nejvýše 10 znaků"):
        checked_question("a" * 11, 10)
    assert checked_question("a" * 10, 10) == "a" * 10


def test_history_follows_the_json_contract() -> None:
    turns = parse_history(
        [{"role": "user", "content": "Kdy?"}, {"role": "assistant", "content": "Včera."}]
    )
    assert turns == [Turn("user", "Kdy?"), Turn("assistant", "Včera.")]
    for bad, reason in (
        ({"role": "user"}, "seznam"),
        ([{"role": "system", "content": "x"}], "položka historie 1: role"),
        ([{"role": "user", "content": 5}], "položka historie 1: chybí text"),
    ):
        with pytest.raises(InvalidQuestion, match=reason):
            parse_history(bad)
