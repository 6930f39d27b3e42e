"""What the service holds and how it is configured, without loading any model."""

from __future__ import annotations

from assistant.settings import Settings
from assistant.store import Store


def status(settings: Settings) -> dict:
    store = Store(settings.db_path)
    try:
        documents, chunks = store.counts()
    finally:
        store.close()
    retrievers = ["bm25-terms", "bm25-grams"] + (["dense"] if settings.dense_model else [])
    llm = None
    if settings.llm_base_url:
        llm = {"base_url": settings.llm_base_url, "model": settings.llm_model}
    return {
        "documents": documents,
        "chunks": chunks,
        "retrievers": retrievers,
        "dense_model": settings.dense_model,
        "llm": llm,
    }
