"""The LLM path from a hand-built question context: the model reads the question as asked,
after the system rules, beside the numbered passages (no request is sent here)."""

from __future__ import annotations

from pathlib import Path

from helpers import make_settings

from assistant.answer.llm import LlmAnswerer
from assistant.question.asked import Asked
from assistant.search.filters import Filters
from assistant.search.retrieve import Retriever, SearchRequest


def test_the_prompt_holds_the_question_as_asked_and_the_numbered_passages(
    tmp_path: Path, retriever: Retriever
) -> None:
    settings = make_settings(tmp_path, llm_base_url="http://127.0.0.1:9/v1", llm_model="m")
    llm = LlmAnswerer(settings.llm)
    hits = retriever.search(SearchRequest("cyklostezka Turnov Přepeře", Filters(), 2))
    asked = Asked.of("Kolik bude stát cyklostezka z Turnova do Přepeř?")
    system, user = llm.messages(asked, hits)
    assert "Kolik bude stát" not in system.content
    assert user.content.endswith(f"Otázka: {asked.question}")
    assert "[1]" in user.content and hits[0].passage.chunk.text in user.content
