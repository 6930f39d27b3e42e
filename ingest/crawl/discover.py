"""Where a crawl finds pages: sitemaps (indexes and gzip included) and the links of a page, with
its canonical URL, title, date and the links to documents beside it."""

from __future__ import annotations

import codecs
import gzip
import io
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field

import lxml.etree
import lxml.html

from ingest.loaders import SUFFIXES, TEXT_SUFFIXES
from ingest.loaders.text import decode

SITEMAP_MAX = 50 * 1024 * 1024  # decompressed, as the sitemaps protocol allows
SITEMAP_DEPTH = 3
DOCUMENT_SUFFIXES = SUFFIXES - TEXT_SUFFIXES - {".html", ".htm", ".jsonl"}
SKIP_SCHEMES = re.compile(r"^(mailto|tel|javascript|data|ftp|sms):", re.I)


class SitemapTooLarge(ValueError):
    """A sitemap over the protocol's 50 MB once unzipped (a gzip bomb): a failure to report."""


class _Capped(io.RawIOBase):
    """A sitemap's bytes as the parser reads them, unzipped on the way, never past the cap."""

    def __init__(self, body: bytes):
        zipped = body[:2] == b"\x1f\x8b"  # by the magic bytes, whatever the server calls it
        self.inner = gzip.GzipFile(fileobj=io.BytesIO(body)) if zipped else io.BytesIO(body)
        self.total = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        read = self.inner.readinto(buffer)
        self.total += read
        if self.total > SITEMAP_MAX:
            raise SitemapTooLarge("sitemap je po rozbalení větší než 50 MB")
        return read


@dataclass(frozen=True, slots=True)
class Sitemap:
    pages: tuple[tuple[str, str], ...] = ()  # (loc, lastmod)
    sitemaps: tuple[str, ...] = ()  # of a sitemap index
    truncated: bool = False  # more entries than the crawl's budget left


def parse_sitemap(body: bytes, limit: int = 50_000) -> Sitemap:
    """Entries of a sitemap or a sitemap index, at most `limit`, read as a stream (an element
    is dropped once read: memory stays flat on a million entries); bad XML gives what could be
    read, one over 50 MB unzipped raises `SitemapTooLarge`."""
    pages: list[tuple[str, str]] = []
    maps: list[str] = []

    def local(el) -> str:
        return lxml.etree.QName(el).localname if isinstance(el.tag, str) else ""

    def child(el, name: str) -> str:
        return next(((c.text or "").strip() for c in el if local(c) == name), "")

    entries = lxml.etree.iterparse(
        _Capped(body), events=("end",), resolve_entities=False, no_network=True,
        huge_tree=False, recover=True,
    )  # fmt: skip
    try:
        for _, el in entries:
            name = local(el)
            if name not in ("url", "sitemap"):
                continue
            if loc := child(el, "loc"):
                if name == "url":
                    pages.append((loc, child(el, "lastmod")[:10]))
                else:
                    maps.append(loc)
            el.clear()
            while el.getprevious() is not None:
                del el.getparent()[0]
            if len(pages) + len(maps) >= limit:
                return Sitemap(tuple(pages), tuple(maps), truncated=True)
    except SitemapTooLarge:
        raise
    except (lxml.etree.XMLSyntaxError, ValueError, zlib.error, gzip.BadGzipFile, EOFError, OSError):
        pass
    return Sitemap(tuple(pages), tuple(maps))


@dataclass(frozen=True, slots=True)
class Link:
    url: str
    text: str


@dataclass(frozen=True, slots=True)
class PageLinks:
    """What a crawl reads off a page before it is indexed."""

    links: tuple[Link, ...] = ()
    canonical: str = ""
    title: str = ""
    html: str = field(default="", repr=False)  # as UTF-8 text, its charset declaration too


CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.I)
DECLARED = re.compile(r"""(<meta[^>]+charset\s*=\s*["']?)([\w-]+)""", re.I)


ASCII = bytes(range(128))


def text_codec(name: str) -> str:
    """The codec of a declared charset if it is one a browser would read a page in: a text
    codec that reads ASCII as ASCII. UTF-7 ("+ADw-script+AD4-" is "<script>"), IDNA,
    punycode, UTF-16 and the escape codecs are not; "" for those and unknown names."""
    try:
        info = codecs.lookup(name)
    except LookupError:
        return ""
    if not getattr(info, "_is_text_encoding", True) or "escape" in info.name:
        return ""
    try:  # and reads any byte, a wrong one as a replacement character (IDNA cannot)
        same = ASCII.decode(info.name) == ASCII.decode("ascii")
        (ASCII + bytes(range(128, 256))).decode(info.name, "replace")
    except (UnicodeError, ValueError, LookupError):
        return ""
    return info.name if same else ""


def text_of(body: bytes, content_type: str) -> str:
    """A page's text by the charset its server or its markup declares, else (none, or none
    a browser would use) by guessing."""
    declared = re.search(r"charset=([\w-]+)", content_type or "", re.I)
    found = text_codec(declared.group(1)) if declared else ""
    if not found and (meta := CHARSET.search(body[:4096])):
        found = text_codec(meta.group(1).decode("ascii", "ignore"))
    return body.decode(found, "replace") if found else decode(body)


def read_page(body: bytes, content_type: str, base: str) -> PageLinks:
    """Links (resolved against the page's own URL or its `<base>`), canonical URL and title."""
    text = text_of(body, content_type)
    try:
        root = lxml.html.document_fromstring(text)
    except (lxml.etree.ParserError, ValueError):
        return PageLinks(html=text)
    own = base.split("#", 1)[0]
    root.make_links_absolute(root.base or base, resolve_base_href=True, handle_failures="discard")
    links = tuple(
        Link(href.split("#", 1)[0], " ".join(a.text_content().split()))
        for a in root.iter("a")
        if (href := (a.get("href") or "").strip())
        and not SKIP_SCHEMES.match(href)
        and href.split("#", 1)[0] != own  # "#nahoru": the page itself
    )
    canonical = next(
        (
            el.get("href", "")
            for el in root.iter("link")
            if "canonical" in (el.get("rel") or "").lower().split()
        ),
        "",
    )
    title = (root.findtext(".//title") or "").strip()
    utf8 = DECLARED.sub(lambda m: m.group(1) + "utf-8", text, count=1)
    return PageLinks(links, canonical, title, utf8)


def documents(links: tuple[Link, ...]) -> Iterator[Link]:
    """The links that point to files the loaders read (PDF, DOCX, ODT …) by their suffix."""
    for link in links:
        path = link.url.split("?", 1)[0].lower()
        if any(path.endswith(s) for s in DOCUMENT_SUFFIXES):
            yield link
