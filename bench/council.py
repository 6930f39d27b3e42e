"""How well council resolutions become records, statuses and topic research, on the generated
fictional council corpus (`bench/council_corpus.py`): field accuracy per format (text PDF,
DOCX, scan), status accuracy on the amendment and cancellation chains, recall and precision of
topic research per matter, how long a topic report takes, and the gold council questions
(both halves) through the evaluation harness.

    .venv/bin/python bench/council.py [--years 3] [--seed 7] [--scans 0.1] [--keep DIR]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from council_corpus import generate

from assistant.council.research import research
from assistant.model import Resolution
from assistant.output.json import research_json
from assistant.search.filters import Filters
from assistant.service import Service
from assistant.settings import Settings
from eval.datasets import load_dataset
from eval.run import aggregate, evaluate_item
from ingest.pipeline import ingest

FIELDS = ("number", "date", "body", "parts", "vote", "tasks", "references")


def fields(record: Resolution | None, gold: dict) -> dict[str, bool]:
    """Which of a resolution's fields were read as the gold has them."""
    if record is None:
        return dict.fromkeys(FIELDS, False)
    vote = record.vote
    return {
        "number": True,
        "date": record.document.date == gold["date"],
        "body": record.document.body == gold["body"],
        "parts": [(d.label, d.verb) for d in record.decisions] == [
            (label, verb) for label, verb, _ in gold["parts"]],
        "vote": vote is not None and (vote.pro, vote.proti, vote.zdrzel) == tuple(gold["vote"]),
        "tasks": [(t.whom, t.deadline) for t in record.tasks] == [
            (whom, deadline) for whom, _, deadline in gold["tasks"]],
        "references": [(r.relation, r.number) for r in record.references] == [
            tuple(x) for x in gold["references"]],
    }  # fmt: skip


def kind(source: str) -> str:
    return "scan" if source.endswith("-sken.pdf") else Path(source).suffix.lstrip(".")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--scans", type=float, default=0.1)
    parser.add_argument("--keep", type=Path, help="generate and index here, and keep it")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="council-"))
    gold = generate(root, args.years, args.seed, args.scans)
    shutil.rmtree(root / "data", ignore_errors=True)  # an index of an earlier corpus
    settings = Settings(env_file=None, data_dir=root / "data")
    started = time.perf_counter()
    ingest([root / "korpus"], settings, progress=False)
    ingest_s = time.perf_counter() - started
    service = Service.open(settings)
    retriever, council = service.retriever, service.council("staff")
    by_kind: dict[str, list[dict[str, bool]]] = {}
    for number, expected in gold["resolutions"].items():
        found = council.get(number)
        by_kind.setdefault(kind(expected["source"]), []).append(fields(found, expected))
    print(f"{len(gold['resolutions'])} resolutions, ingest {ingest_s:.0f} s\n")
    print("| format | resolutions | " + " | ".join(FIELDS) + " |")
    print("|---|---:|" + "---:|" * len(FIELDS))
    for name, rows in sorted(by_kind.items()):
        shares = [sum(r[f] for r in rows) / len(rows) for f in FIELDS]
        print(f"| {name} | {len(rows)} | " + " | ".join(f"{x:.3f}" for x in shares) + " |")
    chained = {n: g for n, g in gold["resolutions"].items() if g["status"] != "valid"
               or g["references"]}  # fmt: skip
    right = sum(council.status(n).state == g["status"]
                and list(council.status(n).amended_by) == g["amended_by"]
                and list(council.status(n).cancelled_by) == g["cancelled_by"]
                for n, g in gold["resolutions"].items())  # fmt: skip
    print(f"\nstatus right: {right} / {len(gold['resolutions'])} "
          f"({len(chained)} in chains or amending/cancelling)")  # fmt: skip
    print("\n| topic | gold | found | recall | precision | report ms |")
    print("|---|---:|---:|---:|---:|---:|")
    recalls, precisions, times = [], [], []
    for topic, numbers in gold["topics"].items():
        started = time.perf_counter()
        data = research_json(research(retriever, topic, Filters(audience="staff")))
        times.append((time.perf_counter() - started) * 1000)
        found = {r["number"] for r in data["resolutions"]}
        recall = len(found & set(numbers)) / len(numbers) if numbers else 1.0
        precision = len(found & set(numbers)) / len(found) if found else 0.0
        recalls.append(recall)
        precisions.append(precision)
        print(f"| {topic} | {len(numbers)} | {len(found)} | {recall:.3f} | {precision:.3f} | "
              f"{times[-1]:.0f} |")  # fmt: skip
    print(
        f"| **mean** | | | **{statistics.mean(recalls):.3f}** | "
        f"**{statistics.mean(precisions):.3f}** | {statistics.median(times):.0f} (median) |"
    )
    assistant = service.assistant
    print("\n| council questions | items | answer_must | abstains when unanswerable | "
          "abstains when answerable | must_not |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|")
    for half in ("tune", "test"):
        items = load_dataset(root / f"questions-{half}.jsonl")
        a = aggregate([evaluate_item(i, assistant) for i in items])["answers"]
        print(f"| {half} | {len(items)} | {a['answer_must']:.3f} | {a['abstain_unanswerable']:.3f}"
              f" | {a['abstain_answerable']:.3f} | {a['must_not_violations']} |")  # fmt: skip


if __name__ == "__main__":
    main()
