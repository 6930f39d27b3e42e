"""The vector store: a Chroma collection in step with the store, one vector per chunk.

Chroma never embeds anything itself (its default embedding function downloads a model); the
configured embedder computes the vectors. Each vector carries the hash of the text it was made
from, so a sync re-embeds only chunks whose text changed, and every batch is committed as it is
made: an interrupted `assistant embed` resumes where it stopped.
"""

from __future__ import annotations

import hashlib
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

COLLECTION = "chunks"
# Written after each committed stretch of vectors: an embedded Chroma client in another
# process keeps its old index in memory until it is reopened.
MARKER = "VECTORS"
BATCH = 32
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
    """The collection records which model made its vectors; another model starts it afresh."""

    def __init__(self, settings: StorageSettings, embedder: Embedder):
        self.settings = settings
        self.embedder = embedder
        self.marker = settings.index_dir / MARKER
        self.seen = self._read_marker()
        self.collection = self._open()

    @staticmethod
    def stored(settings: StorageSettings) -> tuple[str, int]:
        """The model that made the stored vectors and their number, without loading a model."""
        client = _client(settings)
        try:
            collection = client.get_collection(COLLECTION)
        except Exception:  # chromadb raises NotFoundError or ValueError by version
            return "", 0
        return (collection.metadata or {}).get("model", ""), collection.count()

    def _open(self):
        client = _client(self.settings)
        metadata = {"model": self.embedder.identity, "hnsw:space": "cosine"}
        collection = client.get_or_create_collection(
            COLLECTION, embedding_function=None, metadata=metadata
        )
        if (collection.metadata or {}).get("model") != self.embedder.identity:
            client.delete_collection(COLLECTION)
            collection = client.create_collection(
                COLLECTION, embedding_function=None, metadata=metadata
            )
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
        """Reopen an embedded collection another process has written to since (one file read)."""
        if self.settings.chroma_host or self._read_marker() == self.seen:
            return
        from chromadb.api.client import SharedSystemClient

        SharedSystemClient.clear_system_cache()
        self.seen = self._read_marker()
        self.collection = self._open()

    def count(self) -> int:
        return self.collection.count()

    def hashes(self) -> dict[str, str]:
        """Every vector's chunk id with the hash of the text it was made from."""
        found: dict[str, str] = {}
        offset = 0
        while True:
            page = self.collection.get(include=["metadatas"], limit=10000, offset=offset)
            for cid, meta in zip(page["ids"], page["metadatas"], strict=True):
                found[cid] = (meta or {}).get("hash", "")
            if len(page["ids"]) < 10000:
                return found
            offset += len(page["ids"])

    def sync(self, store: Store, progress: bool = True) -> EmbedSummary:
        """Embed the chunks without a current vector and delete the vectors of chunks gone."""
        started = time.perf_counter()
        present = self.hashes()
        wanted = {}
        for row in store.index_rows():
            text = passage_text(row.document.title, row.section, row.text)
            wanted[row.chunk_id] = (row, text, text_hash(text))
        stale = [cid for cid, h in present.items() if cid not in wanted or wanted[cid][2] != h]
        for start in range(0, len(stale), 5000):
            self.collection.delete(ids=stale[start : start + 5000])
        missing = [w for cid, w in wanted.items() if present.get(cid) != w[2]]
        marked = time.monotonic()
        with tqdm(
            total=len(missing), desc="Vektory", unit=" částí", disable=not progress or not missing
        ) as bar:
            for batch in _batches(missing, BATCH):
                vectors = self.embedder.passages([text for _, text, _ in batch])
                self.collection.upsert(
                    ids=[row.chunk_id for row, _, _ in batch],
                    embeddings=vectors.tolist(),
                    metadatas=[{**chroma_metadata(row.document), "hash": h} for row, _, h in batch],
                )
                bar.update(len(batch))
                if time.monotonic() - marked > MARK_EVERY_S:
                    self._mark()
                    marked = time.monotonic()
        if missing or stale or not self.marker.exists():
            self._mark()
        return EmbedSummary(len(missing), len(stale), time.perf_counter() - started)

    def vectors(self, chunk_ids: list[str]) -> dict[str, np.ndarray]:
        """The stored vectors of some chunks (those that have one)."""
        if not chunk_ids:
            return {}
        found = self.collection.get(ids=list(dict.fromkeys(chunk_ids)), include=["embeddings"])
        return dict(zip(found["ids"], np.asarray(found["embeddings"]), strict=True))

    def search(self, query: np.ndarray, k: int, filters: Filters) -> list[tuple[str, float]]:
        """Chunk ids with cosine similarity to an embedded query, best first."""
        if not self.collection.count():
            return []
        result = self.collection.query(
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
