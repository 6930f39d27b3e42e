"""Bad input and bad luck: a generated corpus of broken files, a per-file time limit, and
kill -9 at random moments of an ingest; the index must stay consistent throughout."""

from __future__ import annotations

import io
import json
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

import docx
import pptx
import pytest
from helpers import (
    CORPUS,
    PRIVATE,
    SAMPLES,
    descendants,
    living,
    make_settings,
    memory,
    rows,
)
from pypdf import PdfReader, PdfWriter

from assistant.search.embedders import open_embedder
from assistant.search.lexical import Generation
from assistant.search.vectors import VectorStore
from assistant.settings import Settings
from assistant.store.database import Database
from assistant.store.documents import Store
from ingest.pipeline import ingest

pytestmark = pytest.mark.shared

PDF = CORPUS / "public/zastupitelstvo/usneseni-zk-2024-05-28.pdf"
ASSISTANT = str(Path(sys.executable).with_name("assistant"))
TEXT = "Usnesení č. 201/24/ZK schvaluje rozpočet kraje. Příliš žluťoučký kůň úpěl ďábelské ódy."


def state(settings: Settings) -> dict:
    """What must be equal after a recovered run and a clean one, plus consistency checks (in
    either backend's store)."""
    with Database(settings.storage.index_database).engine.connect() as db:
        docs = sorted(
            tuple(r)
            for r in db.exec_driver_sql("SELECT file, source, fingerprint, access FROM documents")
        )
        chunks = [r[0] for r in db.exec_driver_sql("SELECT chunk_id FROM chunks")]
        texts = sorted(r[0] for r in db.exec_driver_sql("SELECT text FROM chunks"))
    version = Store(settings.storage.index_database).version()
    generation = Generation.current(settings.storage.index_dir)
    index = generation.views["all"] if generation else None
    assert len(chunks) == len(set(chunks)), "duplicate chunks"
    assert index is not None and index.version == version, "index lags behind the store"
    assert sorted(index.chunk_ids) == sorted(chunks), "index and store disagree"
    return {"documents": docs, "chunks": sorted(chunks), "texts": texts}


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
    docx.Document().save(folder / "spatne-xml.docx")
    _replace_member(folder / "spatne-xml.docx", "word/document.xml", b"<w:document><neuzavreny>")
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
        "spatne-xml.docx": "poškozený DOCX",
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
    assert len(snapshot["chunks"]) == len(texts)


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
        started = descendants(process.pid)
        finished = process.poll() is not None
        if not finished:
            os.kill(process.pid, signal.SIGKILL)  # the ingest only, not its process group
        process.wait()
        outcomes.append(finished)
        deadline = time.monotonic() + 10
        while living(started) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not living(started), f"trial {trial}: processes outlived the ingest"
        subprocess.run([ASSISTANT, "ingest", str(folder)], env=env, capture_output=True, check=True)
        assert state(make_settings(data)) == reference, f"trial {trial}"
    assert outcomes.count(False) >= 10, "most trials must really be interrupted"


def test_kill_9_of_an_ingest_into_postgresql_then_rerun_equals_a_clean_ingest(
    crash_corpus, tmp_path: Path, postgres
) -> None:
    """The store shared by several hosts: an ingest killed at a random moment holds no lock
    and leaves no half-written file; the rerun gives the clean ingest's documents, chunks and
    index, and a vector in Chroma for each chunk, no more."""
    folder, reference, _ = crash_corpus
    rng = random.Random(23)
    outcomes, duration = [], 0.0
    for trial in range(5):  # the first a clean ingest: how long one takes into PostgreSQL here
        url = postgres.new_database()
        settings = make_settings(tmp_path / f"trial-{trial}", database_url=url)
        env = {**os.environ, "ASSISTANT_DATA_DIR": str(settings.storage.data_dir),
               "ASSISTANT_DATABASE_URL": url, "HF_HUB_OFFLINE": "1"}  # fmt: skip
        started = time.monotonic()
        process = subprocess.Popen([ASSISTANT, "ingest", str(folder)], env=env,
                                   start_new_session=True, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)  # fmt: skip
        if not trial:
            process.wait()
            duration = time.monotonic() - started
            assert state(settings) == reference, "a clean ingest into PostgreSQL"
            continue
        time.sleep(rng.uniform(0.1, 0.8) * duration)
        finished = process.poll() is not None
        if not finished:
            os.kill(process.pid, signal.SIGKILL)
        process.wait()
        outcomes.append(finished)
        rerun = subprocess.run([ASSISTANT, "ingest", str(folder)], env=env, capture_output=True,
                               text=True, timeout=600)  # fmt: skip
        # It may wait a moment, and say so, for PostgreSQL to end the killed one's session.
        assert rerun.returncode == 0, rerun.stderr
        assert state(settings) == reference, f"trial {trial}"
        vectors = VectorStore(settings.storage, open_embedder(settings.dense)).hashes()
        assert sorted(vectors) == reference["chunks"], f"trial {trial}: a vector a chunk"
    assert outcomes.count(False) >= 3, "most trials must really be interrupted"


def _many_elements(template: bytes, count: int, seed: int) -> bytes:
    """Millions of tiny XML elements with random ids: it compresses like a document (a few
    times), so only the memory a parser needs for it shows what it is."""
    ids = random.Random(seed).randbytes(4 * count).hex().encode()
    return b"".join(template % ids[8 * i : 8 * i + 8] for i in range(count))


def _replace_member(path: Path, name: str, content: bytes) -> None:
    with zipfile.ZipFile(path) as source:
        members = {m: source.read(m) for m in source.namelist() if m != name}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for member, data in members.items():
            target.writestr(member, data)
        target.writestr(name, content)


def make_hostile_office_files(folder: Path) -> dict[str, str]:
    """Zip-based formats that expand far beyond their size, and the word of each reason."""
    folder.mkdir()
    w = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    paragraph = b"<w:p><w:r><w:t>" + b"slovo " * 200 + b"</w:t></w:r></w:p>"
    docx.Document().save(folder / "bomba-opakovani.docx")
    _replace_member(folder / "bomba-opakovani.docx", "word/document.xml",
                    w + paragraph * 50_000 + b"</w:body></w:document>")  # fmt: skip
    docx.Document().save(folder / "velky-pod-limitem.docx")
    body = _many_elements(b'<w:p w:rsidR="%s"/>', 3_000_000, 1)
    _replace_member(folder / "velky-pod-limitem.docx", "word/document.xml",
                    w + body + b"</w:body></w:document>")  # fmt: skip
    docx.Document().save(folder / "vnoreny-archiv.docx")
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED) as nested:
        nested.writestr("bomba.xml", b"\0" * (300 * 2**20))
    _replace_member(folder / "vnoreny-archiv.docx", "word/embeddings/package.zip", inner.getvalue())
    ns = "urn:oasis:names:tc:opendocument:xmlns"
    office = f'xmlns:office="{ns}:office:1.0" xmlns:text="{ns}:text:1.0"'.encode()
    with zipfile.ZipFile(folder / "velky.odt", "w", zipfile.ZIP_DEFLATED) as odt:
        odt.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        odt.writestr(
            "META-INF/manifest.xml",
            f'<manifest:manifest xmlns:manifest="{ns}:manifest:1.0">'
            '<manifest:file-entry manifest:full-path="/"'
            ' manifest:media-type="application/vnd.oasis.opendocument.text"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>",
        )
        paragraphs = _many_elements(b'<text:p text:style-name="P%s">a</text:p>', 2_000_000, 2)
        odt.writestr("styles.xml", b"<office:document-styles " + office + b"/>")
        odt.writestr("content.xml", b"<office:document-content " + office
                     + b"><office:body><office:text>" + paragraphs
                     + b"</office:text></office:body></office:document-content>")  # fmt: skip
    presentation = pptx.Presentation()
    presentation.slides.add_slide(presentation.slide_layouts[5]).shapes.title.text = "Bomba"
    presentation.save(folder / "bomba.pptx")
    _replace_member(
        folder / "bomba.pptx",
        "ppt/slides/slide1.xml",
        b"<p:sld>" + b"<a:t>x</a:t>" * 3_000_000 + b"</p:sld>",
    )
    with zipfile.ZipFile(folder / "tabulka.xlsx", "w", zipfile.ZIP_DEFLATED) as xlsx:
        xlsx.writestr("xl/workbook.xml", b"<workbook/>" + b" " * (20 * 2**20))
    (folder / "dobry.md").write_text(f"# Dobrý\n\n{TEXT}", encoding="utf-8")
    return {
        "bomba-opakovani.docx": "zip bomba",
        "velky-pod-limitem.docx": "paměti",
        "velky.odt": "paměti",
        "bomba.pptx": "zip bomba",
        "tabulka.xlsx": "nepodporovaný",
    }


def test_office_bombs_stay_under_the_memory_limit_and_leave_no_process(tmp_path: Path) -> None:
    folder = tmp_path / "bomby"
    expected = make_hostile_office_files(folder)
    limit_mb = 1024
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(tmp_path / "data"), "HF_HUB_OFFLINE": "1",
           "ASSISTANT_INGEST_MEMORY_MB": str(limit_mb)}  # fmt: skip
    process = subprocess.Popen([ASSISTANT, "ingest", str(folder), "--access", "public", "--json"],
                               env=env, stdout=subprocess.PIPE, text=True)  # fmt: skip
    peak, whole, seen = 0, 0, set()
    while process.poll() is None:
        parsing = descendants(process.pid)
        seen |= parsing
        peak = max(peak, memory(parsing, PRIVATE))  # what the limit counts
        whole = max(whole, memory(parsing | {process.pid}))
        time.sleep(0.05)
    summary = json.loads(process.stdout.read())
    print(f"\nhostile office files: parsing peak (private) {peak / 2**20:.0f} MB of {limit_mb} MB,"
          f" whole ingest {whole / 2**20:.0f} MB")  # fmt: skip
    results = {r["file"]: r for r in summary["files"]}
    for name, word in expected.items():
        assert results[name]["status"] == "failed" and word in results[name]["reason"], results[
            name
        ]
    assert results["dobry.md"]["status"] == "added"
    assert results["vnoreny-archiv.docx"]["status"] in ("added", "failed")
    assert peak <= limit_mb * 2**20
    assert not living(seen), "no process outlived the ingest"
