"""Quality gate: thresholds from a TOML file checked against a run's overall figures, and for
each item, which check it fails and at which stage of the pipeline, so the report can say what
to fix first."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from eval.labels import ABSTAIN_REASONS
from eval.metrics import must_ok


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


# The retrieval figure an item must reach: the one gate.toml sets a threshold for.
FOUND = "hit@5"
# The stage an item is filed under when it fails checks of several: a leak is the worst
# outcome, then the earliest step of the pipeline that went wrong.
PRIORITY = ("leak", "retrieval", "refusal", "sentence")


@dataclass(frozen=True)
class Failure:
    stage: str  # a key of labels.STAGES
    reasons: tuple[str, ...]  # every check the item fails, in Czech


def _retrieval(row: dict) -> list[str]:
    figures = row.get("retrieval")
    if not figures or figures[FOUND]:
        return []
    rank = figures["mrr@10"]
    if rank:
        return [f"zdroj s odpovědí až na {round(1 / rank)}. místě vyhledávání"]
    return ["zdroj s odpovědí není ani mezi prvními 10 výsledky vyhledávání"]


def _refusal(row: dict) -> list[str]:
    if row["abstained"] and row["answerable"]:
        why = ABSTAIN_REASONS.get(row.get("abstain_reason") or "")
        because = f" ({why})" if why else ""
        return [f"asistent odmítl odpovědět, ačkoli dokumenty odpověď dávají{because}"]
    if not row["abstained"] and not row["answerable"]:
        return ["asistent odpověděl, ačkoli dokumenty odpověď nedávají"]
    return []


def _sentence(row: dict) -> list[str]:
    reasons = []
    if row["answerable"] and not row["abstained"] and not row["must_ok"]:
        groups = row["expected"]["answer_must"]
        missing = sum(not must_ok(row["answer"], [g]) for g in groups)
        of = f" (chybí {missing} z {len(groups)})" if len(groups) > 1 else ""
        reasons.append(f"odpověď neobsahuje požadované údaje{of}")
    checks = row.get("citation_checks") or {}
    if checks.get("cited_retrieved", 1.0) < 1.0:
        reasons.append("odkaz vede na pasáž, kterou vyhledávání nenašlo")
    if checks.get("supported", 1.0) < 1.0:
        reasons.append("některá věta není doložena citovaným zdrojem")
    reasons += [f"věta bez obsahu – {s}" for s in row.get("contentless", [])]
    return reasons


def failure(row: dict) -> Failure | None:
    """Where an evaluated item went wrong, or None when it passes every check. Retrieval-only
    items (benchmarks) can fail only retrieval and leaks."""
    found = {
        "leak": [
            f"neveřejný dokument ve výsledcích pro veřejnost: {source}"
            for source in dict.fromkeys(row["leaks"])
        ],
        "retrieval": _retrieval(row),
    }
    if "answer" in row:
        found["leak"] += [f"odpověď obsahuje zakázaný údaj „{v}“" for v in row["violations"]]
        found["refusal"] = _refusal(row)
        found["sentence"] = _sentence(row)
    stage = next((s for s in PRIORITY if found.get(s)), None)
    if stage is None:
        return None
    return Failure(stage, tuple(r for s in PRIORITY for r in found.get(s, [])))
