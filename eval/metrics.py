"""Deterministic metrics on small, explicit inputs; each is testable on hand-made cases."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from assistant.model import Hit
from assistant.search.evidence import answer_sentences, claim_support
from assistant.text.analysis import normalize_for_match
from eval.datasets import Item


def _source_matches(source: str, wanted: str) -> bool:
    path = source.split("#", 1)[0]
    if "/" not in wanted:
        return path.rsplit("/", 1)[-1] == wanted
    return path == wanted or path.endswith("/" + wanted)


def relevant(item: Item, hit: Hit) -> bool:
    """Relevance by evidence phrase when the item has them (in the passage's text or, for OCR
    text, in the original it was repaired from), else by file or record id."""
    document, chunk = hit.passage.document, hit.passage.chunk
    if item.evidence:
        text = normalize_for_match(f"{chunk.text}\n{chunk.ocr_text}")
        return any(normalize_for_match(e) in text for e in item.evidence)
    if item.relevant_ids:
        return document.external_id in item.relevant_ids
    return any(_source_matches(document.source, s) for s in item.sources)


def by_document(hits: Sequence[Hit]) -> list[Hit]:
    """First hit of each document, in rank order (document-level evaluation)."""
    seen, out = set(), []
    for h in hits:
        doc_id = h.passage.document.doc_id
        if doc_id not in seen:
            seen.add(doc_id)
            out.append(h)
    return out


def hit_at(rels: Sequence[bool], k: int) -> float:
    return float(any(rels[:k]))


def reciprocal_rank(rels: Sequence[bool], k: int = 10) -> float:
    return next((1.0 / i for i, r in enumerate(rels[:k], 1) if r), 0.0)


def recall_at(rels: Sequence[bool], k: int, total_relevant: int) -> float:
    return min(sum(rels[:k]), total_relevant) / total_relevant if total_relevant else 0.0


def ndcg_at(rels: Sequence[bool], k: int, total_relevant: int) -> float:
    dcg = sum(1 / math.log2(i + 1) for i, r in enumerate(rels[:k], 1) if r)
    ideal = sum(1 / math.log2(i + 1) for i in range(1, min(k, max(total_relevant, 1)) + 1))
    return dcg / ideal if ideal else 0.0


def must_ok(answer: str, groups: Sequence[Sequence[str]]) -> bool:
    """Every group has an alternative in the answer, starting at a word boundary.

    Word-start matching keeps prefixes ("Rokytnic") useful while "9" does not match "2019".
    """
    text = f" {normalize_for_match(answer)}"
    return all(any(f" {normalize_for_match(a)}" in text for a in group) for group in groups)


def violations(answer: str, forbidden: Sequence[str]) -> list[str]:
    text = normalize_for_match(answer)
    return [f for f in forbidden if normalize_for_match(f) in text]


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile; 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(p / 100 * len(ordered)) - 1))]


def citation_checks(
    answer: str, cited: dict[int, str], retrieved: set[str], cited_ids: dict[int, str]
) -> dict[str, float]:
    """Citation figures of one answer.

    `cited` maps a citation number to the text it points at (passage and its reference),
    `cited_ids` to its chunk id; `retrieved` holds the chunk ids retrieved for the question.
    """
    sentences = answer_sentences(answer)
    with_refs = [(s, ns) for s, ns in sentences if ns]
    scores = [
        max((claim_support(s, cited.get(n, "")) for n in ns), default=0.0) for s, ns in with_refs
    ]
    return {
        "cited_retrieved": (
            sum(1 for cid in cited_ids.values() if cid in retrieved) / len(cited_ids)
            if cited_ids
            else 1.0
        ),
        "supported": sum(1 for x in scores if x >= SUPPORTED) / len(scores) if scores else 1.0,
        "support": sum(scores) / len(scores) if scores else 1.0,
        "uncited": (len(sentences) - len(with_refs)) / len(sentences) if sentences else 0.0,
    }


SUPPORTED = 0.6


def paired_bootstrap(
    a: Sequence[float], b: Sequence[float], resamples: int = 2000, seed: int = 1
) -> tuple[float, float, float]:
    """Mean difference b − a over paired items with a 95 % percentile interval.

    A fixed seed keeps reports reproducible; the difference is real when the interval
    does not contain 0.
    """
    diffs = np.asarray(b, dtype=float) - np.asarray(a, dtype=float)
    if diffs.size == 0:
        return 0.0, 0.0, 0.0
    rng = np.random.default_rng(seed)
    samples = rng.integers(0, diffs.size, size=(resamples, diffs.size))
    means = diffs[samples].mean(axis=1)
    low, high = np.percentile(means, [2.5, 97.5])
    return float(diffs.mean()), float(low), float(high)


def risk_coverage(rows: list[dict], score) -> list[tuple[float | None, float, float]]:
    """(threshold, share of questions answered, share of those answers wrong) when only the
    answers scoring at least the threshold are given. A refusal made before any answer (no
    candidate) is never answered; an answer without a score (a council record's) always is,
    at threshold None. One point per distinct score."""
    answered = [r for r in rows if "answer" in r]
    scored = sorted(
        ((math.inf if score(r) is None else score(r), bool(r["candidate_right"]))
         for r in answered if r.get("candidate_right") is not None),
        key=lambda pair: -pair[0],
    )  # fmt: skip
    points, wrong = [], 0
    for i, (value, right) in enumerate(scored, 1):
        wrong += not right
        if i == len(scored) or scored[i][0] < value:
            threshold = None if value == math.inf else round(value, 4)
            points.append((threshold, round(i / len(answered), 4), round(wrong / i, 4)))
    return points
