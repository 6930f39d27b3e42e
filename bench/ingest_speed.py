"""Ingest throughput end to end (parse, chunk, analyse, index), against raw text extraction
with pypdfium2 and pypdf, on real PDFs and on 1,000 generated text pages of council materials.

.venv/bin/python bench/ingest_speed.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import logging
import tempfile
import time
from pathlib import Path

import pypdfium2
from pypdf import PdfReader
from synthetic import write_pdfs

from assistant.settings import Settings
from ingest.pipeline import ingest


def raw_pages(pdfs: list[Path], engine: str) -> tuple[int, float]:
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    pages, started = 0, time.perf_counter()
    for pdf in pdfs:
        try:
            if engine == "pypdfium2":
                doc = pypdfium2.PdfDocument(pdf)
                for i in range(len(doc)):
                    try:
                        doc[i].get_textpage().get_text_range()
                        pages += 1
                    except pypdfium2.PdfiumError:
                        pass
                doc.close()
            else:
                for page in PdfReader(pdf).pages:
                    page.extract_text()
                    pages += 1
        except Exception:
            continue
    return pages, time.perf_counter() - started


def pipeline(folder: Path, access: str | None) -> tuple[int, float, float]:
    with tempfile.TemporaryDirectory() as data:
        settings = Settings(env_file=None, data_dir=Path(data))
        summary = ingest([folder], settings, access=access, progress=False)
        started = time.perf_counter()
        again = ingest([folder], settings, access=access, progress=False)
        assert again.counts["unchanged"] == summary.counts["added"]
        return summary.pages, summary.seconds, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared"
    )
    args = parser.parse_args()
    corpus = args.shared / "corpus"
    wiki = args.shared / "benchmarks" / "wiki-nlp-cs"
    with tempfile.TemporaryDirectory() as tmp:
        generated = Path(tmp)
        write_pdfs(generated, files=40, pages=25)
        rows = []
        for name, folder, access in (
            ("generated text PDFs (40 files x 25 pages)", generated, "public"),
            ("shared corpus (PDF, DOCX, HTML)", corpus, None),
            ("wiki-nlp-cs text PDFs", wiki / "pdf", "public"),
            ("wiki-nlp-cs scanned PDFs (OCR)", wiki / "pdf_images", "public"),
        ):
            pages, seconds, rerun = pipeline(folder, access)
            rows.append((name, pages, seconds, pages / seconds, rerun))
        print("| input | pages | ingest s | pages/s | unchanged re-run s |")
        print("|---|---:|---:|---:|---:|")
        for name, pages, seconds, rate, rerun in rows:
            print(f"| {name} | {pages} | {seconds:.2f} | {rate:.1f} | {rerun:.2f} |")
        real = sorted((wiki / "pdf").glob("*.pdf")) + sorted(corpus.rglob("*.pdf"))
        print("\n| raw text extraction only | pages | s | pages/s |")
        print("|---|---:|---:|---:|")
        for label, pdfs in (("generated", sorted(generated.glob("*.pdf"))), ("real", real)):
            for engine in ("pypdfium2", "pypdf"):
                pages, seconds = raw_pages(pdfs, engine)
                rate = pages / seconds
                print(f"| {engine}, {label} PDFs | {pages} | {seconds:.2f} | {rate:.0f} |")


if __name__ == "__main__":
    main()
