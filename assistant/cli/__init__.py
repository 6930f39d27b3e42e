"""`assistant` command line: one group over one data directory, its commands in one module per
group (index, query, records, evaluation, serve). The settings are read once per invocation."""

from __future__ import annotations

import click

from assistant.cli import evaluation, index, query, records, serve
from assistant.cli.common import fail
from assistant.errors import Unavailable
from assistant.settings import Settings


class Commands(click.Group):
    """The command group; a configured model, endpoint or dictionary that cannot be used ends a
    command with its Czech message, not a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except Unavailable as exc:
            raise click.ClickException(str(exc)) from exc


@click.group(cls=Commands, help="Asistent pro rešerše a odpovědi z dokumentů Libereckého kraje.")
@click.version_option(package_name="liberec-assistant")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Entry point of the command group: reads the settings once."""
    try:
        ctx.obj = Settings()
    except ValueError as exc:
        fail(f"Neplatné nastavení (proměnné ASSISTANT_*): {exc}")


# One example per command, shown under its `--help` (a new user copies it and adapts it).
EXAMPLES = {
    "ingest": "assistant ingest ../shared/corpus --access public",
    "embed": "assistant embed",
    "crawl": "assistant crawl https://www.kraj-lbc.cz/ --access public --prune",
    "search": 'assistant search "dotace na kotlíky" --k 5',
    "ask": 'assistant ask "Kolik stojí cyklostezka z Turnova do Přepeř?"',
    "eval": "assistant eval ../shared/eval/dev.jsonl --corpus ../shared/corpus --report report/",
    "review": "assistant review export ../shared/eval/dev.jsonl --corpus ../shared/corpus"
    " --out hodnoceni.csv",
    "serve": "assistant serve --demo --port 8000",
    "purge": "assistant purge",
    "resolution": "assistant resolution 1893/24/RK",
    "research": 'assistant research "chatbot na webu kraje" --format md',
    "tasks": "assistant tasks --overdue",
    "status": "assistant status --json",
}

for command in (
    index.ingest, index.embed, index.crawl, query.search, query.ask, evaluation.evaluate,
    evaluation.review, serve.serve, serve.purge, records.resolution, records.research,
    records.tasks, serve.status,
):  # fmt: skip
    main.add_command(command)
    command.epilog = f"Příklad:\n\n\b\n  {EXAMPLES[command.name]}"
