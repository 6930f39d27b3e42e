"""JSONL bulk import: one document per line with `id`, `text` and optional metadata."""

from __future__ import annotations

import json
from pathlib import Path

from ingest.errors import IngestError
from ingest.loaders.text import decode, parse_markdown
from ingest.metadata import FIELDS
from ingest.parsed import Parsed


def load_jsonl(path: Path) -> list[Parsed]:
    docs: list[Parsed] = []
    problems: list[str] = []
    seen: set[str] = set()
    for number, line in enumerate(decode(path.read_bytes()).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"řádek {number}: neplatný JSON ({exc.msg})")
            continue
        if not isinstance(record, dict) or not str(record.get("text") or "").strip():
            problems.append(f"řádek {number}: záznam nemá neprázdné pole 'text'")
            continue
        rid = str(record.get("id") or "").strip()
        if not rid or rid in seen:
            problems.append(f"řádek {number}: chybí nebo se opakuje pole 'id'")
            continue
        seen.add(rid)
        meta = {k: str(record[k]) for k in FIELDS if record.get(k) not in (None, "")}
        extra = {k: v for k, v in record.items() if k not in FIELDS and k not in ("id", "text")}
        docs.append(
            Parsed(
                blocks=parse_markdown(str(record["text"])),
                external_id=rid,
                meta=meta,
                extra=extra,
            )
        )
    if not docs:
        raise IngestError(
            "JSONL neobsahuje žádný platný záznam" + (f": {problems[0]}" if problems else "")
        )
    if problems:
        docs[0].warnings.extend(problems)
    return docs
