"""Question in, cited answer out: retrieve → check the evidence → extract or ask the LLM.

Both modes retrieve the same passages, abstain on the same weak evidence, and only ever cite
passages that were retrieved for this question. The same object serves the CLI, the API and
the evaluation.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Sequence

from assistant.answer.extractive import extract
from assistant.answer.llm import LlmAnswerer
from assistant.council.answers import from_records
from assistant.model import Answer, Hit, Reply, Turn
from assistant.question.asked import Asked, understand
from assistant.search.filters import Filters
from assistant.search.retrieve import Retriever
from assistant.settings import AnswerSettings
from assistant.text.messages import refusal
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
            asked.evidence.strength(_passage_text(hit))

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
        strength = max((asked.evidence.strength(_passage_text(h)) for h in hits), default=0.0)
        started = time.perf_counter()
        # Questions in other languages share few words with Czech passages: only the focus
        # check of the extraction (their names, figures, loanwords) decides for them.
        gate = self.settings.abstain_below if asked.language == "cs" else 0.0
        # A council question about a resolution's status, vote, tasks or number is answered from
        # its record, in both modes; a question in another language only when it names it.
        found = hits if asked.language == "cs" else None
        recorded = from_records(asked, self.retriever.store, found)
        if recorded:
            reply = recorded
            yield from pieces(reply.text)
        elif not hits or strength < gate:
            reason = "weak_evidence" if hits else "no_passages"
            reply = Reply(refusal(asked.language), abstained=True, reason=reason)
            yield from pieces(reply.text)
        elif self.llm:
            reply = yield from self.llm.answer(asked, hits)
        else:
            reply = extract(asked, hits)
            yield from pieces(reply.text)
        timings = {"retrieve": retrieve_s, "answer": time.perf_counter() - started}
        yield Answer(question, reply, self.mode, asked.query, tuple(hits), timings)


def _passage_text(hit: Hit) -> str:
    """What the evidence check reads of a passage: its title, section and text."""
    p = hit.passage
    return f"{p.document.title}\n{p.chunk.section}\n{p.chunk.text}"
