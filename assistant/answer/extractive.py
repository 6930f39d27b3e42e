"""Extractive answers: the sentences of the retrieved passages that answer what the question
asks, quoted with numbered citations; the default when no LLM endpoint is configured.

Each sentence is a candidate, scored on how much of the question's focus it covers (read under
its passage's heading), whether it states the kind of fact asked for, and whether its passage
holds the names and numbers the question names. A question that asks for several things gets
one sentence per thing; a list, the items from every passage that has one. Nothing is answered
when the best candidate misses the focus, a name or the kind of fact: an honest refusal says
why (`Reply.reason`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from assistant.answer.contentless import content_free
from assistant.answer.sentences import (
    clean,
    garbled,
    heading,
    stated,
    with_context,
)
from assistant.model import Citation, Hit, Passage, Reply
from assistant.question.analyse import DATE_TOKEN, DATES, ORGANISATION_NOUNS
from assistant.question.asked import Asked
from assistant.text.analysis import (
    UPPER,
    adjectival,
    fold,
    matches,
    sentences,
    terms,
    vocabulary,
)
from assistant.text.facts import NOT_QUANTITY, NUMERALS
from assistant.text.messages import refusal

MIN_CHARS = 12
GENERIC_SHARE = 0.2  # terms in more than this share of chunks say little about what is asked
FOCUS_MIN = 0.5
PASSAGE_MIN = 0.1  # of the question's focus, in the passage a quote comes from (Czech questions)
VERB_WEIGHT = 0.35
LIST_FLOOR = 0.55
PART_FLOOR = 0.4  # a sentence answering a later part covers less of the whole question
SECOND_WITHIN = 0.85
VOTE_BONUS = 0.3
MAX_ITEMS = 6
LIST_WINDOW = 6  # of the best-scored sentences, where a list question looks for a lead-in
# Roles only a person holds; a "garant" or "koordinátor" may be an office.
PERSONAL_ROLES = (
    r"radn\w*|reditel\w*|vedouc\w*|hejtman\w*|starost\w*|predsed\w*|namest\w*|jednatel\w*"
    r"|tajemn\w*"
)
PERSONAL_ROLE = re.compile(rf"\b({PERSONAL_ROLES})\b")
# A person's role, what "Kdo je Jiří Ulvr?" asks for.
ROLE = re.compile(rf"\b({PERSONAL_ROLES}|clen\w* rady|koordinator\w*|garant\w*)\b")
ROLE_BONUS = 0.2
COUNT_BONUS = 0.15
DEADLINE = re.compile(r"^Termín\s*:", re.I)
# A company as documents name one: its legal form, or "společnost" and a capitalised name.
ORGANISATION = re.compile(
    r"\b(s\.\s?r\.\s?o|a\.\s?s|spol\.\s?s|z\.\s?s|o\.\s?p\.\s?s|z\.\s?ú)\.?(?!\w)"
    rf"|\b[Ss]polečnost\w*\s+[{UPPER}]"
)
# A sentence that opens by pointing back ("Tyto události ukázaly…", "Díky této technologii…")
# says what it is about in the sentence before: quoted alone it names nothing.
ANAPHOR = re.compile(
    r"^(ten|ta|to|ty|ti|proto|diky tomu|z toho"
    r"|(\w+ ){0,2}(tento|tato|toto|tyto|tito|teto|tohoto|tomto|tomuto|timto|techto|temito|temto"
    r"|tuto|tomu|tim))\b"
)


@dataclass
class Candidate:
    rank: int
    position: int
    raw: str
    text: str
    passage: Passage
    score: float = 0.0
    focus: float = 0.0
    names_ok: bool = True
    kinds: frozenset[str] = frozenset()
    support: float = 0.0
    garbled: bool = False
    about: bool = True  # names what the question asks about ("Která firma…": a company)


class Extractor:
    """Candidates for one question, scored against its analysis and evidence."""

    def __init__(self, asked: Asked):
        analysis = asked.analysis
        self.analysis, self.evidence, self.statistics = analysis, asked.evidence, asked.statistics
        self.generic = _generic_weight(asked.chunks)
        self.focus = self._weights(analysis.content)
        # What is asked about the names: a passage holding only the names ("Liberec") does not
        # answer a question about the zoo's admission there. One word beside the names ("A kolik
        # bude stát?" with the topic carried over) is too little to tell.
        topic = {t: w for t, w in self.focus.items() if t not in analysis.names}
        self.topic = topic if len(topic) >= 2 else self.focus
        self.acronyms = {t for w in re.findall(rf"\b[{UPPER}]{{2,}}\b", analysis.question)
                         for t in terms(w)}  # fmt: skip
        # A part's own words, even those the index spells differently ("navýšil" for
        # "navýšení"): without them any sentence of the right kind would cover it.
        self.parts = [self._weights(p.content) or dict.fromkeys(p.content, 1.0)
                      for p in analysis.parts]  # fmt: skip
        # What a who-question wants quoted: "Kdo je ředitelem…?" a person's name, "Kdo
        # zajišťuje…?" a person or a body; a definition ("Kdo je Jiří Ulvr?") anything.
        # A list's items instantiate what it asks for without naming it ("Jaké podmínky…"),
        # a count or a single thing names it.
        self.counted = analysis.counts_noun and "money" not in analysis.kinds
        noun = analysis.noun if self.counted or not analysis.wants_list else ""
        self.noun = terms(noun) if noun else []
        self.organisation = noun in ORGANISATION_NOUNS
        self.wanted = ""
        if analysis.who and not analysis.definition:
            self.wanted = "name" if PERSONAL_ROLE.search(fold(analysis.question)) else "person"

    def _weights(self, content: Sequence[str]) -> dict[str, float]:
        """The focus of a question (or part): its terms the index knows, weighted by rarity;
        terms found in many chunks count only when nothing more specific is asked."""
        verbs = self.analysis.verbs
        known = {t: self.statistics.weight("terms", t) * (VERB_WEIGHT if t in verbs else 1.0)
                 for t in content if self.statistics.known("terms", t)}  # fmt: skip
        specific = {t: w for t, w in known.items() if w >= self.generic * (
            VERB_WEIGHT if t in verbs else 1.0)}  # fmt: skip
        return specific or known

    @staticmethod
    def _share(focus: dict[str, float], *lines: str) -> float:
        """The weight of the focus a text, given as its lines, matches."""
        if not focus:
            return 0.0
        found, folded = vocabulary(*lines)
        return sum(w for t, w in focus.items() if matches(t, found, folded)) / sum(focus.values())

    def _about(self, lines: tuple[str, ...], sentence: str, passage: bool) -> bool:
        """The quote names what the question asks about ("Kolik stojí permanentka…"), a company
        when one is asked for ("Která firma…"), or its passage names it; a count asked for
        counts it ("Kolik žáků…" is not answered by "27 obcím … dopravy žáků"). A sentence on
        the same matter about another thing answers another question."""
        if not self.noun:
            return True
        if self.counted:
            return self._counts(sentence, self.noun)
        if self.organisation:
            return self._names_noun(*lines) or bool(ORGANISATION.search("\n".join(lines)))
        return passage

    def _names_noun(self, *lines: str) -> bool:
        found, folded = vocabulary(*lines)
        return all(matches(t, found, folded) for t in self.noun)

    @staticmethod
    def _counts(text: str, asked: list[str]) -> bool:
        """A number followed by the words of `asked` (within two words)."""
        for after in _counted(text):
            found, plain = vocabulary(after)
            if all(matches(t, found, plain) for t in asked):
                return True
        return False

    def _focus(self, *lines: str) -> float:
        return self._share(self.focus, *lines)

    def _defines(self, position: int, passage: Passage, shown: str) -> float:
        """How much a sentence reads as a definition of what is asked: it names what it
        defines, comes first in its passage, or in a record named after it ("Taxibusy")."""
        score = 0.3 * self._focus(shown) + (0.1 if position == 0 else 0.0)
        return score + (0.2 if self._focus(passage.chunk.section) >= FOCUS_MIN else 0.0)

    def _counts_focus(self, text: str) -> bool:
        """A count of the asked thing ("jedním z šesti evropských regionů" for "Kolik regionů…"):
        a number followed by a word of the focus."""
        if "number" not in self.analysis.kinds or "money" in self.analysis.kinds:
            return False
        return any(self._focus(after) > 0 for after in _counted(text))

    def _names_ok(self, passage: Passage) -> bool:
        """The passage holds the names the question names (an acronym may be spelled out, so
        those need only mostly match; a year may be its document's) and comes from the body it
        names, if any."""
        analysis, document = self.analysis, passage.document
        if analysis.bodies and document.body and document.body not in analysis.bodies:
            return False
        # The date in a document's title ("Usnesení … 3. 12. 2022") counts as that date, not
        # as the numbers 3 and 12 ("… za 3. čtvrtletí").
        title = DATES.sub(" ", document.title)
        days = {t for t in terms(document.title) if DATE_TOKEN.match(t)}
        lines = (title, document.date[:4], passage.chunk.section, passage.chunk.text)
        found, folded = vocabulary(*lines)
        found |= days
        noun_found, noun_folded = vocabulary(*map(_nouns, lines))
        names = [t for t in analysis.names if analysis.language == "cs"
                 or self.statistics.known("terms", t)]  # fmt: skip
        matched = [matches(t, noun_found, noun_folded) if t in analysis.nouns
                   else matches(t, found, folded) for t in names]  # fmt: skip
        plain = [m for t, m in zip(names, matched, strict=True) if t not in self.acronyms]
        return all(plain) and (not matched or sum(matched) >= len(matched) / 2)

    def candidates(self, hits: Sequence[Hit]) -> list[Candidate]:
        out = []
        for rank, hit in enumerate(hits):
            passage = hit.passage
            head = heading(passage)
            names_ok = self._names_ok(passage)
            support = self._share(self.topic, head, passage.chunk.text)
            named = not self.noun or self._names_noun(head, passage.chunk.text)
            previous = ""
            lines = sentences(passage.chunk.text)
            for position, raw in enumerate(lines):
                text = clean(raw)
                if position + 1 < len(lines) and DEADLINE.match(lines[position + 1]):
                    text = f"{text} {lines[position + 1]}"  # a task and its deadline
                own = text
                if previous and not previous.endswith(":") and ANAPHOR.match(fold(text)):
                    text = f"{previous} {text}"
                if len(text) < MIN_CHARS:
                    previous = text
                    continue
                shown = with_context(text, passage)
                focus = 0.65 * self._focus(shown) + 0.35 * self._focus(head, shown)
                local = self._focus(previous) if previous else 0.0
                kinds = stated(self.analysis, text, shown)
                score = self.evidence.sentence_score(shown, head, previous, rank)
                if self.analysis.vote and content_free(raw) == "hlasování":
                    score += VOTE_BONUS  # a question about the vote wants the vote line
                if self._counts_focus(text):
                    score += COUNT_BONUS
                if self.analysis.who and ROLE.search(fold(text)):
                    score += ROLE_BONUS
                if self.analysis.definition:
                    score += self._defines(position, passage, shown)
                out.append(Candidate(rank, position, raw, text, passage, score,
                                     max(focus, 0.7 * focus + 0.3 * local), names_ok,
                                     kinds, support, garbled(text, passage),
                                     self._about((head, shown), text, named)))  # fmt: skip
                previous = own
        return out

    def answers(self, candidate: Candidate, kinds: Sequence[str], first: bool = True) -> bool:
        """Whether a candidate may be quoted for a part asking these kinds of fact (the first
        part is the one whose noun it must be about)."""
        if content_free(candidate.raw, self.analysis.vote) or candidate.garbled:
            return False
        if not candidate.names_ok or (
            self.analysis.language == "cs" and candidate.support <= PASSAGE_MIN
        ):
            return False
        if self.wanted and self.wanted not in candidate.kinds:
            return False
        if first and not candidate.about:
            return False
        return all(k in candidate.kinds for k in kinds) if kinds else True


def _nouns(text: str) -> str:
    """The words of a text that are not -ský/-cký adjectives."""
    return " ".join(w for w in re.findall(r"[^\W\d_]+", text) if not adjectival(w))


def _counted(text: str) -> Iterator[str]:
    """The two words after each number of a text (what it counts), folded."""
    folded = NOT_QUANTITY.sub(" ", fold(text)).split()
    for i, word in enumerate(folded):
        if word[:1].isdigit() or word in NUMERALS:
            yield " ".join(folded[i + 1 : i + 3])


def _generic_weight(chunks: int) -> float:
    """The IDF of a term found in GENERIC_SHARE of the chunks."""
    df = max(1.0, GENERIC_SHARE * chunks)
    return math.log(1 + (chunks - df + 0.5) / (df + 0.5))


def _distinct(candidate: Candidate, chosen: list[Candidate], asked: Sequence[str] = ()) -> bool:
    """Not the same sentence again; the words of the question (`asked`), which the items of a
    list all repeat ("školení zaměstnanců … 2024"), do not make two sentences the same."""
    mine = set(terms(candidate.text)) - set(asked)
    for other in chosen:
        theirs = set(terms(other.text)) - set(asked)
        if mine and len(mine & theirs) / len(mine | theirs) > 0.5:
            return False
        if candidate.text in other.text or other.text in candidate.text:
            return False
    return True


def _items_after(lead: Candidate, pool: list[Candidate]) -> list[Candidate]:
    """The items a lead-in ("… tyto projekty:") introduces: what follows it in its passage."""
    same = sorted(
        (c for c in pool if c.passage is lead.passage and c.position > lead.position),
        key=lambda c: c.position,
    )
    items = []
    for c in same:
        if c.position != lead.position + 1 + len(items) or c.raw.endswith(":") or c.garbled:
            break
        items.append(c)
    return items[:8]


def select(extractor: Extractor, pool: list[Candidate]) -> tuple[list[Candidate], str]:
    """The candidates to quote, or none and the reason."""
    analysis = extractor.analysis
    first = analysis.parts[0].required
    ranked = sorted(pool, key=lambda c: -c.score)
    usable = [c for c in ranked if extractor.answers(c, first)]
    if ranked and not any(c.names_ok for c in ranked):
        return [], "constraint_not_found"
    # A lead-in ("… na objektech kraje:") and its items answer a list; a question asking for
    # one thing takes them only from the top and when they score near the best sentence.
    window = ranked[:LIST_WINDOW] if analysis.wants_list else ranked[:3]
    best_focus = usable[0].focus if usable else 0.0
    for lead in window:
        if not (lead.raw.endswith(":") and lead.names_ok and not lead.garbled):
            continue
        if lead.focus < max(FOCUS_MIN, best_focus - 0.05):
            continue
        if analysis.wants_list or not usable or lead.score >= SECOND_WITHIN * usable[0].score:
            items = _items_after(lead, pool)
            if len(items) >= 2:
                return [lead, *items], ""
        break
    if not usable:
        return [], "no_fact_of_asked_kind" if first else "focus_not_found"
    best = usable[0]
    chosen = [best]
    if analysis.wants_list:
        for c in usable[1:]:
            if len(chosen) >= MAX_ITEMS or c.score < LIST_FLOOR * best.score:
                break
            if _distinct(c, chosen, analysis.content):
                chosen.append(c)
    else:
        for c in usable[1:3]:
            if c.score >= SECOND_WITHIN * best.score and _distinct(c, chosen):
                chosen.append(c)
                break
    for part, focus in zip(analysis.parts[1:], extractor.parts[1:], strict=True):

        def covers(c: Candidate, part=part, focus=focus) -> bool:
            kinds_ok = all(k in c.kinds for k in part.required)
            return kinds_ok and (not focus or extractor._share(focus, c.text) >= FOCUS_MIN)

        if not any(covers(c) for c in chosen):
            extra = next(
                (c for c in ranked if covers(c) and extractor.answers(c, part.required, False)
                 and c.score >= PART_FLOOR * best.score and _distinct(c, chosen)),
                None,
            )  # fmt: skip
            if extra:
                chosen.append(extra)
    return chosen, ""


def _standalone(candidate: Candidate) -> str:
    """A list item quoted on its own reads as a sentence: capitalised, ending with a period."""
    text = candidate.text
    if candidate.raw[:1] in "•-–" or (text[:1].islower() and text.endswith((",", ";"))):
        text = text[:1].upper() + text[1:].rstrip(",; ")
        return text if text.endswith((".", "!", "?")) else f"{text}."
    return text


def _order(chosen: list[Candidate]) -> list[Candidate]:
    """Council resolutions by date; everything else as ranked, a passage's sentences in order."""
    if len(chosen) > 1 and all(c.passage.chunk.resolution for c in chosen):
        return sorted(chosen, key=lambda c: (c.passage.document.date, c.passage.chunk.resolution,
                                             c.position))  # fmt: skip
    return chosen


def extract(asked: Asked, hits: Sequence[Hit]) -> Reply:
    extractor = Extractor(asked)
    chosen, reason = select(extractor, extractor.candidates(hits))
    if not chosen:
        return Reply(refusal(asked.language), abstained=True, reason=reason)
    lead_in = chosen[0].raw.endswith(":")
    numbers: dict[int, int] = {}
    citations: list[Citation] = []
    parts = []
    for c in chosen if lead_in else _order(chosen):
        n = numbers.setdefault(id(c.passage), len(numbers) + 1)
        if n == len(citations) + 1:
            citations.append(Citation(n, c.text, c.passage))
        parts.append((with_context(c.text if lead_in else _standalone(c), c.passage), n))
    if lead_in:
        lead, *items = parts
        text = f"{lead[0]} {'; '.join(clean(t).rstrip('.;,') for t, _ in items)}. [{lead[1]}]"
    else:
        text = " ".join(f"{t} [{n}]" for t, n in parts)
    return Reply(text, abstained=False, citations=tuple(citations))
