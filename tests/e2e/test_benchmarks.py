"""Public Czech benchmarks through the same evaluation code as `assistant eval`.

wiki-nlp-cs ships four damaged text PDFs (one corrupt file, three whose fonts have no Unicode
map, so text layer and rendering are both letter soup): they must be refused with a reason,
and MRR is reported both on the questions of readable documents and on all questions.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import CTK, WIKI, make_settings

from assistant.service import Service
from assistant.settings import Settings
from eval.datasets import Item, load_dataset
from eval.run import aggregate, evaluate_item
from ingest.pipeline import ingest

DAMAGED = {"2_algoritmus.pdf", "9_tvarosloví.pdf", "17_lemmatizace.pdf", "19_lineární_regrese.pdf"}
# The lexical pipeline's floor on the benchmarks; with the e5 vectors (the default) embedding
# their 2,500 paragraphs takes minutes on two cores, so those figures come from bench/quality.py
# and bench/fusion.py (README, "Measured figures").
LEXICAL = "none"
SCANNED = sorted(p.name for p in (WIKI / "pdf_images").glob("*.pdf"))
pytestmark = pytest.mark.shared


def mrr(items: list[Item], settings: Settings) -> float:
    assistant = Service.open(settings).assistant
    rows = [evaluate_item(i, assistant) for i in items]
    return aggregate(rows)["retrieval"]["mrr@10"]


@pytest.fixture(scope="module")
def wiki_questions() -> list[Item]:
    return load_dataset(WIKI / "questions.jsonl")


@pytest.fixture(scope="module")
def wiki_text(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    settings = make_settings(tmp_path_factory.mktemp("wiki-text"), dense_backend=LEXICAL)
    summary = ingest([WIKI / "pdf"], settings, access="public", progress=False)
    failed = {r.file: r.reason for r in summary.files if r.status == "failed"}
    assert set(failed) == DAMAGED, failed
    assert all(failed.values())
    return settings


@pytest.fixture(scope="module")
def wiki_scanned(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The same articles with the nine scanned PDFs in place of their text versions."""
    folder = tmp_path_factory.mktemp("wiki-mixed")
    for pdf in (WIKI / "pdf").glob("*.pdf"):
        if pdf.name not in SCANNED:
            shutil.copy(pdf, folder / pdf.name)
    for name in SCANNED:
        shutil.copy(WIKI / "pdf_images" / name, folder / name)
    settings = make_settings(folder.parent / "wiki-mixed-data", dense_backend=LEXICAL)
    summary = ingest([folder], settings, access="public", progress=False)
    assert not [r for r in summary.files if r.status == "failed" and r.file in SCANNED]
    return settings


def test_wiki_text_pdfs_document_mrr(wiki_text: Settings, wiki_questions: list[Item]) -> None:
    readable = [i for i in wiki_questions if i.sources[0] not in DAMAGED]
    score = mrr(readable, wiki_text)
    every = mrr(wiki_questions, wiki_text)
    print(
        f"\nwiki-nlp-cs text PDFs: MRR@10 {score:.4f} on {len(readable)} questions of readable "
        f"documents; {every:.4f} on all {len(wiki_questions)}"
    )
    assert score >= 0.95


def test_wiki_scanned_pdfs_are_read_by_ocr(
    wiki_text: Settings, wiki_scanned: Settings, wiki_questions: list[Item]
) -> None:
    both = [i for i in wiki_questions if i.sources[0] in SCANNED and i.sources[0] not in DAMAGED]
    text, scanned = mrr(both, wiki_text), mrr(both, wiki_scanned)
    rescued = [i for i in wiki_questions if i.sources[0] in SCANNED and i.sources[0] in DAMAGED]
    print(
        f"\nwiki-nlp-cs OCR: MRR@10 {scanned:.4f} vs text {text:.4f} on {len(both)} questions; "
        f"{mrr(rescued, wiki_scanned):.4f} on {len(rescued)} questions whose text PDF is damaged"
    )
    # The scans carry colour bands with dithered, noise-filled glyphs; plain tesseract reads
    # the clean parts only. Parity with the text versions (within 0.03) is not reached: see
    # README, "Known limits". This guards what OCR does recover.
    assert scanned >= 0.65


def test_ctkfacts_mrr_through_the_eval_command(tmp_path: Path) -> None:
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(tmp_path / "data"),
           "ASSISTANT_DENSE_BACKEND": LEXICAL}  # fmt: skip
    command = [
        str(Path(sys.executable).with_name("assistant")), "eval", str(CTK / "queries.jsonl"),
        "--corpus", str(CTK / "corpus.jsonl"), "--access", "public", "--json",
    ]  # fmt: skip
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    overall = json.loads(result.stdout)["configs"]["default"]["overall"]
    print(f"\nCTKFacts: MRR@10 {overall['retrieval']['mrr@10']:.4f}")
    assert overall["items"] == 2273
    assert overall["retrieval"]["mrr@10"] >= 0.86
