"""Named configurations: settings overrides from a TOML file, each with its own index when it
changes how documents are ingested.

`default` is always available and means the settings as configured (environment, `.env`).
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from assistant.settings import Settings

# Settings that change what ingest writes; a configuration that changes them needs its own index.
INGEST_FIELDS = (
    "chunk_size",
    "max_file_mb",
    "ocr_lang",
    "ocr_dpi",
    "dense_model",
    "dense_passage_prefix",
)
SECRET_FIELDS = ("llm_api_key",)


class ConfigError(ValueError):
    """A configuration that does not exist or cannot run; the message is Czech."""


@dataclass
class Config:
    name: str
    overrides: dict

    def settings(self, base: Settings) -> Settings:
        unknown = set(self.overrides) - set(Settings.model_fields)
        if unknown:
            raise ConfigError(f"konfigurace '{self.name}': neznámá nastavení {sorted(unknown)}")
        try:
            return Settings(_env_file=None, **{**_plain(base), **self.overrides})
        except ValueError as exc:
            raise ConfigError(f"konfigurace '{self.name}' je neplatná: {exc}") from exc

    def changes_ingest(self) -> bool:
        return any(field in self.overrides for field in INGEST_FIELDS)


def _plain(settings: Settings) -> dict:
    data = settings.model_dump()
    data["llm_api_key"] = settings.llm_api_key.get_secret_value()
    return data


def load_configs(path: Path | None = None) -> dict[str, Config]:
    """The shipped configurations, then those of a user file (which may replace them)."""
    text = files("eval").joinpath("configs.toml").read_text(encoding="utf-8")
    configs = {name: Config(name, values) for name, values in tomllib.loads(text).items()}
    if path:
        try:
            user = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"soubor konfigurací {path} nelze načíst: {exc}") from exc
        configs.update({name: Config(name, values) for name, values in user.items()})
    configs["default"] = Config("default", {})
    return configs


def pick(names: list[str], configs: dict[str, Config]) -> list[Config]:
    unknown = [n for n in names if n not in configs]
    if unknown:
        known = ", ".join(sorted(configs))
        raise ConfigError(f"neznámá konfigurace {', '.join(unknown)} (k dispozici: {known})")
    return [configs[n] for n in dict.fromkeys(names or ["default"])]


def describe(settings: Settings) -> dict:
    """The settings recorded in a report, with secrets masked."""
    data = settings.model_dump(mode="json")
    for field in SECRET_FIELDS:
        data[field] = "***"
    return data


def index_dir_for(settings: Settings, corpus: list[Path], access: str | None) -> Path:
    """A data folder per corpus and ingest-relevant settings, reused between runs."""
    key = {
        "corpus": [str(p.resolve()) for p in corpus],
        "access": access,
        **{f: getattr(settings, f) for f in INGEST_FIELDS},
    }
    digest = hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()[:12]
    return settings.data_dir / "eval" / digest
