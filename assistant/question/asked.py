"""The question understood once per request: what is searched, in which language, what it
asks and how its words weigh in the audience's own view of the index. Built before retrieval
and handed to every later step (record answers, extraction, the LLM), none of which works any
of it out again."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from assistant.model import Turn
from assistant.question.analyse import QuestionAnalysis, analyse, language, verb_terms
from assistant.question.followup import standalone
from assistant.search.evidence import QuestionEvidence, Statistics, Uniform
from assistant.search.filters import Filters
from assistant.search.lexical import LexicalIndex
from assistant.search.retrieve import SearchRequest
from assistant.text.analysis import terms
from assistant.text.translation import Dictionary, translate

Rewrite = Callable[[str, Sequence[Turn]], str]


@dataclass(frozen=True, slots=True)
class Asked:
    question: str  # as the user asked it
    query: str  # what is searched: standalone, in the documents' words
    filters: Filters  # the audience among them
    analysis: QuestionAnalysis
    evidence: QuestionEvidence
    statistics: Statistics  # of the audience's view only: nothing internal leaks through them
    chunks: int = 1  # in that view

    @property
    def language(self) -> str:
        return self.analysis.language

    def search(self, k: int) -> SearchRequest:
        return SearchRequest(self.query, self.filters, k)

    @classmethod
    def of(
        cls, question: str, filters: Filters | None = None, statistics: Statistics | None = None,
        chunks: int = 1,
    ) -> Asked:  # fmt: skip
        """A question taken as it stands (no conversation, no translation)."""
        statistics = statistics or Uniform()
        return cls(
            question, question, filters or Filters(), analyse(question),
            QuestionEvidence(question, statistics, verb_terms(question)), statistics, chunks,
        )  # fmt: skip


def _in_czech(query: str, dictionary: Dictionary, statistics: Statistics) -> str:
    """An English question in the documents' words: each word's translation the view uses
    most (its names, figures and the words that say what kind of fact is asked stay)."""

    def commonness(czech: str) -> float | None:
        found = terms(czech)
        if not found or not all(statistics.known("terms", t) for t in found):
            return None
        return -max(statistics.weight("terms", t) for t in found)

    return translate(query, dictionary, commonness)


def understand(
    question: str, filters: Filters, history: Sequence[Turn] = (),
    view: LexicalIndex | None = None, dictionary: Dictionary | None = None,
    rewrite: Rewrite | None = None,
) -> Asked:  # fmt: skip
    """The question made standalone (by the LLM's `rewrite` when there is one, else by carrying
    the conversation's topic words the view knows), put in Czech words, and analysed."""
    statistics: Statistics = view or Uniform()
    if rewrite and history:
        query = rewrite(question, history)
    else:

        def known(word: str) -> bool:
            return bool(view) and any(view.known("terms", t) for t in terms(word))

        query = standalone(question, list(history), known)
    spoken = language(question)
    searched = query
    if dictionary and (spoken if query == question else language(query)) == "en":
        searched = _in_czech(query, dictionary, statistics)
    # Translated questions keep the language and the kinds of fact they were asked in.
    translated = bool(dictionary) and spoken == "en"
    if translated:
        analysis = analyse(searched, question, spoken)
    else:
        analysis = analyse(searched, None, spoken if searched == question else None)
    if query != question:  # what an earlier question asked about is not asked again
        analysis = replace(analysis, noun="", counts_noun=False)
    evidence = QuestionEvidence(searched, statistics, analysis.verbs)
    return Asked(
        question, searched, filters, analysis, evidence, statistics, len(view) if view else 1
    )
