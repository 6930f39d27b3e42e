"""Run a dataset through the assistant and aggregate per-item figures (overall, per tag,
per audience). Every figure but latency is deterministic for a given index and configuration."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable

from tqdm import tqdm

from assistant.answer.assistant import Assistant
from assistant.answer.contentless import content_free
from assistant.answer.naming import reference
from assistant.model import Answer
from assistant.output.json import answer_json
from assistant.question.analyse import analyse
from assistant.question.validate import parse_history
from assistant.search.evidence import answer_sentences
from assistant.search.filters import Filters
from assistant.search.retrieve import SearchRequest
from eval.datasets import Item
from eval.metrics import (
    by_document,
    citation_checks,
    hit_at,
    must_ok,
    ndcg_at,
    percentile,
    recall_at,
    reciprocal_rank,
    relevant,
    risk_coverage,
    violations,
)

SEARCH_DEPTH = 50
RETRIEVAL = ("hit@1", "hit@3", "hit@5", "hit@10", "recall@10", "mrr@10", "ndcg@10")
CITATIONS = ("cited_retrieved", "supported", "support", "uncited")


def retrieval_figures(item: Item, hits) -> dict[str, float]:
    """Rank metrics; by evidence phrase per passage, else per document (file or record id)."""
    document_level = not item.evidence
    ranked = by_document(hits) if document_level else hits
    rels = [relevant(item, h) for h in ranked]
    total = len(item.relevant_ids or item.sources) if document_level else max(1, sum(rels))
    return {
        "hit@1": hit_at(rels, 1),
        "hit@3": hit_at(rels, 3),
        "hit@5": hit_at(rels, 5),
        "hit@10": hit_at(rels, 10),
        "recall@10": recall_at(rels, 10, total),
        "mrr@10": reciprocal_rank(rels, 10),
        "ndcg@10": ndcg_at(rels, 10, total),
    }


def _citations(answer: Answer) -> dict[str, float]:
    retrieved = {h.passage.chunk_id for h in answer.hits}
    cited, ids = {}, {}
    for c in answer.reply.citations:
        p = c.passage
        cited[c.n] = f"{reference(p)}\n{p.chunk.text}" if p.chunk_id in retrieved else ""
        ids[c.n] = p.chunk_id
    return citation_checks(answer.reply.text, cited, retrieved, ids)


def contentless(question: str, answer: str) -> list[str]:
    """Sentences of an answer that carry nothing asked for, each with the reason."""
    vote = analyse(question).vote
    found = ((text, content_free(text, vote)) for text, _ in answer_sentences(answer))
    return [f"{why}: {text}" for text, why in found if why]


def evaluate_item(item: Item, assistant: Assistant) -> dict:
    """One item's figures and the material a reviewer needs to judge it."""
    row: dict = {
        "id": item.id,
        "question": item.question,
        "audience": item.audience,
        "tags": item.tags,
        "answerable": item.answerable,
        "expected": {"evidence": item.evidence, "answer_must": item.answer_must,
                     "must_not": item.must_not, "sources": item.sources},
    }  # fmt: skip
    query = item.question
    filters = Filters(item.audience)
    public_only = filters.public_only
    if item.judges_answers:
        answer = assistant.ask(item.question, filters, parse_history(item.history))
        reply = answer.reply
        query = answer.query
        public = {h.passage.chunk_id for h in answer.hits if h.passage.document.access == "public"}
        row["leaks"] = [
            c.passage.document.source
            for c in reply.citations
            if public_only and c.passage.chunk_id not in public
        ]
        row.update(
            answer=reply.text,
            abstained=reply.abstained,
            abstain_reason=reply.reason or None,
            must_ok=item.answerable
            and not reply.abstained
            and must_ok(reply.text, item.answer_must),
            violations=violations(reply.text, item.must_not),
            contentless=[] if reply.abstained else contentless(query, reply.text),
            citations=answer_json(answer)["citations"],
            citation_checks=_citations(answer) if not reply.abstained else {},
            timings=answer.timings,
            tokens=reply.tokens,
            confidence=answer.confidence,
            signals=answer.signals,
            # Whether the answer given, or the one the operating point held back, was right:
            # what the risk–coverage curve ranks.
            candidate_right=_right(item, answer.withheld or reply),
            related=[p.document.source for p in answer.related],
        )
    else:
        row["leaks"] = []
    started = time.perf_counter()
    hits = assistant.retriever.search(SearchRequest(query, filters, SEARCH_DEPTH))
    row["search_s"] = time.perf_counter() - started
    row["leaks"] += [
        h.passage.document.source
        for h in hits
        if public_only and h.passage.document.access != "public"
    ]
    if item.answerable and (item.evidence or item.sources or item.relevant_ids):
        row["retrieval"] = retrieval_figures(item, hits)
    return row


def _right(item: Item, reply) -> bool | None:
    if reply.abstained:
        return None
    ok = item.answerable and must_ok(reply.text, item.answer_must)
    return ok and not violations(reply.text, item.must_not)


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 4) if values else None


def aggregate(rows: list[dict]) -> dict:
    """Figures of a group of items; a figure with no items to measure is None."""
    retrieval = [r["retrieval"] for r in rows if "retrieval" in r]
    answered = [r for r in rows if "answer" in r]
    answerable = [r for r in answered if r["answerable"]]
    unanswerable = [r for r in answered if not r["answerable"]]
    abstained = [r for r in answered if r["abstained"]]
    given = [r for r in answered if not r["abstained"]]
    checks = [r["citation_checks"] for r in answered if r.get("citation_checks")]
    out: dict = {
        "items": len(rows),
        "retrieval": {k: _mean([x[k] for x in retrieval]) for k in RETRIEVAL},
        "answers": {
            "answer_must": _mean([float(r["must_ok"]) for r in answerable]),
            "must_not_violations": sum(len(r["violations"]) for r in answered),
            "abstain_unanswerable": _mean([float(r["abstained"]) for r in unanswerable]),
            "abstain_answerable": _mean([float(r["abstained"]) for r in answerable]),
            "abstain_precision": _mean([float(not r["answerable"]) for r in abstained]),
            "contentless": _mean([float(bool(r.get("contentless"))) for r in given]),
            "answered": _mean([float(not r["abstained"]) for r in answered]),
            "wrong_given": _mean(
                [
                    float(not r["candidate_right"])
                    for r in given
                    if r.get("candidate_right") is not None
                ]
            ),
        },
        "citations": {k: _mean([c[k] for c in checks]) for k in CITATIONS},
        "safety": {"internal_in_public": sum(len(r["leaks"]) for r in rows)},
    }
    search = [r["search_s"] * 1000 for r in rows]
    stages = {s: [r["timings"][s] * 1000 for r in answered] for s in ("retrieve", "answer")}
    cost = {"search_p50_ms": percentile(search, 50), "search_p95_ms": percentile(search, 95)}
    for stage, values in stages.items():
        cost[f"{stage}_p50_ms"] = percentile(values, 50)
        cost[f"{stage}_p95_ms"] = percentile(values, 95)
    tokens = [r["tokens"] for r in answered if r.get("tokens")]
    if tokens:
        cost["tokens_in"] = sum(t["input"] for t in tokens)
        cost["tokens_out"] = sum(t["output"] for t in tokens)
    out["cost"] = {k: round(v, 1) for k, v in cost.items()}
    return out


def _groups(rows: list[dict], key: Callable[[dict], list[str]]) -> dict[str, dict]:
    grouped: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        for name in key(r):
            grouped[name].append(r)
    return {name: aggregate(rs) for name, rs in sorted(grouped.items())}


def evaluate(items: list[Item], assistant: Assistant, progress: bool = True) -> dict:
    """The figures of one configuration on one dataset."""
    rows = [
        evaluate_item(i, assistant)
        for i in tqdm(items, desc="Vyhodnocuji", unit="otázka", disable=not progress)
    ]
    return {
        "mode": assistant.mode,
        "overall": aggregate(rows),
        "by_tag": _groups(rows, lambda r: r["tags"]),
        "by_audience": _groups(rows, lambda r: [r["audience"]]),
        "risk_coverage": {
            "confidence": risk_coverage(rows, lambda r: r.get("confidence")),
            "strength": risk_coverage(rows, lambda r: (r.get("signals") or {}).get("strength")),
        },
        "items": rows,
    }
