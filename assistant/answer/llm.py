"""Answers from an OpenAI-compatible chat endpoint (vLLM, Ollama, llama.cpp server, Azure…)
through LangChain, with prompts from `prompts/`; what the model writes goes through the
output guard before anyone sees it."""

from __future__ import annotations

from collections.abc import Generator, Sequence
from dataclasses import replace

from assistant.answer.guard import guard
from assistant.answer.naming import reference
from assistant.errors import Unavailable
from assistant.model import Hit, Reply, Turn
from assistant.question.asked import Asked
from assistant.settings import LlmSettings
from assistant.text.messages import message, template


class LlmUnavailable(Unavailable):
    """The endpoint is misconfigured or unreachable; the message says why in Czech."""


def chat_model(settings: LlmSettings):
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
    def __init__(self, settings: LlmSettings, secrets: Sequence[str] = ()):
        self.chat = chat_model(settings)
        self.base_url = settings.llm_base_url
        self.system = template("answer_system").format(refusal=message("refusal"))
        keys = [settings.llm_api_key.get_secret_value(), *secrets]
        self.secrets = [k for k in keys if len(k) >= 8 and k != "not-needed"]

    def _call(self, messages: list) -> str:
        try:
            return str(self.chat.invoke(messages).content)
        except Exception as exc:
            raise LlmUnavailable(f"Jazykový model na {self.base_url} neodpověděl: {exc}") from exc

    def rewrite(self, question: str, history: Sequence[Turn]) -> str:
        """A standalone version of a follow-up question, written by the model."""
        from langchain_core.messages import HumanMessage

        labels = {"user": message("user_label"), "assistant": message("assistant_label")}
        lines = "\n".join(f"{labels[t.role]}: {t.content}" for t in history[-6:])
        prompt = template("rewrite").format(history=lines, question=question)
        rewritten = self._call([HumanMessage(prompt)]).strip().splitlines()
        return rewritten[0].strip() if rewritten and rewritten[0].strip() else question

    def messages(self, asked: Asked, hits: Sequence[Hit]) -> list:
        """The system prompt and the numbered passages with the question as it was asked."""
        from langchain_core.messages import HumanMessage, SystemMessage

        passages = "\n\n".join(
            template("passage").format(
                n=i, reference=reference(h.passage), text=h.passage.chunk.text
            )
            for i, h in enumerate(hits, 1)
        )
        user = template("answer_user").format(passages=passages, question=asked.question)
        return [SystemMessage(self.system), HumanMessage(user)]

    def answer(self, asked: Asked, hits: Sequence[Hit]) -> Generator[str, None, Reply]:
        """Stream the model's text; return the guarded reply with the tokens used."""
        text, tokens = "", {}
        try:
            for chunk in self.chat.stream(self.messages(asked, hits)):
                piece = str(chunk.content)
                text += piece
                if chunk.usage_metadata:
                    tokens = {
                        "input": chunk.usage_metadata["input_tokens"],
                        "output": chunk.usage_metadata["output_tokens"],
                    }
                if piece:
                    yield piece
        except Exception as exc:
            raise LlmUnavailable(f"Jazykový model na {self.base_url} neodpověděl: {exc}") from exc
        return replace(guard(text, hits, self.system, self.secrets), tokens=tokens)
