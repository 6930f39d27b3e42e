"""Checks of the zip-based formats (DOCX, ODT, PPTX) before anything parses them: a small file
may declare gigabytes of XML (a decompression bomb), which would exhaust a worker's memory
long before a time limit stops it."""

from __future__ import annotations

import zipfile
from pathlib import Path

from ingest.errors import IngestError

REQUIRED = {".docx": "word/document.xml", ".odt": "content.xml", ".pptx": "ppt/presentation.xml"}
MAX_UNCOMPRESSED = 256 * 1024 * 1024
MAX_MEMBERS = 10_000
# Office XML compresses some 5-20 times; a member that expands much more is not a document.
MAX_RATIO = 100
RATIO_FROM = 8 * 1024 * 1024


def check_archive(path: Path, suffix: str) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise IngestError(f"poškozený {suffix[1:].upper()} soubor (není platný ZIP)") from exc
    names = {m.filename for m in members}
    if REQUIRED[suffix] not in names:
        raise IngestError(f"soubor není dokument {suffix[1:].upper()} (chybí {REQUIRED[suffix]})")
    if len(members) > MAX_MEMBERS:
        raise IngestError(f"archiv má {len(members)} souborů, víc než {MAX_MEMBERS} (zip bomba?)")
    total = sum(m.file_size for m in members)
    if total > MAX_UNCOMPRESSED:
        raise IngestError(
            f"{suffix[1:].upper()} by se rozbalil na {total / 2**20:.0f} MB, víc než"
            f" {MAX_UNCOMPRESSED // 2**20} MB (zip bomba?)"
        )
    for m in members:
        if m.file_size > RATIO_FROM and m.file_size > MAX_RATIO * max(m.compress_size, 1):
            raise IngestError(
                f"část {m.filename} se rozbalí {m.file_size // max(m.compress_size, 1)}krát"
                " (zip bomba?)"
            )
