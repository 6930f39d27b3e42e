"""`assistant resolution`, `research` and `tasks`: the officials' council records."""

from __future__ import annotations

from pathlib import Path

import click

from assistant.cli.common import fail, open_service, pass_settings, print_json
from assistant.search.filters import Filters
from assistant.settings import Settings
from assistant.text.numbers import BODIES


def _date_option(name: str, text: str):
    return click.option(name, name.strip("-").replace("-", "_"), help=text, default="", metavar="D")


@click.command(help="Jedno usnesení: části, hlasování, úkoly, platnost a historie věci.")
@click.argument("number")
@click.option("--audience", type=click.Choice(["public", "staff"]), default="staff",
              show_default=True)  # fmt: skip
@_date_option("--as-of", "Platnost ke dni (RRRR-MM-DD).")
@click.option("--json", "as_json", is_flag=True)
@pass_settings
def resolution(settings: Settings, number: str, audience: str, as_of: str, as_json: bool) -> None:
    from assistant.output.json import resolution_json
    from assistant.output.reports import resolution_rows

    council = open_service(settings).council(audience, as_of)
    record = council.get(number)
    if record is None:
        fail(f"Usnesení {number} v indexu není (nebo není veřejné).")
    data = resolution_json(council, record, full=True)
    if as_json:
        print_json(data)
        return
    for name, value in resolution_rows(data):
        click.echo(f"{name} {value}" if name.endswith(".") else f"{name}: {value}")
    if len(data["history"]) > 1:
        chain = ", ".join(f"{h['number']} ({h['date']})" for h in data["history"])
        click.echo(f"Historie věci: {chain}")


@click.command(help="Rešerše k tématu: všechna usnesení a materiály k věci, chronologicky.")
@click.argument("topic")
@click.option("--body", type=click.Choice(BODIES))
@_date_option("--date-from", "Od data (RRRR-MM-DD).")
@_date_option("--date-to", "Do data (RRRR-MM-DD).")
@_date_option("--as-of", "Platnost a běžící úkoly ke dni (RRRR-MM-DD).")
@click.option("--format", "fmt", type=click.Choice(["md", "docx", "json"]), default="md",
              show_default=True)  # fmt: skip
@click.option(
    "--out", type=click.Path(path_type=Path), metavar="FILE", help="Soubor (u DOCX povinný)."
)
@click.option("--audience", type=click.Choice(["public", "staff"]), default="staff",
              show_default=True)  # fmt: skip
@pass_settings
def research(
    settings: Settings, topic: str, body: str | None, date_from: str, date_to: str, as_of: str,
    fmt: str, out: Path | None, audience: str,
) -> None:  # fmt: skip
    from assistant.council.research import research as run
    from assistant.output.json import research_json
    from assistant.output.outline import Letterhead
    from assistant.output.reports import topic_report

    if fmt == "docx" and out is None:
        fail("Formát DOCX se zapisuje do souboru: zadejte --out rezerse.docx.")
    filters = Filters(audience, bodies=(body,) if body else (), date_from=date_from,
                      date_to=date_to)  # fmt: skip
    data = research_json(run(open_service(settings).retriever, topic, filters, as_of))
    service = settings.service
    content, _, _ = topic_report(data, fmt, Letterhead(service.operator, service.report_reference))
    if out:
        out.write_bytes(content)
        click.echo(f"Zapsáno: {out} (usnesení: {data['summary']['resolutions']})", err=True)
    else:
        click.echo(content.decode("utf-8"))


TASK_STATES = {"running": "běží", "overdue": "po termínu", "no_deadline": "bez termínu"}


@click.command(help="Úkoly z usnesení rady a zastupitelstva s termíny.")
@_date_option("--as-of", "Ke dni (RRRR-MM-DD), jinak dnes.")
@click.option("--overdue", is_flag=True, help="Jen úkoly po termínu.")
@click.option("--json", "as_json", is_flag=True)
@click.option("--audience", type=click.Choice(["public", "staff"]), default="staff",
              show_default=True)  # fmt: skip
@pass_settings
def tasks(settings: Settings, as_of: str, overdue: bool, as_json: bool, audience: str) -> None:
    from datetime import date

    from assistant.output.json import tasks_json
    from assistant.text.dates import czech_date

    on = as_of or date.today().isoformat()
    council = open_service(settings).council(audience, on)
    data = tasks_json(council, on, overdue)
    if as_json:
        print_json(data)
        return
    rows = data["tasks"]
    for row in rows:
        deadline = czech_date(row["deadline"]) if row["deadline"] else "–"
        click.echo(f"{deadline:>11}  {TASK_STATES[row['state']]:<11}  {row['resolution']:<11} "
                   f"{row['whom']}: {row['what']}")  # fmt: skip
    click.echo(f"Úkolů: {len(rows)} (ke dni {czech_date(on)})")
