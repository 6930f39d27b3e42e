"""`assistant eval` and `assistant review`: the AI working group's tools."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

import click

from assistant.cli.common import fail, pass_settings, print_json
from assistant.settings import Settings


@click.command(
    name="eval", help="Vyhodnotí kvalitu na sadě otázek (JSONL) v jedné či více konfiguracích."
)
@click.argument(
    "dataset", type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="DATASET.jsonl"
)
@click.option(
    "--config",
    "config_names",
    multiple=True,
    metavar="NAME",
    help="Pojmenovaná konfigurace (lze opakovat).",
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
    help="Složka pro report.html, report.json a report.csv (jinak DATA_DIR/reports/…).",
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
        fail(str(exc))
    for warning in report["meta"]["warnings"]:
        click.echo(f"UPOZORNĚNÍ: {warning}", err=True)
    first = report["configs"][configs[0].name]["overall"]
    # The verdict against the configured thresholds is always reported; `--gate` makes a
    # failing one the exit status.
    checks = check(first, load_thresholds(gate_file))
    # Kept where the working group's page lists them unless a folder is given.
    stamp = datetime.now(UTC).strftime("%Y-%m-%d-%H%M%S")
    folder = report_dir or settings.storage.reports_dir / f"{stamp}-{dataset.stem}"
    for path in write_reports(report, folder, checks):
        click.echo(f"Zapsáno: {path}", err=True)
    if as_json:
        print_json(report)
    else:
        click.echo(text_summary(report, checks))
    if (gate or gate_file) and not all(c.passed for c in checks):
        sys.exit(1)


@click.group(help="Lidské hodnocení odpovědí: export do tabulky a import hodnocení.")
def review() -> None:
    """Command group of the review loop."""


@review.command(
    name="export", help="Spustí sadu otázek a zapíše odpovědi do tabulky CSV k hodnocení."
)
@click.argument(
    "dataset", type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="DATASET.jsonl"
)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--config", "config_name", default="default", show_default=True, metavar="NAME")
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
        fail(str(exc))
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
    "sheets",
    nargs=-1,
    required=True,
    metavar="SHEET.csv...",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
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
        fail(str(exc))
    result = agreement(reviews)
    if gold:
        items = gold_items(reviews)
        write_gold(items, gold)
        result["gold_items"] = len(items)
    if as_json:
        print_json(result)
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
