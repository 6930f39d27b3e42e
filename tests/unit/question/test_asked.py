"""The question understood once: a follow-up made standalone with the words the audience's view
knows, the LLM's rewrite when there is one, and what every later step reads from it."""

from __future__ import annotations

from assistant.model import Turn
from assistant.question.asked import Asked, understand
from assistant.search.filters import Filters
from assistant.search.retrieve import Retriever, SearchRequest

TOPIC = [Turn("user", "Kolik bude stát cyklostezka z Turnova do Přepeř?"),
         Turn("assistant", "12 350 000 Kč. [1]")]  # fmt: skip


def test_a_question_taken_as_it_stands() -> None:
    asked = Asked.of("Kolik bude stát cyklostezka?", Filters("staff"), chunks=10)
    assert asked.query == asked.question and asked.language == "cs"
    assert asked.analysis.parts[0].required == ("money",)
    assert list(asked.evidence.kinds) == list(asked.analysis.kinds)
    assert asked.search(3) == SearchRequest("Kolik bude stát cyklostezka?", Filters("staff"), 3)


def test_a_follow_up_carries_the_topic_words_the_view_knows(retriever: Retriever) -> None:
    view = retriever.index(Filters())
    asked = understand("A jak bude dlouhá?", Filters(), TOPIC, view)
    assert asked.question == "A jak bude dlouhá?" and "cyklostezka" in asked.query
    assert asked.chunks == len(view) and asked.statistics is view
    assert asked.analysis.question == asked.query  # the analysis reads what is searched
    unknown = [Turn("user", "Kolik stojí xqzvwk v Turnově?")]
    assert "xqzvwk" not in understand("A kdy?", Filters(), unknown, view).query


def test_the_llm_rewrites_a_follow_up_when_there_is_one(retriever: Retriever) -> None:
    def rewrite(question: str, history) -> str:
        return "Jak dlouhá bude cyklostezka z Turnova do Přepeř?"

    asked = understand("A jak bude dlouhá?", Filters(), TOPIC, retriever.index(Filters()),
                       rewrite=rewrite)  # fmt: skip
    assert asked.query == "Jak dlouhá bude cyklostezka z Turnova do Přepeř?"
    assert understand("Kdy?", Filters(), (), None, rewrite=rewrite).query == "Kdy?"
