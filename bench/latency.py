"""Query latency of search and ask on the shared corpus (extractive mode, lexical default).

.venv/bin/python bench/latency.py [--shared ../shared] [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from timing import timed

from assistant.search.retrieve import SearchRequest
from assistant.service import Service
from assistant.settings import Settings
from eval.metrics import percentile
from ingest.pipeline import ingest


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared"
    )
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    questions = [json.loads(x)["question"] for x in (args.shared / "eval/dev.jsonl").open()]
    questions += [
        json.loads(x)["question"]
        for x in (args.shared / "benchmarks/wiki-nlp-cs/questions.jsonl").open()
    ][:100]
    with tempfile.TemporaryDirectory() as data:
        settings = Settings(env_file=None, data_dir=Path(data))
        ingest([args.shared / "corpus"], settings, progress=False)
        assistant = Service.open(settings).assistant
        assistant.ask("zahřátí")
        timings = timed(
            questions,
            args.repeat,
            {
                "search": lambda q: assistant.retriever.search(SearchRequest(q, k=5)),
                "ask": lambda q: assistant.ask(q),
            },
        )
    print(f"{len(questions)} questions x {args.repeat}, shared corpus, lexical, extractive")
    print("| operation | p50 ms | p95 ms | p99 ms |")
    print("|---|---:|---:|---:|")
    for name, values in timings.items():
        p50, p95, p99 = (percentile(values, p) for p in (50, 95, 99))
        print(f"| {name} | {p50:.1f} | {p95:.1f} | {p99:.1f} |")


if __name__ == "__main__":
    main()
