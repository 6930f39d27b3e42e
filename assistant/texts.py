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


def refusal() -> str:
    return f"{message('refusal')} {message('refusal_help')}"
