"""The output guard of LLM answers: what the model wrote is checked before anyone sees it."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.answer.naming import reference
from assistant.model import Citation, Hit, Reply
from assistant.search.evidence import answer_sentences, claim_support
from assistant.text.analysis import fold, normalize_for_match, sentences, terms
from assistant.text.messages import message, refusal

SUPPORTED = 0.5
SHINGLE = 6


def _shingles(text: str) -> set[tuple[str, ...]]:
    tokens = normalize_for_match(text).split()
    return {tuple(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1)}


def reveals(text: str, system: str, secrets: Sequence[str]) -> bool:
    """Whether a reply repeats the system prompt (any six words in a row) or a secret."""
    if _shingles(text) & _shingles(system):
        return True
    return any(secret and secret in text for secret in secrets)


def guard(text: str, hits: Sequence[Hit], system: str, secrets: Sequence[str]) -> Reply:
    """Withhold a reply that refused, repeats the system prompt or a secret, or cites nothing
    retrieved; drop sentences that the passages they cite do not support; renumber the
    remaining citations in order of use and quote the sentence of each passage the answer
    uses most."""
    if fold(message("refusal")) in fold(text) or reveals(text, system, secrets):
        return Reply(refusal(), abstained=True, reason="withheld")
    passages = {n: f"{reference(h.passage)}\n{h.passage.chunk.text}" for n, h in enumerate(hits, 1)}
    kept: list[tuple[str, list[int]]] = []
    for sentence, numbers in answer_sentences(text):
        valid = [n for n in numbers if n in passages]
        evidence = valid or [n for _, ns in kept for n in ns]
        if evidence and max(claim_support(sentence, passages[n]) for n in evidence) >= SUPPORTED:
            kept.append((sentence, valid))
    cited = [n for _, ns in kept for n in ns]
    if not cited:
        return Reply(refusal(), abstained=True, reason="withheld")
    order = {n: i for i, n in enumerate(dict.fromkeys(cited), 1)}
    answer = " ".join(
        sentence + "".join(f" [{order[n]}]" for n in dict.fromkeys(ns)) for sentence, ns in kept
    )
    answer_terms = set(terms(answer))
    citations = []
    for n, new in order.items():
        passage = hits[n - 1].passage
        quote = max(
            sentences(passage.chunk.text),
            key=lambda s: len(answer_terms & set(terms(s))),
            default="",
        )
        citations.append(Citation(new, quote, passage))
    return Reply(answer, abstained=False, citations=tuple(citations))
