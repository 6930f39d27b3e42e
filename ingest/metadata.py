"""Document metadata from a folder's manifest.csv or a sidecar `<file>.meta.json`.

Access is deny-by-default: a document is public only when something says so explicitly.
"""

from __future__ import annotations

import csv
import json
from dataclasses import replace
from pathlib import Path

from assistant.model import Document
from assistant.text.analysis import without_controls
from ingest.errors import IngestError
from ingest.parsed import Parsed

MANIFEST = "manifest.csv"
SIDECAR_SUFFIX = ".meta.json"
# What a manifest row, a sidecar or a record may say about a document.
FIELDS = ("title", "doc_type", "date", "body", "url", "access")


def _clean(values: dict) -> dict[str, str]:
    out = {k: str(v).strip() for k, v in values.items() if k in FIELDS and v not in (None, "")}
    if "access" in out:
        out["access"] = "public" if out["access"].lower() == "public" else "internal"
    return out


def read_manifest(root: Path) -> dict[str, dict[str, str]]:
    """Rows of manifest.csv keyed by path relative to the folder."""
    path = root / MANIFEST
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames or "path" not in reader.fieldnames:
            raise IngestError(f"{MANIFEST} nemá sloupec 'path'")
        return {row["path"].strip(): _clean(row) for row in reader if row.get("path")}


def read_sidecar(path: Path) -> dict[str, str]:
    sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
    if not sidecar.is_file():
        return {}
    try:
        return _clean(json.loads(sidecar.read_text(encoding="utf-8")))
    except (json.JSONDecodeError, AttributeError, UnicodeDecodeError) as exc:
        raise IngestError(f"neplatný soubor metadat {sidecar.name} ({exc})") from exc


def resolve(
    document: Document, path: Path, manifest_row: dict[str, str], parsed: Parsed,
    access: str | None,
) -> Document:  # fmt: skip
    """Merge in order of precedence: --access, record, sidecar, manifest, the file itself."""
    merged = replace(document, title=parsed.title, date=parsed.date)
    for layer in (manifest_row, read_sidecar(path), _clean(parsed.meta)):
        merged = replace(merged, **layer)
    if access:
        merged = replace(merged, access=access)
    title = without_controls(merged.title).strip() or path.stem.replace("_", " ").replace("-", " ")
    return replace(merged, title=title)
