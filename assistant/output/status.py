"""What the service holds and how it is configured, without loading any model."""

from __future__ import annotations

from pathlib import Path

from assistant.settings import Settings
from assistant.store.documents import Store
from assistant.text.translation import DEBIAN_DICTIONARY


def status(settings: Settings, store: Store) -> dict:
    documents, chunks = store.counts()
    dense, llm = settings.dense.dense_model, settings.llm
    dictionary = settings.answer.en_dictionary
    if dictionary is None and Path(f"{DEBIAN_DICTIONARY}.index").exists():
        dictionary = DEBIAN_DICTIONARY
    return {
        "documents": documents,
        "chunks": chunks,
        "retrievers": ["bm25-terms", "bm25-grams"] + (["dense"] if dense else []),
        "dense_model": dense,
        "llm": {"base_url": llm.llm_base_url, "model": llm.llm_model} if llm.llm_base_url else None,
        "en_dictionary": str(dictionary) if dictionary else None,
    }
