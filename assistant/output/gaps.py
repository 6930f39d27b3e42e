"""The content-gap report: what citizens asked that nothing answered (refused, or rated
"Nepomohlo"), grouped into topics by meaning, counted per month, each topic with examples and
the documents that came closest. The questions are the log's, scrubbed of personal data when
they were stored; the report adds no text of its own but the topic's words.

Questions are grouped by average-linkage clustering of their e5 vectors where the dense model
is configured (questions about one matter in different words land together), else of their
weighted word stems; a group of one question is reported among "Ostatní"."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from assistant.search.embedders import Embedder
from assistant.search.filters import Filters
from assistant.search.retrieve import Retriever, SearchRequest
from assistant.text.analysis import terms

# Least average cosine within a topic, chosen on 448 generated unanswered questions of 14 matters
# (bench/citizen_log.py): e5 at 0.87 gives topics 0.94 pure holding 0.87 of each matter (0.84:
# 0.29 pure; 0.88: 0.80 of a matter); word stems at 0.15 give 0.85 pure but only 0.43 of a
# matter (different words for one matter stay apart).
THRESHOLDS = {"dense": 0.87, "lexical": 0.15}
OTHERS = "Ostatní (jednotlivé otázky)"
MOST = 1500  # newest questions grouped: the clustering is quadratic in memory
EXAMPLES = 3


@dataclass(frozen=True, slots=True)
class Topic:
    name: str  # the words its questions share most
    questions: tuple[str, ...]  # most typical first
    months: dict[str, int]  # "2026-11" → questions
    refused: int
    disliked: int
    closest: tuple[str, ...]  # titles of the public documents that came closest


def cluster(vectors: np.ndarray, threshold: float) -> list[list[int]]:
    """Average-linkage agglomerative clustering of unit vectors: merge the two groups of the
    highest average cosine until none reaches `threshold`. Largest groups first."""
    n = len(vectors)
    if n == 0:
        return []
    similarity = (vectors @ vectors.T).astype(np.float64)
    np.fill_diagonal(similarity, -np.inf)
    sizes = np.ones(n)
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    alive = np.ones(n, dtype=bool)
    while len(members) > 1:
        flat = int(np.argmax(similarity))
        a, b = divmod(flat, n)
        if similarity[a, b] < threshold:
            break
        # Lance–Williams update for the average linkage: b joins a.
        merged = (sizes[a] * similarity[a] + sizes[b] * similarity[b]) / (sizes[a] + sizes[b])
        similarity[a], similarity[:, a] = merged, merged
        similarity[a, a] = -np.inf
        similarity[b], similarity[:, b] = -np.inf, -np.inf
        sizes[a] += sizes[b]
        members[a] += members.pop(b)
        alive[b] = False
    return sorted(members.values(), key=lambda m: (-len(m), m[0]))


def lexical_vectors(texts: Sequence[str]) -> np.ndarray:
    """Unit TF-IDF vectors of the questions' word stems (stop words left out)."""
    bags = [Counter(terms(text)) for text in texts]
    vocabulary = {t: i for i, t in enumerate(sorted({t for bag in bags for t in bag}))}
    counts = np.zeros((len(texts), max(1, len(vocabulary))))
    for row, bag in enumerate(bags):
        for term, count in bag.items():
            counts[row, vocabulary[term]] = count
    idf = np.log((1 + len(texts)) / (1 + (counts > 0).sum(axis=0))) + 1
    weighted = counts * idf
    norms = np.linalg.norm(weighted, axis=1, keepdims=True)
    return weighted / np.where(norms == 0, 1, norms)


def _stems(question: str) -> dict[str, str]:
    """The question's content stems, each with the word it was written as."""
    found: dict[str, str] = {}
    for word in re.findall(r"\w+", question):
        stems = [t for t in terms(word) if len(t) > 2]
        if stems and not word.isdigit():
            found.setdefault(stems[0], word.lower())
    return found


def _name(questions: Sequence[str], spread: Counter[str], total: int) -> str:
    """The three words that set the group apart: held by many of its questions and few others
    ("dobrý den" and "prosím" open questions of every topic)."""
    seen: Counter[str] = Counter()
    written: dict[str, str] = {}
    for question in questions:
        found = _stems(question)
        seen.update(found.keys())
        for stem, word in found.items():
            written.setdefault(stem, word)
    ranked = sorted(seen, key=lambda t: -seen[t] * np.log(total / spread[t]))
    return ", ".join(written[stem] for stem in ranked[:3]) or "bez společných slov"


def _typical(indices: list[int], vectors: np.ndarray) -> list[int]:
    """The group's members, nearest to its centre first."""
    centre = vectors[indices].mean(axis=0)
    return sorted(indices, key=lambda i: -float(vectors[i] @ centre))


def gap_topics(
    rows: Sequence[dict], retriever: Retriever, embedder: Embedder | None = None
) -> tuple[list[Topic], str]:
    """The log's unanswered questions (`AnswerLog.unanswered`, oldest first) as topics, and how
    they were grouped ("dense" or "lexical")."""
    rows = list(rows)[-MOST:]
    texts = [r["question"] for r in rows]
    method = "dense" if embedder is not None else "lexical"
    if embedder is not None and texts:
        vectors = np.asarray([embedder.query(t) for t in texts], dtype=np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    else:
        vectors = lexical_vectors(texts)
    spread = Counter(stem for text in texts for stem in _stems(text))
    groups = cluster(vectors, THRESHOLDS[method])
    topics = []
    for group in (g for g in groups if len(g) > 1):
        chosen = [rows[i] for i in _typical(group, vectors)]
        hits = retriever.search(SearchRequest(chosen[0]["question"], Filters("public"), 5))
        closest = tuple(dict.fromkeys(h.passage.document.title for h in hits))[:3]
        name = _name([r["question"] for r in chosen], spread, len(texts))
        topics.append(_topic(name, chosen, closest))
    # Single questions are pooled into one "Ostatní" topic at the end, with no search.
    single = [rows[i] for g in groups if len(g) == 1 for i in g]
    if single:
        topics.append(_topic(OTHERS, single, ()))
    return topics, method


def _topic(name: str, chosen: list[dict], closest: tuple[str, ...]) -> Topic:
    months = Counter(r["created"][:7] for r in chosen)
    return Topic(
        name, tuple(r["question"] for r in chosen), dict(sorted(months.items())),
        sum(bool(r["abstained"]) for r in chosen), sum(bool(r["disliked"]) for r in chosen),
        closest,
    )  # fmt: skip


def gaps_json(topics: Sequence[Topic], method: str) -> dict:
    return {
        "method": method,
        "questions": sum(len(t.questions) for t in topics),
        "topics": [
            {"name": t.name, "count": len(t.questions), "months": t.months, "refused": t.refused,
             "disliked": t.disliked, "examples": list(t.questions[:EXAMPLES]),
             "closest": list(t.closest)}
            for t in topics
        ],
    }  # fmt: skip


def gaps_csv(topics: Sequence[Topic]) -> str:
    """One row per topic and month, `;`-separated for Czech Excel."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["téma", "měsíc", "otázek", "odmítnuto", "nepomohlo", "příklady",
                     "nejbližší dokumenty"])  # fmt: skip
    for t in topics:
        for month, count in t.months.items():
            examples, closest = " | ".join(t.questions[:EXAMPLES]), " | ".join(t.closest)
            writer.writerow([t.name, month, count, t.refused, t.disliked, examples, closest])
    return out.getvalue()
