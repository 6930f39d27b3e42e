"""Fusion of BM25 and the e5 vectors measured on tuning data: MRR@10 and hit@5 per method
(z-scores, max-normalised scores, reciprocal ranks) and dense weight, each set ingested once.

.venv/bin/python bench/fusion.py [--shared ../shared] [--sets ctkfacts,wiki,shared-tune]

The first run embeds every passage (CTKFacts: about 1,200 paragraphs, minutes on two cores);
the embedding cache makes every later run, and the evaluation, reuse those vectors.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from assistant.search.filters import Filters
from assistant.search.retrieve import Retriever, SearchRequest
from assistant.service import Service
from assistant.settings import Settings
from eval.datasets import load_dataset
from eval.run import SEARCH_DEPTH, retrieval_figures
from ingest.pipeline import ingest

ROOT = Path(__file__).resolve().parents[1]
WEIGHTS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.7, 1.0)
METHODS = ("zscore", "max", "rrf")


def sets(shared: Path) -> dict[str, tuple[list[Path], str | None, Path]]:
    ctk, wiki = shared / "benchmarks/ctkfacts", shared / "benchmarks/wiki-nlp-cs"
    return {
        "ctkfacts": ([ctk / "corpus.jsonl"], "public", ctk / "queries.jsonl"),
        "wiki": ([wiki / "pdf"], "public", wiki / "questions.jsonl"),
        "shared-tune": ([shared / "corpus"], None, ROOT / "eval/gold/shared-tune.jsonl"),
        "dev": ([shared / "corpus"], None, shared / "eval/dev.jsonl"),
        "samples-tune": ([ROOT / "samples/corpus"], None, ROOT / "eval/gold/samples-tune.jsonl"),
    }


def measure(
    corpus: list[Path], access: str | None, dataset: Path, methods=METHODS, weights=WEIGHTS
) -> dict[tuple, tuple]:
    with tempfile.TemporaryDirectory() as data:
        settings = Settings(env_file=None, data_dir=Path(data))
        ingest(corpus, settings, access=access, progress=True)
        service = Service.open(settings)
        items = [i for i in load_dataset(dataset) if i.answerable and not i.history]
        items = [i for i in items if i.evidence or i.sources or i.relevant_ids]
        base = service.retriever
        out = {}
        for method in methods:
            for weight in weights:
                if weight == 0 and method != methods[0]:
                    continue
                tuned = settings.replace(fusion=method, weight_dense=weight).retrieval
                retriever = Retriever(base.store, base.index_dir, tuned, base.embedder)
                retriever._vectors = base._vectors  # the query vectors, embedded once
                figures = [
                    retrieval_figures(
                        i,
                        retriever.search(
                            SearchRequest(i.question, Filters(i.audience), SEARCH_DEPTH)
                        ),
                    )
                    for i in items
                ]
                mrr = sum(f["mrr@10"] for f in figures) / len(figures)
                hit = sum(f["hit@5"] for f in figures) / len(figures)
                out[method, weight] = (round(mrr, 4), round(hit, 4))
                print(f"  {method:6} {weight:.1f}  MRR@10 {mrr:.4f}  hit@5 {hit:.4f}", flush=True)
        return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--sets", default="ctkfacts,wiki,shared-tune,samples-tune,dev")
    parser.add_argument("--methods", default=",".join(METHODS))
    parser.add_argument("--weights", default=",".join(map(str, WEIGHTS)))
    args = parser.parse_args()
    methods = args.methods.split(",")
    weights = [float(w) for w in args.weights.split(",")]
    available = sets(args.shared)
    results = {}
    for name in args.sets.split(","):
        print(name, flush=True)
        results[name] = measure(*available[name], methods, weights)
    names = list(results)
    print("\n| fusion | dense weight | " + " | ".join(f"{n} MRR@10 / hit@5" for n in names) + " |")
    print("|---|---:|" + "---:|" * len(names))
    for key in results[names[0]]:
        cells = " | ".join(" / ".join(map(str, results[n][key])) for n in names)
        print(f"| {key[0] if key[1] else 'lexical only'} | {key[1]} | {cells} |")


if __name__ == "__main__":
    main()
