"""The bounded-memory BM25 builder against bm25s itself on a tiny corpus: the same vocabulary
(without the tokens only another view sharing the vocabulary has) and the same score of every
token in every chunk, with repeated tokens, empty chunks and more tokens than buckets; an empty
field still loads."""

from __future__ import annotations

from pathlib import Path

import bm25s
import numpy as np
import pytest

from assistant.search import postings
from assistant.search.postings import Postings, Vocabulary

CHUNKS = [
    ["rada", "schval", "dotac", "dotac", "hasic"],
    [],
    ["zastupitel", "schval", "rozpoct", "kraj"],
    ["hasic", "jednotk", "sbor", "dobrovoln", "hasic", "hasic"],
    [f"slovo{i}" for i in range(40)],  # more tokens than buckets
    ["kraj"],
]


@pytest.mark.parametrize("memory", [postings.MEMORY, 1], ids=["budget", "a-token-a-pass"])
def test_the_scores_are_those_bm25s_computes(tmp_path: Path, monkeypatch, memory: int) -> None:
    """Also when the memory budget lets one token's postings be scored at a time."""
    monkeypatch.setattr(postings, "BATCH", 2)  # several batches, as at scale
    monkeypatch.setattr(postings, "BLOCK", 3)  # bucket files read in several blocks
    reference = bm25s.BM25(k1=1.2, b=0.75)
    reference.index(CHUNKS, show_progress=False)
    vocabulary = Vocabulary({"jen-v-jinem-pohledu": 0})  # a token of another view only
    built = Postings(1.2, 0.75, "\x00", vocabulary, folder=tmp_path, memory=memory)
    for tokens in CHUNKS:
        built.add(vocabulary.ids(tokens))
    vocab = built.save(tmp_path / "field", {"k1": 1.2, "b": 0.75})
    loaded = bm25s.BM25.load(tmp_path / "field", load_vocab=True)
    assert loaded.vocab_dict == vocab
    assert set(vocab) == set(reference.vocab_dict) - {""}  # bm25s's own empty token
    for token in vocab:
        assert np.array_equal(loaded.get_scores([token]), reference.get_scores([token])), token
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("postings-")], "scratch left"


def test_an_empty_field_has_a_token_no_query_has(tmp_path: Path) -> None:
    vocabulary = Vocabulary()
    built = Postings(0.9, 0.4, "\x00", vocabulary, folder=tmp_path)
    for _ in range(3):
        built.add(vocabulary.ids([]))
    assert built.save(tmp_path / "field", {"k1": 0.9, "b": 0.4}) == {"\x00": 0}
    loaded = bm25s.BM25.load(tmp_path / "field", load_vocab=True)
    assert loaded.get_scores(["\x00"]).tolist() == [0.0, 0.0, 0.0]
