"""A BM25 field built chunk by chunk in bounded memory, saved in bm25s's format.

bm25s builds its index from every chunk's tokens as Python lists (at a million chunks, about
340 million strings for the character n-grams alone: more memory than the host has). Here a
chunk's tokens become ids at once, and each batch's distinct (chunk, token, count) triples go to
temporary files, one per bucket of token ids (id modulo `BUCKETS`), as packed integers. The
vocabulary, the document frequencies and the chunk lengths are all that stay in memory. At the
end each bucket is scored on its own (Lucene's BM25, as bm25s scores it), its tokens renumbered
so that every bucket's tokens are contiguous, and its postings appended to the column arrays,
which are written as `.npy` files `bm25s.BM25.load` reads (memory-mapped when serving).
"""

from __future__ import annotations

import json
import tempfile
from array import array
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from assistant.settings import IngestSettings

BUCKETS = 32  # at a million chunks about 8 million n-gram postings a bucket
BATCH = 4096  # chunks per batch of triples
BLOCK = 1 << 22  # triples read from a bucket file at once
POSTING_BYTES = 64  # memory a posting takes while its bucket is scored (arrays and sort)
MEMORY = IngestSettings.model_fields["index_memory_mb"].default << 20  # bytes
# bm25s's file names and the parameters it reads back.
FILES = {"data": "data.csc.index.npy", "indices": "indices.csc.index.npy",
         "indptr": "indptr.csc.index.npy"}  # fmt: skip
TRIPLE = np.dtype([("token", "<i4"), ("chunk", "<i4"), ("tf", "<u2")])


class Vocabulary(dict):
    """Token → id, shared by the views of a generation, so each chunk's tokens are looked up
    once (half a microsecond a token on two cores: most of a build); a view keeps only the
    tokens its own chunks have."""

    def __missing__(self, token: str) -> int:
        self[token] = found = len(self)
        return found

    def ids(self, tokens: Iterable[str]) -> np.ndarray:
        return np.array(list(map(self.__getitem__, tokens)), dtype=np.int32)


class Postings:
    """One field of one view: `add` each chunk's token ids in order, then `save`."""

    def __init__(
        self, k1: float, b: float, empty_token: str, vocabulary: Vocabulary,
        folder: Path | None = None, memory: int = MEMORY,
    ):  # fmt: skip
        self.k1, self.b, self.empty_token = k1, b, empty_token
        # Postings scored at once: a quarter of the memory budget (a bucket is scored in as
        # many passes over its file as that needs).
        self.at_once = max(1, memory // 4 // POSTING_BYTES)
        self.vocabulary = vocabulary
        self.df = np.zeros(0, dtype=np.int64)
        self.lengths = array("i")
        self._scratch = tempfile.TemporaryDirectory(dir=folder, prefix="postings-")
        self._files = [
            open(Path(self._scratch.name) / f"{i}.bin", "wb")  # noqa: SIM115 (closed in save)
            for i in range(BUCKETS)
        ]
        self._pending_ids: list[np.ndarray] = []
        self._pending_chunks: list[np.ndarray] = []

    def add(self, ids: np.ndarray) -> None:
        chunk = len(self.lengths)
        self.lengths.append(len(ids))
        self._pending_ids.append(ids)
        self._pending_chunks.append(np.full(len(ids), chunk, dtype=np.int32))
        if len(self._pending_ids) >= BATCH:
            self._flush()

    def _flush(self) -> None:
        """The batch's distinct (chunk, token) pairs with their counts, to the buckets."""
        if not self._pending_ids:
            return
        ids = np.concatenate(self._pending_ids).astype(np.int64)
        chunks = np.concatenate(self._pending_chunks).astype(np.int64)
        self._pending_ids, self._pending_chunks = [], []
        if not len(ids):
            return
        keys, counts = np.unique((chunks << 32) | ids, return_counts=True)  # chunk-major order
        tokens = (keys & 0xFFFFFFFF).astype(np.int32)
        self._grow()
        self.df += np.bincount(tokens, minlength=len(self.df))
        triples = np.empty(len(keys), dtype=TRIPLE)
        triples["token"], triples["chunk"] = tokens, (keys >> 32).astype(np.int32)
        triples["tf"] = np.minimum(counts, np.iinfo(np.uint16).max)
        bucket = tokens % BUCKETS
        for i in range(BUCKETS):
            self._files[i].write(triples[bucket == i].tobytes())

    def _grow(self) -> None:
        """Room in the frequencies for every token the shared vocabulary has by now."""
        missing = len(self.vocabulary) - len(self.df)
        if missing > 0:
            self.df = np.concatenate([self.df, np.zeros(missing, np.int64)])

    def save(self, path: Path, params: dict) -> dict[str, int]:
        """Score every bucket, write the bm25s index files and return the view's vocabulary
        (only the tokens its chunks have)."""
        self._flush()
        for handle in self._files:
            handle.close()
        path.mkdir(parents=True, exist_ok=True)
        self._grow()
        n = len(self.lengths)
        lengths = np.asarray(self.lengths, dtype=np.float64)
        average = float(lengths.mean()) if n else 1.0
        norm = self.k1 * ((1 - self.b) + self.b * lengths / (average or 1.0))
        idf = np.log(1 + (n - self.df + 0.5) / (self.df + 0.5)).astype(np.float32)
        # The view's tokens renumbered bucket by bucket, so each bucket's postings are one
        # column range; tokens only other views have get no number.
        present = np.flatnonzero(self.df)
        order = present[np.argsort(present % BUCKETS, kind="stable")]
        renumber = np.full(len(self.df), -1, dtype=np.int64)
        renumber[order] = np.arange(len(order))
        total = int(self.df.sum())
        # Appended through plain files, not a memory map: written pages leave the process.
        with (
            _column(path / FILES["data"], "<f4", total) as data,
            _column(path / FILES["indices"], "<i4", total) as indices,
        ):
            for lo, hi in self._passes(order):
                triples = self._triples(order[lo] % BUCKETS, renumber, lo, hi)
                ranked = np.argsort(renumber[triples["token"]], kind="stable")  # chunk order kept
                tf = triples["tf"].astype(np.float64)
                chunk = triples["chunk"]
                scores = idf[triples["token"]] * (tf / (norm[chunk] + tf))
                data.write(scores[ranked].astype(np.float32).tobytes())
                indices.write(chunk[ranked].tobytes())
        indptr = np.concatenate([[0], np.cumsum(self.df[order])]).astype(np.int64)
        tokens = list(self.vocabulary)
        vocab = {tokens[i]: number for number, i in enumerate(order.tolist())}
        if not vocab:  # bm25s needs a vocabulary; no query ever has this token
            vocab, indptr = {self.empty_token: 0}, np.zeros(2, dtype=np.int64)
        np.save(path / FILES["indptr"], indptr)
        (path / "vocab.index.json").write_text(json.dumps(vocab, ensure_ascii=False), "utf-8")
        (path / "params.index.json").write_text(json.dumps({
            **params, "delta": 0.5, "method": "lucene", "idf_method": "lucene",
            "dtype": "float32", "int_dtype": "int32", "num_docs": n, "backend": "numpy",
        }))  # fmt: skip
        self._scratch.cleanup()
        return vocab

    def _passes(self, order: np.ndarray) -> list[tuple[int, int]]:
        """Ranges of the renumbered tokens scored together: within one bucket, and holding
        about `at_once` postings (at most that and one token's more)."""
        if not len(order):
            return []
        bucket = order % BUCKETS
        df = self.df[order]
        before = np.cumsum(df) - df
        firsts = np.flatnonzero(np.diff(bucket, prepend=-1))
        within = before - np.repeat(before[firsts], np.diff([*firsts, len(order)]))
        key = bucket * (int(df.sum()) + 1) + within // self.at_once
        starts = np.flatnonzero(np.diff(key, prepend=-1))
        return list(zip(starts.tolist(), [*starts[1:].tolist(), len(order)], strict=True))

    def _triples(self, bucket: int, renumber: np.ndarray, lo: int, hi: int) -> np.ndarray:
        """The triples of the tokens renumbered lo…hi−1, read from their bucket's file a block
        at a time, in the file's (chunk) order."""
        path = Path(self._scratch.name) / f"{bucket}.bin"
        every = np.memmap(path, dtype=TRIPLE, mode="r") if path.stat().st_size else []
        parts = [np.empty(0, dtype=TRIPLE)]
        for start in range(0, len(every), BLOCK):
            block = every[start : start + BLOCK]
            number = renumber[block["token"]]
            parts.append(np.asarray(block[(number >= lo) & (number < hi)]))
        return np.concatenate(parts)

    def discard(self) -> None:
        """Remove the scratch files of a field never saved (an empty view)."""
        for handle in self._files:
            handle.close()
        self._scratch.cleanup()


def _column(path: Path, dtype: str, length: int):
    """An `.npy` file of one-dimensional `dtype` opened for its data to be appended."""
    handle = path.open("wb")
    header = {"descr": dtype, "fortran_order": False, "shape": (length,)}
    np.lib.format.write_array_header_1_0(handle, header)
    return handle
