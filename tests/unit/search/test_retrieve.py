"""Fusion of the retrievers (max-normalised weighted sum, exact resolution lookup, filters) and
re-ranking by the best sentence: a passage whose one sentence answers the question beats one
that spreads the question's words over several sentences."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.search.evidence import WeightedTerms, best_sentence
from assistant.search.filters import Filters
from assistant.search.retrieve import (
    MIXES,
    Retriever,
    SearchRequest,
    normalised,
    with_diacritics,
    zscores,
)
from assistant.search.scoring import best, combine
from assistant.service import Service
from assistant.settings import Settings
from assistant.text.analysis import terms
from assistant.text.numbers import resolution_numbers


def question(text: str) -> WeightedTerms:
    return WeightedTerms.of(terms(text), lambda t: 1.0)


def ids(hits) -> list[str]:
    return [h.passage.chunk_id for h in hits]


def test_scores_are_divided_by_their_maximum() -> None:
    assert normalised(np.array([2.0, 1.0, 0.0])).tolist() == [1.0, 0.5, 0.0]
    assert normalised(np.zeros(3)).tolist() == [0.0, 0.0, 0.0]


def test_the_fields_combine_as_numpy_would_to_the_last_bit() -> None:
    """Masked, each divided by its highest over the kept chunks, weighted and summed in
    float32 in numpy's order; a field without a score stays 0."""
    generator = np.random.default_rng(5)
    for _ in range(50):
        n = int(generator.integers(1, 300))
        fields = [(generator.random(n) * generator.integers(0, 2, n)).astype(np.float32)
                  for _ in range(3)]  # fmt: skip
        fields[2] *= np.float32(generator.integers(0, 2))  # sometimes no title matches at all
        weights = generator.random(3).astype(np.float32)
        mask = generator.random(n) > 0.3
        expected = weights[0] * normalised(fields[0] * mask)
        expected += weights[1] * normalised(fields[1] * mask)
        expected += weights[2] * normalised(fields[2] * mask)
        assert np.array_equal(combine(tuple(fields), weights, mask), expected)


def test_each_fusion_mixes_by_the_dense_share() -> None:
    """BM25 prefers the first candidate, the vectors the third; the dense share decides."""
    lexical, cosine = np.array([9.0, 5.0, 1.0]), np.array([0.80, 0.82, 0.90])
    assert zscores(np.array([1.0, 3.0])).tolist() == [-1.0, 1.0]
    assert zscores(np.ones(3)).tolist() == [0.0, 0.0, 0.0]
    for name, mix in MIXES.items():
        assert int(np.argmax(mix(lexical, cosine, 0.0))) == 0, name
        assert int(np.argmax(mix(lexical, cosine, 1.0))) == 2, name


def test_a_query_typed_without_diacritics_is_embedded_with_them() -> None:
    assert with_diacritics("kdo schvaluje akcni plan") == "kdo schvaluje akční plán"
    assert with_diacritics("Kdy začne stavba?") == "Kdy začne stavba?", "it has them: unchanged"
    assert with_diacritics("DEPODUB") == "DEPODUB", "a name alone: unchanged"


def test_each_field_weight_counts(tiny: Settings) -> None:
    """A title-only match is found only while the title field has weight."""
    query = SearchRequest("porada vedení", Filters("staff"), k=3)
    with_titles = Service.open(tiny.replace(weight_terms=0, weight_grams=0)).retriever.search(query)
    assert ids(with_titles)[0].startswith("zapis-")
    without = Service.open(tiny.replace(weight_terms=0, weight_grams=0, weight_titles=0)).retriever
    assert without.search(query) == []


def test_character_grams_find_words_the_stems_miss(tiny: Settings) -> None:
    query = SearchRequest("cyklostezk Prepere", k=1)  # cut off, no diacritics
    grams_only = Service.open(tiny.replace(weight_terms=0, weight_titles=0)).retriever.search(query)
    assert ids(grams_only)[0].startswith("plan-")


def test_a_resolution_number_is_looked_up_exactly(retriever: Retriever) -> None:
    assert resolution_numbers("usnesení č. 12 / 24 / rk a 3/25/ZK") == ["12/24/RK", "3/25/ZK"]
    [hit] = retriever.search(SearchRequest("12/24/RK", k=1))
    assert hit.passage.chunk.resolution == "12/24/RK" and hit.score >= 10


@pytest.mark.parametrize("audience", ["public", "staff"])
def test_the_audience_filter_applies_before_ranking(retriever: Retriever, audience) -> None:
    hits = retriever.search(SearchRequest("schodek rozpočtu 480 000 Kč", Filters(audience), 10))
    internal = [h for h in hits if h.passage.document.access == "internal"]
    assert bool(internal) == (audience == "staff")


def test_ranks_are_consecutive_and_scores_descending(retriever: Retriever) -> None:
    hits = retriever.search(SearchRequest("kraj", Filters("staff"), 10))
    assert [h.rank for h in hits] == list(range(1, len(hits) + 1))
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_the_best_single_sentence_counts() -> None:
    q = question("dotace pro hasiče v Turnově")
    together = "Kraj dal dotaci hasičům v Turnově. Jiná věta."
    apart = "Kraj dal dotaci. Hasiči jsou v Turnově."
    assert best_sentence(q, together) == 3.0
    assert best_sentence(q, apart) == 2.0
    assert best_sentence(q, "") == 0.0


def test_weights_decide_between_sentences() -> None:
    [town] = terms("Turnov")
    rare = WeightedTerms({t: 5.0 if t == town else 1.0 for t in terms("dotace Turnov")})
    assert best_sentence(rare, "Dotace. Turnov.") == 5.0


def test_sentence_weight_changes_the_ranking_only_when_set(tiny: Settings) -> None:
    query = SearchRequest("kolik bude stát cyklostezka", k=3)
    plain = Service.open(tiny.replace(weight_sentence=0)).retriever.search(query)
    boosted = Service.open(tiny.replace(weight_sentence=1.0)).retriever.search(query)
    assert plain[0].passage == boosted[0].passage
    assert boosted[0].score > plain[0].score, "the best sentence adds its share"


def test_the_best_scores_are_those_a_stable_sort_puts_first() -> None:
    generator = np.random.default_rng(7)
    for _ in range(200):
        scores = generator.integers(0, 4, size=int(generator.integers(1, 40))).astype(float)
        k = int(generator.integers(1, 12))
        order = np.argsort(-scores, kind="stable")[:k]
        assert best(scores, k).tolist() == [int(i) for i in order if scores[i] > 0]
