"""Chunks follow the document: whole resolutions, section paths, row-aware tables, size."""

from __future__ import annotations

import re

import pytest
from helpers import CORPUS, SAMPLES

from ingest.chunking import chunk_blocks
from ingest.loaders import load
from ingest.loaders.ocr import Ocr
from ingest.parsed import Block


def chunks_of(path, size=1000):
    [parsed] = load(path, Ocr())
    return chunk_blocks(parsed.blocks, size)


@pytest.mark.shared
def test_each_resolution_is_one_unit_with_its_number_title_text_and_vote() -> None:
    chunks = chunks_of(CORPUS / "public/zastupitelstvo/usneseni-zk-2024-05-28.pdf")
    resolutions = [c for c in chunks if c.resolution]
    assert [c.resolution for c in resolutions] == sorted({c.resolution for c in resolutions})
    first = next(c for c in resolutions if c.resolution == "201/24/ZK")
    assert first.text.startswith("Usnesení č. 201/24/ZK\nCentrální depozitář")
    assert "412 500 000 Kč" in first.text
    assert "Hlasování: pro 38, proti 2, zdrželo se 3." in first.text
    assert "202/24/ZK" not in first.text
    assert first.page == 1


def test_every_resolution_of_the_sample_corpus_is_found() -> None:
    path = SAMPLES / "corpus/public/zastupitelstvo/usneseni-zk-2025-03-18.pdf"
    [parsed] = load(path, Ocr())
    written = set(re.findall(r"Usnesení č\. (\d+/25/ZK)", "\n".join(b.text for b in parsed.blocks)))
    found = {c.resolution for c in chunk_blocks(parsed.blocks)}
    assert written and written <= found


def test_headings_become_section_paths() -> None:
    chunks = chunks_of(SAMPLES / "corpus/public/plany/plan-rozvoje-cyklodopravy-2025-2030.docx")
    sections = {c.section for c in chunks}
    assert any(" > " in s for s in sections)
    assert all(c.section for c in chunks[1:])


def test_tables_are_row_aware() -> None:
    blocks = [
        Block("heading", "Plánované úseky", level=1),
        Block(
            "table",
            "",
            rows=[["Úsek", "Délka"], ["Turnov – Přepeře", "6,4 km"], ["Frýdlant", "8 km"]],
        ),
    ]
    [chunk] = chunk_blocks(blocks)
    assert chunk.text.splitlines() == [
        "Úsek: Turnov – Přepeře; Délka: 6,4 km",
        "Úsek: Frýdlant; Délka: 8 km",
    ]
    assert chunk.section == "Plánované úseky"


@pytest.mark.shared
def test_chunks_respect_the_size_and_keep_page_ranges() -> None:
    chunks = chunks_of(CORPUS / "public/zpravy/vyrocni-zprava-chytrejsi-lk-2024.pdf", size=600)
    assert all(len(c.text) <= 700 for c in chunks)
    assert all(c.page <= c.page_end for c in chunks)
    assert any(c.page < c.page_end for c in chunks)


def test_long_resolution_is_split_but_every_part_names_it() -> None:
    blocks = [Block("text", "Usnesení č. 12/25/RK"), Block("text", "Dlouhé usnesení")]
    blocks += [Block("list", f"bod {i}: " + "text usnesení " * 20) for i in range(20)]
    chunks = chunk_blocks(blocks, size=400)
    assert len(chunks) > 1
    assert all(
        c.resolution == "12/25/RK" and c.text.startswith("Usnesení č. 12/25/RK") for c in chunks
    )
