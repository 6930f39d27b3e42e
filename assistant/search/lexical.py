"""BM25 indexes (bm25s) over the stemmed-term, character n-gram and title views of every chunk.

An index generation holds two views of the store: `all` chunks, for officials, and `public`
chunks alone, for the public audience. BM25 weights, the vocabulary and every statistic the
evidence check reads come from the view the audience searches, so what the public chat
answers can never depend on what internal documents contain.

Generations are written beside the current one and switched to by an atomic rename of the
CURRENT pointer, so readers never load a half-written index.
"""

from __future__ import annotations

import bisect
import json
import math
import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

import bm25s
import numpy as np

from assistant.model import Document
from assistant.search.filters import FilterColumns, Filters
from assistant.store.documents import Store
from assistant.text.analysis import terms

NOTHING = "\x00"  # the one token of a field no chunk has a word in; no query has it
FIELDS = ("terms", "grams", "titles")
PARAMS = {
    "terms": {"k1": 0.9, "b": 0.4},
    "grams": {"k1": 1.2, "b": 0.9},
    "titles": {"k1": 1.2, "b": 0.75},
}
VIEWS = ("all", "public")
KEEP_PREVIOUS = 1


def _load(path: Path) -> bm25s.BM25:
    """Memory-mapped, so worker processes share one copy in the page cache; the arrays are
    then viewed as plain ndarrays because slicing a numpy memmap costs more Python time per
    query than the scoring itself."""
    model = bm25s.BM25.load(path, mmap=True, load_vocab=True)
    for key in ("data", "indices", "indptr"):
        model.scores[key] = model.scores[key].view(np.ndarray)
    return model


@dataclass
class _Rows:
    """The chunks of one view, as the BM25 fields and the filter columns need them."""

    ids: list[str]
    terms: list[list[str]]
    grams: list[list[str]]
    documents: list[Document]

    def select(self, keep: list[bool]) -> _Rows:
        pick = [i for i, k in enumerate(keep) if k]
        return _Rows(
            [self.ids[i] for i in pick],
            [self.terms[i] for i in pick],
            [self.grams[i] for i in pick],
            [self.documents[i] for i in pick],
        )

    def write(self, path: Path, version: int) -> None:
        path.mkdir(parents=True)
        titles: list[list[str]] = []
        doc_of: list[int] = []
        position: dict[str, int] = {}
        for document in self.documents:
            if document.doc_id not in position:
                position[document.doc_id] = len(titles)
                titles.append(terms(document.title))
            doc_of.append(position[document.doc_id])
        if self.ids:
            for field, tokens in zip(FIELDS, (self.terms, self.grams, titles), strict=True):
                if not any(tokens):  # titles of one letter ("T"): bm25s needs a vocabulary
                    tokens = [[NOTHING]] * len(tokens)
                model = bm25s.BM25(**PARAMS[field])
                model.index(tokens, show_progress=False)
                model.save(path / field, show_progress=False)
        columns = FilterColumns.of(self.documents)
        np.savez(
            path / "filters.npz",
            public=columns.public,
            dates=columns.dates,
            doc_types=columns.doc_types,
            bodies=columns.bodies,
            doc_of=np.array(doc_of, dtype=np.int32),
        )
        (path / "meta.json").write_text(json.dumps({"version": version, "chunk_ids": self.ids}))


class LexicalIndex:
    """One view of a generation: its chunks, BM25 fields, filter columns and statistics."""

    def __init__(self, path: Path):
        self.path = path
        meta = json.loads((path / "meta.json").read_text())
        self.version: int = meta["version"]
        self.chunk_ids: list[str] = meta["chunk_ids"]
        self.position = {cid: i for i, cid in enumerate(self.chunk_ids)}
        arrays = np.load(path / "filters.npz", allow_pickle=False)
        self.columns = FilterColumns(
            public=arrays["public"],
            dates=arrays["dates"],
            doc_types=arrays["doc_types"],
            bodies=arrays["bodies"],
        )
        self.doc_of = arrays["doc_of"]
        self.models = {f: _load(path / f) if self.chunk_ids else None for f in FIELDS}
        self._idf: dict[str, dict[str, float]] = {}
        self._sorted: dict[str, list[str]] = {}

    def __len__(self) -> int:
        return len(self.chunk_ids)

    def scores(self, field: str, tokens: list[str], mask: np.ndarray) -> np.ndarray:
        """BM25 score of every chunk (0 where masked out or no token matches)."""
        model = self.models[field]
        if model is None:
            return np.zeros(0, dtype=np.float32)
        known = [t for t in tokens if t in model.vocab_dict]
        if not known:
            return np.zeros(len(self.chunk_ids), dtype=np.float32)
        scores = model.get_scores(known)
        if field == "titles":
            scores = scores[self.doc_of]
        return scores * mask

    def known(self, field: str, token: str) -> bool:
        return token in self.idf(field)

    def weight(self, field: str, token: str) -> float:
        """IDF of a query token; an unseen inflection of a known word ("postavit" beside
        "postaven") takes the IDF of its most frequent same-prefix word, a truly unknown
        word the highest IDF (it is the strongest sign the answer is not here)."""
        table = self.idf(field)
        if token in table:
            return table[token]
        ceiling = max(table.values(), default=1.0)
        if field != "terms" or len(token) < 5:
            return ceiling
        if field not in self._sorted:
            self._sorted[field] = sorted(table)
        keys = self._sorted[field]
        prefix = token[:5]
        start = bisect.bisect_left(keys, prefix)
        related = []
        for key in keys[start:]:
            if not key.startswith(prefix):
                break
            related.append(table[key])
        return min(related, default=ceiling)

    def idf(self, field: str) -> dict[str, float]:
        """Inverse document frequency of every token of a field, for evidence scoring."""
        if field not in self._idf:
            model = self.models[field]
            table: dict[str, float] = {}
            if model is not None:
                indptr = np.asarray(model.scores["indptr"])
                df = np.diff(indptr)
                n = len(self.chunk_ids)
                for token, i in model.vocab_dict.items():
                    if i < len(df):
                        table[token] = math.log(1 + (n - df[i] + 0.5) / (df[i] + 0.5))
            self._idf[field] = table
        return self._idf[field]


class Generation:
    """Both views of the store at one version."""

    def __init__(self, path: Path):
        self.path = path
        self.views = {view: LexicalIndex(path / view) for view in VIEWS}
        self.version = self.views["all"].version

    def view(self, filters: Filters) -> LexicalIndex:
        """The view an audience searches: the public one sees public chunks only."""
        return self.views["public" if filters.public_only else "all"]

    @staticmethod
    def current(index_dir: Path) -> Generation | None:
        path = current_path(index_dir)
        return Generation(path) if path else None

    @staticmethod
    def ensure(store: Store, index_dir: Path) -> Generation:
        """The current generation, rebuilt first if it is missing or behind the store (an
        interrupted ingest, a deleted index folder)."""
        current = Generation.current(index_dir)
        if current is not None and current.version == store.version():
            return current
        return Generation.build(store, index_dir)

    @staticmethod
    def build(store: Store, index_dir: Path) -> Generation:
        """Write a new generation from the store and make it current."""
        index_dir.mkdir(parents=True, exist_ok=True)
        version = store.version()
        rows = _Rows([], [], [], [])
        for row in store.index_rows():
            rows.ids.append(row.chunk_id)
            rows.terms.append(row.terms)
            rows.grams.append(row.grams)
            rows.documents.append(row.document)
        name = f"gen-{version:08d}-{uuid.uuid4().hex[:8]}"
        path = index_dir / name
        rows.write(path / "all", version)
        rows.select([d.access == "public" for d in rows.documents]).write(path / "public", version)
        _fsync_tree(path)
        tmp = index_dir / f"CURRENT.{uuid.uuid4().hex[:8]}"
        tmp.write_text(name)
        os.replace(tmp, index_dir / "CURRENT")
        _remove_old(index_dir, name)
        return Generation(path)


def current_path(index_dir: Path) -> Path | None:
    """The folder of the current generation (None before the first ingest)."""
    try:
        return index_dir / (index_dir / "CURRENT").read_text().strip()
    except FileNotFoundError:
        return None


def current_views(index_dir: Path) -> tuple[int, list[tuple[Path, list[str]]]]:
    """The current generation's store version and each view folder with its chunk ids, no
    index loaded ((-1, []) before the first ingest)."""
    path = current_path(index_dir)
    if path is None:
        return -1, []
    metas = {v: json.loads((path / v / "meta.json").read_text()) for v in VIEWS}
    return metas["all"]["version"], [(path / v, m["chunk_ids"]) for v, m in metas.items()]


def _fsync_tree(path: Path) -> None:
    for item in path.rglob("*"):
        if item.is_file():
            with item.open("rb") as handle:
                os.fsync(handle.fileno())


def _remove_old(index_dir: Path, current: str) -> None:
    """Delete all generations but the current one and the one before it (still being read)."""
    others = sorted(p for p in index_dir.glob("gen-*") if p.is_dir() and p.name != current)
    for old in others[:-KEEP_PREVIOUS]:
        shutil.rmtree(old, ignore_errors=True)
