"""The crawl's persistence: the mirror folder's file names and atomic writes, the per-URL
state that makes a crawl incremental, and the lock that keeps two crawls apart."""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

import sqlalchemy as sa

from assistant.store.database import Database
from assistant.store.schema import pages
from ingest.errors import IngestError
from ingest.metadata import SIDECAR_SUFFIX

SEGMENT = re.compile(r"[^\w.-]+")
PATH_MAX = 1000  # bytes of a mirror path (Linux allows 4096 in all, 255 a segment)


def site_folder(site: str) -> str:
    """The mirror's folder of a site ("127.0.0.1_8765", "www.kraj-lbc.cz")."""
    return SEGMENT.sub("_", urlsplit(site).netloc)


def mirror_path(url: str, document_suffix: str = "") -> str:
    """The file for a normalised URL, relative to its site's folder, readable and safe: path
    segments of word characters, `index.html` for a folder, a hash of the query, and the suffix
    its loader reads (`.html` for a page)."""
    parts = urlsplit(url)
    segments = [SEGMENT.sub("_", unquote(s))[:80] for s in parts.path.split("/") if s]
    segments = [s if s.strip(".") else "_" for s in segments]
    name = segments.pop() if segments else ""
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    if document_suffix:
        stem = stem if "." + ext.lower() == document_suffix else name
        ext = document_suffix[1:]
    elif ext.lower() not in ("html", "htm"):
        segments += [name] if name else []
        stem, ext = "index", "html"
    if parts.query:
        stem += "__" + hashlib.sha1(parts.query.encode()).hexdigest()[:10]
    path = "/".join([*segments, f"{stem or '_'}.{ext}"])
    if len(path.encode()) > PATH_MAX:  # sixty long segments: the file system's limit, not ours
        digest = hashlib.sha1(url.encode()).hexdigest()[:20]
        path = "/".join([*segments[:1], f"_dlouhe/{digest}.{ext}"])
    return path


class State:
    """The crawl's memory of every URL (in the store's database when several hosts share one);
    a row is committed as soon as its page is handled."""

    def __init__(self, target: str | Path):
        self.database = Database(target)
        self.database.migrate("crawl")

    def get(self, url: str) -> dict | None:
        with self.database.engine.connect() as connection:
            row = connection.execute(pages.select().where(pages.c.url == url)).first()
        return dict(row._mapping) if row else None

    def put(self, url: str, site: str, **values) -> None:
        row = (self.get(url) or {}) | {"url": url, "site": site} | values
        with self.database.engine.begin() as connection:
            connection.execute(self.database.upsert(pages, ("url",)), row)

    def delete(self, url: str) -> None:
        with self.database.engine.begin() as connection:
            connection.execute(pages.delete().where(pages.c.url == url))

    def files(self, site: str) -> dict[str, str]:
        chosen = sa.select(pages.c.url, pages.c.file).where(
            pages.c.site == site, pages.c.file != ""
        )
        with self.database.engine.connect() as connection:
            return dict(connection.execute(chosen).all())

    def close(self) -> None:
        self.database.close()


def write(path: Path, data: bytes) -> None:
    """Atomically: a crawl killed mid-write leaves the old file or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def remove(mirror: Path, rel: str) -> None:
    for target in (mirror / rel, mirror / (rel + SIDECAR_SUFFIX)):
        target.unlink(missing_ok=True)


@contextmanager
def locked(folder: Path) -> Iterator[None]:
    """One crawl at a time per data folder (a timer may start one while another runs)."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / ".lock").open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise IngestError("jiné procházení webu do této složky dat právě běží") from exc
        yield
