"""Answers from an OpenAI-compatible chat endpoint (vLLM, Ollama, llama.cpp server, Azure…)
through LangChain, with prompts from `prompts/` and citations checked against the passages.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from assistant.analysis import fold, sentences, terms
from assistant.answer import Answer, citation, reference
from assistant.conversation import Turn
from assistant.retrieve import Hit
from assistant.settings import Settings
from assistant.texts import message, refusal, template

MARKER = re.compile(r"\s*\[(\d{1,2})\]")


class LlmUnavailable(RuntimeError):
    """The endpoint is misconfigured or unreachable; the message says why in Czech."""


def chat_model(settings: Settings):
    """The LangChain chat client of the configured OpenAI-compatible endpoint."""
    if not settings.llm_base_url or not settings.llm_model:
        raise LlmUnavailable(
            "Jazykový model není nastaven: zadejte ASSISTANT_LLM_BASE_URL i ASSISTANT_LLM_MODEL."
        )
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(
        base_url=settings.llm_base_url,
        model=settings.llm_model,
        api_key=settings.llm_api_key,
        temperature=settings.llm_temperature,
        timeout=settings.llm_timeout,
        max_tokens=settings.llm_max_tokens,
        max_retries=1,
        stream_usage=True,
    )


class LlmAnswerer:
    def __init__(self, settings: Settings):
        self.chat = chat_model(settings)
        self.model = settings.llm_model
        self.base_url = settings.llm_base_url

    def _call(self, messages: list) -> str:
        try:
            return str(self.chat.invoke(messages).content)
        except Exception as exc:
            raise LlmUnavailable(f"Jazykový model na {self.base_url} neodpověděl: {exc}") from exc

    def rewrite(self, question: str, history: list[Turn]) -> str:
        """A standalone version of a follow-up question, written by the model."""
        from langchain_core.messages import HumanMessage

        labels = {"user": message("user_label"), "assistant": message("assistant_label")}
        lines = "\n".join(f"{labels[t.role]}: {t.content}" for t in history[-6:])
        prompt = template("rewrite").format(history=lines, question=question)
        rewritten = self._call([HumanMessage(prompt)]).strip().splitlines()
        return rewritten[0].strip() if rewritten and rewritten[0].strip() else question

    def messages(self, question: str, hits: list[Hit]) -> list:
        from langchain_core.messages import HumanMessage, SystemMessage

        passages = "\n\n".join(
            template("passage").format(n=i, reference=reference(h), text=h.text)
            for i, h in enumerate(hits, 1)
        )
        system = template("answer_system").format(refusal=message("refusal"))
        user = template("answer_user").format(passages=passages, question=question)
        return [SystemMessage(system), HumanMessage(user)]

    def answer(self, question: str, query: str, hits: list[Hit], answer: Answer) -> Iterator[str]:
        """Stream the model's text, then settle citations and abstention on `answer`."""
        text = ""
        try:
            for chunk in self.chat.stream(self.messages(question, hits)):
                piece = str(chunk.content)
                text += piece
                if chunk.usage_metadata:
                    answer.tokens = {
                        "input": chunk.usage_metadata["input_tokens"],
                        "output": chunk.usage_metadata["output_tokens"],
                    }
                if piece:
                    yield piece
        except Exception as exc:
            raise LlmUnavailable(f"Jazykový model na {self.base_url} neodpověděl: {exc}") from exc
        settle(text, hits, answer)


def settle(text: str, hits: list[Hit], answer: Answer) -> None:
    """Keep only citations of retrieved passages, renumbered in order of use; abstain when the
    model refused or cited nothing that was retrieved."""
    if fold(message("refusal")) in fold(text):
        answer.answer, answer.abstained = refusal(), True
        return
    cited = [int(n) for n in MARKER.findall(text) if 1 <= int(n) <= len(hits)]
    if not cited:
        answer.answer, answer.abstained = refusal(), True
        return
    order = {n: i for i, n in enumerate(dict.fromkeys(cited), 1)}

    def renumber(m: re.Match) -> str:
        n = int(m.group(1))
        return f" [{order[n]}]" if n in order else ""

    answer.answer = MARKER.sub(renumber, text).strip()
    answer.abstained = False
    answer_terms = set(terms(answer.answer))
    for n, new in order.items():
        hit = hits[n - 1]
        quote = max(
            sentences(hit.text), key=lambda s: len(answer_terms & set(terms(s))), default=""
        )
        answer.citations.append(citation(new, hit, quote))
