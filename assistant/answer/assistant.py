"""Question in, cited answer out: retrieve → check the evidence → extract or ask the LLM.

Both modes retrieve the same passages, abstain on the same weak evidence, and only ever cite
passages that were retrieved for this question. The same object serves the CLI, the API and
the evaluation.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Sequence

from assistant.answer.confidence import bundled, indexed_lines, signals
from assistant.answer.extractive import extract
from assistant.answer.llm import LlmAnswerer
from assistant.council.answers import from_records, with_chain
from assistant.model import Answer, Hit, Passage, Reply, Turn
from assistant.question.asked import Asked, understand
from assistant.search.filters import Filters
from assistant.search.retrieve import Retriever
from assistant.settings import AnswerSettings
from assistant.text.messages import message, refusal
from assistant.text.translation import Dictionary


def pieces(text: str) -> Iterator[str]:
    """A finished answer in word-sized pieces, so clients stream it like an LLM's."""
    yield from re.findall(r"\S+\s*", text)


class Assistant:
    def __init__(
        self, retriever: Retriever, settings: AnswerSettings, llm: LlmAnswerer | None = None,
        dictionary: Dictionary | None = None,
    ):  # fmt: skip
        self.retriever = retriever
        self.settings = settings
        self.llm = llm
        self.dictionary = dictionary
        self.calibration = bundled()
        self.threshold = (
            self.calibration.threshold(settings.max_wrong_rate) if self.calibration else 0.0
        )

    @property
    def mode(self) -> str:
        return "llm" if self.llm else "extractive"

    def understand(self, question: str, filters: Filters, history: Sequence[Turn] = ()) -> Asked:
        """The question as every later step reads it, against the audience's view."""
        rewrite = self.llm.rewrite if self.llm else None
        view = self.retriever.index(filters)
        return understand(question, filters, history, view, self.dictionary, rewrite)

    def warm(self) -> None:
        """Load the index and fill the analysis caches before the first user waits for them;
        never calls the LLM."""
        asked = self.understand("Jaký je rozpočet kraje na dopravu?", Filters())
        for hit in self.retriever.search(asked.search(self.settings.answer_passages)):
            asked.evidence.strength(*indexed_lines(hit))
        self.retriever.query_vector("rozpocet kraje na dopravu")  # the word list for diacritics

    def ask(
        self, question: str, filters: Filters | None = None, history: Sequence[Turn] = ()
    ) -> Answer:
        *_, answer = self.stream(question, filters, history)
        return answer

    def stream(
        self, question: str, filters: Filters | None = None, history: Sequence[Turn] = ()
    ) -> Iterator[str | Answer]:
        """Answer text as it is produced, then the complete Answer as the last item."""
        started = time.perf_counter()
        asked = self.understand(question, filters or Filters(), history)
        hits = self.retriever.search(asked.search(self.settings.answer_passages))
        retrieve_s = time.perf_counter() - started
        # How strongly the best passage supports the question.
        strength = max((asked.evidence.strength(*indexed_lines(h)) for h in hits), default=0.0)
        started = time.perf_counter()
        # Questions in other languages share few words with Czech passages: only the focus
        # check of the extraction (their names, figures, loanwords) decides for them.
        gate = self.settings.abstain_below if asked.language == "cs" else 0.0
        # A council question about a resolution's status, vote, tasks or number is answered from
        # its record, in both modes; a question in another language only when it names it.
        found = hits if asked.language == "cs" else None
        recorded = from_records(asked, self.retriever.store, found)
        streamed = False
        if recorded:
            reply = recorded
        elif not hits or strength < gate:
            reason = "weak_evidence" if hits else "no_passages"
            reply = Reply(refusal(asked.language), abstained=True, reason=reason)
        elif self.llm:
            reply = yield from self.llm.answer(asked, hits)
            streamed = True
        else:
            reply = with_chain(extract(asked, hits), asked, self.retriever.store)
        confidence, values, withheld = None, {}, None
        if not recorded and not reply.abstained:
            values = signals(asked, hits, reply, strength, self.retriever)
            confidence = self.calibration.confidence(values) if self.calibration else None
            # Only an answer not yet shown can be withheld: the LLM's streams as it comes. The
            # calibration learned from Czech questions; a few dozen in other languages do not
            # tell how their signals read, so the reader alone decides for those.
            czech = asked.language == "cs"
            if not streamed and czech and confidence is not None and confidence < self.threshold:
                withheld = reply
                reply = Reply(refusal(asked.language), abstained=True, reason="low_confidence")
        # Documents to read only when they are about the question (the reader looked and found
        # no answer in them), not when the evidence was too weak to look at all.
        about = reply.abstained and reply.reason not in ("weak_evidence", "no_passages")
        related = _related(hits, self.settings.related_documents) if about else ()
        if related and not streamed:
            reply = Reply(_refusal_with(related, asked.language), True, reason=reply.reason)
        if not streamed:
            yield from pieces(reply.text)
        timings = {"retrieve": retrieve_s, "answer": time.perf_counter() - started}
        yield Answer(question, reply, self.mode, asked.query, tuple(hits), timings,
                     confidence, values, related, withheld)  # fmt: skip


def _related(hits: Sequence[Hit], limit: int) -> tuple[Passage, ...]:
    """The best passage of each of the first few documents the search found."""
    seen: dict[str, Passage] = {}
    for hit in hits:
        seen.setdefault(hit.passage.document.doc_id, hit.passage)
    return tuple(seen.values())[:limit]


def _refusal_with(related: Sequence[Passage], language: str) -> str:
    """The refusal, then the related documents by title: what to read, not an answer."""
    if language != "cs":
        return refusal(language)
    titles = "; ".join(f"„{p.document.title}“" for p in related)
    return f"{message('refusal_related')} {titles}. {message('refusal_help')}"
