"""Polite HTTP: robots.txt obeyed (its own user agent, with a contact), one request at a time
per host with the larger of the crawl's delay and the site's Crawl-delay between them,
conditional requests, redirects followed only within the scope and never in a loop, and limits
on size and time. A failure is a `Fetched` with an error, never an exception."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import httpx
from protego import Protego

from assistant.settings import CrawlSettings
from ingest.crawl.urls import Scope, normalise, site_of

REDIRECTS = 5
ROBOTS_MAX = 500 * 1024  # RFC 9309: a crawler parses at least the first 500 KiB


@dataclass(frozen=True, slots=True)
class Fetched:
    """What a request ended with: `status` 0 when no HTTP answer came (`error` says why)."""

    url: str  # after redirects
    status: int
    body: bytes = b""
    content_type: str = ""
    etag: str = ""
    last_modified: str = ""
    location: str = ""  # of a redirect
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.status == 200 and not self.error


@dataclass
class _Host:
    robots: Protego | None  # None: no usable robots.txt, everything allowed
    delay: float
    ready_at: float = 0.0
    sitemaps: list[str] = field(default_factory=list)
    asked_delay: float = 0.0  # the site's Crawl-delay when it was over the cap


class Fetcher:
    """One client for a whole crawl; hosts are met (and their robots.txt read) as they come."""

    def __init__(self, settings: CrawlSettings, scope: Scope, delay: float | None = None):
        self.settings, self.scope = settings, scope
        self.delay = settings.crawl_delay_s if delay is None else delay
        self.agent = settings.user_agent
        self.client = httpx.Client(
            headers={"User-Agent": self.agent, "Accept-Language": "cs,en;q=0.5"},
            timeout=httpx.Timeout(settings.crawl_timeout_s),
            follow_redirects=False,
        )
        self.hosts: dict[str, _Host] = {}
        self.requests = 0

    def close(self) -> None:
        self.client.close()

    def host(self, url: str) -> _Host:
        site = site_of(url)
        if site not in self.hosts:
            self.hosts[site] = host = _Host(None, self.delay)  # robots.txt is fetched politely
            got = self._request(site + "/robots.txt", {}, ROBOTS_MAX, truncate=True)
            if got.status == 200:
                # A file cut at the limit is read up to its last whole line, never as allow-all.
                body = got.body if len(got.body) < ROBOTS_MAX else got.body.rpartition(b"\n")[0]
                host.robots = Protego.parse(body.decode("utf-8", "replace"))
                asked = _seconds(host.robots.crawl_delay(self.agent))
                cap = self.settings.crawl_max_delay_s
                if asked > cap:
                    host.asked_delay, asked = asked, cap
                host.delay = max(self.delay, asked)
                host.sitemaps = list(host.robots.sitemaps)
            elif got.status >= 500 or got.status == 0:
                # RFC 9309: an unreachable robots.txt means the whole site is disallowed.
                host.robots = Protego.parse("User-agent: *\nDisallow: /")
            host.ready_at = time.monotonic() + host.delay  # the site's delay after robots.txt too
        return self.hosts[site]

    def allowed(self, url: str) -> bool:
        robots = self.host(url).robots
        return robots is None or robots.can_fetch(url, self.agent)

    def _wait(self, url: str) -> None:
        host = self.hosts.get(site_of(url))
        if host:
            pause = host.ready_at - time.monotonic()
            if pause > 0:
                time.sleep(pause)

    def _request(
        self, url: str, headers: dict[str, str], limit: int, truncate: bool = False
    ) -> Fetched:
        """One GET; a body over `limit` fails, or with `truncate` is cut at it."""
        self._wait(url)
        self.requests += 1
        try:
            with self.client.stream("GET", url, headers=headers) as response:
                deadline = time.monotonic() + self.settings.crawl_timeout_s
                declared = int(response.headers.get("Content-Length") or 0)
                if declared > limit and not truncate:
                    return self._failed(
                        url, response.status_code, f"příliš velká odpověď ({declared / 1e6:.1f} MB)"
                    )
                chunks, size = [], 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > limit and truncate:
                        chunks.append(chunk[: len(chunk) - (size - limit)])
                        break
                    if size > limit:
                        return self._failed(
                            url,
                            response.status_code,
                            f"příliš velká odpověď (přes {limit / 1e6:.0f} MB)",
                        )
                    if time.monotonic() > deadline:
                        return self._failed(
                            url, response.status_code, "odpověď trvala příliš dlouho"
                        )
                    chunks.append(chunk)
                h = response.headers
                return Fetched(
                    url,
                    response.status_code,
                    b"".join(chunks),
                    h.get("Content-Type", ""),
                    h.get("ETag", ""),
                    h.get("Last-Modified", ""),
                    h.get("Location", ""),
                )
        except httpx.TimeoutException:
            return self._failed(url, 0, "vypršel časový limit")
        except httpx.HTTPError as exc:
            return self._failed(url, 0, f"chyba spojení ({type(exc).__name__}: {exc})")
        except (httpx.InvalidURL, ValueError) as exc:  # a URL httpx cannot even send
            return self._failed(url, 0, f"neplatná adresa ({exc})")
        finally:
            host = self.hosts.get(site_of(url))
            if host:
                host.ready_at = time.monotonic() + host.delay

    @staticmethod
    def _failed(url: str, status: int, error: str) -> Fetched:
        return Fetched(url, status, error=error)

    def get(self, url: str, etag: str = "", last_modified: str = "") -> Fetched:
        """The page at `url`, conditionally when its validators are known; redirects are
        followed while they stay in the scope and allowed by robots.txt."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        limit = int(self.settings.crawl_max_mb * 1024 * 1024)
        seen = {normalise(url)}
        for _ in range(REDIRECTS + 1):
            if not self.allowed(url):
                return self._failed(url, 0, "zakázáno v robots.txt")
            got = self._request(url, headers, limit)
            if got.status not in (301, 302, 303, 307, 308) or got.error:
                return got
            if not got.location:
                return self._failed(url, got.status, "přesměrování bez cíle")
            try:
                following = str(httpx.URL(url).join(got.location))
            except (httpx.InvalidURL, ValueError):
                return self._failed(url, got.status, f"neplatné přesměrování ({got.location})")
            if httpx.URL(following).scheme not in ("http", "https"):  # mailto:, javascript: …
                return self._failed(url, got.status, f"přesměrování mimo web ({following})")
            target = normalise(following)
            if target in seen:
                return self._failed(url, got.status, "smyčka přesměrování")
            if not self.scope.admits(target):
                return self._failed(url, got.status, f"přesměrování mimo rozsah ({following})")
            seen.add(target)
            url = following
        return self._failed(url, 0, f"více než {REDIRECTS} přesměrování")


def _seconds(value: object) -> float:
    """A Crawl-delay as seconds; one that is no finite number counts as none."""
    try:
        seconds = float(value or 0)
    except (TypeError, ValueError, OverflowError):
        return 0.0
    return seconds if math.isfinite(seconds) and seconds > 0 else 0.0
