"""The ingest run end to end: metadata, access, incremental updates, pruning, bad files."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from helpers import CORPUS, SAMPLES, make_settings, manifest, rows

from assistant.search.lexical import Generation
from assistant.search.retrieve import SearchRequest
from assistant.service import Service
from assistant.settings import Settings
from assistant.store.documents import Store
from ingest.pipeline import ingest

pytestmark = pytest.mark.shared
DOCUMENTS = len(manifest()) if (CORPUS / "manifest.csv").is_file() else 0


def documents(settings: Settings) -> dict[str, dict]:
    return {r["source"]: dict(r) for r in rows(settings, "SELECT * FROM documents")}


def chunk_ids(settings: Settings) -> list[str]:
    return [r[0] for r in rows(settings, "SELECT chunk_id FROM chunks ORDER BY chunk_id")]


def index_is_current(settings: Settings) -> bool:
    store = Store(settings.storage.db_path)
    index = Generation.current(settings.storage.index_dir)
    return (
        index is not None
        and index.version == store.version()
        and len(index.views["all"]) == store.counts()[1]
        and len(index.views["public"]) == store.counts(public_only=True)[1]
    )


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A writable copy of the shared corpus."""
    return Path(shutil.copytree(CORPUS, tmp_path / "corpus"))


def test_manifest_metadata_and_access_apply(shared_settings: Settings) -> None:
    docs = documents(shared_settings)
    assert len(docs) == DOCUMENTS
    resolution = docs["public/zastupitelstvo/usneseni-zk-2024-05-28.pdf"]
    assert (
        resolution["title"] == "Usnesení z 5. zasedání Zastupitelstva Libereckého kraje 28. 5. 2024"
    )
    assert (resolution["doc_type"], resolution["body"], resolution["date"]) == (
        "usneseni",
        "zastupitelstvo",
        "2024-05-28",
    )
    assert docs["public/aktuality/chytrejsi-kraj-paty-rok.html"]["url"].startswith("https://")
    assert {d["access"] for s, d in docs.items() if s.startswith("internal/")} == {"internal"}
    assert {d["access"] for s, d in docs.items() if s.startswith("public/")} == {"public"}
    assert index_is_current(shared_settings)


def test_second_run_skips_everything_and_keeps_the_index(corpus: Path, settings: Settings) -> None:
    first = ingest([corpus], settings, progress=False)
    assert first.counts["added"] == DOCUMENTS
    generation = Generation.current(settings.storage.index_dir).path
    second = ingest([corpus], settings, progress=False)
    assert second.counts == {
        "added": 0, "updated": 0, "unchanged": DOCUMENTS, "failed": 0, "removed": 0,
    }  # fmt: skip
    assert Generation.current(settings.storage.index_dir).path == generation


def test_changed_file_is_replaced_whole(corpus: Path, settings: Settings) -> None:
    note = corpus / "public" / "poznamka.md"
    note.write_text("# Poznámka\n\nPrvní verze textu o cyklostezce.", encoding="utf-8")
    ingest([corpus], settings, progress=False)
    before = set(chunk_ids(settings))
    note.write_text("# Poznámka\n\nDruhá verze textu o autobusech.", encoding="utf-8")
    summary = ingest([corpus], settings, progress=False)
    assert summary.counts["updated"] == 1 and summary.counts["unchanged"] == DOCUMENTS
    after = set(chunk_ids(settings))
    assert len(after) == len(before)
    assert before - after and after - before
    texts = [
        r[0] for r in rows(settings, "SELECT text FROM chunks WHERE text LIKE '%verze textu%'")
    ]
    assert texts == ["Druhá verze textu o autobusech."]
    assert index_is_current(settings)


def test_prune_removes_documents_of_deleted_files(corpus: Path, settings: Settings) -> None:
    ingest([corpus], settings, progress=False)
    (corpus / "public/aktuality/chytrejsi-kraj-paty-rok.html").unlink()
    kept = ingest([corpus], settings, progress=False)
    assert kept.counts["removed"] == 0 and len(documents(settings)) == DOCUMENTS
    pruned = ingest([corpus], settings, prune=True, progress=False)
    assert pruned.counts["removed"] == 1
    assert "public/aktuality/chytrejsi-kraj-paty-rok.html" not in documents(settings)
    assert index_is_current(settings)


def test_manifest_change_updates_access(corpus: Path, settings: Settings) -> None:
    ingest([corpus], settings, progress=False)
    manifest = corpus / "manifest.csv"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace(
            "2023-12-19,,public,", "2023-12-19,,internal,"
        ),
        encoding="utf-8",
    )
    summary = ingest([corpus], settings, progress=False)
    assert summary.counts["updated"] == 1
    assert documents(settings)["public/aktuality/datovy-portal-oceneni-2023.html"]["access"] == (
        "internal"
    )


def test_access_is_internal_unless_marked_public(tmp_path: Path, settings: Settings) -> None:
    folder = tmp_path / "bez-manifestu"
    folder.mkdir()
    (folder / "a.md").write_text("# A\n\nText bez metadat.", encoding="utf-8")
    (folder / "b.md").write_text("# B\n\nText se sidecar metadaty.", encoding="utf-8")
    (folder / "b.md.meta.json").write_text(
        json.dumps({"access": "public", "title": "Dokument B", "doc_type": "zprava"}),
        encoding="utf-8",
    )
    (folder / "c.md").write_text("# C\n\nNeznámá hodnota přístupu.", encoding="utf-8")
    (folder / "c.md.meta.json").write_text(json.dumps({"access": "verejne"}), encoding="utf-8")
    ingest([folder], settings, progress=False)
    docs = documents(settings)
    assert set(docs) == {"a.md", "b.md", "c.md"}
    assert docs["a.md"]["access"] == "internal"
    assert (docs["b.md"]["access"], docs["b.md"]["title"]) == ("public", "Dokument B")
    assert docs["c.md"]["access"] == "internal"
    summary = ingest([folder], settings, access="public", progress=False)
    assert summary.counts["updated"] == 3
    assert {d["access"] for d in documents(settings).values()} == {"public"}


def test_bad_files_are_reported_and_the_rest_indexed(tmp_path: Path, settings: Settings) -> None:
    folder = Path(shutil.copytree(SAMPLES / "corpus", tmp_path / "batch"))
    (folder / "prazdny.pdf").write_bytes(b"")
    (folder / "rozbity.pdf").write_bytes(b"%PDF-1.7\n1 0 obj <<>> endobj\n")
    (folder / "pdf-jako.docx").write_bytes(
        (CORPUS / "internal/metodika-ai-pracovni-verze.pdf").read_bytes()
    )
    summary = ingest([folder], settings, progress=False)
    failed = {r.file: r.reason for r in summary.files if r.status == "failed"}
    assert set(failed) == {"prazdny.pdf", "rozbity.pdf", "pdf-jako.docx"}
    assert all(failed.values())
    assert summary.counts["added"] == 7
    assert index_is_current(settings)


def test_a_file_that_breaks_keeps_its_last_good_version(corpus: Path, settings: Settings) -> None:
    ingest([corpus], settings, progress=False)
    target = corpus / "public/zastupitelstvo/usneseni-zk-2024-05-28.pdf"
    before = [c for c in chunk_ids(settings)]
    target.write_bytes(target.read_bytes()[:500])
    summary = ingest([corpus], settings, progress=False)
    assert summary.counts["failed"] == 1
    assert chunk_ids(settings) == before


def test_jsonl_records_become_documents(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "zaznamy.jsonl"
    records = [
        {"id": "r1", "text": "Kraj podpoří hasiče.", "title": "Hasiči", "access": "public"},
        {"id": "r2", "text": "Interní poznámka.", "url": "https://example.cz/r2"},
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    ingest([path], settings, progress=False)
    docs = documents(settings)
    assert set(docs) == {"zaznamy.jsonl#r1", "zaznamy.jsonl#r2"}
    assert (docs["zaznamy.jsonl#r1"]["title"], docs["zaznamy.jsonl#r1"]["access"]) == (
        "Hasiči",
        "public",
    )
    assert docs["zaznamy.jsonl#r2"]["access"] == "internal"
    assert docs["zaznamy.jsonl#r2"]["external_id"] == "r2"


def test_missing_path_is_an_error(tmp_path: Path, settings: Settings) -> None:
    from ingest.errors import IngestError

    with pytest.raises(IngestError, match="neexistuje"):
        ingest([tmp_path / "nic"], settings, progress=False)


def test_an_unchanged_broken_file_is_not_parsed_again(tmp_path: Path, settings: Settings) -> None:
    folder = tmp_path / "slozka"
    folder.mkdir()
    (folder / "rozbity.pdf").write_bytes(b"%PDF-1.7\nrozbity obsah")
    (folder / "ok.md").write_text("# Text\n\nObsah.", encoding="utf-8")
    first = ingest([folder], settings, progress=False)
    reason = next(r.reason for r in first.files if r.status == "failed")
    db = sqlite3.connect(settings.storage.db_path)
    with db:
        db.execute("UPDATE failures SET reason = 'zapamatovaný důvod'")
    db.close()
    second = ingest([folder], settings, progress=False)
    assert [(r.file, r.status, r.reason) for r in second.files if r.status == "failed"] == [
        ("rozbity.pdf", "failed", "zapamatovaný důvod")
    ]
    (folder / "rozbity.pdf").write_bytes(b"%PDF-1.7\njiny rozbity obsah")
    third = ingest([folder], settings, progress=False)
    assert next(r.reason for r in third.files if r.status == "failed") == reason


def test_every_setting_marked_as_changing_the_index_reingests(
    corpus: Path, settings: Settings
) -> None:
    """OCR resolution, chunk size…: changing one re-parses every file on the next run."""
    ingest([corpus], settings, progress=False)
    for change in ({"ocr_dpi": 200}, {"chunk_size": 800}, {"ocr_lang": "ces"}):
        changed = settings.replace(**change)
        counts = ingest([corpus], changed, progress=False).counts
        if changed.changing_index() == settings.changing_index():
            assert counts["unchanged"] == DOCUMENTS, change
        else:
            assert counts["updated"] == DOCUMENTS, change
            settings = changed


def test_reading_an_empty_data_folder_writes_nothing(tmp_path: Path) -> None:
    """The read path (search, status, the service) never creates or changes the index."""
    settings = make_settings(tmp_path / "data")
    retriever = Service.open(settings).retriever
    assert retriever.search(SearchRequest("cokoliv")) == []
    assert retriever.store.counts() == (0, 0) and retriever.store.document("x") is None
    assert not (tmp_path / "data").exists()
