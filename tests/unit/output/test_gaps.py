"""The content-gap report's steps on tiny in-code fixtures: average-linkage clustering, word
vectors, topic names."""

from __future__ import annotations

from collections import Counter

import numpy as np

from assistant.output.gaps import _name, _stems, cluster, lexical_vectors


def _unit(*rows: list[float]) -> np.ndarray:
    v = np.asarray(rows, dtype=np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_clustering_merges_by_average_similarity_until_the_threshold() -> None:
    vectors = _unit(
        [1, 0, 0], [0.95, 0.05, 0], [0.9, 0.1, 0], [0, 1, 0], [0.05, 0.95, 0], [0, 0, 1]
    )
    assert cluster(vectors, 0.9) == [[0, 1, 2], [3, 4], [5]]
    assert cluster(vectors, 0.999) == [[0], [1], [2], [3], [4], [5]]
    assert cluster(vectors[:0], 0.9) == []


def test_word_vectors_group_questions_sharing_their_words() -> None:
    questions = [
        "Kde můžu zaparkovat u krajského úřadu?",
        "Je u krajského úřadu parkoviště?",
        "Kdy budou krajské volby?",
        "Kdy se konají volby do kraje?",
    ]
    vectors = lexical_vectors(questions)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1)
    assert sorted(map(sorted, cluster(vectors, 0.15))) == [[0, 1], [2, 3]]


def test_a_topic_is_named_by_the_words_that_set_it_apart() -> None:
    everything = ["Dobrý den, kdy budou krajské volby?", "Dobrý den, kde volit do kraje?",
                  "Dobrý den, kde je parkoviště?", "Dobrý den, kolik stojí jízdenka?"]  # fmt: skip
    spread = Counter(stem for q in everything for stem in _stems(q))
    name = _name(everything[:2], spread, len(everything))
    assert ("volby" in name or "volit" in name) and "dobrý" not in name, name
