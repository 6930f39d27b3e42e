"""The vectors a search reads: a matrix per index view, row for row with its chunks, published
atomically and named by the model that made it; dense scores for the public audience come from
the public view's matrix alone."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest
from conftest import build

from assistant.search import scoring
from assistant.search.filters import Filters
from assistant.search.lexical import current_views
from assistant.search.retrieve import Retriever, SearchRequest
from assistant.search.vectors import (
    VectorMatrix,
    _one_writer,
    published,
    read_pointer,
    write_matrix,
)
from assistant.settings import Settings
from assistant.store.documents import Store

DIM = 8


def unit(i: int) -> np.ndarray:
    vector = np.zeros(DIM, dtype=np.float32)
    vector[i % DIM] = 1.0
    return vector


class Fixed:
    """An embedder whose every query is one chosen vector (the tiny corpus has fewer chunks
    than axes, so each chunk gets an axis of its own)."""

    identity = "fixed-axes"

    def __init__(self, vector: np.ndarray):
        self.vector = vector

    def passages(self, texts: list[str]) -> np.ndarray:
        raise AssertionError("a search never embeds passages")

    def query(self, text: str) -> np.ndarray:
        return self.vector


def test_a_matrix_holds_each_chunk_on_its_row(tmp_path: Path) -> None:
    known = {"a": unit(0), "c": unit(2)}
    for _ in range(3):
        write_matrix(tmp_path, ["a", "b", "c"], known, "m", DIM)
    pointer = read_pointer(tmp_path)
    matrix = VectorMatrix.load(tmp_path, pointer, "m", 3)
    assert matrix.present.tolist() == [True, False, True]
    assert matrix.cosines(unit(2), np.arange(3)) == pytest.approx([0.0, 0.0, 1.0], abs=1e-6)
    assert matrix.nearest(unit(2), np.ones(3, bool), 1).tolist() == [2]
    assert sorted(matrix.nearest(unit(0), np.ones(3, bool), 5)) == [0, 2], "rows with a vector"
    assert VectorMatrix.load(tmp_path, pointer, "another model", 3) is None
    assert VectorMatrix.load(tmp_path, pointer, "m", 4) is None, "rows for another view"
    assert pointer["embedded"] == 2
    kept = {p.name.split(".")[0] for p in tmp_path.glob("vectors-*.npy")}
    assert len(kept) == 2 and pointer["file"] in kept, "the current and the previous matrix"
    (tmp_path / "vectors.json").write_text('{"model": "m", "fi')
    assert read_pointer(tmp_path) == {}, "a damaged pointer reads as never published"


def test_a_large_matrix_shortlists_by_sign_codes_and_keeps_the_nearest() -> None:
    """Above EXACT_UP_TO rows the sign codes around the mean pick the rows scored exactly:
    vectors that all point one way (as e5's do) still find their nearest neighbours, and a row
    the audience may not see is never returned."""
    generator = np.random.default_rng(7)
    topics = generator.standard_normal((100, 384)).astype(np.float32)
    rows = (
        topics[np.arange(3000) % 100]
        + generator.standard_normal((3000, 384)).astype(np.float32)
        + 3.0
    )  # passages on a hundred topics, all pointing one way
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    exact, coded = VectorMatrix.of(rows), VectorMatrix.of(rows, exact_up_to=1000)
    assert exact.codes is None and coded.codes is not None
    allowed = np.ones(len(rows), bool)
    allowed[::2] = False
    for query in rows[1:200:20] + 0.05 * generator.standard_normal((10, 384)).astype(np.float32):
        query /= np.linalg.norm(query)
        truth = set(exact.nearest(query, allowed, 10).tolist())
        found = coded.nearest(query, allowed, 10)
        assert allowed[found].all() and len(set(found.tolist()) & truth) >= 9


def test_int8_rows_keep_the_cosines_and_the_order(tmp_path: Path) -> None:
    """Quantised rows give every cosine within 0.01 of the float one and, for e5-like vectors
    that all point one way, nine of the top ten at least; a large matrix loads its codes from
    disk."""
    generator = np.random.default_rng(3)
    vectors = generator.standard_normal((3000, 384)).astype(np.float32) + 2.0
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    VectorMatrix.of(vectors, exact_up_to=1000).save(tmp_path, "vectors-x")
    pointer = {"model": "m", "file": "vectors-x"}
    matrix = VectorMatrix.load(tmp_path, pointer, "m", 3000)
    exhaustive = VectorMatrix.of(vectors)
    assert matrix.rows.dtype == np.int8 and matrix.codes is not None
    assert (tmp_path / "vectors-x.rows.npy").stat().st_size < vectors.nbytes / 3.9
    for query in vectors[:20]:
        exact = vectors @ query
        assert np.abs(matrix.cosines(query, np.arange(3000)) - exact).max() < 0.01
        top = set(np.argsort(-exact)[:10].tolist())
        assert len(top & set(exhaustive.nearest(query, np.ones(3000, bool), 10).tolist())) >= 9


def test_one_sync_at_a_time(tmp_path: Path) -> None:
    entered: list[str] = []
    with _one_writer(tmp_path):
        second = threading.Thread(target=lambda: _enter(tmp_path, entered))
        second.start()
        second.join(0.5)
        assert second.is_alive() and not entered, "the second waits for the first"
    second.join(5)
    assert entered == ["second"]


def _enter(folder: Path, entered: list[str]) -> None:
    with _one_writer(folder):
        entered.append("second")


def test_public_dense_scores_come_from_public_chunks_only(tmp_path: Path) -> None:
    settings = build(tmp_path).replace(weight_terms=0, weight_grams=0, weight_titles=0,
                                       weight_sentence=0, weight_dense=1)  # fmt: skip
    _, views = current_views(settings.storage.index_dir)
    everything = list(views[0][1])
    axes = {cid: unit(i) for i, cid in enumerate(everything)}
    for view, chunk_ids in views:
        write_matrix(view, chunk_ids, axes, Fixed.identity, DIM)
    assert published(settings.storage.index_dir) == (Fixed.identity, len(everything))
    passages = Store(settings.storage.index_database).passages(everything)
    internal = next(cid for cid in everything if passages[cid].document.access == "internal")
    public_one = next(cid for cid in everything if passages[cid].document.access == "public")
    query = axes[internal] + 0.5 * axes[public_one]
    retriever = Retriever(
        Store(settings.storage.index_database), settings.storage.index_dir, settings.retrieval,
        Fixed(query / np.linalg.norm(query)),
    )  # fmt: skip
    question = "rozpočet a úspory"
    staff = retriever.search(SearchRequest(question, Filters("staff"), k=3))
    public = retriever.search(SearchRequest(question, Filters("public"), k=3))
    assert staff[0].passage.chunk_id == internal
    assert public[0].passage.chunk_id == public_one
    assert all(h.passage.document.access == "public" for h in public)
    similarities = retriever.passage_similarities(question, [internal, public_one])
    assert similarities[internal] > similarities[public_one] > 0
    # The public view alone republished (as between two views' writes): the public search
    # reads the new matrix at once.
    other = next(cid for cid in views[1][1] if cid != public_one)
    republished = {other: query / np.linalg.norm(query), public_one: axes[public_one]}
    write_matrix(views[1][0], views[1][1], republished, Fixed.identity, DIM)
    moved = retriever.search(SearchRequest(question, Filters("public"), k=3))
    assert moved[0].passage.chunk_id == other


def test_without_a_matrix_the_search_is_lexical(tiny: Settings) -> None:
    retriever = Retriever(
        Store(tiny.storage.index_database), tiny.storage.index_dir, tiny.retrieval, Fixed(unit(0))
    )
    assert retriever.matrix(retriever.generation.views["all"]) is None
    assert retriever.search(SearchRequest("dotace pro hasiče", k=1))


def test_hamming_distances_are_numpys_bit_counts() -> None:
    generator = np.random.default_rng(11)
    codes = generator.integers(0, 2**63, (500, 6), dtype=np.int64).view(np.uint64)
    query = generator.integers(0, 2**63, 6, dtype=np.int64).view(np.uint64)
    allowed = generator.random(500) > 0.2
    expected = np.bitwise_count(codes ^ query).sum(axis=1, dtype=np.int32)
    expected[~allowed] = np.iinfo(np.int32).max
    assert np.array_equal(scoring.hamming(codes, query, allowed), expected)
