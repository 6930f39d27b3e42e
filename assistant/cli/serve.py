"""`assistant serve`, `status` and `purge`: running the service."""

from __future__ import annotations

import os
import resource
import secrets
import socket
from pathlib import Path

import click

from assistant.cli.common import fail, open_service, pass_settings, print_json
from assistant.settings import Settings

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


@click.command(help="Spustí HTTP službu (API, widget, rešeršní pracoviště) nad stejným indexem.")
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
    if not _free(host, port):
        fail(
            f"Port {port} na {host} už používá jiný program. Zvolte jiný: assistant serve --port"
            f" {port + 1}, nebo make run PORT={port + 1}."
        )
    # Every open connection holds a file descriptor: take as many as the system allows.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = min(hard, 65536) if hard != resource.RLIM_INFINITY else 65536
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    click.echo(
        f"Asistent běží na http://{host}:{port}  (ukázka /demo, rešerše /research,"
        " popis API /openapi.json)"
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


def _free(host: str, port: int) -> bool:
    """Whether the port can be bound (uvicorn itself would only log an English errno)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError:
        return True  # a host uvicorn cannot resolve either: let it say so
    family, kind, _, _, address = infos[0]
    with socket.socket(family, kind) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError:
            return False
    return True


@click.command(help="Smaže konverzace a zpětnou vazbu starší než doba uchování.")
@pass_settings
def purge(settings: Settings) -> None:
    days = settings.service.retention_days
    removed = open_service(settings).answer_log.purge()
    click.echo(f"Smazáno odpovědí: {removed} (uchovává se {days} dní).")


@click.command(help="Stav indexu a konfigurace.")
@click.option("--json", "as_json", is_flag=True)
@pass_settings
def status(settings: Settings, as_json: bool) -> None:
    data = open_service(settings).status()
    if as_json:
        print_json(data)
        return
    click.echo(
        f"Dokumentů: {data['documents']} (veřejných {data['public_documents']}),"
        f" částí: {data['chunks']}"
    )
    click.echo(f"Vyhledávání: {', '.join(data['retrievers'])}")
    vectors = data["vectors"]
    if not vectors:
        click.echo("Vektory: vypnuty (pouze lexikální vyhledávání)")
    else:
        waiting = vectors["waiting"]
        click.echo(
            f"Vektory ({vectors['backend']}): {vectors['embedded']} částí ve vektorovém úložišti"
            + (f", {waiting} čeká na výpočet (assistant embed)" if waiting else ", vše spočteno")
        )
    llm = data["llm"]
    described = (
        f"{llm['model']} @ {llm['base_url']}" if llm else "nenastaven (extraktivní odpovědi)"
    )
    click.echo(f"Jazykový model: {described}")
    english = data["en_dictionary"] or "nenalezen (anglické otázky jen podle jmen a čísel)"
    click.echo(f"Anglicko-český slovník: {english}")
