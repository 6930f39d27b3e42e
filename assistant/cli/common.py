"""What every command shares: the settings read once per invocation, JSON output, errors."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, NoReturn

import click

from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.service import Service

pass_settings = click.make_pass_decorator(Settings)


def print_json(data: object) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def fail(text: str) -> NoReturn:
    raise click.ClickException(text)


def open_service(settings: Settings) -> Service:
    """The process's service, imported on first use: `assistant --help`, `ingest` and `crawl`
    start without loading the answer path (half a second per invocation)."""
    from assistant.service import Service

    return Service.open(settings)
