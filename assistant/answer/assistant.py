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
from assistant.council.answers import Retrieved, from_records
from assistant.council.history import Council
from assistant.model import Answer, Hit, Reply, Turn
from assistant.question.analyse import analyse, language
from assistant.question.followup import standalone
from assistant.search.evidence import QuestionEvidence
from assistant.search.filters import Filters
from assistant.search.retrieve import Retriever, SearchRequest
from assistant.settings import AnswerSettings, Settings
from assistant.text.analysis import terms
from assistant.text.messages import refusal
from assistant.text.translation import Dictionary, configured, translate


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

    @classmethod
    def open(cls, settings: Settings) -> Assistant:
        llm = None
        if settings.llm.llm_base_url:
            llm = LlmAnswerer(settings.llm, secrets=settings.service.staff_api_keys)
        dictionary = configured(settings.answer.en_dictionary)
        return cls(Retriever.open(settings), settings.answer, llm, dictionary)

    @property
    def mode(self) -> str:
        return "llm" if self.llm else "extractive"

    def _retrieve(self, question: str, filters: Filters, history: Sequence[Turn]):
        started = time.perf_counter()
        if self.llm and history:
            query = self.llm.rewrite(question, history)
        else:
            index = self.retriever.index(filters)

            def known(word: str) -> bool:
                return bool(index) and any(index.known("terms", t) for t in terms(word))

            query = standalone(question, list(history), known)
        query = self._in_czech(query, filters)
        hits = self.retriever.search(SearchRequest(query, filters, self.settings.answer_passages))
        return query, hits, time.perf_counter() - started

    def _in_czech(self, query: str, filters: Filters) -> str:
        """An English question in the documents' words (its names, figures and the words that
        say what kind of fact is asked stay English)."""
        if not self.dictionary or language(query) != "en":
            return query
        statistics = self.retriever.statistics(filters)

        def commonness(czech: str) -> float | None:
            found = terms(czech)
            if not found or not all(statistics.known("terms", t) for t in found):
                return None
            return -max(statistics.weight("terms", t) for t in found)

        return translate(query, self.dictionary, commonness)

    def _evidence(
        self, query: str, hits: list[Hit], filters: Filters
    ) -> tuple[QuestionEvidence, float]:
        """The question's evidence and how strongly the best passage supports it, weighed by
        the statistics of the audience's own view of the index."""
        evidence = QuestionEvidence(query, self.retriever.statistics(filters))
        strengths = [
            evidence.strength(f"{p.document.title}\n{p.chunk.section}\n{p.chunk.text}")
            for p in (h.passage for h in hits)
        ]
        return evidence, max(strengths, default=0.0)

    def warm(self) -> None:
        """Load the index and fill the analysis caches before the first user waits for them;
        never calls the LLM."""
        query, hits, _ = self._retrieve("Jaký je rozpočet kraje na dopravu?", Filters(), [])
        self._evidence(query, hits, Filters())
        Council.open(self.retriever.store, Filters())  # the records council questions read

    def ask(
        self, question: str, filters: Filters | None = None, history: Sequence[Turn] = ()
    ) -> Answer:
        *_, answer = self.stream(question, filters, history)
        return answer

    def stream(
        self, question: str, filters: Filters | None = None, history: Sequence[Turn] = ()
    ) -> Iterator[str | Answer]:
        """Answer text as it is produced, then the complete Answer as the last item."""
        filters = filters or Filters()
        query, hits, retrieve_s = self._retrieve(question, filters, history)
        evidence, strength = self._evidence(query, hits, filters)
        translated = bool(self.dictionary) and language(question) == "en"
        analysis = analyse(query, question if translated else None)
        started = time.perf_counter()
        # Questions in other languages share few words with Czech passages: only the focus
        # check of the extraction (their names, figures, loanwords) decides for them.
        gate = self.settings.abstain_below if analysis.language == "cs" else 0.0
        statistics = self.retriever.statistics(filters)
        # A council question about a resolution's status, vote, tasks or number is answered from
        # its record, in both modes; a question in another language only when it names it.
        found = Retrieved(hits, analysis, statistics) if analysis.language == "cs" else None
        recorded = from_records(query, self.retriever.store, filters, found)
        if recorded:
            reply = recorded
            yield from pieces(reply.text)
        elif not hits or strength < gate:
            reason = "weak_evidence" if hits else "no_passages"
            reply = Reply(refusal(analysis.language), abstained=True, reason=reason)
            yield from pieces(reply.text)
        elif self.llm:
            reply = yield from self.llm.answer(question, hits)
        else:
            index = self.retriever.index(filters)
            reply = extract(analysis, evidence, statistics, hits, len(index) if index else 1)
            yield from pieces(reply.text)
        timings = {"retrieve": retrieve_s, "answer": time.perf_counter() - started}
        yield Answer(question, reply, self.mode, query, tuple(hits), timings)
