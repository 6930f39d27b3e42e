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

from pydantic import SecretStr

from assistant.settings import Settings


class ConfigError(ValueError):
    """A configuration that does not exist or cannot run; the message is Czech."""


@dataclass
class Config:
    name: str
    overrides: dict

    def settings(self, base: Settings) -> Settings:
        unknown = set(self.overrides) - set(Settings.fields())
        if unknown:
            raise ConfigError(f"konfigurace '{self.name}': neznámá nastavení {sorted(unknown)}")
        try:
            return base.replace(**self.overrides)
        except ValueError as exc:
            raise ConfigError(f"konfigurace '{self.name}' je neplatná: {exc}") from exc

    def changes_ingest(self, base: Settings) -> bool:
        """Whether the configuration changes a setting marked as changing the index."""
        return self.settings(base).changing_index() != base.changing_index()


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
    """The settings recorded in a report (flat names, as in the configurations), secrets masked."""
    data = {k: v for part in settings.model_dump(mode="json").values() for k, v in part.items()}
    data |= {k: "***" for k, v in settings.flat().items() if isinstance(v, SecretStr)}
    return data


def index_dir_for(settings: Settings, corpus: list[Path], access: str | None) -> Path:
    """A data folder per corpus and index-changing settings, reused between runs."""
    key = {
        "corpus": [str(p.resolve()) for p in corpus],
        "access": access,
        **settings.changing_index(),
    }
    digest = hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()[:12]
    return settings.storage.data_dir / "eval" / digest
