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
from array import array
from collections.abc import Iterable, Iterator
from pathlib import Path

import bm25s
import numpy as np

from assistant.model import Document
from assistant.search.filters import ColumnRows, FilterColumns, Filters, Labels
from assistant.search.postings import MEMORY, Postings, Vocabulary
from assistant.search.scoring import accumulate
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
# 2: chunk ids in `chunk_ids.npy`; 3: document types and bodies as codes. An older generation
# is rebuilt by `ensure`.
FORMAT = 3


def _load(path: Path) -> bm25s.BM25:
    """Memory-mapped, so worker processes share one copy in the page cache; the arrays are
    then viewed as plain ndarrays because slicing a numpy memmap costs more Python time per
    query than the scoring itself."""
    model = bm25s.BM25.load(path, mmap=True, load_vocab=True)
    for key in ("data", "indices", "indptr"):
        model.scores[key] = model.scores[key].view(np.ndarray)
    return model


class _View:
    """One view of a generation being built, a chunk at a time: its chunk ids, the BM25
    postings of each field, and each chunk's document (the filter columns and the title field
    are per document). Nothing of a chunk but its id stays in memory."""

    def __init__(self, path: Path, vocabularies: dict[str, Vocabulary], memory: int):
        self.path = path
        self.ids: list[str] = []
        self.doc_of = array("i")
        self.last: str | None = None  # a document's chunks come one after another
        self.documents = ColumnRows()
        # Scratch files beside the generation (/tmp may be memory).
        self.fields = {
            name: Postings(
                **PARAMS[name],
                empty_token=NOTHING,
                vocabulary=vocabularies[name],
                folder=path.parent,
                memory=memory,
            )
            for name in FIELDS
        }

    def add(self, chunk_id: str, document: Document, ids: dict[str, np.ndarray]) -> None:
        """A chunk with its token ids per field (its document's title's, when it is new)."""
        if document.doc_id != self.last:
            self.last = document.doc_id
            self.documents.append(document)
            self.fields["titles"].add(ids["titles"])
        self.ids.append(chunk_id)
        self.doc_of.append(len(self.documents) - 1)
        self.fields["terms"].add(ids["terms"])
        self.fields["grams"].add(ids["grams"])

    def write(self, version: int) -> None:
        self.path.mkdir(parents=True)
        for name, postings in self.fields.items():
            if self.ids:
                postings.save(self.path / name, PARAMS[name])
            else:
                postings.discard()
        doc_of = np.frombuffer(self.doc_of, dtype=np.int32)
        columns = self.documents.columns()
        doc_types, bodies = columns.doc_types[doc_of], columns.bodies[doc_of]
        np.savez(
            self.path / "filters.npz",
            public=columns.public[doc_of],
            dates=columns.dates[doc_of],
            doc_types=doc_types.codes,
            doc_type_values=doc_types.values,
            bodies=bodies.codes,
            body_values=bodies.values,
            doc_of=doc_of,
        )
        np.save(self.path / "chunk_ids.npy", ChunkIds.of(self.ids).array)
        (self.path / "meta.json").write_text(json.dumps({"version": version, "format": FORMAT}))


class ChunkIds:
    """A view's chunk ids in row order as one fixed-width byte array: at a million chunks
    30 MB, where a list of strings and its position dict took 200 MB a view."""

    def __init__(self, array: np.ndarray):
        self.array = array
        self._order: np.ndarray | None = None

    @classmethod
    def of(cls, ids: list[str]) -> ChunkIds:
        return cls(np.array([i.encode() for i in ids], dtype=bytes))

    def __len__(self) -> int:
        return len(self.array)

    def __getitem__(self, row: int | slice) -> str | list[str]:
        if isinstance(row, slice):
            return [i.decode() for i in self.array[row]]
        return self.array[row].decode()

    def __iter__(self) -> Iterator[str]:
        return (i.decode() for i in self.array)

    def rows(self, ids: Iterable[str]) -> dict[str, int]:
        """The row of each id the view has (binary search over the ids in sorted order)."""
        if not len(self):
            return {}
        if self._order is None:
            self._order = np.argsort(self.array, kind="stable")
        wanted = {cid: cid.encode() for cid in ids}
        # An id wider than the array would be cut to a prefix that might match another.
        fits = {cid: raw for cid, raw in wanted.items() if len(raw) <= self.array.itemsize}
        keys = np.array(list(fits.values()), dtype=self.array.dtype)
        at = np.searchsorted(self.array, keys, sorter=self._order).clip(max=len(self) - 1)
        rows = self._order[at]
        return {
            cid: int(row)
            for cid, key, row in zip(fits, keys, rows, strict=True)
            if self.array[row] == key
        }


class LexicalIndex:
    """One view of a generation: its chunks, BM25 fields, filter columns and statistics."""

    def __init__(self, path: Path):
        self.path = path
        meta = json.loads((path / "meta.json").read_text())
        self.version: int = meta["version"]
        self.chunk_ids = ChunkIds(np.load(path / "chunk_ids.npy"))
        arrays = np.load(path / "filters.npz", allow_pickle=False)
        self.columns = FilterColumns(
            public=arrays["public"],
            dates=arrays["dates"],
            doc_types=Labels(arrays["doc_type_values"], arrays["doc_types"]),
            bodies=Labels(arrays["body_values"], arrays["bodies"]),
        )
        self.doc_of = arrays["doc_of"]
        self.models = {f: _load(path / f) if len(self.chunk_ids) else None for f in FIELDS}
        self._dfs: dict[str, np.ndarray] = {}
        self._sorted: dict[str, list[str]] = {}

    def __len__(self) -> int:
        return len(self.chunk_ids)

    def scores(self, field: str, tokens: list[str]) -> np.ndarray:
        """BM25 score of every chunk (0 where no token matches; a title's for each of its
        document's chunks)."""
        model = self.models[field]
        if model is None:
            return np.zeros(0, dtype=np.float32)
        vocab = model.vocab_dict
        known = np.array([vocab[t] for t in tokens if t in vocab], dtype=np.int64)
        if not len(known):
            return np.zeros(len(self.chunk_ids), dtype=np.float32)
        arrays = model.scores
        scores = accumulate(
            arrays["data"], arrays["indices"], arrays["indptr"], known, arrays["num_docs"]
        )
        return scores[self.doc_of] if field == "titles" else scores

    def known(self, field: str, token: str) -> bool:
        model = self.models[field]
        return model is not None and token in model.vocab_dict

    def weight(self, field: str, token: str) -> float:
        """IDF of a query token; an unseen inflection of a known word ("postavit" beside
        "postaven") takes the IDF of its most frequent same-prefix word, a truly unknown
        word the IDF of a token no chunk has (it is the strongest sign the answer is not
        here). Computed per token: a table of a million n-grams' weights would not fit."""
        model = self.models[field]
        if model is None:
            return 1.0
        vocab, df = model.vocab_dict, self._df(field)
        if token in vocab:
            return self._idf(df[vocab[token]])
        ceiling = self._idf(0)
        if field != "terms" or len(token) < 5:
            return ceiling
        if field not in self._sorted:
            self._sorted[field] = sorted(vocab)
        keys = self._sorted[field]
        prefix = token[:5]
        start = bisect.bisect_left(keys, prefix)
        related = []
        for key in keys[start:]:
            if not key.startswith(prefix):
                break
            related.append(self._idf(df[vocab[key]]))
        return min(related, default=ceiling)

    def _idf(self, df: int) -> float:
        n = len(self.chunk_ids)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def _df(self, field: str) -> np.ndarray:
        """How many chunks hold each token of a field (by token id)."""
        if field not in self._dfs:
            indptr = np.asarray(self.models[field].scores["indptr"])
            self._dfs[field] = np.diff(indptr)
        return self._dfs[field]


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
    def ensure(store: Store, index_dir: Path, memory: int = MEMORY) -> None:
        """Rebuild the current generation if it is missing or behind the store (an interrupted
        ingest, a deleted index folder); an unchanged one is not even loaded."""
        path = current_path(index_dir)
        if (
            path is None
            or not path.is_dir()
            or built_version(path) != store.version()
            or _format(path) != FORMAT
        ):
            Generation.build(store, index_dir, memory)

    @staticmethod
    def build(store: Store, index_dir: Path, memory: int = MEMORY) -> Generation:
        """Write a new generation from the store, streaming over its chunks, and make it
        current (`memory`: the budget in bytes the scoring of the postings keeps to)."""
        index_dir.mkdir(parents=True, exist_ok=True)
        version = store.version()
        name = f"gen-{version:08d}-{uuid.uuid4().hex[:8]}"
        path = index_dir / name
        path.mkdir()
        vocabularies = {name: Vocabulary() for name in FIELDS}
        views = {view: _View(path / view, vocabularies, memory) for view in VIEWS}
        titles: dict[str, np.ndarray] = {}
        for row in store.index_rows():
            document = row.document
            if document.doc_id not in titles:
                titles = {document.doc_id: vocabularies["titles"].ids(terms(document.title))}
            ids = {"terms": vocabularies["terms"].ids(row.terms),
                   "grams": vocabularies["grams"].ids(row.grams),
                   "titles": titles[document.doc_id]}  # fmt: skip
            views["all"].add(row.chunk_id, document, ids)
            if document.access == "public":
                views["public"].add(row.chunk_id, document, ids)
        for view in views.values():
            view.write(version)
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


def built_version(path: Path) -> int:
    """The store version a generation was built at, from its folder's name alone (reading
    its metadata means parsing every chunk id)."""
    return int(path.name.split("-")[1])


def _format(path: Path) -> int:
    try:
        return json.loads((path / VIEWS[0] / "meta.json").read_text()).get("format", 1)
    except (OSError, ValueError):
        return 0


def current_views(index_dir: Path) -> tuple[int, list[tuple[Path, ChunkIds]]]:
    """The current generation's store version and each view folder with its chunk ids, no
    index loaded ((-1, []) before the first ingest)."""
    path = current_path(index_dir)
    if path is None:
        return -1, []
    version = json.loads((path / VIEWS[0] / "meta.json").read_text())["version"]
    return version, [(path / v, ChunkIds(np.load(path / v / "chunk_ids.npy"))) for v in VIEWS]


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
