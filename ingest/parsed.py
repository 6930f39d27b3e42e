"""What a loader reads from a file: structure blocks, and what the file says about itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["heading", "text", "list", "table"]


@dataclass(slots=True)
class Block:
    """A unit of document structure: a heading, a paragraph, a list item or a table."""

    kind: BlockKind
    text: str
    page: int | None = None
    level: int = 0
    rows: list[list[str]] = field(default_factory=list)
    anchor: str = ""  # of a heading: its id in a web page, so a citation can link to it


@dataclass(slots=True)
class Parsed:
    """One document as a loader read it."""

    blocks: list[Block]
    title: str = ""
    date: str = ""
    pages: int | None = None
    warnings: list[str] = field(default_factory=list)
    external_id: str = ""
    meta: dict[str, str] = field(default_factory=dict)
    extra: dict[str, object] = field(default_factory=dict)
    # Pages whose text came from OCR or a text layer without diacritics: their chunks are
    # repaired (ingest.repair) and their quotes marked as OCR text.
    ocr_pages: set[int] = field(default_factory=set)
