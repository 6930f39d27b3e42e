"""Structure-aware chunking: sections, whole council resolutions, row-aware tables.

A chunk never crosses a heading or a resolution boundary, so its section path and
resolution number describe all of its text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.model import Chunk
from assistant.text.analysis import sentences, without_controls
from assistant.text.numbers import NUMBER, canonical
from ingest.parsed import Block

RESOLUTION = re.compile(rf"^Usnesení\s+(?:č\.|číslo)\s*({NUMBER})", re.IGNORECASE)
RESOLUTION_LIMIT = 2.5


@dataclass
class _Unit:
    section: str
    resolution: str = ""
    blocks: list[Block] = field(default_factory=list)
    anchor: str = ""


def _table_lines(rows: list[list[str]]) -> list[str]:
    """Each row as 'header: value' pairs, so a row stays meaningful on its own."""
    header, *body = rows
    if not body:
        return [" | ".join(header)]
    lines = []
    for row in body:
        pairs = [f"{h}: {v}" if h else v for h, v in zip(header, row, strict=False) if v]
        lines.append("; ".join(pairs))
    return lines


def _windows(text: str, size: int) -> list[str]:
    """Cut text without sentence punctuation (flattened tables) at word boundaries."""
    if len(text) <= size:
        return [text]
    out, current = [], ""
    for word in text.split():
        if current and len(current) + len(word) + 1 > size:
            out.append(current)
            current = ""
        current = f"{current} {word}".strip()
    return [*out, current] if current else out


def _pieces(block: Block, size: int) -> list[tuple[str, int | None]]:
    """Text pieces of a block no longer than `size` (long paragraphs split by sentence)."""
    if block.kind == "table":
        return [(line, block.page) for line in _table_lines(block.rows)]
    text = f"• {block.text}" if block.kind == "list" else block.text
    if len(text) <= size:
        return [(text, block.page)]
    pieces, current = [], ""
    for sentence in (w for s in sentences(text) for w in _windows(s, size)):
        if current and len(current) + len(sentence) + 1 > size:
            pieces.append((current, block.page))
            current = ""
        current = f"{current} {sentence}".strip()
    if current:
        pieces.append((current, block.page))
    return pieces


def _units(blocks: list[Block]) -> list[_Unit]:
    path: list[tuple[int, str]] = []
    units: list[_Unit] = [_Unit("")]
    for block in blocks:
        match = RESOLUTION.match(block.text)
        if match:
            units.append(_Unit(" > ".join(t for _, t in path), canonical(match.group(1)), [block]))
        elif block.kind == "heading":
            path = [(lvl, t) for lvl, t in path if lvl < block.level] + [(block.level, block.text)]
            units.append(_Unit(" > ".join(t for _, t in path), anchor=block.anchor))
        else:
            units[-1].blocks.append(block)
    return [u for u in units if u.blocks]


def _chunk(unit: _Unit, head: str, pieces: list[tuple[str, int | None]]) -> Chunk:
    """One chunk of a unit; a resolution's later chunks repeat its number line."""
    pages = [p for _, p in pieces if p is not None]
    lines = [t for t, _ in pieces]
    if head and lines[0] != head:
        lines.insert(0, head)
    return Chunk(
        text=without_controls("\n".join(lines)),
        section=unit.section,
        page=min(pages) if pages else None,
        page_end=max(pages) if pages else None,
        resolution=unit.resolution,
        anchor=unit.anchor,
    )


def chunk_blocks(blocks: list[Block], size: int = 1000) -> list[Chunk]:
    """Chunks of about `size` characters that follow the document's structure."""
    chunks: list[Chunk] = []
    for unit in _units(blocks):
        limit = int(size * RESOLUTION_LIMIT) if unit.resolution else size
        pieces = [p for b in unit.blocks for p in _pieces(b, limit)]
        head = pieces[0][0] if unit.resolution else ""
        current: list[tuple[str, int | None]] = []
        length = 0
        for text, page in pieces:
            if current and length + len(text) > limit:
                chunks.append(_chunk(unit, head, current))
                current, length = [], 0
            current.append((text, page))
            length += len(text) + 1
        if current:
            chunks.append(_chunk(unit, head, current))
    return chunks
