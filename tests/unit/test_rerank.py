"""Re-ranking by the best sentence: a passage whose one sentence answers the question beats
one that spreads the question's words over several sentences."""

from __future__ import annotations

from assistant.search.evidence import WeightedTerms, best_sentence
from assistant.search.retrieve import SearchRequest
from assistant.service import Service
from assistant.settings import Settings
from assistant.text.analysis import terms


def question(text: str) -> WeightedTerms:
    return WeightedTerms.of(terms(text), lambda t: 1.0)


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
