"""The tiny in-code fixture of the unit layer: four documents in ten blocks, chunked, stored
and indexed in a temporary folder by the real store and index (no shared data needed)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import BACKENDS, make_settings

from assistant.model import Document
from assistant.search.lexical import Generation
from assistant.search.retrieve import Retriever
from assistant.service import Service
from assistant.settings import Settings
from assistant.store.writer import DocumentRecord, IndexedChunk, StoreWriter
from ingest.chunking import chunk_blocks
from ingest.parsed import Block
from ingest.resolutions import derive as derive_resolutions

DOCUMENTS = [
    (
        Document("rk", "rada/usneseni.pdf", "Usnesení Rady kraje 12. 3. 2024", "public",
                 "usneseni", "2024-03-12", "rada"),
        [
            Block("text", "Usnesení č. 12/24/RK", page=1),
            Block("text", "Rada kraje schvaluje dotaci 250 000 Kč pro hasiče v Turnově.", page=1),
            Block("text", "Hlasování: pro 7, proti 0, zdržel se 1.", page=1),
        ],
    ),
    (
        Document("plan", "plany/cyklo.docx", "Plán cyklodopravy", "public", "plan", "2025-01-20"),
        [
            Block("heading", "Cyklostezky", level=1),
            Block("text", "Cyklostezka z Turnova do Přepeř bude dlouhá 6,4 km a stát bude "
                  "12 350 000 Kč."),
            Block("table", "", rows=[["Úsek", "Délka"], ["Frýdlant – Raspenava", "8 km"]]),
        ],
    ),
    (
        Document("zapis", "interni/zapis.docx", "Zápis z porady vedení", "internal", "zapis",
                 "2024-11-02", "zastupitelstvo"),
        [
            Block("text", "Návrh rozpočtu počítá se schodkem 480 000 Kč."),
            Block("text", "Ředitelka úřadu uložila připravit úspory do konce roku."),
        ],
    ),
    (
        Document("web", "web/portal.html", "Datový portál kraje", "public", "aktualita"),
        [
            Block("heading", "Datový portál", level=1),
            Block("text", "Datový portál Libereckého kraje byl spuštěn 28. 6. 2023."),
        ],
    ),
]  # fmt: skip


def build(data: Path, database_url: str | None = None) -> Settings:
    """Store and index the tiny corpus the way ingest does, without parsing files."""
    settings = make_settings(data, database_url=database_url)
    writer = StoreWriter(settings.storage.index_database)
    for document, blocks in DOCUMENTS:
        chunks = []
        for n, chunk in enumerate(chunk_blocks(blocks)):
            chunks.append(IndexedChunk.of(f"{document.doc_id}-{n}", chunk, document.title))
        record = DocumentRecord(document, "tiny", document.source, "fp", chunks=chunks)
        writer.replace_file("tiny", document.source, [record])
    derive_resolutions(writer)
    Generation.build(writer, settings.storage.index_dir)
    writer.close()
    return settings


@pytest.fixture(scope="session", params=BACKENDS)
def tiny(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The tiny corpus in each backend's store."""
    url = request.getfixturevalue("postgres").new_database() if request.param != "sqlite" else None
    return build(tmp_path_factory.mktemp("tiny"), url)


@pytest.fixture
def retriever(tiny: Settings) -> Retriever:
    return Service.open(tiny).retriever
