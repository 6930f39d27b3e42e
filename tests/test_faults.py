"""Bad input and bad luck: a generated corpus of broken files, a per-file time limit, and
kill -9 at random moments of an ingest; the index must stay consistent throughout."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from helpers import CORPUS, SAMPLES, make_settings, rows
from pypdf import PdfReader, PdfWriter

from assistant.lexical import LexicalIndex
from assistant.settings import Settings
from assistant.store import Store
from ingest.pipeline import ingest

pytestmark = pytest.mark.shared

PDF = CORPUS / "public/zastupitelstvo/usneseni-zk-2024-05-28.pdf"
ASSISTANT = str(Path(sys.executable).with_name("assistant"))
TEXT = "Usnesení č. 201/24/ZK schvaluje rozpočet kraje. Příliš žluťoučký kůň úpěl ďábelské ódy."


def state(settings: Settings) -> dict:
    """What must be equal after a recovered run and a clean one, plus consistency checks."""
    docs = sorted(
        tuple(r) for r in rows(settings, "SELECT file, source, fingerprint, access FROM documents")
    )
    chunks = [r[0] for r in rows(settings, "SELECT chunk_id FROM chunks")]
    texts = sorted(r[0] for r in rows(settings, "SELECT text FROM chunks"))
    version = Store(settings.storage.db_path).version()
    index = LexicalIndex.current(settings.storage.index_dir)
    assert len(chunks) == len(set(chunks)), "duplicate chunks"
    assert index is not None and index.version == version, "index lags behind the store"
    assert sorted(index.chunk_ids) == sorted(chunks), "index and store disagree"
    return {"documents": docs, "chunks": len(chunks), "texts": texts}


def make_bad_corpus(folder: Path) -> dict[str, str]:
    """Broken and awkward files, and the word expected in each one's reason."""
    folder.mkdir()
    pdf = PDF.read_bytes()
    (folder / "useknuty.pdf").write_bytes(pdf[: len(pdf) // 3])
    writer = PdfWriter(clone_from=PdfReader(PDF))
    writer.encrypt("heslo")
    writer.write(folder / "zasifrovany.pdf")
    (folder / "prazdny.pdf").write_bytes(b"")
    (folder / "ve-skutecnosti-pdf.docx").write_bytes(pdf)
    with zipfile.ZipFile(folder / "bomba.docx", "w", zipfile.ZIP_DEFLATED) as bomb:
        bomb.writestr("[Content_Types].xml", "<Types/>")
        with bomb.open("word/document.xml", "w") as member:
            block = b"\0" * (1 << 20)
            for _ in range(600):
                member.write(block)
    (folder / "hluboke.html").write_text(
        "<html><body>"
        + "<div>" * 10_000
        + "Hluboko vnořený text."
        + "</div>" * 10_000
        + "</body></html>",
        encoding="utf-8",
    )
    (folder / "smeti.txt").write_bytes(random.Random(1).randbytes(8192))
    (folder / "velky.txt").write_bytes(b"a " * (1024 * 1024))
    (folder / "smycka.txt").symlink_to("smycka.txt")
    (folder / "podslozka").mkdir()
    (folder / "podslozka" / "zpet").symlink_to("..")
    return {
        "useknuty.pdf": "poškozený",
        "zasifrovany.pdf": "zašifrovaný",
        "prazdny.pdf": "prázdný",
        "ve-skutecnosti-pdf.docx": "obsahem je PDF",
        "bomba.docx": "zip bomba",
        "smeti.txt": "binární",
        "velky.txt": "limit",
        "smycka.txt": "nejde o běžný soubor",
    }


def make_good_files(folder: Path) -> list[str]:
    names = {
        "zápis cp1250.txt": TEXT.encode("cp1250"),
        "zápis iso-8859-2.txt": TEXT.encode("iso-8859-2"),
        " Zápis z jednání  (kopie) ěščř.md": f"# Zápis\n\n{TEXT}".encode(),
        "podslozka/usnesení – kopie.pdf": PDF.read_bytes(),
    }
    for name, data in names.items():
        (folder / name).write_bytes(data)
    return list(names)


def test_bad_input_is_reported_and_everything_else_indexed(tmp_path: Path) -> None:
    folder = tmp_path / "spatne"
    expected = make_bad_corpus(folder)
    good = make_good_files(folder)
    settings = make_settings(tmp_path / "data", max_file_mb=1, file_timeout_s=60)
    started = time.perf_counter()
    summary = ingest([folder], settings, access="public", progress=False)
    assert time.perf_counter() - started < 60
    results = {r.file: r for r in summary.files}
    for name, word in expected.items():
        assert results[name].status == "failed", (name, results[name])
        assert word in results[name].reason, (name, results[name].reason)
    for name in good:
        assert results[name].status == "added", (name, results[name].reason)
    deep = results["hluboke.html"]
    assert deep.status == "added" or deep.reason, "deep HTML is indexed or refused, never a crash"
    snapshot = state(settings)
    texts = [r[0] for r in rows(settings, "SELECT text FROM chunks")]
    assert sum(TEXT in t for t in texts) >= 3, (
        "cp1250, ISO-8859-2 and the Unicode name decode right"
    )
    assert snapshot["chunks"] == len(texts)


def test_a_file_over_the_time_limit_is_killed_and_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "pomale"
    folder.mkdir()
    rng = random.Random(7)
    letters = "abcdefghijklmnoprstuvzáčďéěíňóřšťúůýž"
    words = " ".join(
        "".join(rng.choice(letters) for _ in range(rng.randint(4, 12))) for _ in range(600_000)
    )
    (folder / "obrovsky.md").write_text(words, encoding="utf-8")
    (folder / "maly.md").write_text(f"# Malý\n\n{TEXT}", encoding="utf-8")
    settings = make_settings(tmp_path / "data", file_timeout_s=1.5)
    started = time.perf_counter()
    summary = ingest([folder], settings, access="public", progress=False)
    assert time.perf_counter() - started < 20
    results = {r.file: r for r in summary.files}
    assert results["maly.md"].status == "added"
    assert (
        results["obrovsky.md"].status == "failed"
        and "déle než 1.5 s" in results["obrovsky.md"].reason
    )
    state(settings)


@pytest.fixture(scope="module")
def crash_corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    folder = tmp_path_factory.mktemp("crash") / "korpus"
    shutil.copytree(CORPUS, folder)
    shutil.copytree(SAMPLES / "corpus", folder / "vzorky")
    reference = folder.parent / "reference"
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(reference), "HF_HUB_OFFLINE": "1"}
    started = time.perf_counter()
    subprocess.run([ASSISTANT, "ingest", str(folder)], env=env, capture_output=True, check=True)
    duration = time.perf_counter() - started
    return folder, state(make_settings(reference)), duration


def test_kill_9_at_random_moments_then_rerun_equals_a_clean_ingest(
    crash_corpus, tmp_path: Path
) -> None:
    folder, reference, duration = crash_corpus
    rng = random.Random(2024)
    outcomes = []
    for trial in range(20):
        data = tmp_path / f"trial-{trial}"
        env = {**os.environ, "ASSISTANT_DATA_DIR": str(data), "HF_HUB_OFFLINE": "1"}
        if trial % 2:
            # Half the trials interrupt an incremental run that replaces a changed file.
            subprocess.run(
                [ASSISTANT, "ingest", str(folder)], env=env, capture_output=True, check=True
            )
            db = sqlite3.connect(data / "assistant.sqlite3")
            with db:
                db.execute(
                    "UPDATE documents SET fingerprint = 'zastaraly' WHERE file LIKE 'public/%'"
                )
            db.close()
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        process = subprocess.Popen(
            [ASSISTANT, "ingest", str(folder)], env=env, start_new_session=True, **quiet
        )
        time.sleep(rng.uniform(0.15, 0.95) * duration)
        finished = process.poll() is not None
        if not finished:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        outcomes.append(finished)
        subprocess.run([ASSISTANT, "ingest", str(folder)], env=env, capture_output=True, check=True)
        assert state(make_settings(data)) == reference, f"trial {trial}"
    assert outcomes.count(False) >= 10, "most trials must really be interrupted"
