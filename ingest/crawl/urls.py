"""One URL per page: normalised (fragment, tracking parameters, index pages, trailing slash,
default port, case of scheme and host dropped) and judged against the crawl's scope."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

TRACKING = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|msclkid|yclid|mc_cid|mc_eid|_ga|_gl|igshid|ref_src)$", re.I
)
INDEX_PAGES = re.compile(r"/(index|default)\.(html?|php|aspx?)$", re.I)
PATH_SAFE = "/%:@!$&'()*+,;=-._~"
DEFAULT_PORTS = {"http": 80, "https": 443}


def normalise(url: str) -> str:
    """The canonical spelling of a URL ("" for anything that is not http(s))."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        return ""
    host = parts.hostname.lower().rstrip(".")
    try:
        port = parts.port
    except ValueError:
        return ""
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = quote(unquote(parts.path or "/"), safe=PATH_SAFE)
    path = INDEX_PAGES.sub("/", path)
    path = posixpath.normpath(path) if path not in ("", "/") else "/"
    path = "/" + path.lstrip("/") if path != "." else "/"
    kept = sorted(
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING.match(k)
    )
    return urlunsplit((scheme, netloc, path, urlencode(kept), ""))


@dataclass(frozen=True, slots=True)
class Scope:
    """What a crawl may fetch: URLs under one of its roots (same scheme, host and port, the
    path below the root's folder), matching an include pattern if any is given and no exclude
    pattern (regular expressions searched in the normalised URL)."""

    roots: tuple[str, ...]
    include: tuple[re.Pattern[str], ...] = ()
    exclude: tuple[re.Pattern[str], ...] = ()

    @classmethod
    def of(
        cls, roots: Sequence[str], include: Sequence[str] = (), exclude: Sequence[str] = ()
    ) -> Scope:
        bases = []
        for root in roots:
            if not normalise(root):
                raise ValueError(f"adresa {root!r} není adresa http(s)")
            # The folder as written: "/kontakty/" is a folder, "/kontakty/podatelna.html" a page
            # in it (normalising drops the trailing slash that tells them apart).
            raw = urlsplit(root.strip())
            folder = raw.path if raw.path.endswith("/") else posixpath.dirname(raw.path or "/")
            base = normalise(urlunsplit(raw._replace(path=folder or "/", query="", fragment="")))
            bases.append(base if base.endswith("/") else base + "/")
        return cls(tuple(bases), tuple(map(re.compile, include)), tuple(map(re.compile, exclude)))

    def admits(self, url: str) -> bool:
        if not url or not any(url.startswith(root) or url + "/" == root for root in self.roots):
            return False
        if self.include and not any(p.search(url) for p in self.include):
            return False
        return not any(p.search(url) for p in self.exclude)


def site_of(url: str) -> str:
    """scheme://host[:port] of a URL."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
