"""A crawl: sitemaps and links within the scope, fetched politely and incrementally, mirrored
into `DATA_DIR/web/<host>/` with a sidecar of metadata per file, then indexed by the ordinary
ingest of that folder (unchanged files are not parsed again; a changed one replaces its chunks
in one transaction; a file gone from the mirror leaves the index).

What was fetched is kept in `DATA_DIR/web/crawl.sqlite3` (or the shared PostgreSQL database),
one row per URL, committed page by page: validators (ETag, Last-Modified), the content's hash,
the sitemap's lastmod, the page's links, and how often in a row it was missing. A crawl killed
at any point leaves the mirror and the index consistent, and the next one ends where a clean
crawl would; an indexer whose mirror lacks a page the state knows fetches it anew. Nothing is
deleted on a failure; with `prune`, a page missing (404/410) twice in a row or no longer found
on a crawl that saw the whole site is removed."""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from tqdm import tqdm

from assistant.settings import Settings
from assistant.store.database import Database
from ingest.crawl.discover import (
    DOCUMENT_SUFFIXES,
    SITEMAP_DEPTH,
    Sitemap,
    documents,
    parse_sitemap,
    read_page,
)
from ingest.crawl.fetch import Fetched, Fetcher
from ingest.crawl.mirror import State, locked, mirror_path, remove, site_folder, write
from ingest.crawl.urls import Scope, normalise, site_of
from ingest.metadata import SIDECAR_SUFFIX
from ingest.pipeline import Summary, ingest

HTML_TYPES = ("text/html", "application/xhtml+xml")
DOCUMENT_TYPES = {
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.oasis.opendocument.text": ".odt",
    "application/msword": ".doc",
    "application/rtf": ".rtf",
}
SITE_NAME = re.compile(r"\s+[|–-]\s+")
# What a link may point to that no loader reads: not fetched at all.
SKIPPED_SUFFIXES = frozenset(
    ".jpg .jpeg .png .gif .svg .webp .ico .bmp .tif .tiff .css .js .mjs .json .xml .zip .rar .7z"
    " .gz .tar .mp3 .mp4 .avi .mov .wmv .webm .ogg .woff .woff2 .ttf .eot .exe .dmg .iso".split()
)


@dataclass
class CrawlSummary:
    """What a crawl did, by outcome, with the reason of every failure."""

    counts: Counter = field(default_factory=Counter)
    failures: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the crawl did differently than asked
    requests: int = 0
    complete: bool = True
    seconds: float = 0.0
    indexed: list[Summary] = field(default_factory=list)

    def to_dict(self) -> dict:
        keys = (
            "new",
            "changed",
            "unchanged_304",
            "unchanged_hash",
            "unchanged_lastmod",
            "removed",
            "duplicate",
            "blocked",
            "failed",
            "missing",
        )
        return {
            **{k: self.counts.get(k, 0) for k in keys},
            "failures": [{"url": u, "reason": r} for u, r in self.failures],
            "notes": self.notes,
            "requests": self.requests,
            "complete": self.complete,
            "seconds": round(self.seconds, 2),
            "index": [s.to_dict() for s in self.indexed],
        }


@dataclass(frozen=True, slots=True)
class Request:
    """A crawl's options; the settings give the defaults of the limits."""

    urls: tuple[str, ...]
    sitemaps: tuple[str, ...] = ()
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    max_pages: int | None = None
    max_depth: int | None = None
    delay: float | None = None
    access: str | None = None  # None: internal, unless a crawl says public
    prune: bool = False
    max_sitemaps: int | None = None


def _page_date(html: str) -> str:
    """The page's own date (its metadata or markup), not one mentioned in its text."""
    from htmldate import find_date

    try:
        found = find_date(html, extensive_search=False, original_date=True, outputformat="%Y-%m-%d")
    except (ValueError, TypeError):
        return ""
    return found or ""


def _section(url: str) -> str:
    """The site's section: the first folder of the path ("aktuality"), or the home page's."""
    first = next((s for s in urlsplit(url).path.split("/") if s), "")
    return "web" if not first or "." in first else f"web/{unquote(first)}"


class Crawl:
    """One run over the start URLs' sites."""

    def __init__(self, request: Request, settings: Settings, progress: bool = True):
        self.request, self.settings, self.progress = request, settings, progress
        self.folder = settings.storage.mirror_dir
        self.scope = Scope.of(request.urls, request.include, request.exclude)
        self.max_pages = request.max_pages or settings.crawl.crawl_max_pages
        self.max_depth = (
            settings.crawl.crawl_max_depth if request.max_depth is None else request.max_depth
        )
        self.sites = sorted({site_of(u) for u in self.scope.roots})
        self.summary = CrawlSummary()
        self.seen: set[str] = set()  # queued (normalised)
        self.stored: set[str] = set()  # in the mirror after this crawl
        self.queue: deque[tuple[str, int, str]] = deque()  # (URL to fetch, depth, lastmod)
        self.sitemap_entries = settings.crawl.crawl_max_sitemap_urls  # left to read
        self.deferred: set[str] = set()  # pages read again after their canonical target
        self.held: dict[str, Fetched] = {}  # their responses, until then
        self.recheck: set[str] = set()  # pages asked although the sitemap says unchanged
        self.context: dict[str, tuple[str, str]] = {}  # document URL → (title, date)
        self.today = date.today().isoformat()

    def run(self) -> CrawlSummary:
        started = time.perf_counter()
        with locked(self.folder), Database(self.settings.storage.index_database).writing():
            state = State(self.settings.storage.crawl_database)
            fetcher = Fetcher(self.settings.crawl, self.scope, self.request.delay)
            try:
                self._discover(fetcher)
                self._choose_revalidations(state)
                with tqdm(desc="Procházím web", unit=" str.", disable=not self.progress) as bar:
                    fetched = 0
                    while self.queue:
                        if fetched >= self.max_pages:
                            self.summary.complete = False
                            break
                        url, depth, lastmod = self.queue.popleft()
                        if self._guarded(fetcher, state, url, depth, lastmod):
                            fetched += 1
                        bar.update()
                self._prune(state)
            finally:
                self.summary.requests = fetcher.requests
                self._capped_delays(fetcher)
                fetcher.close()
                state.close()
            for site in self.sites:
                mirror = self.folder / site_folder(site)
                mirror.mkdir(parents=True, exist_ok=True)
                self.summary.indexed.append(
                    ingest(
                        [mirror],
                        self.settings,
                        access=self.request.access,
                        prune=True,
                        progress=self.progress,
                    )
                )
        self.summary.seconds = time.perf_counter() - started
        return self.summary

    def _enqueue(self, url: str, depth: int, lastmod: str = "") -> None:
        key = normalise(url)
        if PurePosixPath(urlsplit(key).path).suffix.lower() in SKIPPED_SUFFIXES:
            return
        if key and key not in self.seen and self.scope.admits(key):
            self.seen.add(key)
            self.queue.append((url.split("#", 1)[0], depth, lastmod))

    def _discover(self, fetcher: Fetcher) -> None:
        """The start URLs, then every sitemap's pages: those robots.txt names, those asked
        for, else each site's /sitemap.xml."""
        for url in self.request.urls:
            self._enqueue(url, 0)
        pending = list(self.request.sitemaps)
        for site in self.sites:
            named = fetcher.host(site + "/").sitemaps
            pending += named or ([] if self.request.sitemaps else [site + "/sitemap.xml"])
        done: set[str] = set()
        depth = 0
        while pending and depth <= SITEMAP_DEPTH:
            following = []
            for url in pending:
                if url in done or site_of(normalise(url)) not in self.sites:
                    continue
                done.add(url)
                sitemap = self._sitemap(fetcher, url, len(done))
                following += sitemap.sitemaps
                for loc, lastmod in sitemap.pages:
                    self._enqueue(loc, 0, lastmod)
            pending, depth = following, depth + 1

    def _sitemap(self, fetcher: Fetcher, url: str, number: int) -> Sitemap:
        """One sitemap's entries within the crawl's budgets of sitemaps and of their
        addresses (a sitemap of a million URLs is read up to the budget, and said so); any
        failure is that sitemap's, reported."""
        limits = self.settings.crawl
        most = limits.crawl_max_sitemaps if self.request.max_sitemaps is None else (
            self.request.max_sitemaps)  # fmt: skip
        if number > most or self.sitemap_entries <= 0:
            budget = (f"{most} sitemap" if self.sitemap_entries > 0
                      else f"{limits.crawl_max_sitemap_urls} adres ze sitemap")  # fmt: skip
            self.summary.failures.append((url, f"nepřečteno: limit {budget} za procházení"))
            return Sitemap()
        try:
            got = fetcher.get(url)
            if not got.ok:
                if got.status != 404:
                    self.summary.failures.append((url, _reason(got)))
                return Sitemap()
            sitemap = parse_sitemap(got.body, self.sitemap_entries)
        except Exception as exc:  # one sitemap's failure, whatever it is
            self.summary.failures.append((url, f"sitemap nelze zpracovat ({exc})"[:300]))
            return Sitemap()
        self.sitemap_entries -= len(sitemap.pages) + len(sitemap.sitemaps)
        if sitemap.truncated:
            first = limits.crawl_max_sitemap_urls
            self.summary.failures.append((url, f"přečteno jen prvních {first} adres ze sitemap"))
        return sitemap

    def _guarded(self, fetcher: Fetcher, state: State, url: str, depth: int, lastmod: str) -> bool:
        """A URL can fail, the crawl cannot: whatever one page raises (a redirect the HTTP
        library cannot parse, a charset no codec reads, a name no file system takes) is that
        URL's failure, reported, and the crawl goes on."""
        try:
            return self._visit(fetcher, state, url, depth, lastmod)
        except Exception as exc:  # one URL's failure, whatever it is
            reason = f"stránku nelze zpracovat ({type(exc).__name__}: {exc})"[:300]
            self._failed(state, normalise(url) or url, site_of(url), reason)
            return True

    def _choose_revalidations(self, state: State) -> None:
        """A sitemap's lastmod is a hint, not a reason never to ask again (stale sitemaps
        keep listing deleted pages): of the pages it would skip, those not checked today,
        least recently checked first, up to the budget, are asked conditionally (a 304 costs
        the site almost nothing)."""
        budget = self.settings.crawl.crawl_revalidate
        queued = {normalise(url) for url, _, lastmod in self.queue if lastmod}
        rows = [row for key in queued if (row := state.get(key)) and row["file"]]
        held = sorted((r["fetched_on"], r["url"]) for r in rows if r["fetched_on"] < self.today)
        self.recheck = {url for _, url in held[:budget]}

    def _capped_delays(self, fetcher: Fetcher) -> None:
        cap = self.settings.crawl.crawl_max_delay_s
        for site, host in fetcher.hosts.items():
            if host.asked_delay:
                self.summary.notes.append(
                    f"{site}: Crawl-delay {host.asked_delay:g} s v robots.txt omezen na {cap:g} s"
                )

    def _visit(self, fetcher: Fetcher, state: State, url: str, depth: int, lastmod: str) -> bool:
        """Handle one URL; False when it was not fetched (robots.txt, sitemap's lastmod)."""
        key, site = normalise(url), site_of(url)
        if key in self.held:  # a page that waited for its canonical target
            self._store(fetcher, state, key, site, self.held.pop(key), depth)
            return False
        known = state.get(key)
        if not fetcher.allowed(url):
            self.summary.counts["blocked"] += 1
            return False
        # A URL that redirected last time is asked with its target's validators: the answer
        # that comes is the target's.
        held = state.get(known["canonical"]) if known and known["canonical"] and not (
            known["etag"] or known["last_modified"]) else known  # fmt: skip
        if held and held["file"] and not (self.folder / held["file"]).exists():
            held = None  # fetched into another indexer's mirror: this one fetches it anew
        fresh = held and lastmod and lastmod < held["fetched_on"] and not held["error"]
        if fresh and held["file"] and held["url"] not in self.recheck:
            self.summary.counts["unchanged_lastmod"] += 1
            self.stored.add(held["url"])  # still the crawl's own page: no alias may replace it
            self._follow(json.loads(held["links"]), depth)
            return False
        got = fetcher.get(url, held["etag"] if held else "", held["last_modified"] if held else "")
        if got.status == 304 and held:
            self.summary.counts["unchanged_304"] += 1
            state.put(held["url"], held["site"], misses=0, error="", fetched_on=self.today)
            self.seen.add(held["url"])
            if held["canonical"]:
                self.seen.add(held["canonical"])
                self.stored.add(held["canonical"])
            elif held["file"]:
                self.stored.add(held["url"])
            self._follow(json.loads(held["links"]), depth)
            return True
        if got.status in (404, 410):
            self._missing(state, key, site, known, got.status)
            return True
        if not got.ok:
            self._failed(state, key, site, _reason(got))
            return True
        final = normalise(got.url)
        if final != key:  # redirected: the page is its target's
            state.put(key, site, file="", canonical=final, etag="", last_modified="",
                      fetched_on=self.today, misses=0, error="")  # fmt: skip
            self.seen.add(final)
            if final in self.stored:
                self.summary.counts["duplicate"] += 1
                return True
            key = final
        self._store(fetcher, state, key, site, got, depth)
        return True

    def _failed(self, state: State, key: str, site: str, reason: str) -> None:
        """Reported and kept for the next run to retry; what is mirrored stays."""
        state.put(key, site, error=reason)
        self.summary.counts["failed"] += 1
        self.summary.failures.append((key, reason))

    def _missing(self, state: State, key: str, site: str, known, status: int) -> None:
        """A 404 or 410: removed (with `prune`) the second time in a row, else reported."""
        misses = (known["misses"] if known else 0) + 1
        if known and known["file"] and misses >= 2 and self.request.prune:
            remove(self.folder, known["file"])
            state.delete(key)
            self.summary.counts["removed"] += 1
            return
        state.put(key, site, misses=misses, error=f"HTTP {status}")
        self.summary.counts["missing"] += 1
        self.summary.failures.append(
            (key, f"stránka neexistuje (HTTP {status}, {misses}. krát za sebou)")
        )

    def _follow(self, links: list[list[str]], depth: int) -> None:
        if depth < self.max_depth:
            for url, _ in links:
                self._enqueue(url, depth + 1)

    def _store(
        self, fetcher: Fetcher, state: State, key: str, site: str, got: Fetched, depth: int
    ) -> None:
        """A fetched page or document into the mirror (when its content changed), with its
        sidecar; a page's links into the queue."""
        kind = got.content_type.split(";", 1)[0].strip().lower()
        path = urlsplit(key).path.lower()
        suffix = "" if kind in HTML_TYPES else DOCUMENT_TYPES.get(kind) or next(
            (s for s in DOCUMENT_SUFFIXES if path.endswith(s)), "")  # fmt: skip
        if kind not in HTML_TYPES and not suffix:
            self._failed(state, key, site, f"nepodporovaný typ obsahu {kind or '(neuveden)'}")
            return
        body, links, title = got.body, [], ""
        if not suffix:
            page = read_page(got.body, got.content_type, got.url)
            links = [[lk.url, lk.text] for lk in page.links]
            canonical = normalise(page.canonical) if page.canonical else ""
            aliased = canonical and canonical != key and self.scope.admits(canonical)
            waiting = aliased and canonical not in self.stored and key not in self.deferred
            if waiting and fetcher.allowed(canonical):  # its target first, then this page
                self.deferred.add(key)
                self.held[key] = got  # read again from here, not asked again
                if canonical not in self.seen:
                    self.seen.add(canonical)
                    self.queue.appendleft((canonical, depth, ""))
                self.queue.append((got.url, depth, ""))
                return
            if aliased and canonical in self.stored:
                # Another URL of a page the crawl holds as its own: remembered (for conditional
                # requests) as its alias and skipped. A canonical link never puts this page's
                # text under another URL: a page that names a target the crawl could not read
                # as its own (disallowed, missing, failed) stands under its own URL.
                state.put(
                    key,
                    site,
                    file="",
                    canonical=canonical,
                    etag=got.etag,
                    last_modified=got.last_modified,
                    fetched_on=self.today,
                    links=json.dumps(links, ensure_ascii=False),
                    misses=0,
                    error="",
                )
                self.summary.counts["duplicate"] += 1
                self._follow(links, depth)
                return
            body = page.html.encode("utf-8")
            day = _page_date(page.html)
            named = SITE_NAME.split(page.title)[0]  # "Dotace | Liberecký kraj": the page's
            for doc in documents(page.links):
                title = f"{doc.text} – {named}" if doc.text else named
                self.context.setdefault(normalise(doc.url), (title, day))
        else:
            title, day = self.context.get(key, ("", ""))
        meta = {"url": key, "doc_type": _section(key), **({"title": title} if title else {}),
                **({"date": day} if day else {})}  # fmt: skip
        digest = hashlib.sha256(body + json.dumps(meta, sort_keys=True).encode()).hexdigest()
        known = state.get(key)
        rel = f"{site_folder(site)}/{mirror_path(key, suffix)}"
        self.stored.add(key)
        if (
            known
            and known["sha256"] == digest
            and known["file"] == rel
            and (self.folder / rel).exists()
        ):
            self.summary.counts["unchanged_hash"] += 1
        else:
            write(
                self.folder / (rel + SIDECAR_SUFFIX),
                json.dumps(meta, ensure_ascii=False, indent=1).encode(),
            )
            write(self.folder / rel, body)
            self.summary.counts["changed" if known and known["file"] else "new"] += 1
        validators = {"etag": got.etag, "last_modified": got.last_modified}
        if key != normalise(got.url) and known and known["etag"]:
            validators = {}  # a canonical URL fetched itself keeps its own validators
        state.put(
            key,
            site,
            file=rel,
            canonical="",
            sha256=digest,
            fetched_on=self.today,
            links=json.dumps(links, ensure_ascii=False),
            misses=0,
            error="",
            **validators,
        )
        self._follow(links, depth)

    def _prune(self, state: State) -> None:
        """With `prune`, after a crawl that saw the whole site: what it no longer found."""
        if not self.request.prune or not self.summary.complete:
            return
        for site in self.sites:
            for url, rel in state.files(site).items():
                if url not in self.seen and self.scope.admits(url):
                    remove(self.folder, rel)
                    state.delete(url)
                    self.summary.counts["removed"] += 1


def _reason(got: Fetched) -> str:
    if got.error:
        return got.error + (f" (HTTP {got.status})" if got.status not in (0, 200) else "")
    return f"HTTP {got.status}"


def crawl(request: Request, settings: Settings, progress: bool = True) -> CrawlSummary:
    return Crawl(request, settings, progress).run()
