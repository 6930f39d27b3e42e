"""`assistant search` and `assistant ask` over the current index."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from assistant.cli.common import fail, open_service, pass_settings, print_json
from assistant.search.filters import Filters
from assistant.settings import Settings
from assistant.text.messages import message
from assistant.text.numbers import BODIES

if TYPE_CHECKING:
    from assistant.service import Service


def _question(settings: Settings, text: str) -> str:
    from assistant.question.validate import InvalidQuestion, checked_question

    try:
        return checked_question(text, settings.answer.max_question_chars)
    except InvalidQuestion as exc:
        fail(str(exc))


def _opened(settings: Settings) -> Service:
    """The service, with a warning when there is nothing to search yet."""
    service = open_service(settings)
    if not service.store.counts()[1]:
        click.echo(message("empty_index"), err=True)
    return service


def with_filters(func):
    """The options shared by search and ask, delivered to the command as one `Filters`."""
    options = [
        click.option(
            "--audience",
            type=click.Choice(["public", "staff"]),
            default="public",
            show_default=True,
        ),
        click.option(
            "--doc-type", multiple=True, metavar="T", help="Jen tento typ dokumentu (lze opakovat)."
        ),
        click.option("--body", multiple=True, type=click.Choice(BODIES)),
        click.option("--date-from", default="", metavar="D", help="Od data (RRRR-MM-DD)."),
        click.option("--date-to", default="", metavar="D", help="Do data (RRRR-MM-DD)."),
    ]

    def wrapper(audience, doc_type, body, date_from, date_to, **kwargs):
        filters = Filters(audience, tuple(doc_type), tuple(body), date_from, date_to)
        return func(filters=filters, **kwargs)

    wrapper.__name__, wrapper.__doc__ = func.__name__, func.__doc__
    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper


@click.command(help="Vyhledá pasáže k dotazu.")
@click.argument("query")
@click.option("--k", default=5, show_default=True, type=click.IntRange(1, 100))
@click.option("--json", "as_json", is_flag=True)
@with_filters
@pass_settings
def search(settings: Settings, query: str, k: int, as_json: bool, filters: Filters) -> None:
    from assistant.output.json import search_json
    from assistant.search.retrieve import SearchRequest

    query = _question(settings, query)
    hits = _opened(settings).retriever.search(SearchRequest(query, filters, k))
    if as_json:
        print_json(search_json(query, filters.audience, hits))
        return
    if not hits:
        click.echo("Nic nenalezeno.")
    for h in hits:
        p = h.passage
        page = f", s. {p.chunk.page}" if p.chunk.page else ""
        click.echo(f"{h.rank}. {p.document.title}{page} ({p.document.source}) skóre {h.score}")
        click.echo("   " + p.chunk.text[:300].replace("\n", " "))


@click.command(help="Odpoví na otázku s citacemi zdrojů.")
@click.argument("question")
@click.option(
    "--history",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="JSON se seznamem {role, content}.",
)
@click.option("--json", "as_json", is_flag=True)
@with_filters
@pass_settings
def ask(
    settings: Settings, question: str, history: Path | None, as_json: bool, filters: Filters
) -> None:
    from assistant.model import Answer
    from assistant.output.json import answer_json
    from assistant.question.validate import InvalidQuestion, parse_history

    turns = []
    if history:
        try:
            turns = parse_history(json.loads(history.read_text(encoding="utf-8")))
        except (ValueError, InvalidQuestion) as exc:
            fail(f"Neplatná historie {history}: {exc}")
    question = _question(settings, question)
    assistant = _opened(settings).assistant
    if as_json:
        print_json(answer_json(assistant.ask(question, filters, turns)))
        return
    streamed = ""
    for item in assistant.stream(question, filters, turns):
        if isinstance(item, Answer):
            click.echo()
            if item.reply.text != streamed.strip():
                # Citations were renumbered or the model's text was withdrawn.
                click.echo(f"\n{item.reply.text}")
            for c in item.reply.citations:
                d = c.passage.document
                page = f", s. {c.passage.chunk.page}" if c.passage.chunk.page else ""
                link = f" {d.url}" if d.url else ""
                click.echo(f"[{c.n}] {d.title}{page} ({d.source}){link}")
        else:
            streamed += item
            click.echo(item, nl=False)
