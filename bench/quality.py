"""Quality figures on every gold set, each on a fresh index (extractive mode, defaults).

.venv/bin/python bench/quality.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from assistant.service import Service
from assistant.settings import Settings
from eval.datasets import load_dataset
from eval.run import aggregate, evaluate_item
from ingest.pipeline import ingest

ROOT = Path(__file__).resolve().parents[1]


def run(corpus: list[Path], access: str | None, dataset: Path, keep=lambda item: True) -> dict:
    with tempfile.TemporaryDirectory() as data:
        settings = Settings(env_file=None, data_dir=Path(data))
        summary = ingest(corpus, settings, access=access, progress=False)
        assistant = Service.open(settings).assistant
        items = [i for i in load_dataset(dataset) if keep(i)]
        report = aggregate([evaluate_item(i, assistant) for i in items])
        report["failed_files"] = sorted(r.file for r in summary.files if r.status == "failed")
        return report


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    shared = parser.parse_args().shared
    wiki = shared / "benchmarks/wiki-nlp-cs"
    scanned = {p.name for p in (wiki / "pdf_images").glob("*.pdf")}
    rows = {
        "dev (shared corpus)": run([shared / "corpus"], None, shared / "eval/dev.jsonl"),
        "samples (own corpus)": run(
            [ROOT / "samples/corpus"], None, ROOT / "samples/questions.jsonl"
        ),
    }
    text = run([wiki / "pdf"], "public", wiki / "questions.jsonl")
    damaged = set(text["failed_files"])
    rows["wiki-nlp-cs text PDFs, all 320"] = text
    rows["wiki-nlp-cs text PDFs, readable docs"] = run(
        [wiki / "pdf"], "public", wiki / "questions.jsonl", lambda i: i.sources[0] not in damaged
    )
    with tempfile.TemporaryDirectory() as mixed:
        for pdf in (wiki / "pdf").glob("*.pdf"):
            source = wiki / "pdf_images" / pdf.name if pdf.name in scanned else pdf
            shutil.copy(source, Path(mixed) / pdf.name)
        both = lambda i: i.sources[0] in scanned and i.sources[0] not in damaged  # noqa: E731
        rows["wiki scanned 7 docs: text PDFs"] = run(
            [wiki / "pdf"], "public", wiki / "questions.jsonl", both
        )
        rows["wiki scanned 7 docs: OCR of scans"] = run(
            [Path(mixed)], "public", wiki / "questions.jsonl", both
        )
    ctk = shared / "benchmarks/ctkfacts"
    rows["CTKFacts"] = run([ctk / "corpus.jsonl"], "public", ctk / "queries.jsonl")
    print(
        "| set | items | hit@5 | MRR@10 | answer_must | abstain (unanswerable) | abstain (answerable) | must_not | internal in public |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, r in rows.items():
        a = r.get("answers", {})
        cells = [r["items"], r["retrieval"]["hit@5"], r["retrieval"]["mrr@10"]]
        cells += [
            a.get(k, "–")
            for k in (
                "answer_must",
                "abstain_unanswerable",
                "abstain_answerable",
                "must_not_violations",
            )
        ]
        cells.append(r["safety"]["internal_in_public"])
        print(f"| {name} | " + " | ".join("–" if c is None else str(c) for c in cells) + " |")
    print("\nfailed files in wiki-nlp-cs/pdf:", ", ".join(sorted(damaged)))


if __name__ == "__main__":
    main()
