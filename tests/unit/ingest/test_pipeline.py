"""A chunk is indexed through one function: what ingest and the OCR repair store, and what the
unit fixture stores, are its two views of the chunk read under its title and section."""

from __future__ import annotations

from pathlib import Path

from helpers import make_settings

from assistant.settings import Settings
from assistant.store.database import Database
from assistant.text.analysis import indexed_views
from ingest.pipeline import ingest


def _stored(settings: Settings) -> list[tuple[tuple[list[str], list[str]], tuple]]:
    with Database(settings.storage.index_database).engine.connect() as connection:
        rows = connection.exec_driver_sql(
            "SELECT c.terms, c.grams, d.title, c.section, c.text FROM chunks c JOIN documents d"
            " USING (doc_id) WHERE c.ocr_text = ''"
        ).all()
    return [((terms.split(), grams.split()), (title, section, text))
            for terms, grams, title, section, text in rows]  # fmt: skip


def test_ingest_stores_the_views_of_indexed_views(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "jizdne.md").write_text(
        "# Jízdné\n\n## Slevy\n\nŽáci do 15 let jezdí za 1 Kč, senioři od 70 let zdarma.\n",
        encoding="utf-8",
    )
    settings = make_settings(tmp_path / "data")
    ingest([folder], settings, progress=False)
    stored = _stored(settings)
    assert stored
    for views, (title, section, text) in stored:
        assert views == indexed_views(title, section, text)


def test_the_unit_fixture_stores_the_same_views(tiny: Settings) -> None:
    stored = _stored(tiny)
    assert len(stored) == 4  # one chunk per document of the fixture
    for views, (title, section, text) in stored:
        assert views == indexed_views(title, section, text)
