"""Answers with numbered citations: extractive by default, an LLM when one is configured.

Both modes retrieve the same passages, abstain on the same weak evidence, and only ever
cite passages that were retrieved for this question.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date as Date

from assistant.analysis import fold, grams, question_core, sentences, terms, words
from assistant.conversation import Turn, standalone
from assistant.evidence import Question, matches
from assistant.retrieve import Audience, Hit, Retriever, SearchRequest
from assistant.settings import Settings
from assistant.texts import message, refusal

MONEY_NOUNS = (
    r"(cen[aouy]?|naklad\w*|vydaj\w*|rozpoct\w*|penez|penize|castk\w*|dotac\w*|kapital\w*"
    r"|alokac\w*|korun\w*)"
)
ANSWER_TYPES = {
    "money": re.compile(
        rf"\bkolik\b.*\b(stat|stoj\w*|stal[oay]?|zaplat\w*|plati\w*|{MONEY_NOUNS})\b"
        rf"|\b(jak\w*|vyse)\b.*\b{MONEY_NOUNS}\b"
    ),
    "number": re.compile(r"\b(kolik\w*|pocet|poctu|jak velk\w*)\b"),
    "date": re.compile(r"\b(kdy|datum\w*|ktereho dne|v jakem roce|od kdy|do kdy)\b"),
    "reason": re.compile(r"\b(proc|z jakeho duvodu|duvod\w*)\b"),
    "resolution": re.compile(r"\b(kterym usnesenim|cislo usneseni|jakym usnesenim)\b"),
    "address": re.compile(r"\b(adres\w*|web\w*|odkaz\w*|kde najdu)\b"),
}
# Types an answer sentence must have (money implies number); the others only make a
# sentence more likely.
REQUIRED = ("money", "number", "date", "resolution")
BONUS = {"reason": 0.3, "address": 0.15}
NUMERALS = frozenset(
    "jeden jedna jedno jednoho jednomu jednom jednim dva dve dvou dvema tri trech trem tremi "
    "ctyri ctyr ctyrech ctyrem ctyrmi pet peti sest sesti sedm sedmi osm osmi devet deviti "
    "deset deseti jedenact dvanact trinact ctrnact patnact dvacet tricet ctyricet padesat sto "
    "tisic tisice milion milionu miliarda miliard polovina polovinu tretina ctvrtina".split()
)
FULL_DATE = re.compile(r"\b\d{1,2}\.\s?\d{1,2}\.\s?\d{4}\b")
NOT_QUANTITY = re.compile(
    r"\b\d{1,2}\.\s?\d{1,2}\.\s?\d{4}\b|\b\d{1,2}\.\s?\d{4}\b|\b\d+/\d+(/[a-z]+)?\b"
    r"|\b(19|20)\d{2}\b|\b\d{1,2}\.(?=\s)"
)
FACTS = {
    "money": re.compile(r"\d[\d ]*(,\d+)?\s*(kc|korun\w*|eur|czk|mil\w*|mld|tis\w*)\b|\d,-"),
    "date": re.compile(
        r"\b\d{1,2}\.\s?\d{1,2}\.\s?\d{4}\b|\b(19|20)\d{2}\b|"
        r"\b(ledn|unor|brez|dub|kvet|cerv|srp|zari|rij|listopad|prosin)\w*"
    ),
    "resolution": re.compile(r"\b\d{1,5}/\d{2,4}/[a-z]{1,4}\b"),
    "reason": re.compile(r"\b(zpusoben\w*|protoze|nebot|z duvodu|kvuli|diky|proto|duvodem)\b"),
    "address": re.compile(r"https?://|www\.|\b[a-z0-9-]+\.(cz|eu|com|org)\b"),
}


def has(kind: str, folded: str) -> bool:
    """Whether folded text states a fact of the kind (a count, an amount, a date…)."""
    if kind == "number":
        return bool(re.search(r"\d", NOT_QUANTITY.sub(" ", folded))) or bool(
            NUMERALS.intersection(folded.split())
        )
    return bool(FACTS[kind].search(folded))


@dataclass
class Citation:
    n: int
    source: str
    title: str
    page: int | None
    url: str
    quote: str
    chunk_id: str = ""
    doc_id: str = ""
    resolution: str = ""
    date: str = ""
    section: str = ""

    def public_dict(self) -> dict:
        keys = ("n", "source", "title", "page", "url", "quote")
        return {k: getattr(self, k) for k in keys}


@dataclass
class Answer:
    question: str
    answer: str
    abstained: bool
    mode: str
    citations: list[Citation] = field(default_factory=list)
    query: str = ""
    hits: list[Hit] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    tokens: dict[str, int] = field(default_factory=dict)

    def public_dict(self) -> dict:
        return {
            "question": self.question,
            "answer": self.answer,
            "abstained": self.abstained,
            "mode": self.mode,
            "citations": [c.public_dict() for c in self.citations],
        }


def czech_date(value: str) -> str:
    try:
        d = Date.fromisoformat(value[:10])
    except ValueError:
        return value
    return f"{d.day}. {d.month}. {d.year}"


def reference(hit: Hit) -> str:
    """How a passage is named in prompts and answers: title, resolution, date, page."""
    parts = [hit.title]
    if hit.resolution:
        parts.append(f"{message('resolution_label')} {hit.resolution}")
    if hit.date:
        parts.append(czech_date(hit.date))
    if hit.page:
        parts.append(f"{message('page_label')} {hit.page}")
    return ", ".join(parts)


class Evidence:
    """Scores passages and sentences against one question (terms and n-grams, IDF-weighted)."""

    TERM_SHARE = 0.7
    PREVIOUS = 0.3

    def __init__(self, question: str, retriever: Retriever):
        question = question_core(question)
        self.terms = Question.of(question, retriever.weight("terms"))
        lexical = retriever.lexical
        self.unknown = {t for t in self.terms.weights if lexical and not lexical.known("terms", t)}
        self.grams = _GramQuestion(question, retriever.weight("grams"))
        folded = fold(question)
        self.types = [name for name, rx in ANSWER_TYPES.items() if rx.search(folded)]
        self.required = [t for t in self.types if t in REQUIRED]
        if "money" in self.required and "number" in self.required:
            self.required.remove("number")

    def _matched(self, text: str) -> set[str]:
        found, folded = set(terms(text)), set(words(text))
        return {t for t in self.terms.weights if matches(t, found, folded)}

    def coverage(self, text: str) -> float:
        """Share of the question (IDF-weighted terms and n-grams) found in the text."""
        matched = sum(self.terms.weights[t] for t in self._matched(text))
        term_share = matched / self.terms.total if self.terms.total else 0.0
        return self.TERM_SHARE * term_share + (1 - self.TERM_SHARE) * self.grams.coverage(text)

    def support(self, text: str) -> float:
        """Coverage, scaled down by the share of question words that the whole index has
        never seen and the passage does not match either: the strongest single sign of an
        unanswerable question (calibrated on cross-corpus questions, see README)."""
        missing = self.unknown - self._matched(text)
        share = len(missing) / len(self.terms.weights) if self.terms.weights else 0.0
        return self.coverage(text) * (1 - share)

    def fits(self, sentence: str) -> bool:
        """Whether a sentence (with its context) has a kind of fact the question asks for."""
        folded = fold(sentence)
        return not self.required or any(has(kind, folded) for kind in self.required)

    def sentence_score(self, sentence: str, head: str, previous: str, rank: int) -> float:
        """Coverage of the sentence read under its passage's heading (title, section,
        resolution title), plus part of the previous sentence's, which it often continues
        ("Navýšení … je způsobeno …"), plus answer-type hints."""
        folded = fold(sentence)
        bonus = sum(BONUS.get(kind, 0.0) for kind in self.types if has(kind, folded))
        if "date" in self.types and FULL_DATE.search(folded):
            bonus += 0.1
        local = self.PREVIOUS * self.coverage(previous) if previous else 0.0
        return self.coverage(f"{head}\n{sentence}") + local + bonus - 0.03 * rank


class _GramQuestion:
    def __init__(self, question: str, weight: Callable[[str], float]):
        self.weights = {g: weight(g) for g in dict.fromkeys(grams(question))}
        self.total = sum(self.weights.values())

    def coverage(self, text: str) -> float:
        found = set(grams(text))
        matched = sum(w for g, w in self.weights.items() if g in found)
        return matched / self.total if self.total else 0.0


def _head(hit: Hit) -> str:
    """What a passage's sentences are about: title, section and a resolution's title line."""
    lines = hit.text.splitlines()[:2] if hit.resolution else []
    return "\n".join([hit.title, hit.section, *lines])


def _clean_sentence(sentence: str) -> str:
    return re.sub(r"^[•\-–]\s*", "", sentence).strip()


def _with_context(sentence: str, hit: Hit) -> str:
    """Prefix a resolution's number and date when the sentence itself does not say them."""
    if hit.resolution and hit.resolution not in sentence:
        when = f" ze dne {czech_date(hit.date)}" if hit.date else ""
        return f"Usnesení č. {hit.resolution}{when}: {sentence}"
    return sentence


class Assistant:
    """Question in, cited answer out; the same object serves the CLI, the API and evaluation."""

    def __init__(self, settings: Settings, retriever: Retriever | None = None):
        self.settings = settings
        self.retriever = retriever or Retriever(settings)
        self.llm = None
        if settings.llm_base_url:
            from assistant.llm import LlmAnswerer

            self.llm = LlmAnswerer(settings)

    @property
    def mode(self) -> str:
        return "llm" if self.llm else "extractive"

    def _retrieve(
        self, question: str, audience: Audience, history: list[Turn], **filters
    ) -> tuple[str, list[Hit], float]:
        started = time.perf_counter()
        query = (
            self.llm.rewrite(question, history)
            if self.llm and history
            else standalone(question, history, self._known)
        )
        hits = self.retriever.search(
            SearchRequest(query, audience, self.settings.answer_passages, **filters)
        )
        return query, hits, time.perf_counter() - started

    def _known(self, word: str) -> bool:
        lexical = self.retriever.lexical
        return bool(lexical) and any(lexical.known("terms", t) for t in terms(word))

    def _supported(self, query: str, hits: list[Hit]) -> tuple[Evidence, list[float]]:
        evidence = Evidence(query, self.retriever)
        support = [evidence.support(f"{h.title}\n{h.section}\n{h.text}") for h in hits]
        return evidence, support

    def warm(self) -> None:
        """Load the index and fill the analysis caches before the first user waits for them;
        never calls the LLM."""
        query, hits, _ = self._retrieve("Jaký je rozpočet kraje na dopravu?", "public", [])
        self._supported(query, hits)

    def ask(
        self,
        question: str,
        audience: Audience = "public",
        history: list[Turn] | None = None,
        **filters,
    ) -> Answer:
        events = list(self.stream(question, audience, history, **filters))
        return events[-1]

    def stream(
        self,
        question: str,
        audience: Audience = "public",
        history: list[Turn] | None = None,
        **filters,
    ) -> Iterator[str | Answer]:
        """Answer text as it is produced, then the complete Answer as the last item."""
        history = history or []
        query, hits, retrieve_s = self._retrieve(question, audience, history, **filters)
        evidence, support = self._supported(query, hits)
        started = time.perf_counter()
        answer = Answer(question, "", True, self.mode, query=query, hits=hits)
        if not hits or max(support) < self.settings.abstain_below:
            answer.answer = refusal()
            yield from _words(answer.answer)
        elif self.llm:
            yield from self.llm.answer(question, query, hits, answer)
        else:
            self._extract(evidence, hits, answer)
            yield from _words(answer.answer)
        answer.timings = {"retrieve": retrieve_s, "answer": time.perf_counter() - started}
        yield answer

    def _extract(self, evidence: Evidence, hits: list[Hit], answer: Answer) -> None:
        scored = []
        for rank, hit in enumerate(hits):
            head = _head(hit)
            previous = ""
            for sentence in sentences(hit.text):
                text = _clean_sentence(sentence)
                shown = _with_context(text, hit)
                if len(text) >= 12 and evidence.fits(shown):
                    score = evidence.sentence_score(shown, head, previous, rank)
                    scored.append((score, rank, text))
                previous = text
        scored.sort(key=lambda x: -x[0])
        if not scored:
            answer.answer = refusal()
            return
        chosen = [scored[0]]
        for candidate in scored[1:3]:
            if candidate[0] >= 0.85 * scored[0][0] and _distinct(candidate[2], chosen):
                chosen.append(candidate)
                break
        numbers: dict[int, int] = {}
        parts = []
        for _, rank, text in chosen:
            hit = hits[rank]
            n = numbers.setdefault(rank, len(numbers) + 1)
            if n == len(answer.citations) + 1:
                answer.citations.append(citation(n, hit, text))
            parts.append(f"{_with_context(text, hit)} [{n}]")
        answer.answer = " ".join(parts)
        answer.abstained = False


def _words(text: str) -> Iterator[str]:
    """A finished answer in word-sized pieces, so clients stream it like an LLM's."""
    yield from re.findall(r"\S+\s*", text)


def _distinct(text: str, chosen: list[tuple]) -> bool:
    mine = set(terms(text))
    for _, _, other in chosen:
        theirs = set(terms(other))
        if mine and len(mine & theirs) / len(mine | theirs) > 0.5:
            return False
    return True


def citation(n: int, hit: Hit, quote: str) -> Citation:
    return Citation(
        n=n,
        source=hit.source,
        title=hit.title,
        page=hit.page,
        url=hit.url,
        quote=quote,
        chunk_id=hit.chunk_id,
        doc_id=hit.doc_id,
        resolution=hit.resolution,
        date=hit.date,
        section=hit.section,
    )
