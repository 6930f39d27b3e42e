"""The vector store: a Chroma collection in step with the store, one vector per chunk.

Chroma never embeds anything itself (its default embedding function downloads a model); the
configured embedder computes the vectors. Each vector carries the hash of the text it was made
from, so a sync re-embeds only chunks whose text changed, and every batch is committed as it is
made: an interrupted `assistant embed` resumes where it stopped.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from tqdm import tqdm

from assistant.search.embedders import DenseUnavailable, Embedder
from assistant.search.filters import Filters, chroma_metadata, chroma_where
from assistant.settings import StorageSettings
from assistant.store.documents import Store
from assistant.text.analysis import passage_text

COLLECTIONS = ("chunks", "public-chunks")  # every chunk; the public ones
# Written after each committed stretch of vectors: an embedded Chroma client in another
# process keeps its old index in memory until it is reopened.
MARKER = "VECTORS"
BATCH = 32
# A search wide enough to be exact in practice for the 100 candidates fusion takes (what the
# public finds must not depend on what else the graph holds), built by one thread (the same
# graph from the same chunks).
HNSW = {"hnsw:space": "cosine", "hnsw:search_ef": 400, "hnsw:num_threads": 1}
MARK_EVERY_S = 30.0


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


def text_hash(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()


class VectorStore:
    """Two collections, like the lexical generation's two views: every chunk, and the public
    ones only, so what the public search finds never depends on internal documents (an
    approximate index searched with a filter would). Each records which model made its vectors;
    another model starts it afresh. Opened on first use, and never created by a read."""

    def __init__(self, settings: StorageSettings, embedder: Embedder):
        self.settings = settings
        self.embedder = embedder
        self.marker = settings.index_dir / MARKER
        self.seen = self._read_marker()
        self.lock = threading.RLock()  # a reopen must not pull a collection from under a search
        self._collections: dict[str, object] = {}

    @staticmethod
    def stored(settings: StorageSettings) -> tuple[str, int]:
        """The model that made the stored vectors and their number, without loading a model."""
        if not settings.chroma_host and not settings.chroma_dir.exists():
            return "", 0
        try:
            collection = _client(settings).get_collection(COLLECTIONS[0])
        except DenseUnavailable:
            raise
        except Exception:  # chromadb raises NotFoundError or ValueError by version
            return "", 0
        return (collection.metadata or {}).get("model", ""), collection.count()

    def collection(self, audience: str = "staff", create: bool = False):
        """The collection of an audience (`public` or everything), None if there is none yet."""
        name = COLLECTIONS[audience == "public"]
        with self.lock:
            if name not in self._collections:
                if (
                    not create
                    and not self.settings.chroma_host
                    and not (self.settings.chroma_dir.exists())
                ):
                    return None
                self._collections[name] = self._open(name, create)
            return self._collections[name]

    def _open(self, name: str, create: bool):
        client = _client(self.settings)
        metadata = {"model": self.embedder.identity, **HNSW}
        if not create:
            try:
                found = client.get_collection(name)
            except Exception:  # not there yet
                return None
            return found if (found.metadata or {}).get("model") == self.embedder.identity else None
        collection = client.get_or_create_collection(
            name, embedding_function=None, metadata=metadata
        )
        if (collection.metadata or {}).get("model") != self.embedder.identity:
            client.delete_collection(name)
            collection = client.create_collection(name, embedding_function=None, metadata=metadata)
        return collection

    def _read_marker(self) -> str:
        try:
            return self.marker.read_text()
        except FileNotFoundError:
            return ""

    def _mark(self) -> None:
        self.marker.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.marker.with_suffix(".tmp")
        temporary.write_text(str(time.time_ns()))
        temporary.replace(self.marker)
        self.seen = self._read_marker()

    def refresh(self) -> None:
        """Reopen an embedded store another process has written to since (one file read)."""
        if self.settings.chroma_host or self._read_marker() == self.seen:
            return
        from chromadb.api.client import SharedSystemClient

        with self.lock:
            SharedSystemClient.clear_system_cache()
            self.seen = self._read_marker()
            self._collections.clear()

    def hashes(self, audience: str = "staff") -> dict[str, str]:
        """Every vector's chunk id with the hash of the text it was made from."""
        collection = self.collection(audience)
        found: dict[str, str] = {}
        offset = 0
        while collection is not None:
            page = collection.get(include=["metadatas"], limit=10000, offset=offset)
            for cid, meta in zip(page["ids"], page["metadatas"], strict=True):
                found[cid] = (meta or {}).get("hash", "")
            if len(page["ids"]) < 10000:
                break
            offset += len(page["ids"])
        return found

    def sync(self, store: Store, progress: bool = True) -> EmbedSummary:
        """Embed the chunks without a current vector and delete the vectors of chunks gone,
        in both collections; every batch is committed as it is made."""
        started = time.perf_counter()
        wanted = {}
        for row in store.index_rows():
            text = passage_text(row.document.title, row.section, row.text)
            wanted[row.chunk_id] = (row, text, text_hash(text))
        plans = []
        for audience in ("staff", "public"):
            collection = self.collection(audience, create=True)
            present = self.hashes(audience)
            mine = {cid: w for cid, w in wanted.items()
                    if audience == "staff" or w[0].document.access == "public"}  # fmt: skip
            stale = [cid for cid, h in present.items() if cid not in mine or mine[cid][2] != h]
            for start in range(0, len(stale), 5000):
                collection.delete(ids=stale[start : start + 5000])
            missing = {cid for cid, w in mine.items() if present.get(cid) != w[2]}
            plans.append((collection, missing, len(stale)))
        todo = [w for cid, w in wanted.items() if any(cid in m for _, m, _ in plans)]
        marked = time.monotonic()
        with tqdm(
            total=len(todo), desc="Vektory", unit=" částí", disable=not progress or not todo
        ) as bar:
            for batch in _batches(todo, BATCH):
                vectors = self.embedder.passages([text for _, text, _ in batch])
                for collection, missing, _ in plans:
                    chosen = [i for i, (row, _, _) in enumerate(batch) if row.chunk_id in missing]
                    if chosen:
                        rows = [batch[i] for i in chosen]
                        collection.upsert(
                            ids=[row.chunk_id for row, _, _ in rows],
                            embeddings=vectors[chosen].tolist(),
                            metadatas=[{**chroma_metadata(row.document), "hash": h}
                                       for row, _, h in rows],
                        )  # fmt: skip
                bar.update(len(batch))
                if time.monotonic() - marked > MARK_EVERY_S:
                    self._mark()
                    marked = time.monotonic()
        removed = plans[0][2]
        if todo or removed or plans[1][2] or not self.marker.exists():
            self._mark()
        return EmbedSummary(len(todo), removed, time.perf_counter() - started)

    def vectors(self, chunk_ids: list[str]) -> dict[str, np.ndarray]:
        """The stored vectors of some chunks (those that have one)."""
        collection = self.collection()
        if not chunk_ids or collection is None:
            return {}
        with self.lock:
            found = collection.get(ids=list(dict.fromkeys(chunk_ids)), include=["embeddings"])
        return dict(zip(found["ids"], np.asarray(found["embeddings"]), strict=True))

    def search(self, query: np.ndarray, k: int, filters: Filters) -> list[tuple[str, float]]:
        """Chunk ids with cosine similarity to an embedded query, best first, from the
        collection of the filters' audience."""
        collection = self.collection("public" if filters.public_only else "staff")
        with self.lock:
            if collection is None or not collection.count():
                return []
            result = collection.query(
                query_embeddings=[query.tolist()],
                n_results=k,
                where=chroma_where(filters),
                include=["distances"],
            )
        return [(i, 1.0 - d) for i, d in zip(result["ids"][0], result["distances"][0], strict=True)]


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


def _batches(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
