"""One dataset under several named configurations: indexes prepared, runs compared, and
everything recorded that is needed to reproduce the figures."""

from __future__ import annotations

import hashlib
import platform
import subprocess
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from assistant.service import Service
from assistant.settings import Settings
from eval.compare import compare
from eval.configs import Config, ConfigError, describe, index_dir_for
from eval.datasets import Item, load_dataset
from eval.run import evaluate
from ingest.pipeline import ingest

ROOT = Path(__file__).resolve().parents[1]


def _software() -> dict:
    try:
        package = version("liberec-assistant")
    except PackageNotFoundError:
        package = "neinstalováno"
    try:
        commit = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True, text=True, timeout=5, check=True,
        ).stdout.strip()  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        commit = None
    return {"version": package, "commit": commit, "python": platform.python_version()}


def index_state(service: Service) -> dict:
    """Which index the figures were measured on."""
    generation = service.retriever.generation
    documents, chunks = service.store.counts()
    ids = "\n".join(generation.views["all"].chunk_ids) if generation else ""
    return {
        "version": generation.version if generation else 0,
        "generation": generation.path.name if generation else None,
        "documents": documents,
        "chunks": chunks,
        "fingerprint": hashlib.sha256(ids.encode()).hexdigest()[:16],
    }


def prepare(config: Config, base: Settings, corpus: list[Path], access: str | None) -> Settings:
    """The configuration's settings, with its own index when a corpus is given."""
    settings = config.settings(base)
    if corpus:
        data_dir = index_dir_for(settings, corpus, access)
        settings = settings.replace(data_dir=data_dir)
        ingest(corpus, settings, access=access, progress=False)
    elif config.changes_ingest(base):
        raise ConfigError(
            f"konfigurace '{config.name}' mění indexování; zadejte korpus pomocí --corpus"
        )
    return settings


def blind_spots(name: str, service: Service, items: list[Item]) -> list[str]:
    """Warnings for audiences of the dataset that can see no document in the index: every
    figure of their items would be zero without saying why."""
    store = service.store
    audiences = {item.audience for item in items}
    warnings = []
    if "public" in audiences and not store.counts(public_only=True)[0]:
        warnings.append(
            f"konfigurace '{name}': otázky pro veřejnost, ale v indexu není žádný veřejný"
            " dokument, takže všechny jejich ukazatele budou nulové (zaindexujte korpus"
            " s --access public nebo jej označte jako veřejný v manifest.csv)"
        )
    if "staff" in audiences and not store.counts()[0]:
        warnings.append(f"konfigurace '{name}': index je prázdný, není v čem hledat")
    return warnings


def run(
    dataset: Path,
    configs: list[Config],
    base: Settings,
    corpus: list[Path] | None = None,
    access: str | None = None,
    judge: bool = False,
    progress: bool = True,
) -> dict:
    items = load_dataset(dataset)
    report: dict = {
        "meta": {
            "dataset": {
                "path": str(dataset),
                "sha256": hashlib.sha256(dataset.read_bytes()).hexdigest(),
                "items": len(items),
            },
            "corpus": [str(p) for p in corpus or []],
            "software": _software(),
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "warnings": [],
        },
        "configs": {},
        "comparisons": {},
    }
    for config in configs:
        settings = prepare(config, base, corpus or [], access)
        service = Service.open(settings)
        report["meta"]["warnings"] += blind_spots(config.name, service, items)
        result = evaluate(items, service.assistant, progress)
        if judge:
            from eval.judge import Judge, judge_rows

            result["judge"] = judge_rows(result["items"], Judge(settings.llm))
        result["settings"] = describe(settings)
        result["index"] = index_state(service)
        report["configs"][config.name] = result
    names = list(report["configs"])
    baseline = report["configs"][names[0]]["items"]
    for name in names[1:]:
        report["comparisons"][name] = compare(baseline, report["configs"][name]["items"])
    return report
