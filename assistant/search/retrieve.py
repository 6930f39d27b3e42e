"""Hybrid retrieval: fused BM25 views and e5 vectors, re-ranked by the best-matching sentence,
with filters and exact lookup of resolution numbers.

BM25 and cosine scores live on different scales that move from query to query, so each is
normalised over the candidates either retriever found before they are mixed (max-normalised by
default; z-scores and RRF measured beside it: README, "Fusion").

The filters (the audience among them) are applied inside every retriever and checked again on
the passages read back, so an internal chunk cannot reach a public result by any path.
"""

from __future__ import annotations

import logging
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from assistant.model import Hit
from assistant.search.embedders import Embedder
from assistant.search.evidence import Statistics, Uniform, WeightedTerms, best_sentence
from assistant.search.filters import Filters, allows, index_mask
from assistant.search.lexical import Generation, LexicalIndex, current_path
from assistant.search.scoring import best, combine
from assistant.search.vectors import VectorMatrix, read_pointer
from assistant.settings import RetrievalSettings
from assistant.store.documents import Store
from assistant.text.analysis import grams, question_core, terms
from assistant.text.numbers import resolution_numbers
from assistant.text.spelling import DIACRITICS, Speller

RESOLUTION_BOOST = 10.0
LOG = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SearchRequest:
    query: str
    filters: Filters = field(default_factory=Filters)
    k: int = 5


def zscores(values: np.ndarray) -> np.ndarray:
    spread = float(values.std())
    return (values - values.mean()) / spread if spread > 0 else np.zeros_like(values)


def with_diacritics(query: str) -> str:
    """A query typed without diacritics ("kolik ma oblasti") with them put back from the Czech
    word list: e5 read its Czech with them, the lexical views fold them away anyway."""
    if DIACRITICS & set(query.lower()) or len(re.findall(r"[^\W\d_]{3,}", query)) < 2:
        return query
    return Speller.czech().correct(query, accents_lost=True)


def _ranks(values: np.ndarray) -> np.ndarray:
    ranks = np.empty(len(values))
    ranks[np.argsort(-values, kind="stable")] = np.arange(1, len(values) + 1)
    return ranks


MIXES = {
    "zscore": lambda lexical, cosine, w: (1 - w) * zscores(lexical) + w * zscores(cosine),
    "max": lambda lexical, cosine, w: (
        (1 - w) * normalised(lexical) + w * normalised(cosine - cosine.min())
    ),
    "rrf": lambda lexical, cosine, w: (1 - w) / (60 + _ranks(lexical)) + w / (60 + _ranks(cosine)),
}


def normalised(scores: np.ndarray) -> np.ndarray:
    """Scores divided by their maximum, so fields with different BM25 scales can be summed."""
    top = float(scores.max()) if scores.size else 0.0
    return scores / top if top > 0 else scores


class Retriever:
    """Searches the current index generation; never writes (ingest builds the index)."""

    def __init__(
        self,
        store: Store,
        index_dir: Path,
        settings: RetrievalSettings,
        embedder: Embedder | None = None,
    ):
        self.store = store
        self.index_dir = index_dir
        self.settings = settings
        self.embedder = embedder
        self.generation = Generation.current(index_dir)
        self._vectors: dict[str, np.ndarray] = {}
        self._matrices: dict[Path, tuple[dict, VectorMatrix | None]] = {}
        # The fields' postings are summed by compiled loops that release the GIL: on two cores
        # two run at once (search p50 at 1M chunks 26.7 -> 21.5 ms).
        self._fields = ThreadPoolExecutor(2, thread_name_prefix="bm25")

    def index(self, filters: Filters) -> LexicalIndex | None:
        """The view of the current generation that the filters' audience searches."""
        return self.generation.view(filters) if self.generation else None

    def statistics(self, filters: Filters) -> Statistics:
        """What the evidence check may know: the statistics of the audience's view only."""
        return self.index(filters) or Uniform()

    def refresh(self) -> None:
        """Switch to a newer index generation if an ingest has published one (cheap: one
        small file read), so a running server never needs a restart after ingest; newer
        vectors are picked up by `matrix`."""
        path = current_path(self.index_dir)
        if path is not None and (self.generation is None or self.generation.path != path):
            self.generation = Generation(path)
            self._matrices = {}  # the old generation's maps go with it

    def matrix(self, lexical: LexicalIndex) -> VectorMatrix | None:
        """The vectors of a view, row for row, if the configured model made them; reloaded
        when `assistant embed` publishes newer ones (one small file read per search)."""
        if not self.embedder:
            return None
        pointer = read_pointer(lexical.path)
        cached = self._matrices.get(lexical.path)
        if cached is None or cached[0] != pointer:
            model, chunks = self.embedder.identity, len(lexical)
            cached = (pointer, VectorMatrix.load(lexical.path, pointer, model, chunks))
            self._matrices[lexical.path] = cached
        return cached[1]

    def _fused(
        self, request: SearchRequest, core: str, query_terms: list[str], lexical: LexicalIndex,
        mask: np.ndarray,
    ) -> np.ndarray:  # fmt: skip
        """Max-normalised weighted sum of every retriever's scores over the index."""
        s = self.settings
        asked = [("terms", query_terms, s.weight_terms), ("grams", grams(core), s.weight_grams)]
        if s.weight_titles > 0:
            asked.append(("titles", query_terms, s.weight_titles))
        fields = list(self._fields.map(lambda a: lexical.scores(a[0], a[1]), asked))
        weights = np.array([w for *_, w in asked], dtype=np.float32)
        fused = combine(tuple(fields), weights, mask)
        if self.embedder and s.weight_dense > 0:
            try:
                fused = self._with_dense(request, lexical, mask, fused)
            except Exception as exc:  # the vectors are an addition: BM25 still answers
                LOG.warning("vektory nejsou k dispozici, hledá se jen lexikálně: %s", exc)
        return fused

    def query_vector(self, text: str) -> np.ndarray | None:
        """The query embedded once per text (the answer reuses the retrieval's vector)."""
        if not self.embedder:
            return None
        vector = self._vectors.get(text)
        if vector is None:
            if len(self._vectors) > 256:
                self._vectors.clear()
            vector = self._vectors[text] = self.embedder.query(with_diacritics(text))
        return vector

    def passage_similarities(self, query: str, chunk_ids: list[str]) -> dict[str, float]:
        """e5 cosine of the query to stored passages (none without vectors)."""
        try:
            lexical = self.generation.views["all"] if self.generation else None
            matrix = self.matrix(lexical) if lexical else None
            if matrix is None:
                return {}
            vector = self.query_vector(query)
            rows = lexical.chunk_ids.rows(chunk_ids)
            found = [(cid, r) for cid, r in rows.items() if matrix.present[r]]
            cosines = matrix.cosines(vector, np.array([r for _, r in found], dtype=np.intp))
            return {cid: float(c) for (cid, _), c in zip(found, cosines, strict=True)}
        except Exception as exc:  # a signal less, never a failed answer
            LOG.warning("vektory nejsou k dispozici: %s", exc)
            return {}

    def _with_dense(
        self, request: SearchRequest, lexical: LexicalIndex, mask: np.ndarray, fused: np.ndarray
    ) -> np.ndarray:
        """Lexical and cosine scores mixed by the dense weight over the union of both
        retrievers' candidates, then put back on the lexical scale."""
        matrix = self.matrix(lexical)
        allowed = mask & matrix.present if matrix is not None else None
        if allowed is None or not allowed.any():
            return fused
        s = self.settings
        depth = max(s.dense_depth, request.k)
        query = self.query_vector(request.query)
        rows = np.union1d(best(fused, depth), matrix.nearest(query, allowed, depth))
        cosine = matrix.cosines(query, rows)
        # A lexical candidate without a vector yet (still being embedded) scores lowest.
        embedded = allowed[rows]
        cosine = np.where(embedded, cosine, cosine[embedded].min())
        lexical_scores = fused[rows]
        mixed = MIXES[s.fusion](lexical_scores, cosine, s.weight_dense)
        # Back on the lexical scale (its mean and spread over the candidates), so a small dense
        # weight moves the ranking a little and the re-ranking keeps its meaning.
        out = fused.copy()
        spread = float(lexical_scores.std())
        if spread > 0:
            out[rows] = lexical_scores.mean() + spread * zscores(mixed)
        else:
            out[rows] = mixed - mixed.min()
        return out

    def search(self, request: SearchRequest) -> list[Hit]:
        lexical = self.index(request.filters)
        if not lexical or not len(lexical) or not request.query.strip():
            return []
        mask = index_mask(request.filters, lexical.columns)
        core = question_core(request.query)
        query_terms = terms(core)
        fused = self._fused(request, core, query_terms, lexical, mask)
        depth = max(self.settings.rerank_depth, request.k)
        candidates = {lexical.chunk_ids[i]: float(fused[i]) for i in best(fused, depth)}
        for number in resolution_numbers(request.query):
            for cid in self.store.resolution_chunks(number):
                candidates[cid] = candidates.get(cid, 0.0) + RESOLUTION_BOOST
        passages = {
            cid: p
            for cid, p in self.store.passages(list(candidates)).items()
            if allows(request.filters, p.document)
        }
        weight = self.settings.weight_sentence
        if weight > 0 and passages:
            question = WeightedTerms.of(query_terms, lambda t: lexical.weight("terms", t))
            evidence = {cid: best_sentence(question, p.chunk.text) for cid, p in passages.items()}
            top = max(evidence.values()) or 1.0
            for cid, value in evidence.items():
                candidates[cid] += weight * value / top
        # Ties by chunk id, not by the order rows come back from the database in.
        ranked = sorted(passages, key=lambda cid: (-candidates[cid], cid))[: request.k]
        return [
            Hit(rank, round(candidates[cid], 4), passages[cid])
            for rank, cid in enumerate(ranked, 1)
        ]
