"""What every command shares: the settings read once per invocation, JSON output, errors."""

from __future__ import annotations

import json
from typing import NoReturn

import click

from assistant.settings import Settings

pass_settings = click.make_pass_decorator(Settings)


def print_json(data: object) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def fail(text: str) -> NoReturn:
    raise click.ClickException(text)
