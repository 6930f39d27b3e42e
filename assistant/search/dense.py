"""Dense retrieval: a sentence-transformers model and a Chroma collection in sync with the store.

Chroma never embeds anything itself (its default embedding function downloads a model);
vectors are computed here and passed in.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from tqdm import tqdm

from assistant.errors import Unavailable
from assistant.search.filters import Filters, chroma_metadata, chroma_where
from assistant.settings import DenseSettings, StorageSettings
from assistant.store.documents import Store
from assistant.text.analysis import passage_text

COLLECTION = "chunks"


class DenseUnavailable(Unavailable):
    """The configured dense model or vector store cannot be used; the message says why in Czech."""


class Embedder:
    def __init__(self, settings: DenseSettings):
        name = settings.dense_model or ""
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise DenseUnavailable(
                "Hustý model vyžaduje volitelnou závislost: pip install 'liberec-assistant[dense]'"
            ) from exc
        try:
            self.model = SentenceTransformer(
                name, device=settings.dense_device, local_files_only=True
            )
        except Exception as exc:
            raise DenseUnavailable(
                f"Model '{name}' není dostupný offline (stáhněte jej předem nebo zadejte cestu"
                f" k jeho složce v ASSISTANT_DENSE_MODEL): {exc}"
            ) from exc
        e5 = "e5" in Path(name).name.lower()
        self.name = name
        self.identity = json.dumps(settings.changing_index(), sort_keys=True)
        self.query_prefix = settings.dense_query_prefix
        if self.query_prefix is None:
            self.query_prefix = "query: " if e5 else ""
        self.passage_prefix = settings.dense_passage_prefix
        if self.passage_prefix is None:
            self.passage_prefix = "passage: " if e5 else ""
        self.batch_size = settings.dense_batch_size

    def passages(self, texts: list[str]) -> np.ndarray:
        return self.model.encode(
            [self.passage_prefix + t for t in texts],
            batch_size=self.batch_size,
            normalize_embeddings=True,
            show_progress_bar=False,
            convert_to_numpy=True,
        )

    def query(self, text: str) -> np.ndarray:
        return self.model.encode(
            self.query_prefix + text, normalize_embeddings=True, convert_to_numpy=True
        )


class VectorStore:
    """The collection records which model and passage prefix made its vectors; another
    configuration starts it afresh."""

    def __init__(self, settings: StorageSettings, embedder: Embedder):
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        self.embedder = embedder
        options = ChromaSettings(anonymized_telemetry=False)
        if settings.chroma_host:
            try:
                self.client = chromadb.HttpClient(
                    host=settings.chroma_host, port=settings.chroma_port, settings=options
                )
                self.client.heartbeat()
            except Exception as exc:
                raise DenseUnavailable(
                    f"Server Chroma {settings.chroma_host}:{settings.chroma_port} neodpovídá: {exc}"
                ) from exc
        else:
            self.client = chromadb.PersistentClient(path=str(settings.chroma_dir), settings=options)
        metadata = {"model": embedder.identity, "hnsw:space": "cosine"}
        self.collection = self.client.get_or_create_collection(
            COLLECTION, embedding_function=None, metadata=metadata
        )
        if (self.collection.metadata or {}).get("model") != embedder.identity:
            self.client.delete_collection(COLLECTION)
            self.collection = self.client.create_collection(
                COLLECTION, embedding_function=None, metadata=metadata
            )

    def _ids(self) -> set[str]:
        ids: set[str] = set()
        offset = 0
        while True:
            page = self.collection.get(include=[], limit=10000, offset=offset)["ids"]
            ids.update(page)
            if len(page) < 10000:
                return ids
            offset += len(page)

    def sync(self, store: Store, progress: bool = True) -> tuple[int, int]:
        """Embed chunks missing from Chroma and delete those no longer in the store."""
        present = self._ids()
        wanted = {row.chunk_id: row for row in store.index_rows()}
        stale = list(present - wanted.keys())
        for start in range(0, len(stale), 5000):
            self.collection.delete(ids=stale[start : start + 5000])
        missing = [wanted[i] for i in wanted if i not in present]
        with tqdm(
            total=len(missing), desc="Vektory", unit="část", disable=not progress or not missing
        ) as bar:
            for batch in _batches(missing, 256):
                vectors = self.embedder.passages(
                    [passage_text(r.document.title, r.section, r.text) for r in batch]
                )
                self.collection.upsert(
                    ids=[r.chunk_id for r in batch],
                    embeddings=vectors.tolist(),
                    metadatas=[chroma_metadata(r.document) for r in batch],
                )
                bar.update(len(batch))
        return len(missing), len(stale)

    def search(self, query: str, k: int, filters: Filters) -> list[tuple[str, float]]:
        """Chunk ids with cosine similarity, best first."""
        if not self.collection.count():
            return []
        result = self.collection.query(
            query_embeddings=[self.embedder.query(query).tolist()],
            n_results=k,
            where=chroma_where(filters),
            include=["distances"],
        )
        return [(i, 1.0 - d) for i, d in zip(result["ids"][0], result["distances"][0], strict=True)]


def _batches(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
