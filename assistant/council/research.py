"""Topic research over the council's records ("rešerše"): every resolution on a matter, recall
first (a relevance threshold, not a top-k), in date order, with its status, and the council
materials on it; a summary of how many, over what period, the amounts approved and the tasks
still running.

A resolution is relevant when it holds enough of the topic's weighted words and character
n-grams (`QuestionEvidence.coverage`, the index's statistics) in its title and text, or when it
amends, cancels or follows one that does (or is amended, cancelled or followed by one); the
threshold is the one figure to calibrate (`RELEVANT`)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from assistant.council.history import Council, TaskState
from assistant.model import Passage, Resolution
from assistant.search.evidence import QuestionEvidence
from assistant.search.filters import Filters, allows
from assistant.search.retrieve import Retriever, SearchRequest
from assistant.text.facts import AMOUNT_CZK, korun

RELEVANT = 0.5
MATERIALS = 50  # passages searched for council materials on the topic


@dataclass(frozen=True, slots=True)
class Research:
    topic: str
    filters: Filters
    as_of: str
    council: Council
    resolutions: tuple[Resolution, ...]
    materials: tuple[Passage, ...]
    items: dict[str, str]  # material's doc_id → the resolution of its item

    @property
    def approved(self) -> int:
        """Korun approved: the first amount of every part that approves (schvaluje)."""
        total = 0
        for record in self.resolutions:
            for decision in record.decisions:
                found = AMOUNT_CZK.search(decision.text) if decision.verb == "schvaluje" else None
                total += korun(found) if found else 0
        return total

    def tasks(self) -> list[TaskState]:
        """Tasks of these resolutions still in force, as of the research's date."""
        today = self.as_of or date.today().isoformat()
        return self.council.tasks(today, (r.number for r in self.resolutions))


def research(retriever: Retriever, topic: str, filters: Filters, as_of: str = "") -> Research:
    council = Council.open(retriever.store, filters, as_of)
    evidence = QuestionEvidence(topic, retriever.statistics(filters))
    matched = {
        r.number for r in council.records.values()
        if allows(filters, r.document) and evidence.coverage(r.title, r.text) >= RELEVANT
    }  # fmt: skip
    # A resolution titled only "Změna usnesení č. 12/24/RK" is on the matter of the one it
    # changes: the chains of the matched ones belong to the topic too.
    linked = {h.number for n in matched for h in council.history(n) if allows(filters, h.document)}
    relevant = tuple(r for n, r in council.records.items() if n in matched | linked)
    hits = retriever.search(SearchRequest(topic, replace(filters, doc_types=("material",)),
                                          MATERIALS))  # fmt: skip
    by_document: dict[str, list[Passage]] = {}
    for hit in hits:  # a material is judged whole: its title in one part, its subject in another
        by_document.setdefault(hit.passage.document.doc_id, []).append(hit.passage)
    found, items = [], {}
    for passages in by_document.values():
        text = "\n".join([passages[0].document.title, *(p.chunk.text for p in passages)])
        if evidence.coverage(text) >= RELEVANT:
            found.append(passages[0])
            whole = "\n".join(retriever.store.texts(passages[0].document.doc_id))
            item = council.item_of(passages[0].document, whole)
            if item:
                items[passages[0].document.doc_id] = item.number
    found.sort(key=lambda p: p.document.date)
    return Research(topic, filters, as_of, council, relevant, tuple(found), items)
