"""What the service holds and how it is configured, without loading any model."""

from __future__ import annotations

from pathlib import Path

from assistant.settings import Settings
from assistant.store.documents import Store
from assistant.text.translation import DEBIAN_DICTIONARY


def status(settings: Settings, store: Store, vectors: tuple[str, int] | None) -> dict:
    """`vectors`: the model of the stored vectors and their number (None when switched off)."""
    documents, chunks = store.counts()
    public, _ = store.counts(public_only=True)
    llm = settings.llm
    dictionary = settings.answer.en_dictionary
    if dictionary is None and Path(f"{DEBIAN_DICTIONARY}.index").exists():
        dictionary = DEBIAN_DICTIONARY
    return {
        "documents": documents,
        "public_documents": public,
        "chunks": chunks,
        "retrievers": ["bm25-terms", "bm25-grams"] + (["dense"] if vectors else []),
        "vectors": {
            "backend": settings.dense.dense_backend,
            "model": vectors[0],
            "embedded": vectors[1],
            "waiting": max(0, chunks - vectors[1]),
        }
        if vectors
        else None,
        "llm": {"base_url": llm.llm_base_url, "model": llm.llm_model} if llm.llm_base_url else None,
        "en_dictionary": str(dictionary) if dictionary else None,
    }
