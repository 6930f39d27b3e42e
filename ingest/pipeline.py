"""The ingest run: find files, skip unchanged ones, parse, chunk, store, rebuild the indexes.

A file that cannot be read is reported with its reason and skipped; its previous version
(if any) stays indexed, and every other file is processed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal

from tqdm import tqdm

from assistant.errors import Unavailable
from assistant.model import Document
from assistant.search.embedders import open_embedder
from assistant.search.follow import VECTORS
from assistant.search.lexical import Generation
from assistant.search.vectors import EmbedSummary, VectorStore
from assistant.settings import IngestSettings, Settings
from assistant.store.database import Database
from assistant.store.documents import Store
from assistant.store.writer import DocumentRecord, IndexedChunk, StoreWriter
from ingest.chunking import chunk_blocks
from ingest.errors import IngestError
from ingest.loaders import SUFFIXES, load
from ingest.loaders.ocr import Ocr
from ingest.metadata import MANIFEST, SIDECAR_SUFFIX, read_manifest, resolve
from ingest.parsed import Parsed
from ingest.repair import mark_ocr, repair_ocr
from ingest.resolutions import derive as derive_resolutions
from ingest.workers import (
    JobFailed,
    MemoryLimitExceeded,
    TimeLimitExceeded,
    WorkerCrashed,
    run_jobs,
)

LOG = logging.getLogger(__name__)

# Bump when parsing, chunking or analysis changes, so every file is processed again.
PIPELINE_VERSION = "5"

Status = Literal["added", "updated", "unchanged", "failed", "removed"]


@dataclass
class FileResult:
    file: str
    status: Status
    reason: str = ""
    documents: int = 0
    chunks: int = 0
    pages: int = 0
    warnings: list[str] = field(default_factory=list)


@dataclass
class Summary:
    files: list[FileResult] = field(default_factory=list)
    seconds: float = 0.0
    documents: int = 0
    chunks: int = 0
    vectors: EmbedSummary | None = None
    public: int = 0  # documents the public audience sees
    peak_mb: float = 0.0  # this process's peak resident memory (the parse workers apart)
    budget_mb: int = 0  # ASSISTANT_INDEX_MEMORY_MB

    @property
    def counts(self) -> dict[str, int]:
        counted = Counter(r.status for r in self.files)
        return {
            s: counted.get(s, 0) for s in ("added", "updated", "unchanged", "failed", "removed")
        }

    @property
    def pages(self) -> int:
        return sum(r.pages for r in self.files if r.status in ("added", "updated"))

    def to_dict(self) -> dict:
        return {
            "counts": self.counts,
            "pages": self.pages,
            "seconds": round(self.seconds, 2),
            "documents": self.documents,
            "public_documents": self.public,
            "chunks": self.chunks,
            "peak_mb": round(self.peak_mb),
            "budget_mb": self.budget_mb,
            "vectors": self.vectors.to_dict() if self.vectors else None,
            "files": [asdict(r) for r in self.files],
        }


def _walk(root: Path) -> Iterator[Path]:
    """Candidate files under a folder; symlinked folders are not followed (no loops)."""
    for folder, dirs, names in os.walk(root, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if name.startswith(".") or name == MANIFEST or name.endswith(SIDECAR_SUFFIX):
                continue
            yield Path(folder) / name


def _targets(paths: list[Path]) -> list[tuple[Path, list[Path]]]:
    """(root, files) pairs: a folder is its own root; a single file's root is its folder."""
    out: list[tuple[Path, list[Path]]] = []
    for path in paths:
        path = path.absolute()
        if path.is_dir():
            out.append((path, list(_walk(path))))
        elif path.exists() or path.is_symlink():
            out.append((path.parent, [path]))
        else:
            raise IngestError(f"cesta neexistuje: {path}")
    return out


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _records(job: Job, parsed: list[Parsed]) -> list[DocumentRecord]:
    root, rel, fp = job.folder.root, job.rel, job.fingerprint
    docs = []
    for item in parsed:
        doc_id = hashlib.sha1(f"{root}\0{rel}\0{item.external_id}".encode()).hexdigest()[:16]
        source = f"{rel}#{item.external_id}" if item.external_id else rel
        base = Document(doc_id, source, "", external_id=item.external_id)
        document = resolve(base, job.path, job.row, item, job.access)
        chunks = mark_ocr(chunk_blocks(item.blocks, job.chunk_size), item.ocr_pages)
        indexed = []
        for i, chunk in enumerate(chunks):
            # OCR text is indexed as read here; ingest.repair indexes its repair beside it.
            chunk_id = f"{doc_id}-{fp[:8]}-{i:04d}"
            indexed.append(IndexedChunk.of(chunk_id, chunk, document.title))
        if indexed:
            docs.append(
                DocumentRecord(document, str(root), rel, fp, item.pages, item.extra, indexed)
            )
    return docs


def refresh_indexes(settings: Settings, store: StoreWriter, progress: bool = True) -> None:
    """Repair OCR text, then bring the resolution records and the derived indexes up to the
    store's version (also after an interrupted run)."""
    repair_ocr(store)
    derive_resolutions(store)
    Generation.ensure(store, settings.storage.index_dir, settings.ingest.index_memory_mb << 20)


def embed(settings: Settings, progress: bool = True, compute: bool = True) -> EmbedSummary | None:
    """Bring the vectors up to the store (resumable: each batch is committed as it is made)
    and publish them to the current index generation; the lexical index already serves while
    this runs. Without `compute` only the vectors already made are published. None when
    vectors are switched off."""
    if not settings.dense.enabled:
        return None
    store = Store(settings.storage.index_database)
    try:
        vectors = VectorStore(settings.storage, open_embedder(settings.dense))
        with store.database.writing():
            summary = vectors.sync(store, progress=progress, embed=compute)
            if summary.embedded or summary.removed:  # hosts sharing the store publish anew
                StoreWriter(settings.storage.index_database).set_meta(VECTORS, uuid.uuid4().hex)
            return summary
    except Unavailable as exc:
        if compute:
            raise
        # Asked not to embed (often because the model or server is away): the lexical index
        # is built, the vectors stay as they were.
        LOG.warning("vektory nejsou k dispozici, nové části se nezveřejní: %s", exc)
        return None


@dataclass
class _Folder:
    """What is known about one ingested folder before its files are processed."""

    root: Path
    manifest: dict[str, dict]
    known: dict[str, str]
    failed: dict[str, tuple[str, str]]


@dataclass
class Job:
    """One file to parse in a worker process."""

    folder: _Folder
    rel: str
    path: Path
    row: dict
    fingerprint: str
    access: str | None
    chunk_size: int
    ocr: Ocr


def parse(job: Job) -> tuple[list[DocumentRecord], int, list[str]]:
    """Runs in a worker: parse, chunk and analyse one file."""
    parsed = load(job.path, job.ocr)
    docs = _records(job, parsed)
    if not docs:
        raise IngestError("soubor neobsahuje žádný text k indexování")
    return docs, sum(p.pages or 1 for p in parsed), [w for p in parsed for w in p.warnings]


def _reason(exc: BaseException, settings: IngestSettings) -> str:
    if isinstance(exc, IngestError):
        return str(exc)
    if isinstance(exc, TimeLimitExceeded):
        return f"zpracování trvalo déle než {settings.file_timeout_s:g} s (soubor přeskočen)"
    if isinstance(exc, MemoryLimitExceeded):
        return (
            f"zpracování potřebovalo víc než {settings.ingest_memory_mb} MB paměti"
            " (soubor přeskočen; limit ASSISTANT_INGEST_MEMORY_MB)"
        )
    if isinstance(exc, WorkerCrashed):
        return "zpracování souboru selhalo (pracovní proces nečekaně skončil)"
    if isinstance(exc, JobFailed):
        return f"soubor se nepodařilo přečíst ({exc})"
    return f"neočekávaná chyba: {type(exc).__name__}: {exc}"


class _Run:
    def __init__(self, store: StoreWriter, settings: IngestSettings, access: str | None):
        self.store = store
        self.settings = settings
        self.access = access
        self.ocr = Ocr(settings.ocr_lang, settings.ocr_dpi, settings.ocr_workers)
        self.limit = int(settings.max_file_mb * 1024 * 1024)

    def fingerprint(self, path: Path, row: dict) -> str:
        """What a file's chunks depend on: its bytes, its metadata, the pipeline and the
        settings marked as changing the index, and whether OCR could run."""
        sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
        inputs = {
            "content": _sha256(path),
            "manifest": row,
            "sidecar": sidecar.read_bytes().hex() if sidecar.is_file() else "",
            "access": self.access,
            "pipeline": PIPELINE_VERSION,
            "settings": self.settings.changing_index(),
            "ocr": not self.ocr.problem,
        }
        return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()

    def plan(self, folder: _Folder, rel: str, path: Path) -> FileResult | Job:
        """A result for files decided without parsing, else the job to parse."""
        fp = ""
        try:
            if path.suffix.lower() not in SUFFIXES:
                raise IngestError(f"nepodporovaný typ souboru {path.suffix or '(bez přípony)'}")
            if not path.is_file():
                raise IngestError("nejde o běžný soubor (nefunkční odkaz nebo zařízení)")
            if path.is_symlink():
                # A link could give a file another path and so another access (public/x.pdf
                # → internal/y.pdf); only the file itself is indexed, under its own path.
                raise IngestError("soubor je symbolický odkaz; indexuje se jen skutečný soubor")
            size = path.stat().st_size
            if size > self.limit:
                raise IngestError(
                    f"soubor má {size / 1e6:.1f} MB, limit je {self.settings.max_file_mb:g} MB"
                )
            row = folder.manifest.get(rel, {})
            fp = self.fingerprint(path, row)
        except (IngestError, OSError) as exc:
            return FileResult(rel, "failed", _reason(exc, self.settings))
        if folder.known.get(rel) == fp:
            return FileResult(rel, "unchanged")
        if folder.failed.get(rel, ("", ""))[0] == fp:
            return FileResult(rel, "failed", folder.failed[rel][1])
        return Job(folder, rel, path, row, fp, self.access, self.settings.chunk_size, self.ocr)

    def finish(self, job: Job, status: str, value) -> FileResult:
        """Store a parsed file (or its failure) in the parent process, one transaction."""
        root = str(job.folder.root)
        if status != "ok":
            reason = _reason(value, self.settings)
            self.store.record_failure(root, job.rel, job.fingerprint, reason)
            return FileResult(job.rel, "failed", reason)
        docs, pages, warnings = value
        self.store.replace_file(root, job.rel, docs)
        if job.rel in job.folder.failed:
            self.store.clear_failure(root, job.rel)
        return FileResult(
            job.rel,
            "updated" if job.rel in job.folder.known else "added",
            documents=len(docs),
            chunks=sum(len(d.chunks) for d in docs),
            pages=pages,
            warnings=warnings,
        )


def ingest(
    paths: list[Path],
    settings: Settings,
    access: str | None = None,
    prune: bool = False,
    progress: bool = True,
    vectors: bool = True,
) -> Summary:
    """Parse, store and index; then embed what has no vector yet unless `vectors` is off (the
    vectors already made are published to the new index generation either way). One writer
    at a time per store (`Database.writing`)."""
    with Database(settings.storage.index_database).writing():
        return _ingest(paths, settings, access, prune, progress, vectors)


def _ingest(
    paths: list[Path], settings: Settings, access: str | None, prune: bool, progress: bool,
    vectors: bool,
) -> Summary:  # fmt: skip
    started = time.perf_counter()
    summary = Summary()
    store = StoreWriter(settings.storage.index_database)
    run = _Run(store, settings.ingest, access)
    try:
        targets = _targets(paths)
        total = sum(len(files) for _, files in targets)
        jobs: list[Job] = []
        with tqdm(total=total, desc="Indexuji", unit="soubor", disable=not progress) as bar:
            for root, files in targets:
                try:
                    manifest = read_manifest(root)
                except IngestError as exc:
                    manifest = {}
                    summary.files.append(FileResult(MANIFEST, "failed", str(exc)))
                folder = _Folder(
                    root, manifest, store.fingerprints(str(root)), store.failures(str(root))
                )
                seen: set[str] = set()
                for path in files:
                    rel = path.relative_to(root).as_posix()
                    seen.add(rel)
                    planned = run.plan(folder, rel, path)
                    if isinstance(planned, Job):
                        jobs.append(planned)
                    else:
                        summary.files.append(planned)
                        bar.update()
                if prune:
                    gone = sorted(set(folder.known) - seen)
                    store.remove_files(str(root), gone)
                    summary.files.extend(FileResult(f, "removed") for f in gone)
            workers = settings.ingest.ingest_workers or os.cpu_count() or 1
            timeout = settings.ingest.file_timeout_s
            memory = settings.ingest.ingest_memory_mb * 1024 * 1024
            for job, status, value in run_jobs(parse, jobs, workers, timeout, memory):
                bar.set_postfix_str(job.rel[-40:], refresh=False)
                summary.files.append(run.finish(job, status, value))
                bar.update()
        refresh_indexes(settings, store, progress)
        summary.documents, summary.chunks = store.counts()
        summary.public = store.counts(public_only=True)[0]
    finally:
        store.close()
    made = embed(settings, progress, compute=vectors)
    summary.vectors = made if vectors else None
    summary.seconds = time.perf_counter() - started
    summary.peak_mb, summary.budget_mb = peak_mb(), settings.ingest.index_memory_mb
    return summary


def peak_mb() -> float:
    """The process's own peak resident memory (VmHWM; 0 where /proc has none). Not
    `ru_maxrss`: Linux carries a parent's peak into a child across fork and exec."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return 0.0
    return int(status.split("\nVmHWM:", 1)[1].split()[0]) / 1024
