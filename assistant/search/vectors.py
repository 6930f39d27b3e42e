"""The vectors: Chroma keeps them, each view of the index generation searches them as a matrix.

Chroma never embeds anything itself (its default embedding function downloads a model); the
configured embedder computes the vectors. Each vector carries the hash of the text it was made
from, so a sync re-embeds only chunks whose text changed, and every batch is committed as it is
made: an interrupted `assistant embed` resumes where it stopped.

A search never asks Chroma. Each view of the current generation gets its vectors as an int8
matrix aligned with its chunks (`vectors-*.rows.npy`, memory-mapped): a query's cosine to every
chunk the audience may see is one matrix–vector product (or a sign-code shortlist's), and
the public view's matrix holds public chunks only, so what the public finds never depends on
internal documents. A serving process never loads Chroma at all.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from tqdm import tqdm

from assistant.search import scoring
from assistant.search.embedders import DenseUnavailable, Embedder
from assistant.search.filters import chroma_metadata
from assistant.search.lexical import VIEWS, current_path, current_views
from assistant.settings import StorageSettings
from assistant.store.documents import IndexRow, Store
from assistant.text.analysis import passage_text

COLLECTION = "chunks"
LEGACY = "public-chunks"  # the public audience's collection before the matrices
LOCK = "vectors.lock"
LOG = logging.getLogger(__name__)
BATCH = 32
PAGE = 5000
# Points to a view's current matrix and names the model that made it; replaced atomically
# after the matrix is written, so a reader never maps a half-written file.
POINTER = "vectors.json"
PUBLISH_EVERY_S = 60.0


@dataclass(frozen=True)
class EmbedSummary:
    embedded: int
    removed: int
    seconds: float

    def to_dict(self) -> dict:
        rate = self.embedded / self.seconds if self.seconds > 0 else 0.0
        return {
            "embedded": self.embedded, "removed": self.removed,
            "seconds": round(self.seconds, 1), "passages_per_s": round(rate, 1),
        }  # fmt: skip


def vector_text(row: IndexRow) -> tuple[str, str]:
    """What a chunk's vector is made from (what is indexed of it) and that text's hash."""
    text = passage_text(row.document.title, row.section, row.text)
    return text, hashlib.sha1(text.encode()).hexdigest()


# Up to this many rows one matrix–vector product scores every chunk exactly in a few ms; above
# it a pass over sign codes (48 bytes a row) shortlists the rows scored exactly: about 10 → 4 ms
# at 100k chunks. On e5 vectors (6k of them) a shortlist of 5 % of the rows held every exact top
# 10 and 84 % of the top 100 once the codes are taken around the mean vector (without
# centring, 79 % and 48 %: e5's vectors all point one way, README, "Scale").
EXACT_UP_TO = 20_000
SHORTLIST = 0.05
CODE_BLOCK = 16_384


class VectorMatrix:
    """One view's vectors, row i for the view's chunk i, as int8 coordinates with a scale a row
    (a quarter of float32's memory: at a million chunks 384 MB a view instead of 1.5 GB;
    cosines within about 0.002 of the exact ones). A zero scale marks a row without a vector
    yet. Above `exact_up_to` rows the sign codes are kept too; all of it is written beside the
    rows, so loading a matrix reads none of them."""

    def __init__(self, rows: np.ndarray, scales: np.ndarray, codes: np.ndarray | None,
                 centre: np.ndarray | None):  # fmt: skip
        self.rows, self.scales, self.codes, self.centre = rows, scales, codes, centre
        self.present = scales > 0

    @classmethod
    def of(cls, vectors: np.ndarray, exact_up_to: int = EXACT_UP_TO) -> VectorMatrix:
        """Quantise float vectors (zero rows: none yet)."""
        return cls.built(len(vectors), vectors.shape[1], lambda s, e: vectors[s:e], exact_up_to)

    @classmethod
    def built(cls, count: int, dim: int, block: Callable[[int, int], np.ndarray],
              exact_up_to: int = EXACT_UP_TO) -> VectorMatrix:  # fmt: skip
        """Quantised from `block(start, end)`'s float rows a block at a time, so no float
        matrix of every vector is ever made (at a million chunks 1.5 GB, and its temporaries
        as much again each)."""
        rows = np.zeros((count, dim), dtype=np.int8)
        scales = np.zeros(count, dtype=np.float32)
        total = np.zeros(dim, dtype=np.float64)  # a zero row adds nothing
        for start in range(0, count, CODE_BLOCK):
            end = min(count, start + CODE_BLOCK)
            vectors = block(start, end)
            scales[start:end] = np.abs(vectors).max(axis=1) / 127
            safe = np.where(scales[start:end] > 0, scales[start:end], 1)[:, None]
            rows[start:end] = np.rint(vectors / safe)
            total += vectors.sum(axis=0, dtype=np.float64)
        present = scales > 0
        if count <= exact_up_to or not present.any():
            return cls(rows, scales, None, None)
        centre = (total / present.sum()).astype(np.float32)
        codes = np.concatenate([
            _code(block(s, min(count, s + CODE_BLOCK)), centre)
            for s in range(0, count, CODE_BLOCK)
        ])  # fmt: skip
        return cls(rows, scales, codes, centre)

    def save(self, view: Path, stem: str) -> None:
        parts = {"rows": self.rows, "scales": self.scales}
        if self.codes is not None:
            parts |= {"codes": self.codes, "centre": self.centre}
        for part, array in parts.items():
            with (view / f"{stem}.{part}.npy").open("wb") as handle:
                np.save(handle, array)
                handle.flush()
                os.fsync(handle.fileno())

    @classmethod
    def load(cls, view: Path, pointer: dict, model: str, chunks: int) -> VectorMatrix | None:
        """The matrix a pointer names, if the configured model made it (another model's is not
        comparable) and it has a row for each of the view's chunks."""
        if pointer.get("model") != model:
            return None

        def part(name: str) -> np.ndarray | None:
            path = view / f"{pointer['file']}.{name}.npy"
            # A plain ndarray over the map: indexing a numpy memmap costs Python time a query.
            return np.load(path, mmap_mode="r").view(np.ndarray) if path.exists() else None

        rows, scales = part("rows"), part("scales")
        if rows is None or scales is None or rows.ndim != 2 or len(rows) != chunks:
            return None
        return cls(rows, np.asarray(scales), part("codes"), part("centre"))

    def cosines(self, query: np.ndarray, rows: np.ndarray) -> np.ndarray:
        which = np.asarray(rows, dtype=np.intp)
        return scoring.cosines(self.rows, self.scales, query.astype(np.float32), which)

    def nearest(self, query: np.ndarray, allowed: np.ndarray, k: int) -> np.ndarray:
        """Up to k allowed rows with a vector and the highest cosines (in no order), scored
        from the int8 rows: every row, or the rows of the sign-code shortlist."""
        allowed = allowed & self.present
        total = int(allowed.sum())
        if total == 0:
            return np.empty(0, dtype=np.intp)
        if self.codes is None:
            candidates = np.flatnonzero(allowed)
            if total > k:
                scores = self.cosines(query, np.arange(len(self.rows)))
                candidates = np.argpartition(np.where(allowed, -scores, np.inf), k - 1)[:k]
            return candidates
        distance = scoring.hamming(self.codes, _code(query, self.centre)[0], allowed)
        size = min(total, max(20 * k, int(SHORTLIST * len(self.rows))))
        shortlist = np.argpartition(distance, size - 1)[:size]
        if size <= k:
            return shortlist
        scores = self.cosines(query, shortlist)
        return shortlist[np.argpartition(-scores, k - 1)[:k]]


def _code(vectors: np.ndarray, centre: np.ndarray) -> np.ndarray:
    """Which side of the mean each coordinate lies on, as bits in 64-bit words."""
    bits = np.packbits(np.atleast_2d(vectors) > centre, axis=1)
    padding = -bits.shape[1] % 8
    if padding:
        bits = np.pad(bits, ((0, 0), (0, padding)))
    return bits.view(np.uint64)


def read_pointer(view: Path) -> dict:
    """The view's pointer; empty if there is none (or it cannot be read: never published)."""
    try:
        pointer = json.loads((view / POINTER).read_text())
    except (OSError, ValueError):
        return {}
    return pointer if isinstance(pointer, dict) and "file" in pointer else {}


def published(index_dir: Path) -> tuple[str, int]:
    """The model of the vectors the current generation searches and their number."""
    path = current_path(index_dir)
    pointer = read_pointer(path / VIEWS[0]) if path else {}
    return pointer.get("model", ""), pointer.get("embedded", 0)


def write_matrix(view: Path, chunk_ids: list[str], known: dict[str, np.ndarray], model: str,
                 dim: int) -> None:  # fmt: skip
    def block(start: int, end: int) -> np.ndarray:
        vectors = np.zeros((end - start, dim), dtype=np.float32)
        for i, cid in enumerate(chunk_ids[start:end]):
            vector = known.get(cid)
            if vector is not None:
                vectors[i] = vector
        return vectors

    embedded = sum(cid in known for cid in chunk_ids)
    name = f"vectors-{uuid.uuid4().hex[:8]}"
    VectorMatrix.built(len(chunk_ids), dim, block).save(view, name)
    previous = read_pointer(view).get("file")
    temporary = view / f"{POINTER}.{uuid.uuid4().hex[:8]}"
    with temporary.open("w") as handle:
        handle.write(json.dumps({"model": model, "file": name, "embedded": embedded}))
        handle.flush()
        os.fsync(handle.fileno())
    temporary.replace(view / POINTER)
    # The previous matrix stays for a reader that has just read the previous pointer; a reader
    # still mapping an older one keeps its pages until it reloads.
    for old in view.glob("vectors-*.npy"):
        if old.name.split(".")[0] not in (name, previous):
            old.unlink(missing_ok=True)


class VectorStore:
    """The Chroma collection of every chunk's vector, recording which model made them (another
    model starts it afresh), and the matrices published from it. Never created by a read."""

    def __init__(self, settings: StorageSettings, embedder: Embedder):
        self.settings = settings
        self.embedder = embedder

    def collection(self, create: bool = False):
        """The collection, None if there is none yet (or another model's, unless created)."""
        s = self.settings
        if not create and not s.chroma_host and not s.chroma_dir.exists():
            return None
        client = _client(s)
        identity = self.embedder.identity
        if not create:
            try:
                found = client.get_collection(COLLECTION)
            except Exception:  # chromadb raises NotFoundError or ValueError by version
                return None
            return found if (found.metadata or {}).get("model") == identity else None
        metadata = {"model": identity, "hnsw:space": "cosine"}
        collection = client.get_or_create_collection(
            COLLECTION, embedding_function=None, metadata=metadata
        )
        if LEGACY in {getattr(c, "name", c) for c in client.list_collections()}:
            client.delete_collection(LEGACY)
        if (collection.metadata or {}).get("model") != identity:
            client.delete_collection(COLLECTION)
            collection = client.create_collection(
                COLLECTION, embedding_function=None, metadata=metadata
            )
        return collection

    def hashes(self) -> dict[str, str]:
        """Every vector's chunk id with the hash of the text it was made from."""
        return _hashes(self.collection())

    def sync(self, store: Store, progress: bool = True, embed: bool = True) -> EmbedSummary:
        """Delete the vectors of chunks gone or changed, embed the chunks without one (unless
        `embed` is off: then only what is stored is published), and publish the matrices of the
        current generation: first what is already there, then as the embedding goes on. One
        sync at a time per data folder: a second waits."""
        with _one_writer(self.settings.index_dir):
            return self._sync(store, progress, embed)

    def _sync(self, store: Store, progress: bool, embed: bool) -> EmbedSummary:
        started = time.perf_counter()
        if self._complete(store.version()):  # an unchanged re-ingest: nothing to read
            return EmbedSummary(0, 0, time.perf_counter() - started)
        # Only each chunk's hash is kept: a million chunks' rows would not fit in memory.
        wanted = {row.chunk_id: vector_text(row)[1] for row in store.index_rows(analysed=False)}
        collection = self.collection(create=embed)
        if collection is None:
            return EmbedSummary(0, 0, time.perf_counter() - started)
        present = _hashes(collection)
        stale = [cid for cid, h in present.items() if wanted.get(cid) != h]
        for start in range(0, len(stale), PAGE):
            collection.delete(ids=stale[start : start + PAGE])
        current = [cid for cid, h in present.items() if wanted.get(cid) == h]
        missing = {cid for cid, h in wanted.items() if present.get(cid) != h} if embed else set()
        del wanted, present
        todo = (
            (row, *vector_text(row))
            for row in store.index_rows(analysed=False)
            if row.chunk_id in missing
        )
        known = self._vectors(collection, current)
        self._publish(known)
        published_at, took = time.monotonic(), 0.0
        with tqdm(
            total=len(missing), desc="Vektory", unit=" částí",
            disable=not progress or not missing,
        ) as bar:  # fmt: skip
            for batch in _batches(todo, BATCH):
                vectors = self.embedder.passages([text for _, text, _ in batch])
                collection.upsert(
                    ids=[row.chunk_id for row, _, _ in batch],
                    embeddings=vectors,
                    metadatas=[{**chroma_metadata(row.document), "hash": h}
                               for row, _, h in batch],
                )  # fmt: skip
                known.update(zip((row.chunk_id for row, _, _ in batch), vectors, strict=True))
                bar.update(len(batch))
                if time.monotonic() - published_at > max(PUBLISH_EVERY_S, 20 * took):
                    took = self._publish(known)
                    published_at = time.monotonic()
        if missing:
            self._publish(known)
        return EmbedSummary(len(missing), len(stale), time.perf_counter() - started)

    def _complete(self, version: int) -> bool:
        """The current generation is the store's and every one of its chunks has its vector in
        the view's matrix (so those vectors are current)."""
        built, views = current_views(self.settings.index_dir)
        return built == version and all(
            (pointer := read_pointer(view)).get("model") == self.embedder.identity
            and pointer.get("embedded") == len(chunk_ids)
            and (view / f"{pointer['file']}.rows.npy").exists()
            for view, chunk_ids in views
        )

    def _vectors(self, collection, chunk_ids: list[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        for start in range(0, len(chunk_ids), PAGE):
            page = collection.get(ids=chunk_ids[start : start + PAGE], include=["embeddings"])
            found.update(zip(page["ids"], np.asarray(page["embeddings"], np.float32), strict=True))
        return found

    def _publish(self, known: dict[str, np.ndarray]) -> float:
        """Write the matrix of every view of the generation current now (seconds taken)."""
        if not known:
            return 0.0
        started = time.perf_counter()
        dim = len(next(iter(known.values())))
        for view, chunk_ids in current_views(self.settings.index_dir)[1]:
            write_matrix(view, chunk_ids, known, self.embedder.identity, dim)
        return time.perf_counter() - started


@contextmanager
def _one_writer(index_dir: Path) -> Iterator[None]:
    """Two syncs would publish over each other; the lock goes with the process (kill -9)."""
    index_dir.mkdir(parents=True, exist_ok=True)
    with (index_dir / LOCK).open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            LOG.warning("Vektory právě počítá jiný proces; čekám, až skončí.")
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def _client(s: StorageSettings):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    options = ChromaSettings(anonymized_telemetry=False)
    if not s.chroma_host:
        return chromadb.PersistentClient(path=str(s.chroma_dir), settings=options)
    try:
        client = chromadb.HttpClient(host=s.chroma_host, port=s.chroma_port, settings=options)
        client.heartbeat()
    except Exception as exc:
        raise DenseUnavailable(
            f"Server Chroma {s.chroma_host}:{s.chroma_port} neodpovídá: {exc}"
        ) from exc
    return client


def _hashes(collection) -> dict[str, str]:
    found: dict[str, str] = {}
    for page in _pages(collection, ["metadatas"]):
        for cid, meta in zip(page["ids"], page["metadatas"], strict=True):
            found[cid] = (meta or {}).get("hash", "")
    return found


def _pages(collection, include: list[str]) -> Iterator[dict]:
    offset = 0
    while collection is not None:
        page = collection.get(include=include, limit=10000, offset=offset)
        yield page
        if len(page["ids"]) < 10000:
            break
        offset += len(page["ids"])


def _batches(items: Iterable, size: int) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
