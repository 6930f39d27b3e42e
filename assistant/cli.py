"""`assistant` command line: ingest, search, ask, eval, serve, status over one data directory.

The settings are read once per invocation and handed to each command.
"""

from __future__ import annotations

import json
import os
import resource
import secrets
import sys
from pathlib import Path

import click

from assistant.search.filters import Filters
from assistant.settings import Settings
from assistant.text.messages import Unavailable, message

pass_settings = click.make_pass_decorator(Settings)


def _print_json(data: object) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _fail(text: str) -> None:
    raise click.ClickException(text)


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
        _fail(f"Neplatné nastavení (proměnné ASSISTANT_*): {exc}")


@main.command(
    help="Zaindexuje soubory a složky (PDF, DOCX, HTML, TXT/MD, JSONL, DOC, ODT, PPTX, EML, RTF)."
)
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--access", type=click.Choice(["public", "internal"]), help="Přístup pro všechny soubory běhu."
)
@click.option("--prune", is_flag=True, help="Odstranit dokumenty, jejichž soubory zmizely.")
@click.option("--json", "as_json", is_flag=True, help="Souhrn jako JSON.")
@pass_settings
def ingest(
    settings: Settings, paths: tuple[Path, ...], access: str | None, prune: bool, as_json: bool
) -> None:
    from ingest.errors import IngestError
    from ingest.pipeline import ingest as run

    try:
        summary = run(list(paths), settings, access=access, prune=prune, progress=not as_json)
    except IngestError as exc:
        _fail(str(exc))
    if as_json:
        _print_json(summary.to_dict())
    else:
        c = summary.counts
        click.echo(
            f"Přidáno: {c['added']}, aktualizováno: {c['updated']}, beze změny: {c['unchanged']},"
            f" selhalo: {c['failed']}, odstraněno: {c['removed']}"
            f" | {summary.pages} stran za {summary.seconds:.1f} s"
            f" | v indexu {summary.documents} dokumentů, {summary.chunks} částí"
        )
        for r in summary.files:
            if r.status == "failed":
                click.echo(f"  CHYBA {r.file}: {r.reason}", err=True)
            for w in r.warnings:
                click.echo(f"  upozornění {r.file}: {w}", err=True)
    if summary.counts["failed"]:
        sys.exit(1)


@main.command(
    help="Projde web kraje (robots.txt, sitemapy, odkazy v rozsahu) a zaindexuje jeho stránky a"
    " odkazované dokumenty; opakovaný běh stahuje jen změněné."
)
@click.argument("urls", nargs=-1, required=True)
@click.option("--sitemap", "sitemaps", multiple=True, help="Další sitemapa (lze opakovat).")
@click.option("--include", multiple=True, help="Jen adresy odpovídající regulárnímu výrazu.")
@click.option("--exclude", multiple=True, help="Vynechat adresy odpovídající regulárnímu výrazu.")
@click.option("--max-pages", type=click.IntRange(min=1), help="Nejvýše tolik stažených stránek.")
@click.option("--max-depth", type=click.IntRange(min=0), help="Nejvýše tolik odkazů od začátku.")
@click.option("--delay", type=click.FloatRange(min=0), help="Sekundy mezi dotazy na jeden web.")
@click.option(
    "--access",
    type=click.Choice(["public", "internal"]),
    help="Přístup ke staženému obsahu; bez volby neveřejný.",
)
@click.option("--prune", is_flag=True, help="Odstranit stránky, které zmizely z webu.")
@click.option("--json", "as_json", is_flag=True, help="Souhrn jako JSON.")
@pass_settings
def crawl(
    settings: Settings, urls: tuple[str, ...], sitemaps: tuple[str, ...],
    include: tuple[str, ...], exclude: tuple[str, ...], max_pages: int | None,
    max_depth: int | None, delay: float | None, access: str | None, prune: bool, as_json: bool,
) -> None:  # fmt: skip
    import re

    from ingest.errors import IngestError
    from ingest.web.crawl import Request
    from ingest.web.crawl import crawl as run

    try:
        request = Request(urls, sitemaps, include, exclude, max_pages, max_depth, delay, access,
                          prune)  # fmt: skip
        summary = run(request, settings, progress=not as_json)
    except (IngestError, ValueError, re.error) as exc:
        _fail(str(exc))
    data = summary.to_dict()
    if as_json:
        _print_json(data)
    else:
        click.echo(
            f"Nové: {data['new']}, změněné: {data['changed']}, beze změny: "
            f"{data['unchanged_304']} (304), {data['unchanged_hash']} (stejný obsah), "
            f"{data['unchanged_lastmod']} (podle sitemapy), odstraněné: {data['removed']}, "
            f"duplicitní: {data['duplicate']}, zakázané v robots.txt: {data['blocked']}, "
            f"selhalo: {data['failed'] + data['missing']} | {data['requests']} dotazů za "
            f"{data['seconds']:.1f} s" + ("" if data["complete"] else " | dosažen limit stránek")
        )
        for failure in data["failures"]:
            click.echo(f"  CHYBA {failure['url']}: {failure['reason']}", err=True)
    if data["failed"] or any(s["counts"]["failed"] for s in data["index"]):
        sys.exit(1)


def _question(settings: Settings, text: str) -> str:
    from assistant.question.validate import InvalidQuestion, checked_question

    try:
        return checked_question(text, settings.answer.max_question_chars)
    except InvalidQuestion as exc:
        _fail(str(exc))


def _warn_if_empty(store) -> None:
    if not store.counts()[1]:
        click.echo(message("empty_index"), err=True)


def with_filters(func):
    """The options shared by search and ask, delivered to the command as one `Filters`."""
    options = [
        click.option(
            "--audience",
            type=click.Choice(["public", "staff"]),
            default="public",
            show_default=True,
        ),
        click.option("--doc-type", multiple=True, help="Jen tento typ dokumentu (lze opakovat)."),
        click.option("--body", multiple=True, type=click.Choice(["rada", "zastupitelstvo"])),
        click.option("--date-from", default="", help="Od data (RRRR-MM-DD)."),
        click.option("--date-to", default="", help="Do data (RRRR-MM-DD)."),
    ]

    def wrapper(audience, doc_type, body, date_from, date_to, **kwargs):
        filters = Filters(audience, tuple(doc_type), tuple(body), date_from, date_to)
        return func(filters=filters, **kwargs)

    wrapper.__name__, wrapper.__doc__ = func.__name__, func.__doc__
    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper


@main.command(help="Vyhledá pasáže k dotazu.")
@click.argument("query")
@click.option("--k", default=5, show_default=True, type=click.IntRange(1, 100))
@click.option("--json", "as_json", is_flag=True)
@with_filters
@pass_settings
def search(settings: Settings, query: str, k: int, as_json: bool, filters: Filters) -> None:
    from assistant.output.json import search_json
    from assistant.search.retrieve import Retriever, SearchRequest

    query = _question(settings, query)
    retriever = Retriever.open(settings)
    _warn_if_empty(retriever.store)
    hits = retriever.search(SearchRequest(query, filters, k))
    if as_json:
        _print_json(search_json(query, filters.audience, hits))
        return
    if not hits:
        click.echo("Nic nenalezeno.")
    for h in hits:
        p = h.passage
        page = f", s. {p.chunk.page}" if p.chunk.page else ""
        click.echo(f"{h.rank}. {p.document.title}{page} ({p.document.source}) skóre {h.score}")
        click.echo("   " + p.chunk.text[:300].replace("\n", " "))


@main.command(help="Odpoví na otázku s citacemi zdrojů.")
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
    from assistant.answer.assistant import Assistant
    from assistant.model import Answer
    from assistant.output.json import answer_json
    from assistant.question.validate import InvalidQuestion, parse_history

    turns = []
    if history:
        try:
            turns = parse_history(json.loads(history.read_text(encoding="utf-8")))
        except (ValueError, InvalidQuestion) as exc:
            _fail(f"Neplatná historie {history}: {exc}")
    question = _question(settings, question)
    assistant = Assistant.open(settings)
    _warn_if_empty(assistant.retriever.store)
    if as_json:
        _print_json(answer_json(assistant.ask(question, filters, turns)))
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


@main.command(
    name="eval", help="Vyhodnotí kvalitu na sadě otázek (JSONL) v jedné či více konfiguracích."
)
@click.argument("dataset", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--config", "config_names", multiple=True, help="Pojmenovaná konfigurace (lze opakovat)."
)
@click.option(
    "--configs",
    "configs_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Soubor TOML s dalšími konfiguracemi.",
)
@click.option(
    "--corpus",
    multiple=True,
    type=click.Path(exists=True, path_type=Path),
    help="Korpus zaindexovaný zvlášť pro každou konfiguraci (jinak aktuální index).",
)
@click.option("--access", type=click.Choice(["public", "internal"]), help="Přístup pro --corpus.")
@click.option(
    "--report",
    "report_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Složka pro report.html, report.json a report.csv.",
)
@click.option("--gate", is_flag=True, help="Skončit s chybou, když ukazatel nesplní práh.")
@click.option(
    "--gate-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Prahy brány kvality (TOML); výchozí eval/gate.toml.",
)
@click.option("--judge", is_flag=True, help="Přidat informativní hodnocení LLM soudcem.")
@click.option("--json", "as_json", is_flag=True)
@pass_settings
def evaluate(
    settings: Settings,
    dataset: Path,
    config_names: tuple[str, ...],
    configs_file: Path | None,
    corpus: tuple[Path, ...],
    access: str | None,
    report_dir: Path | None,
    gate: bool,
    gate_file: Path | None,
    judge: bool,
    as_json: bool,
) -> None:
    from eval.configs import ConfigError, load_configs, pick
    from eval.datasets import DatasetError
    from eval.gate import check, load_thresholds
    from eval.harness import run
    from eval.report import text_summary, write_reports

    try:
        configs = pick(list(config_names), load_configs(configs_file))
        report = run(dataset, configs, settings, list(corpus), access, judge, not as_json)
    except (ConfigError, DatasetError) as exc:
        _fail(str(exc))
    for warning in report["meta"]["warnings"]:
        click.echo(f"UPOZORNĚNÍ: {warning}", err=True)
    first = report["configs"][configs[0].name]["overall"]
    checks = check(first, load_thresholds(gate_file)) if gate or gate_file else None
    if report_dir:
        for path in write_reports(report, report_dir, checks):
            click.echo(f"Zapsáno: {path}", err=True)
    if as_json:
        _print_json(report)
    else:
        click.echo(text_summary(report, checks))
    if checks is not None and not all(c.passed for c in checks):
        sys.exit(1)


@main.group(help="Lidské hodnocení odpovědí: export do tabulky a import hodnocení.")
def review() -> None:
    """Command group of the review loop."""


@review.command(
    name="export", help="Spustí sadu otázek a zapíše odpovědi do tabulky CSV k hodnocení."
)
@click.argument("dataset", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--config", "config_name", default="default", show_default=True)
@click.option(
    "--configs", "configs_file", type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option("--corpus", multiple=True, type=click.Path(exists=True, path_type=Path))
@click.option("--access", type=click.Choice(["public", "internal"]))
@pass_settings
def review_export(
    settings: Settings, dataset: Path, out: Path, config_name: str, configs_file: Path | None,
    corpus: tuple[Path, ...], access: str | None,
) -> None:  # fmt: skip
    from eval.configs import ConfigError, load_configs, pick
    from eval.datasets import DatasetError
    from eval.harness import run
    from eval.review import export_sheet

    try:
        configs = pick([config_name], load_configs(configs_file))
        report = run(dataset, configs, settings, list(corpus), access, progress=True)
    except (ConfigError, DatasetError) as exc:
        _fail(str(exc))
    for warning in report["meta"]["warnings"]:
        click.echo(f"UPOZORNĚNÍ: {warning}", err=True)
    count = export_sheet(report["configs"][config_name]["items"], out)
    click.echo(
        f"Do {out} zapsáno {count} odpovědí; vyplňte sloupce hodnocení, komentář, správná odpověď."
    )


@review.command(
    name="import",
    help="Načte ohodnocené tabulky: shoda s automatickými metrikami, nové zlaté otázky.",
)
@click.argument(
    "sheets", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--gold",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Zapsat nové zlaté otázky (JSONL).",
)
@click.option("--json", "as_json", is_flag=True)
def review_import(sheets: tuple[Path, ...], gold: Path | None, as_json: bool) -> None:
    from eval.review import ReviewError, agreement, gold_items, read_sheets, write_gold

    try:
        reviews = read_sheets(list(sheets))
    except ReviewError as exc:
        _fail(str(exc))
    result = agreement(reviews)
    if gold:
        items = gold_items(reviews)
        write_gold(items, gold)
        result["gold_items"] = len(items)
    if as_json:
        _print_json(result)
        return
    if not result["reviewed"]:
        click.echo("Žádný řádek nemá vyplněné hodnocení.")
        return
    grades = ", ".join(f"{g}: {n}" for g, n in result["grades"].items())
    click.echo(f"Ohodnoceno: {result['reviewed']} ({grades})")
    agreed, kappa = result["agreement"], result["kappa"]
    click.echo(f"Shoda s automatickým hodnocením: {agreed:.0%}, Cohenovo kappa {kappa:.2f}")
    click.echo(
        f"Automaticky OK, ale lidsky ne: {result['automatic_pass_human_fail']}; "
        f"automaticky chyba, ale lidsky dobře: {result['automatic_fail_human_pass']}"
    )
    if gold:
        click.echo(f"Nových zlatých otázek: {result['gold_items']} → {gold}")


DEMO_KEY = "demo-staff-key"


def demo_key(data_dir: Path) -> str:
    """A random staff key for trying the research page locally, kept in the data directory
    (readable by its owner only) so it stays the same between runs."""
    path = data_dir / DEMO_KEY
    if not path.is_file():
        data_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(24))
    return path.read_text().strip()


@main.command(help="Spustí HTTP službu (API, widget, rešeršní pracoviště) nad stejným indexem.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64))
@click.option(
    "--demo",
    is_flag=True,
    help="Bez nastavených klíčů vytvořit místní ukázkový klíč pro /research a vypsat jej.",
)
@pass_settings
def serve(settings: Settings, host: str, port: int, workers: int, demo: bool) -> None:
    import uvicorn

    if demo and not settings.service.staff_api_keys:
        key = demo_key(settings.storage.data_dir)
        os.environ["ASSISTANT_STAFF_API_KEYS"] = key  # read by every worker's settings
        click.echo(
            f"Ukázkový klíč pro /research (jen pro tento počítač): {key}\n"
            "Skutečné klíče nastavte v ASSISTANT_STAFF_API_KEYS (viz README)."
        )
    # Every open connection holds a file descriptor: take as many as the system allows.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = min(hard, 65536) if hard != resource.RLIM_INFINITY else 65536
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    click.echo(
        f"Asistent běží na http://{host}:{port}  (ukázka /demo, rešerše /research, API /docs)"
    )
    uvicorn.run(
        "assistant.web.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=False,  # the app reads X-Forwarded-For itself, from trusted proxies only
        log_level="warning",
        access_log=False,  # no client addresses in logs; metrics are at /metrics
    )


@main.command(help="Smaže konverzace a zpětnou vazbu starší než doba uchování.")
@pass_settings
def purge(settings: Settings) -> None:
    from assistant.store.answer_log import AnswerLog

    days = settings.service.retention_days
    removed = AnswerLog(settings.storage.answer_log_path, days).purge()
    click.echo(f"Smazáno odpovědí: {removed} (uchovává se {days} dní).")


def _date_option(name: str, text: str):
    return click.option(name, name.strip("-").replace("-", "_"), help=text, default="")


@main.command(help="Jedno usnesení: části, hlasování, úkoly, platnost a historie věci.")
@click.argument("number")
@click.option("--audience", type=click.Choice(["public", "staff"]), default="staff",
              show_default=True)  # fmt: skip
@_date_option("--as-of", "Platnost ke dni (RRRR-MM-DD).")
@click.option("--json", "as_json", is_flag=True)
@pass_settings
def resolution(settings: Settings, number: str, audience: str, as_of: str, as_json: bool) -> None:
    from assistant.council.history import Council
    from assistant.output.json import resolution_json
    from assistant.output.reports import resolution_rows
    from assistant.store.documents import Store

    council = Council.open(Store(settings.storage.db_path), Filters(audience=audience), as_of)
    record = council.get(number)
    if record is None:
        _fail(f"Usnesení {number} v indexu není (nebo není veřejné).")
    data = resolution_json(council, record, full=True)
    if as_json:
        _print_json(data)
        return
    for name, value in resolution_rows(data):
        click.echo(f"{name} {value}" if name.endswith(".") else f"{name}: {value}")
    if len(data["history"]) > 1:
        chain = ", ".join(f"{h['number']} ({h['date']})" for h in data["history"])
        click.echo(f"Historie věci: {chain}")


@main.command(help="Rešerše k tématu: všechna usnesení a materiály k věci, chronologicky.")
@click.argument("topic")
@click.option("--body", type=click.Choice(["rada", "zastupitelstvo"]))
@_date_option("--date-from", "Od data (RRRR-MM-DD).")
@_date_option("--date-to", "Do data (RRRR-MM-DD).")
@_date_option("--as-of", "Platnost a běžící úkoly ke dni (RRRR-MM-DD).")
@click.option("--format", "fmt", type=click.Choice(["md", "docx", "json"]), default="md",
              show_default=True)  # fmt: skip
@click.option("--out", type=click.Path(path_type=Path), help="Soubor (u DOCX povinný).")
@click.option("--audience", type=click.Choice(["public", "staff"]), default="staff",
              show_default=True)  # fmt: skip
@pass_settings
def research(
    settings: Settings, topic: str, body: str | None, date_from: str, date_to: str, as_of: str,
    fmt: str, out: Path | None, audience: str,
) -> None:  # fmt: skip
    from assistant.council.research import research as run
    from assistant.output.json import research_json
    from assistant.output.reports import topic_report
    from assistant.search.retrieve import Retriever

    if fmt == "docx" and out is None:
        _fail("Formát DOCX se zapisuje do souboru: zadejte --out rezerse.docx.")
    filters = Filters(audience, bodies=(body,) if body else (), date_from=date_from,
                      date_to=date_to)  # fmt: skip
    data = research_json(run(Retriever.open(settings), topic, filters, as_of))
    content, _, _ = topic_report(data, fmt)
    if out:
        out.write_bytes(content)
        click.echo(f"Zapsáno: {out} (usnesení: {data['summary']['resolutions']})", err=True)
    else:
        click.echo(content.decode("utf-8"))


TASK_STATES = {"running": "běží", "overdue": "po termínu", "no_deadline": "bez termínu"}


@main.command(help="Úkoly z usnesení rady a zastupitelstva s termíny.")
@_date_option("--as-of", "Ke dni (RRRR-MM-DD), jinak dnes.")
@click.option("--overdue", is_flag=True, help="Jen úkoly po termínu.")
@click.option("--json", "as_json", is_flag=True)
@click.option("--audience", type=click.Choice(["public", "staff"]), default="staff",
              show_default=True)  # fmt: skip
@pass_settings
def tasks(settings: Settings, as_of: str, overdue: bool, as_json: bool, audience: str) -> None:
    from datetime import date

    from assistant.council.history import Council
    from assistant.output.json import tasks_json
    from assistant.store.documents import Store
    from assistant.text.dates import czech_date

    on = as_of or date.today().isoformat()
    council = Council.open(Store(settings.storage.db_path), Filters(audience=audience), on)
    data = tasks_json(council, on, overdue)
    if as_json:
        _print_json(data)
        return
    rows = data["tasks"]
    for row in rows:
        deadline = czech_date(row["deadline"]) if row["deadline"] else "–"
        click.echo(f"{deadline:>11}  {TASK_STATES[row['state']]:<11}  {row['resolution']:<11} "
                   f"{row['whom']}: {row['what']}")  # fmt: skip
    click.echo(f"Úkolů: {len(rows)} (ke dni {czech_date(on)})")


@main.command(help="Stav indexu a konfigurace.")
@click.option("--json", "as_json", is_flag=True)
@pass_settings
def status(settings: Settings, as_json: bool) -> None:
    from assistant.output.status import status as read

    data = read(settings)
    if as_json:
        _print_json(data)
        return
    click.echo(f"Dokumentů: {data['documents']}, částí: {data['chunks']}")
    click.echo(f"Vyhledávání: {', '.join(data['retrievers'])}")
    click.echo(f"Hustý model: {data['dense_model'] or 'nenastaven (pouze lexikální vyhledávání)'}")
    llm = data["llm"]
    described = (
        f"{llm['model']} @ {llm['base_url']}" if llm else "nenastaven (extraktivní odpovědi)"
    )
    click.echo(f"Jazykový model: {described}")
    english = data["en_dictionary"] or "nenalezen (anglické otázky jen podle jmen a čísel)"
    click.echo(f"Anglicko-český slovník: {english}")
