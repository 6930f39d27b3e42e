"""Access to the prompt templates and fixed Czech texts in the top-level `prompts/` folder."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib.resources import files


@cache
def message(key: str) -> str:
    data = tomllib.loads(files("prompts").joinpath("messages.toml").read_text(encoding="utf-8"))
    return data[key]


@cache
def template(name: str) -> str:
    return files("prompts").joinpath(f"{name}.txt").read_text(encoding="utf-8").strip()


def refusal(language: str = "cs") -> str:
    """The refusal in the question's language (Czech, or English or Slovak for questions in
    them: the documents are Czech)."""
    if language in ("en", "sk"):
        return message(f"refusal_{language}")
    return f"{message('refusal')} {message('refusal_help')}"
