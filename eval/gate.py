"""Quality gate: thresholds from a TOML file checked against a run's overall figures."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from eval.labels import label


@dataclass
class Check:
    figure: str
    bound: str
    limit: float
    value: float | None

    @property
    def passed(self) -> bool:
        if self.value is None:
            return True
        return self.value >= self.limit if self.bound == "min" else self.value <= self.limit

    def describe(self) -> str:
        name = f"{label(self.figure)} ({self.figure})"
        if self.value is None:
            return f"{name}: neměřeno (datová sada to neumožňuje)"
        sign = "≥" if self.bound == "min" else "≤"
        verdict = "splněno" if self.passed else "NESPLNĚNO"
        return f"{name} = {self.value:g}, požadováno {sign} {self.limit:g}: {verdict}"


def load_thresholds(path: Path | None = None) -> dict[str, dict[str, float]]:
    text = (
        path.read_text(encoding="utf-8")
        if path
        else (files("eval").joinpath("gate.toml").read_text(encoding="utf-8"))
    )
    data = tomllib.loads(text)
    return {bound: dict(data.get(bound, {})) for bound in ("min", "max")}


def check(overall: dict, thresholds: dict[str, dict[str, float]]) -> list[Check]:
    checks = []
    for bound, limits in thresholds.items():
        for figure, limit in limits.items():
            section, _, name = figure.partition(".")
            value = overall.get(section, {}).get(name)
            checks.append(Check(figure, bound, float(limit), value))
    return checks
