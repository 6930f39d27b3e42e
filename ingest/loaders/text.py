"""Plain text and Markdown, in UTF-8 or the Czech legacy encodings cp1250 and ISO-8859-2."""

from __future__ import annotations

import re
from pathlib import Path

from ingest.errors import IngestError
from ingest.layout import reflow
from ingest.parsed import Block, Parsed

CZECH_LETTERS = set("ěščřžýáíéůúťďňóĚŠČŘŽÝÁÍÉŮÚŤĎŇÓ")


def decode(data: bytes) -> str:
    """Text from bytes; rejects binary data instead of indexing garbage."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    sample = data[:65536]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    if b"\x00" in sample or controls > len(sample) * 0.01:
        raise IngestError("soubor je binární, nejde o text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    candidates = [data.decode(enc, "replace") for enc in ("cp1250", "iso-8859-2")]
    return max(candidates, key=lambda t: sum(1 for c in t[:65536] if c in CZECH_LETTERS))


MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
MD_LIST = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+")
MD_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}")


def _markdown_inline(text: str) -> str:
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return re.sub(r"(\*\*|__|`)", "", text)


def parse_markdown(text: str) -> list[Block]:
    """Headings, list items, tables and paragraphs of a Markdown (or plain text) file."""
    blocks: list[Block] = []
    paragraph: list[tuple[str, int | None]] = []
    table: list[list[str]] = []

    def flush() -> None:
        if paragraph:
            blocks.extend(reflow(paragraph, headings=False))
            paragraph.clear()
        if table:
            blocks.append(Block("table", "", rows=[r for r in table if any(r)]))
            table.clear()

    fenced = False
    for raw in text.splitlines():
        line = raw.rstrip()
        if line.strip().startswith("```"):
            fenced = not fenced
            continue
        heading = None if fenced else MD_HEADING.match(line)
        if heading:
            flush()
            blocks.append(
                Block(
                    "heading",
                    _markdown_inline(heading.group(2)),
                    level=len(heading.group(1)),
                )
            )
        elif not fenced and line.strip().startswith("|"):
            if paragraph:
                flush()
            if not MD_TABLE_RULE.match(line):
                table.append([c.strip() for c in line.strip().strip("|").split("|")])
        elif not line.strip():
            flush()
        elif not fenced and MD_LIST.match(line):
            flush()
            paragraph.append(("• " + _markdown_inline(line[MD_LIST.match(line).end() :]), None))
        else:
            if table:
                flush()
            paragraph.append((_markdown_inline(line), None))
    flush()
    return blocks


def load_text(path: Path) -> Parsed:
    text = decode(path.read_bytes())
    if not text.strip():
        raise IngestError("soubor je prázdný")
    blocks = parse_markdown(text)
    title = next((b.text for b in blocks if b.kind == "heading"), "")
    return Parsed(blocks=blocks, title=title)
