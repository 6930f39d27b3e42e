"""Extractive answers: the best-supported sentences of the retrieved passages, quoted with
numbered citations; the default when no LLM endpoint is configured."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.analysis import sentences, terms
from assistant.coverage import QuestionEvidence
from assistant.model import Citation, Hit, Passage, Reply
from assistant.references import czech_date
from assistant.texts import refusal

MIN_CHARS = 12
SECOND_WITHIN = 0.85


def _head(passage: Passage) -> str:
    """What a passage's sentences are about: title, section and a resolution's title line."""
    chunk = passage.chunk
    lines = chunk.text.splitlines()[:2] if chunk.resolution else []
    return "\n".join([passage.document.title, chunk.section, *lines])


def _clean(sentence: str) -> str:
    return re.sub(r"^[•\-–]\s*", "", sentence).strip()


def with_context(sentence: str, passage: Passage) -> str:
    """Prefix a resolution's number and date when the sentence itself does not say them."""
    number = passage.chunk.resolution
    if number and number not in sentence:
        date = passage.document.date
        when = f" ze dne {czech_date(date)}" if date else ""
        return f"Usnesení č. {number}{when}: {sentence}"
    return sentence


def _distinct(text: str, chosen: list[tuple[float, int, str]]) -> bool:
    mine = set(terms(text))
    for _, _, other in chosen:
        theirs = set(terms(other))
        if mine and len(mine & theirs) / len(mine | theirs) > 0.5:
            return False
    return True


def extract(evidence: QuestionEvidence, hits: Sequence[Hit]) -> Reply:
    """The best sentence, and a second one from the top candidates when it scores nearly as
    well and says something else; sentences that lack the asked kind of fact are skipped."""
    scored = []
    for rank, hit in enumerate(hits):
        passage = hit.passage
        head = _head(passage)
        previous = ""
        for sentence in sentences(passage.chunk.text):
            text = _clean(sentence)
            shown = with_context(text, passage)
            if len(text) >= MIN_CHARS and evidence.fits(shown):
                scored.append((evidence.sentence_score(shown, head, previous, rank), rank, text))
            previous = text
    scored.sort(key=lambda x: -x[0])
    if not scored:
        return Reply(refusal(), abstained=True)
    chosen = [scored[0]]
    for candidate in scored[1:3]:
        if candidate[0] >= SECOND_WITHIN * scored[0][0] and _distinct(candidate[2], chosen):
            chosen.append(candidate)
            break
    numbers: dict[int, int] = {}
    citations: list[Citation] = []
    parts = []
    for _, rank, text in chosen:
        passage = hits[rank].passage
        n = numbers.setdefault(rank, len(numbers) + 1)
        if n == len(citations) + 1:
            citations.append(Citation(n, text, passage))
        parts.append(f"{with_context(text, passage)} [{n}]")
    return Reply(" ".join(parts), abstained=False, citations=tuple(citations))
