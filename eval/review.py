"""Human review loop: answers out to a CSV sheet, grades back in, agreement with the
automatic verdict, and reviewed items turned into new (de-identified) gold items."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from assistant.output.review_sheet import COLUMNS, citations_cell, sheet
from assistant.text.analysis import fold
from assistant.text.privacy import scrub

GRADES = {"dobre": "dobře", "2": "dobře", "castecne": "částečně", "1": "částečně",
          "spatne": "špatně", "0": "špatně"}  # fmt: skip


class ReviewError(ValueError):
    """A review sheet that cannot be read; the message names the row."""


def automatic_verdict(row: dict) -> bool:
    """What the deterministic metrics say about one answered item."""
    if not row["answerable"]:
        return row["abstained"]
    if row["abstained"] or row["violations"]:
        return False
    if row["expected"]["answer_must"]:
        return bool(row["must_ok"])
    return row.get("citation_checks", {}).get("supported", 0.0) >= 1.0


def export_sheet(rows: list[dict], path: Path) -> int:
    """Write answered items to a sheet with empty grade and comment columns."""
    answered = [r for r in rows if "answer" in r]
    lines = []
    for r in answered:
        expected = r["expected"]
        wanted = "; ".join(" / ".join(group) for group in expected["answer_must"])
        if not r["answerable"]:
            wanted = "zdržet se odpovědi"
        lines.append({
            "id": r["id"], "otázka": r["question"], "publikum": r["audience"],
            "odpověď": r["answer"], "citace": citations_cell(r["citations"]),
            "očekáváno": wanted or "; ".join(expected["evidence"]),
            "automaticky": "OK" if automatic_verdict(r) else "chyba",
        })  # fmt: skip
    path.write_text(sheet(lines), encoding="utf-8", newline="")
    return len(answered)


@dataclass
class Review:
    id: str
    question: str
    audience: str
    answer: str
    citations: str
    automatic: bool
    grade: str
    comment: str
    correct: str


def read_sheets(paths: list[Path]) -> list[Review]:
    """Graded rows of one or more sheets; rows without a grade are skipped."""
    reviews = []
    for path in paths:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            first = handle.readline()
            handle.seek(0)
            # `;` as written since the sheet is opened in Czech Excel; `,` in older sheets.
            reader = csv.DictReader(handle, delimiter=";" if first.count(";") else ",")
            missing = set(COLUMNS) - set(reader.fieldnames or [])
            if missing:
                raise ReviewError(f"{path.name}: chybí sloupce {', '.join(sorted(missing))}")
            for number, row in enumerate(reader, start=2):
                raw = row["hodnocení"].strip()
                if not raw:
                    continue
                grade = GRADES.get(fold(raw))
                if grade is None:
                    raise ReviewError(
                        f"{path.name}, řádek {number}: hodnocení '{raw}' není dobře/částečně/špatně"
                    )
                reviews.append(
                    Review(
                        id=row["id"],
                        question=row["otázka"],
                        audience=row["publikum"] or "public",
                        answer=row["odpověď"],
                        citations=row["citace"],
                        automatic=row["automaticky"].strip() == "OK",
                        grade=grade,
                        comment=row["komentář"].strip(),
                        correct=row["správná odpověď"].strip(),
                    )
                )
    return reviews


def agreement(reviews: list[Review]) -> dict:
    """How often the automatic verdict agrees with people ("dobře" = pass), with Cohen's kappa."""
    n = len(reviews)
    if not n:
        return {"reviewed": 0}
    human = [r.grade == "dobře" for r in reviews]
    auto = [r.automatic for r in reviews]
    observed = sum(h == a for h, a in zip(human, auto, strict=True)) / n
    p_human, p_auto = sum(human) / n, sum(auto) / n
    expected = p_human * p_auto + (1 - p_human) * (1 - p_auto)
    kappa = (observed - expected) / (1 - expected) if expected < 1 else 1.0
    return {
        "reviewed": n,
        "grades": {g: sum(r.grade == g for r in reviews) for g in ("dobře", "částečně", "špatně")},
        "agreement": round(observed, 4),
        "kappa": round(kappa, 4),
        "automatic_pass_human_fail": sum(a and not h for h, a in zip(human, auto, strict=True)),
        "automatic_fail_human_pass": sum(h and not a for h, a in zip(human, auto, strict=True)),
    }


def _first_quote(citations: str) -> str:
    first = citations.split("\n", 1)[0]
    return first.split(": ", 1)[1].strip() if ": " in first else ""


def gold_items(reviews: list[Review]) -> list[dict]:
    """New gold items from reviewed answers, with personal data scrubbed.

    A good answer keeps its cited quote as evidence; a reviewer's correct answer becomes the
    required content; a good abstention becomes an unanswerable item.
    """
    items = []
    for r in reviews:
        base = {"id": f"review-{r.id}", "question": scrub(r.question), "audience": r.audience,
                "history": [], "tags": ["review"], "note": scrub(r.comment)}  # fmt: skip
        correct = scrub(r.correct)
        if r.grade == "dobře" and not _first_quote(r.citations) and not correct:
            items.append({**base, "answerable": False, "evidence": [], "answer_must": [],
                          "must_not": [], "sources": []})  # fmt: skip
        elif correct:
            items.append({**base, "answerable": True, "evidence": [correct],
                          "answer_must": [[correct]], "must_not": [], "sources": []})  # fmt: skip
        elif r.grade == "dobře":
            quote = scrub(_first_quote(r.citations))
            items.append({**base, "answerable": True, "evidence": [quote],
                          "answer_must": [], "must_not": [], "sources": []})  # fmt: skip
    return items


def write_gold(items: list[dict], path: Path) -> None:
    path.write_text(
        "".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), encoding="utf-8"
    )
