"""Answers from an OpenAI-compatible chat endpoint (vLLM, Ollama, llama.cpp server, Azure…)
through LangChain, with prompts from `prompts/` and citations checked against the passages.
"""

from __future__ import annotations

from collections.abc import Iterator

from assistant.analysis import fold, normalize_for_match, sentences, terms
from assistant.answer import Answer, citation, reference
from assistant.conversation import Turn
from assistant.evidence import answer_sentences, support
from assistant.retrieve import Hit
from assistant.settings import Settings
from assistant.texts import message, refusal, template


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
        self.system = template("answer_system").format(refusal=message("refusal"))
        keys = [settings.llm_api_key.get_secret_value(), *settings.staff_api_keys]
        self.secrets = [k for k in keys if len(k) >= 8 and k != "not-needed"]

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
        user = template("answer_user").format(passages=passages, question=question)
        return [SystemMessage(self.system), HumanMessage(user)]

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
        settle(text, hits, answer, self.system, self.secrets)


SUPPORTED = 0.5
SHINGLE = 6


def _shingles(text: str) -> set[tuple[str, ...]]:
    tokens = normalize_for_match(text).split()
    return {tuple(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1)}


def reveals(text: str, system: str, secrets: list[str]) -> bool:
    """Whether a reply repeats the system prompt (any six words in a row) or a secret."""
    if _shingles(text) & _shingles(system):
        return True
    return any(secret and secret in text for secret in secrets)


def settle(text: str, hits: list[Hit], answer: Answer, system: str, secrets: list[str]) -> None:
    """Guard the model's reply before anyone sees it: withhold it when it refused, repeats the
    system prompt or a secret, or cites nothing retrieved; drop sentences that the passages
    they cite do not support; renumber the remaining citations in order of use."""
    if fold(message("refusal")) in fold(text) or reveals(text, system, secrets):
        answer.answer, answer.abstained = refusal(), True
        return
    passages = {n: f"{reference(h)}\n{h.text}" for n, h in enumerate(hits, 1)}
    kept: list[tuple[str, list[int]]] = []
    for sentence, numbers in answer_sentences(text):
        valid = [n for n in numbers if n in passages]
        evidence = valid or [n for _, ns in kept for n in ns]
        if evidence and max(support(sentence, passages[n]) for n in evidence) >= SUPPORTED:
            kept.append((sentence, valid))
    cited = [n for _, ns in kept for n in ns]
    if not cited:
        answer.answer, answer.abstained = refusal(), True
        return
    order = {n: i for i, n in enumerate(dict.fromkeys(cited), 1)}
    answer.answer = " ".join(
        sentence + "".join(f" [{order[n]}]" for n in dict.fromkeys(ns)) for sentence, ns in kept
    )
    answer.abstained = False
    answer_terms = set(terms(answer.answer))
    for n, new in order.items():
        hit = hits[n - 1]
        quote = max(
            sentences(hit.text), key=lambda s: len(answer_terms & set(terms(s))), default=""
        )
        answer.citations.append(citation(new, hit, quote))
