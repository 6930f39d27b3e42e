"""Tests of the fake OpenAI-compatible server through the real client stack."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator

import openai
import pytest
from langchain_core.messages import HumanMessage, SystemMessage
from langchain_openai import ChatOpenAI
from openai_server import DEFAULT_REFUSAL, OpenAICompatServer

API_KEY = "test-key"
SYSTEM = "Odpovídej pouze na základě pasáží a cituj je ve tvaru [n]."
PASSAGES = (
    "[1] Praha je hlavní město České republiky. Leží na řece Vltavě.\n"
    "[2] Brno je druhé největší město v Česku. Sídlí zde Ústavní soud.\n"
)
EXPECTED = "Brno je druhé největší město v Česku. [2]"


def rag_prompt(question: str) -> list:
    return [
        SystemMessage(SYSTEM),
        HumanMessage(f"Pasáže:\n{PASSAGES}\nOtázka: {question}"),
    ]


@pytest.fixture
def server() -> Iterator[OpenAICompatServer]:
    with OpenAICompatServer(api_key=API_KEY, delay=0.01) as running:
        yield running


def chat(server: OpenAICompatServer, **kwargs: object) -> ChatOpenAI:
    options = {"api_key": API_KEY, "model": "test-model", **kwargs}
    return ChatOpenAI(base_url=server.base_url, timeout=5, max_retries=0, **options)


def test_invoke_answers_from_best_passage(server: OpenAICompatServer) -> None:
    reply = chat(server).invoke(rag_prompt("Které město je druhé největší v Česku?"))

    assert reply.content == EXPECTED
    assert reply.response_metadata["finish_reason"] == "stop"
    assert reply.usage_metadata["output_tokens"] == len(EXPECTED.split())
    [request] = server.requests
    assert request["messages"][0] == {"role": "system", "content": SYSTEM}
    assert PASSAGES in request["messages"][1]["content"]


def test_stream_splits_the_same_answer(server: OpenAICompatServer) -> None:
    prompt = rag_prompt("Které město je druhé největší v Česku?")
    chunks = list(chat(server, stream_usage=True).stream(prompt))

    assert len([chunk for chunk in chunks if chunk.content]) > 1
    assert "".join(chunk.content for chunk in chunks) == EXPECTED
    assert chat(server).invoke(prompt).content == EXPECTED
    total = sum(chunks[1:], chunks[0])
    assert total.usage_metadata["output_tokens"] == len(EXPECTED.split())
    assert server.requests[0]["stream_options"] == {"include_usage": True}


def test_raw_stream_is_server_sent_events(server: OpenAICompatServer) -> None:
    request = urllib.request.Request(
        f"{server.base_url}/chat/completions",
        data=json.dumps({"model": "test-model", "stream": True, "messages": []}).encode(),
        headers={"Authorization": f"Bearer {API_KEY}"},
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        assert response.headers["Content-Type"].startswith("text/event-stream")
        events = [line for line in response.read().decode().splitlines() if line]

    assert all(line.startswith("data: ") for line in events)
    assert events[-1] == "data: [DONE]"
    chunks = [json.loads(line.removeprefix("data: ")) for line in events[:-1]]
    assert {chunk["object"] for chunk in chunks} == {"chat.completion.chunk"}
    assert chunks[-1]["choices"][0]["finish_reason"] == "stop"
    content = "".join(chunk["choices"][0]["delta"].get("content", "") for chunk in chunks)
    assert content == DEFAULT_REFUSAL


def test_wrong_api_key_is_rejected(server: OpenAICompatServer) -> None:
    with pytest.raises(openai.AuthenticationError):
        chat(server, api_key="wrong").invoke("Ahoj")


def test_unknown_model_is_not_found(server: OpenAICompatServer) -> None:
    with pytest.raises(openai.NotFoundError):
        chat(server, model="other-model").invoke("Ahoj")


def test_unrelated_question_gets_refusal() -> None:
    with OpenAICompatServer(refusal="Nevím.") as server:
        reply = chat(server).invoke(rag_prompt("Jaké bude zítra počasí?"))

    assert reply.content == "Nevím."


def test_follow_up_is_rewritten(server: OpenAICompatServer) -> None:
    prompt = (
        "Historie:\n"
        "Uživatel: Kdo založil Univerzitu Karlovu?\n"
        "Asistent: Karel IV.\n\n"
        "Následná otázka: A kdy?\n"
        "Samostatná otázka:"
    )
    messages = [SystemMessage("Přeformuluj následnou otázku."), HumanMessage(prompt)]

    assert chat(server).invoke(messages).content == "A kdy? Univerzitu"


def test_custom_responder_and_models_listing() -> None:
    with OpenAICompatServer(model="m", responder=lambda messages: "ok") as server:
        assert chat(server, model="m").invoke("cokoli").content == "ok"
        client = openai.OpenAI(base_url=server.base_url, api_key="any")
        assert [model.id for model in client.models.list()] == ["m"]
