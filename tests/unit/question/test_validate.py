"""The one validator of questions and conversation history (CLI and API)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from helpers import make_settings

from assistant.cli import main
from assistant.model import Turn
from assistant.question.validate import (
    MAX_TURN_CHARS,
    MAX_TURNS,
    InvalidQuestion,
    checked_question,
    parse_history,
)
from assistant.web.app import create_app


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


@pytest.mark.parametrize(
    ("history", "refused"),
    [
        ([{"role": "user", "content": "Kolik?"}] * (MAX_TURNS + 1), True),
        ([{"role": "user", "content": "x" * (MAX_TURN_CHARS + 1)}], True),
        ([{"role": "user", "content": "x" * MAX_TURN_CHARS}] * MAX_TURNS, False),
    ],
    ids=["too-many-turns", "too-long-turn", "at-the-limits"],
)
def test_the_cli_and_the_api_refuse_the_same_histories(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, history: list, refused: bool
) -> None:
    """A conversation the API refuses is refused by `assistant ask --history` too, and one it
    accepts is accepted (the CLI took 21 turns and turns of any length before)."""
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    path = tmp_path / "history.json"
    path.write_text(json.dumps(history), encoding="utf-8")
    cli = CliRunner().invoke(main, ["ask", "Kolik to stojí?", "--history", str(path)])
    api = TestClient(create_app(make_settings(tmp_path / "data"))).post(
        "/api/chat", json={"question": "Kolik to stojí?", "history": history, "stream": False}
    )
    assert (cli.exit_code != 0 and "Neplatná historie" in cli.output) == refused, cli.output
    assert (api.status_code == 422) == refused, api.text
