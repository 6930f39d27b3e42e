"""Differences between configurations on the same items, with a paired bootstrap interval
so the working group can tell a real change from run-to-run noise."""

from __future__ import annotations

from collections.abc import Callable

from eval.metrics import paired_bootstrap


def _retrieval(name: str) -> Callable[[dict], float | None]:
    return lambda r: r["retrieval"][name] if "retrieval" in r else None


PAIRED: dict[str, Callable[[dict], float | None]] = {
    "retrieval.hit@5": _retrieval("hit@5"),
    "retrieval.mrr@10": _retrieval("mrr@10"),
    "retrieval.ndcg@10": _retrieval("ndcg@10"),
    "answers.answer_must": lambda r: (
        float(r["must_ok"]) if "answer" in r and r["answerable"] else None
    ),
    "answers.correct_abstention": lambda r: (
        float(r["abstained"] != r["answerable"]) if "answer" in r else None
    ),
    "citations.supported": lambda r: (
        r["citation_checks"]["supported"] if r.get("citation_checks") else None
    ),
}


def compare(baseline: list[dict], other: list[dict]) -> list[dict]:
    """Per figure: both means over the items both runs measured, the difference (other −
    baseline), its 95 % interval, and whether the interval excludes zero."""
    theirs = {r["id"]: r for r in other}
    out = []
    for figure, value in PAIRED.items():
        pairs = [
            (value(r), value(theirs[r["id"]]))
            for r in baseline
            if r["id"] in theirs and value(r) is not None and value(theirs[r["id"]]) is not None
        ]
        if not pairs:
            continue
        a, b = [p[0] for p in pairs], [p[1] for p in pairs]
        delta, low, high = paired_bootstrap(a, b)
        out.append(
            {
                "figure": figure,
                "items": len(pairs),
                "baseline": round(sum(a) / len(a), 4),
                "other": round(sum(b) / len(b), 4),
                "delta": round(delta, 4),
                "low": round(low, 4),
                "high": round(high, 4),
                "significant": low > 0 or high < 0,
            }
        )
    return out
