"""The CSV report of an evaluation run: a row per configuration and item, for a spreadsheet
as Czech Excel opens it: UTF-8 with a BOM (the Czech headers), `;` between columns (a Czech
locale's list separator, since `,` is its decimal mark), decimal commas, "ano"/"ne"; a failing
item says at which stage it failed and why (`eval.gate.failure`)."""

from __future__ import annotations

import csv
from pathlib import Path

from eval.gate import failure
from eval.labels import STAGES

CSV_COLUMNS = (
    "konfigurace", "id", "otázka", "publikum", "štítky", "zodpověditelná", "zdržel se",
    "požadovaný obsah", "zakázané řetězce", "hit@5", "mrr@10", "ndcg@10",
    "podložené věty", "věty bez citace", "interní zdroje", "fáze selhání", "důvod selhání",
    "odpověď",
)  # fmt: skip


def cell(value: object) -> object:
    """A value as a Czech spreadsheet reads it."""
    if isinstance(value, bool):
        return "ano" if value else "ne"
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".").replace(".", ",")
    return value


def write_csv(report: dict, path: Path) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(CSV_COLUMNS)
        for name, result in report["configs"].items():
            for r in result["items"]:
                retrieval = r.get("retrieval", {})
                checks = r.get("citation_checks", {})
                failed = failure(r)
                writer.writerow(
                    cell(value) for value in [
                        name, r["id"], r["question"], r["audience"], " ".join(r["tags"]),
                        r["answerable"], r.get("abstained", ""), r.get("must_ok", ""),
                        "; ".join(r.get("violations", [])), retrieval.get("hit@5", ""),
                        retrieval.get("mrr@10", ""), retrieval.get("ndcg@10", ""),
                        checks.get("supported", ""), checks.get("uncited", ""),
                        len(r["leaks"]), STAGES[failed.stage][0] if failed else "",
                        "; ".join(failed.reasons) if failed else "", r.get("answer", ""),
                    ]
                )  # fmt: skip
