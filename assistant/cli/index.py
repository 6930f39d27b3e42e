"""`assistant ingest` and `assistant crawl`: documents and the website into the index."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from assistant.cli.common import fail, pass_settings, print_json
from assistant.settings import Settings


@click.command(
    help="Zaindexuje soubory a složky (PDF, DOCX, HTML, TXT/MD, JSONL, DOC, ODT, PPTX, EML, RTF)."
)
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--access", type=click.Choice(["public", "internal"]), help="Přístup pro všechny soubory běhu."
)
@click.option("--prune", is_flag=True, help="Odstranit dokumenty, jejichž soubory zmizely.")
@click.option(
    "--no-embed",
    is_flag=True,
    help="Nepočítat vektory (lexikální index slouží hned; vektory doplní `assistant embed`).",
)
@click.option("--json", "as_json", is_flag=True, help="Souhrn jako JSON.")
@pass_settings
def ingest(
    settings: Settings, paths: tuple[Path, ...], access: str | None, prune: bool,
    no_embed: bool, as_json: bool,
) -> None:  # fmt: skip
    from assistant.errors import Unavailable
    from ingest.errors import IngestError
    from ingest.pipeline import ingest as run

    try:
        summary = run(
            list(paths), settings, access=access, prune=prune, progress=not as_json,
            vectors=not no_embed,
        )  # fmt: skip
    except (IngestError, Unavailable) as exc:
        fail(str(exc))
    if as_json:
        print_json(summary.to_dict())
    else:
        c = summary.counts
        click.echo(
            f"Přidáno: {c['added']}, aktualizováno: {c['updated']}, beze změny: {c['unchanged']},"
            f" selhalo: {c['failed']}, odstraněno: {c['removed']}"
            f" | {summary.pages} stran za {summary.seconds:.1f} s"
            f" | v indexu {summary.documents} dokumentů, {summary.chunks} částí"
            f" | paměť nejvýše {summary.peak_mb:.0f} MB z {summary.budget_mb} MB"
        )
        if summary.peak_mb > summary.budget_mb:
            click.echo(
                f"  POZOR: ingest potřeboval víc paměti, než dovoluje ASSISTANT_INDEX_MEMORY_MB"
                f" ({summary.budget_mb} MB). Index je úplný; nad rozpočet rostou se"
                " sbírkou slovníky a seznamy částí, pro větší sbírku nastavte vyšší rozpočet"
                " nebo indexujte na stroji s více pamětí."
            )
        if summary.vectors:
            echo_vectors(summary.vectors.to_dict())
        if summary.documents and not summary.public:
            click.echo(
                "  POZOR: žádný dokument není veřejný, veřejný chat a widget tedy nic nenajdou."
                " Veřejné dokumenty označte sloupcem access=public v manifest.csv, souborem"
                " .meta.json vedle dokumentu, nebo přepínačem --access public.",
                err=True,
            )
        for r in summary.files:
            if r.status == "failed":
                click.echo(f"  CHYBA {r.file}: {r.reason}", err=True)
            for w in r.warnings:
                click.echo(f"  upozornění {r.file}: {w}", err=True)
    if summary.counts["failed"]:
        sys.exit(1)


def echo_vectors(data: dict) -> None:
    click.echo(
        f"Vektory: nově spočteno {data['embedded']} částí ({data['passages_per_s']} částí/s),"
        f" odstraněno {data['removed']}, za {data['seconds']:.1f} s"
    )


@click.command(
    help="Doplní vektory částem, které je ještě nemají (po `ingest --no-embed` nebo přerušení);"
    " lze přerušit a spustit znovu, hotové dávky zůstanou."
)
@click.option("--json", "as_json", is_flag=True, help="Souhrn jako JSON.")
@pass_settings
def embed(settings: Settings, as_json: bool) -> None:
    from assistant.errors import Unavailable
    from ingest.pipeline import embed as run

    try:
        summary = run(settings, progress=not as_json)
    except Unavailable as exc:
        fail(str(exc))
    if summary is None:
        fail("Vektory jsou vypnuty (ASSISTANT_DENSE_BACKEND=none).")
    if as_json:
        print_json(summary.to_dict())
    else:
        echo_vectors(summary.to_dict())


@click.command(
    help="Projde web kraje (robots.txt, sitemapy, odkazy v rozsahu) a zaindexuje jeho stránky a"
    " odkazované dokumenty; opakovaný běh stahuje jen změněné."
)
@click.argument("urls", nargs=-1, required=True, metavar="URL...")
@click.option(
    "--sitemap", "sitemaps", multiple=True, metavar="URL", help="Další sitemapa (lze opakovat)."
)
@click.option(
    "--include", multiple=True, metavar="RE", help="Jen adresy odpovídající regulárnímu výrazu."
)
@click.option(
    "--exclude",
    multiple=True,
    metavar="RE",
    help="Vynechat adresy odpovídající regulárnímu výrazu.",
)
@click.option("--max-pages", type=click.IntRange(min=1), help="Nejvýše tolik stažených stránek.")
@click.option(
    "--max-sitemaps", type=click.IntRange(min=0), help="Nejvýše tolik přečtených souborů sitemap."
)
@click.option("--max-depth", type=click.IntRange(min=0), help="Nejvýše tolik odkazů od začátku.")
@click.option(
    "--delay", type=click.FloatRange(min=0), metavar="S", help="Sekundy mezi dotazy na jeden web."
)
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
    max_sitemaps: int | None,
    max_depth: int | None, delay: float | None, access: str | None, prune: bool, as_json: bool,
) -> None:  # fmt: skip
    import re

    from ingest.crawl.run import Request
    from ingest.crawl.run import crawl as run
    from ingest.errors import IngestError

    try:
        request = Request(urls, sitemaps, include, exclude, max_pages, max_depth, delay, access,
                          prune, max_sitemaps)  # fmt: skip
        summary = run(request, settings, progress=not as_json)
    except (IngestError, ValueError, re.error) as exc:
        fail(str(exc))
    data = summary.to_dict()
    if as_json:
        print_json(data)
    else:
        click.echo(
            f"Nové: {data['new']}, změněné: {data['changed']}, beze změny: "
            f"{data['unchanged_304']} (304), {data['unchanged_hash']} (stejný obsah), "
            f"{data['unchanged_lastmod']} (podle sitemapy), odstraněné: {data['removed']}, "
            f"duplicitní: {data['duplicate']}, zakázané v robots.txt: {data['blocked']}, "
            f"selhalo: {data['failed'] + data['missing']} | {data['requests']} dotazů za "
            f"{data['seconds']:.1f} s" + ("" if data["complete"] else " | dosažen limit stránek")
        )
        for note in data["notes"]:
            click.echo(f"  POZOR {note}", err=True)
        for failure in data["failures"]:
            click.echo(f"  CHYBA {failure['url']}: {failure['reason']}", err=True)
    if data["failed"] or any(s["counts"]["failed"] for s in data["index"]):
        sys.exit(1)
