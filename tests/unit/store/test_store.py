"""The store on both backends (an SQLite file, a PostgreSQL database): every read and change of
rows gives the same result on each, a file's documents are replaced as one, and a database no
writer has made yet reads as empty."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from assistant.model import Chunk, Document, Resolution, Vote
from assistant.store.database import Database
from assistant.store.documents import Store
from assistant.store.writer import DocumentRecord, IndexedChunk, StoreWriter

RADA = Document("rada", "rada.pdf", "Usnesení Rady", "public", "usneseni", "2024-03-12", "rada")
ZAPIS = Document("zapis", "zapis.docx", "Zápis z porady", "internal", "zapis", "2024-11-02")
PLAN = Document("plan", "plan.md", "Plán cyklodopravy", "public", "plan", "2025-01-20")


def record(document: Document, *texts: str, resolution: str = "", ocr: bool = False):
    chunks = [
        IndexedChunk.of(
            f"{document.doc_id}-{n}",
            Chunk(text, "Úvod", page=n + 1, resolution=resolution, ocr_text=text if ocr else ""),
            document.title,
        )
        for n, text in enumerate(texts)
    ]
    return DocumentRecord(
        document, "root", document.source, f"fp-{document.doc_id}", 3, chunks=chunks
    )


@pytest.fixture
def writer(database: str | Path) -> StoreWriter:
    writer = StoreWriter(database)
    writer.replace_file(
        "root",
        "rada.pdf",
        [
            record(
                RADA, "Rada schvaluje dotaci hasičům.", "Hlasování: pro 7.", resolution="12/24/RK"
            )
        ],
    )
    writer.replace_file("root", "zapis.docx", [record(ZAPIS, "Schodek 480 000 Kč.")])
    writer.replace_file("root", "plan.md", [record(PLAN, "Cyklostezka Turnov – Přepeře.")])
    yield writer
    writer.close()


def test_a_database_not_made_yet_reads_as_empty(database: str | Path) -> None:
    store = Store(database)
    assert (store.version(), store.counts(), store.passages(["x"])) == (0, (0, 0), {})
    assert list(store.index_rows()) == [] and list(store.resolutions()) == []
    assert store.facets() == {"doc_types": [], "bodies": []}


def test_reads_of_what_was_written(writer: StoreWriter, database: str | Path) -> None:
    store = Store(database)  # another handle: a serving process
    assert store.version() == 3
    assert store.counts() == (3, 4) and store.counts(public_only=True) == (2, 3)
    rows = list(store.index_rows())
    assert [r.chunk_id for r in rows] == ["plan-0", "rada-0", "rada-1", "zapis-0"]
    assert rows[1].document == RADA and rows[1].terms and rows[1].grams
    assert [(r.terms, r.grams) for r in store.index_rows(analysed=False)] == [([], [])] * 4
    passages = store.passages(["rada-1", "zapis-0", "missing"])
    assert set(passages) == {"rada-1", "zapis-0"}
    assert passages["rada-1"].chunk == Chunk(
        "Hlasování: pro 7.", "Úvod", page=2, resolution="12/24/RK"
    )
    assert passages["zapis-0"].document == ZAPIS
    assert store.resolution_chunks("12/24/RK") == ["rada-0", "rada-1"]
    assert store.texts("rada") == ["Rada schvaluje dotaci hasičům.", "Hlasování: pro 7."]
    stored = store.document("plan")
    assert (stored.document, stored.root, stored.file, stored.pages) == (PLAN, "root", "plan.md", 3)
    assert store.document("missing") is None
    assert store.facets() == {"doc_types": ["plan", "usneseni", "zapis"], "bodies": ["rada"]}
    assert writer.fingerprints("root") == {
        "rada.pdf": "fp-rada",
        "zapis.docx": "fp-zapis",
        "plan.md": "fp-plan",
    }


def test_a_file_is_replaced_as_one_and_removed_with_what_hangs_on_it(writer: StoreWriter) -> None:
    writer.replace_file("root", "rada.pdf", [record(RADA, "Nové znění.", resolution="12/24/RK")])
    assert writer.texts("rada") == ["Nové znění."] and writer.version() == 4
    [(number, document, page, text)] = writer.resolution_texts()
    assert (number, document, page, text) == ("12/24/RK", RADA, 1, "Nové znění.")
    writer.replace_resolutions(
        [Resolution("12/24/RK", "Dotace", (), Vote(7, 0, 1), (), (), (), "Nové znění.", RADA, 1)]
    )
    [resolution] = writer.resolutions()
    assert (resolution.number, resolution.vote, resolution.document) == (
        "12/24/RK",
        Vote(7, 0, 1),
        RADA,
    )
    assert writer.remove_files("root", ["rada.pdf", "plan.md"]) == 2
    assert writer.counts() == (1, 1) and list(writer.resolutions()) == []
    assert writer.resolution_chunks("12/24/RK") == [] and writer.version() == 5


def test_failures_and_meta_are_kept_until_changed(writer: StoreWriter) -> None:
    writer.record_failure("root", "bad.pdf", "fp1", "poškozený soubor")
    writer.record_failure("root", "bad.pdf", "fp2", "jiný důvod")
    assert writer.failures("root") == {"bad.pdf": ("fp2", "jiný důvod")}
    writer.clear_failure("root", "bad.pdf")
    assert writer.failures("root") == {}
    assert writer.meta("repaired") is None
    writer.set_meta("repaired", "3")
    writer.set_meta("repaired", "4")
    assert writer.meta("repaired") == "4" and writer.version() == 3


def test_ocr_chunks_are_read_and_repaired_in_place(writer: StoreWriter) -> None:
    assert not writer.has_ocr()
    writer.replace_file(
        "root",
        "sken.pdf",
        [record(Document("sken", "sken.pdf", "Sken", "public"), "Koordindtor zajisti", ocr=True)],
    )
    assert writer.has_ocr() and "Cyklostezka" in writer.clean_words()
    [(chunk_id, title, _, text, original, unknown)] = writer.ocr_chunks()
    assert (chunk_id, title, text, original, unknown) == (
        "sken-0",
        "Sken",
        "Koordindtor zajisti",
        "Koordindtor zajisti",
        "",
    )
    writer.update_texts([("sken-0", "Koordinátor zajistí", {"zajisti"}, ["koordinator"], ["ko"])])
    passage = writer.passages(["sken-0"])["sken-0"]
    assert passage.chunk.text == "Koordinátor zajistí" and passage.chunk.unknown == {"zajisti"}
    assert passage.chunk.ocr_text == "Koordindtor zajisti" and writer.version() == 5


def test_one_writer_at_a_time_and_the_lock_dies_with_its_holder(
    database: str | Path, caplog: pytest.LogCaptureFixture
) -> None:
    url = database if isinstance(database, str) else f"sqlite:///{database}"
    script = (
        "import time\nfrom assistant.store.database import Database\n"
        f"with Database({url!r}).writing():\n    print('held', flush=True)\n"
        "    time.sleep(60)\n"
    )
    holder = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline() == "held\n"
    acquired = threading.Event()

    def take() -> None:
        with Database(url).writing(), Database(url).writing():  # re-entrant in a process
            acquired.set()

    waiting = threading.Thread(target=take)
    waiting.start()
    assert not acquired.wait(1.5), "a second writer waits"
    assert f"proces {holder.pid}" in caplog.text, "and says who holds the lock"
    holder.kill()  # kill -9
    holder.wait()
    assert acquired.wait(10), "the lock died with its holder"
    waiting.join()
    acquired.clear()
    again = threading.Thread(target=take)  # a pooled connection must not keep it
    again.start()
    assert acquired.wait(10), "released when its holder is done"
    again.join()


def test_a_database_from_before_migrations_is_kept_and_completed(tmp_path: Path) -> None:
    path = tmp_path / "assistant.sqlite3"
    old = sqlite3.connect(path)
    old.executescript(
        "CREATE TABLE documents (doc_id TEXT PRIMARY KEY, root TEXT NOT NULL, file TEXT NOT NULL,"
        " source TEXT NOT NULL, external_id TEXT NOT NULL DEFAULT '', title TEXT NOT NULL,"
        " doc_type TEXT NOT NULL DEFAULT '', date TEXT NOT NULL DEFAULT '',"
        " body TEXT NOT NULL DEFAULT '', url TEXT NOT NULL DEFAULT '', access TEXT NOT NULL,"
        " pages INTEGER, fingerprint TEXT NOT NULL, extra TEXT NOT NULL DEFAULT '{}',"
        " ingested_at TEXT NOT NULL DEFAULT (datetime('now')));"
        "CREATE TABLE chunks (chunk_id TEXT PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES"
        " documents (doc_id) ON DELETE CASCADE, ord INTEGER NOT NULL, text TEXT NOT NULL,"
        " section TEXT NOT NULL DEFAULT '', page INTEGER, page_end INTEGER,"
        " resolution TEXT NOT NULL DEFAULT '', terms TEXT NOT NULL, grams TEXT NOT NULL);"
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
        "INSERT INTO meta VALUES ('version', '7');"
    )
    old.close()
    writer = StoreWriter(path)
    assert writer.version() == 7, "the rows stay"
    writer.replace_file("root", "plan.md", [record(PLAN, "Cyklostezka.")])
    assert writer.passages(["plan-0"])["plan-0"].chunk.anchor == "" and writer.version() == 8
