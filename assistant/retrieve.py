"""Hybrid retrieval: fused BM25 views (and dense vectors when configured), re-ranked by the
best-matching sentence, with filters and exact lookup of resolution numbers.

The audience filter is applied inside every retriever and checked again on the final rows,
so an internal chunk cannot reach a public result by any path.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Literal

import numpy as np

from assistant.analysis import grams, question_core, terms
from assistant.evidence import Question, best_sentence
from assistant.lexical import Filters, LexicalIndex
from assistant.settings import Settings
from assistant.store import Store

Audience = Literal["public", "staff"]
RESOLUTION_IN_QUERY = re.compile(r"\b(\d{1,5})\s*/\s*(\d{2,4})\s*/\s*([A-Za-zČŘŠŽčřšž]{1,4})\b")


@dataclass
class Hit:
    rank: int
    chunk_id: str
    doc_id: str
    source: str
    title: str
    page: int | None
    url: str
    score: float
    text: str
    section: str = ""
    resolution: str = ""
    date: str = ""
    doc_type: str = ""
    body: str = ""
    access: str = ""
    external_id: str = ""
    page_end: int | None = None

    def public_dict(self) -> dict:
        """The fields of the CLI/API contract, in contract order."""
        keys = ("rank", "chunk_id", "doc_id", "source", "title", "page", "url", "score", "text")
        return {k: getattr(self, k) for k in keys}

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class SearchRequest:
    query: str
    audience: Audience = "public"
    k: int = 5
    doc_types: tuple[str, ...] = ()
    bodies: tuple[str, ...] = ()
    date_from: str = ""
    date_to: str = ""
    weights: dict[str, float] = field(default_factory=dict)

    def filters(self) -> Filters:
        return Filters(
            public_only=self.audience != "staff",
            doc_types=self.doc_types,
            bodies=self.bodies,
            date_from=self.date_from,
            date_to=self.date_to,
        )


def resolution_numbers(text: str) -> list[str]:
    return [f"{a}/{b}/{c.upper()}" for a, b, c in RESOLUTION_IN_QUERY.findall(text)]


def _normalised(scores: np.ndarray) -> np.ndarray:
    top = float(scores.max()) if scores.size else 0.0
    return scores / top if top > 0 else scores


class Retriever:
    """Searches the current index generation (rebuilt first if it lags behind the store)."""

    def __init__(self, settings: Settings, store: Store | None = None):
        self.settings = settings
        self.store = store or Store(settings.db_path)
        self.lexical = LexicalIndex.ensure(self.store, settings.index_dir)
        self.vectors = None
        if settings.dense_model:
            from assistant.dense import Embedder, VectorStore

            self.vectors = VectorStore(settings, Embedder(settings))

    def refresh(self) -> None:
        """Switch to a newer index generation if an ingest has published one (cheap: one
        small file read), so a running server never needs a restart after ingest."""
        pointer = self.settings.index_dir / "CURRENT"
        try:
            name = pointer.read_text().strip()
        except FileNotFoundError:
            return
        if self.lexical is None or self.lexical.path.name != name:
            self.lexical = LexicalIndex(self.settings.index_dir / name)

    def weight(self, field: str) -> Callable[[str], float]:
        """IDF lookup of one index view, for evidence scoring."""
        lexical = self.lexical
        return (lambda token: lexical.weight(field, token)) if lexical else (lambda _: 1.0)

    def _fused(self, request: SearchRequest, mask: np.ndarray) -> np.ndarray:
        s = self.settings
        weight = {
            "terms": s.weight_terms,
            "grams": s.weight_grams,
            "titles": s.weight_titles,
            "dense": s.weight_dense,
            **request.weights,
        }
        core = question_core(request.query)
        query_terms = terms(core)
        fused = weight["terms"] * _normalised(self.lexical.scores("terms", query_terms, mask))
        fused += weight["grams"] * _normalised(self.lexical.scores("grams", grams(core), mask))
        if weight["titles"] > 0:
            fused += weight["titles"] * _normalised(
                self.lexical.scores("titles", query_terms, mask)
            )
        if self.vectors and weight["dense"] > 0:
            depth = max(s.rerank_depth, request.k) * 2
            found = self.vectors.search(request.query, depth, request.filters())
            position = self.lexical.position
            sims = np.array([sim for cid, sim in found if cid in position])
            if sims.size:
                low, high = float(sims.min()), float(sims.max())
                for cid, sim in found:
                    if cid in position and mask[position[cid]]:
                        scaled = (sim - low) / (high - low) if high > low else 1.0
                        fused[position[cid]] += weight["dense"] * scaled
        return fused

    def search(self, request: SearchRequest) -> list[Hit]:
        if not self.lexical or not len(self.lexical) or not request.query.strip():
            return []
        filters = request.filters()
        mask = self.lexical.mask(filters)
        fused = self._fused(request, mask)
        depth = max(self.settings.rerank_depth, request.k)
        order = np.argsort(-fused, kind="stable")[:depth]
        candidates = {self.lexical.chunk_ids[i]: float(fused[i]) for i in order if fused[i] > 0}
        for number in resolution_numbers(request.query):
            for cid in self.store.resolution_chunks(number):
                candidates[cid] = candidates.get(cid, 0.0) + 10.0
        rows = self.store.chunks(list(candidates))
        rows = {cid: r for cid, r in rows.items() if _allowed(r, filters)}
        weight = request.weights.get("sentence", self.settings.weight_sentence)
        if weight > 0 and rows:
            question = Question.of(question_core(request.query), self.weight("terms"))
            evidence = {cid: best_sentence(question, r["text"]) for cid, r in rows.items()}
            top = max(evidence.values()) or 1.0
            for cid, value in evidence.items():
                candidates[cid] += weight * value / top
        ranked = sorted(rows, key=lambda cid: -candidates[cid])[: request.k]
        return [_hit(rank, rows[cid], candidates[cid]) for rank, cid in enumerate(ranked, 1)]


def _allowed(row, filters: Filters) -> bool:
    """Re-check the filters on the stored row: the index may be a generation behind."""
    if filters.public_only and row["access"] != "public":
        return False
    if filters.doc_types and row["doc_type"] not in filters.doc_types:
        return False
    if filters.bodies and row["body"] not in filters.bodies:
        return False
    if filters.date_from and not (row["date"] and row["date"] >= filters.date_from):
        return False
    return not (filters.date_to and not (row["date"] and row["date"][:10] <= filters.date_to))


def _hit(rank: int, row, score: float) -> Hit:
    return Hit(
        rank=rank,
        chunk_id=row["chunk_id"],
        doc_id=row["doc_id"],
        source=row["source"],
        title=row["title"],
        page=row["page"],
        url=row["url"],
        score=round(score, 4),
        text=row["text"],
        section=row["section"],
        resolution=row["resolution"],
        date=row["date"],
        doc_type=row["doc_type"],
        body=row["body"],
        access=row["access"],
        external_id=row["external_id"],
        page_end=row["page_end"],
    )
