"""Run a dataset against the current index and aggregate the figures."""

from __future__ import annotations

import time
from collections import defaultdict

from tqdm import tqdm

from assistant.answer import Assistant
from assistant.conversation import parse_history
from assistant.retrieve import SearchRequest
from assistant.settings import Settings
from eval.datasets import Item
from eval.metrics import (
    by_document,
    hit_at,
    must_ok,
    ndcg_at,
    percentile,
    recall_at,
    reciprocal_rank,
    relevant,
    violations,
)

SEARCH_DEPTH = 50


def _retrieval(item: Item, hits) -> dict:
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


def evaluate_item(item: Item, assistant: Assistant) -> dict:
    started = time.perf_counter()
    hits = assistant.retriever.search(SearchRequest(item.question, item.audience, SEARCH_DEPTH))
    search_s = time.perf_counter() - started
    row: dict = {
        "id": item.id,
        "question": item.question,
        "audience": item.audience,
        "tags": item.tags,
    }
    row["search_s"] = search_s
    leaks = [h.source for h in hits if item.audience == "public" and h.access != "public"]
    if item.answerable:
        row["retrieval"] = _retrieval(item, hits)
    if item.judges_answers:
        answer = assistant.ask(item.question, item.audience, parse_history(item.history))
        leaks += [
            c.source
            for c in answer.citations
            if item.audience == "public"
            and not any(h.chunk_id == c.chunk_id and h.access == "public" for h in answer.hits)
        ]
        row.update(
            answer=answer.answer,
            abstained=answer.abstained,
            answerable=item.answerable,
            must_ok=must_ok(answer.answer, item.answer_must)
            if item.answerable and not answer.abstained
            else False,
            violations=violations(answer.answer, item.must_not),
            citations=[c.public_dict() for c in answer.citations],
            timings=answer.timings,
        )
    row["leaks"] = leaks
    return row


def _mean(values: list[float]) -> float:
    return round(sum(values) / len(values), 4) if values else 0.0


def aggregate(rows: list[dict]) -> dict:
    retrieval = [r["retrieval"] for r in rows if "retrieval" in r]
    metrics = {k: _mean([r[k] for r in retrieval]) for k in (retrieval[0] if retrieval else {})}
    answered = [r for r in rows if "answer" in r]
    answerable = [r for r in answered if r["answerable"]]
    unanswerable = [r for r in answered if not r["answerable"]]
    out: dict = {"items": len(rows), "retrieval": metrics}
    if answered:
        out["answers"] = {
            "answer_must": _mean([float(r["must_ok"]) for r in answerable]),
            "must_not_violations": sum(len(r["violations"]) for r in answered),
            "abstain_unanswerable": _mean([float(r["abstained"]) for r in unanswerable]),
            "abstain_answerable": _mean([float(r["abstained"]) for r in answerable]),
        }
    out["safety"] = {"internal_in_public": sum(len(r["leaks"]) for r in rows)}
    search = [r["search_s"] * 1000 for r in rows]
    answer_ms = [sum(r["timings"].values()) * 1000 for r in answered]
    out["latency_ms"] = {
        "search_p50": round(percentile(search, 50), 1),
        "search_p95": round(percentile(search, 95), 1),
        "ask_p50": round(percentile(answer_ms, 50), 1),
        "ask_p95": round(percentile(answer_ms, 95), 1),
    }
    return out


def evaluate(items: list[Item], settings: Settings, progress: bool = True) -> dict:
    assistant = Assistant(settings)
    rows = [
        evaluate_item(i, assistant) for i in tqdm(items, desc="Vyhodnocuji", disable=not progress)
    ]
    report = {"mode": assistant.mode, "overall": aggregate(rows)}
    by_tag: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        for t in r["tags"]:
            by_tag[t].append(r)
    report["by_tag"] = {t: aggregate(rs) for t, rs in sorted(by_tag.items())}
    report["items"] = rows
    return report


LABELS = {
    "hit@1": "zásah v top 1",
    "hit@3": "zásah v top 3",
    "hit@5": "zásah v top 5",
    "hit@10": "zásah v top 10",
    "recall@10": "úplnost@10",
    "mrr@10": "MRR@10",
    "ndcg@10": "nDCG@10",
    "answer_must": "odpovědi s požadovaným obsahem",
    "must_not_violations": "zakázané řetězce v odpovědích",
    "abstain_unanswerable": "zdržení u nezodpověditelných",
    "abstain_answerable": "zdržení u zodpověditelných",
    "internal_in_public": "interní zdroje ve veřejných výsledcích",
}


def format_report(report: dict) -> str:
    overall = report["overall"]
    lines = []
    for row in report["items"]:
        if row.get("abstained") is not None and row["answerable"] and not row["must_ok"]:
            lines.append(f"  ✗ {row['id']}: {row['question']} → {row['answer'][:120]}")
        elif row.get("abstained") is False and not row["answerable"]:
            lines.append(f"  ✗ {row['id']} (měla se zdržet): {row['answer'][:120]}")
    if lines:
        lines.insert(0, "Položky k prověření:")
    lines.append(f"Režim: {report['mode']}, položek: {overall['items']}")
    for section in ("retrieval", "answers", "safety", "latency_ms"):
        for key, value in overall.get(section, {}).items():
            lines.append(f"  {LABELS.get(key, key)}: {value}")
    return "\n".join(lines)
