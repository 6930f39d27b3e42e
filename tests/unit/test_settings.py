"""The settings object: flat ASSISTANT_* names over parts per concern, what changes the index,
and the README table generated from the fields."""

from __future__ import annotations

import pytest
from helpers import ROOT

from assistant.settings import Settings, markdown_table


def test_environment_names_stay_flat(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setenv("ASSISTANT_CHUNK_SIZE", "600")
    monkeypatch.setenv("ASSISTANT_STAFF_API_KEYS", "a, b,,c")
    monkeypatch.setenv("ASSISTANT_WEIGHT_TITLES", "0.5")
    settings = Settings(env_file=None, data_dir=tmp_path)
    assert settings.ingest.chunk_size == 600
    assert settings.service.staff_api_keys == ["a", "b", "c"]
    assert settings.retrieval.weight_titles == 0.5
    assert settings.storage.data_dir == tmp_path


def test_a_dotenv_file_is_read(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    env = tmp_path / ".env"
    env.write_text("ASSISTANT_RETENTION_DAYS=7\n", encoding="utf-8")
    monkeypatch.delenv("ASSISTANT_RETENTION_DAYS", raising=False)
    assert Settings(env_file=env).service.retention_days == 7


def test_flat_overrides_unknown_names_and_bad_values(tmp_path) -> None:
    base = Settings(env_file=None, data_dir=tmp_path)
    changed = base.replace(chunk_size=800, weight_dense=0)
    assert (changed.ingest.chunk_size, changed.retrieval.weight_dense) == (800, 0)
    assert changed.storage.data_dir == tmp_path and base.ingest.chunk_size == 1000
    with pytest.raises(ValueError, match="neznámá nastavení: chunk_sise"):
        Settings(env_file=None, chunk_sise=5)
    with pytest.raises(ValueError, match="greater than or equal to 200"):
        base.replace(chunk_size=5)


def test_what_changes_the_index_is_marked_once() -> None:
    settings = Settings(env_file=None)
    assert set(settings.ingest.changing_index()) == {
        "chunk_size", "max_file_mb", "ocr_lang", "ocr_dpi",
    }  # fmt: skip
    assert set(settings.changing_index()) == {
        *settings.ingest.changing_index(), "dense_backend", "dense_model", "dense_passage_prefix",
    }  # fmt: skip
    assert settings.retrieval.changing_index() == {}


def test_every_field_has_one_owner_and_a_description() -> None:
    fields = Settings.fields()
    assert len(fields) == sum(
        len(p.annotation.model_fields) for p in Settings.model_fields.values()
    )
    for name, part in fields.items():
        assert part.model_fields[name].description, name


def test_the_readme_table_is_the_generated_one() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert markdown_table() in readme, (
        "run: python -c 'from assistant.settings import *; print(markdown_table())'"
    )
