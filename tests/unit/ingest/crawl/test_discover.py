"""Sitemaps (index, gzip, garbage) and what a page links to, on inputs written here."""

from __future__ import annotations

import gzip

from ingest.crawl.discover import documents, parse_sitemap, read_page

SITEMAP = b"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://k.cz/a</loc><lastmod>2025-03-01T10:00:00+01:00</lastmod></url>
<url><loc>https://k.cz/b</loc></url></urlset>"""


def test_sitemaps_plain_gzipped_indexes_and_garbage() -> None:
    assert parse_sitemap(SITEMAP).pages == (
        ("https://k.cz/a", "2025-03-01"),
        ("https://k.cz/b", ""),
    )
    assert parse_sitemap(gzip.compress(SITEMAP)).pages == parse_sitemap(SITEMAP).pages
    index = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <sitemap><loc>https://k.cz/s1.xml</loc></sitemap></sitemapindex>"""
    assert parse_sitemap(index).sitemaps == ("https://k.cz/s1.xml",)
    assert parse_sitemap(b"<html>not a sitemap") == parse_sitemap(b"")
    entity = b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><urlset><url><loc>&e;</loc></url></urlset>'
    assert all("root:" not in loc for loc, _ in parse_sitemap(entity).pages)


def test_a_page_gives_its_links_canonical_and_text_in_its_charset() -> None:
    page = """<html><head><meta charset="windows-1250"><title>Dotace | Kraj</title>
    <link rel="canonical" href="/dotace/"></head><body>
    <a href="program.html#podminky">Program</a> <a href="mailto:a@k.cz">mail</a>
    <a href="/soubory/pravidla.pdf">Pravidla (PDF)</a> <a href="#nahoru">nahoru</a>
    <p>Žádosti přijímá podatelna.</p></body></html>""".encode("cp1250")
    read = read_page(page, "text/html", "https://k.cz/dotace/index.html")
    assert [lk.url for lk in read.links] == ["https://k.cz/dotace/program.html",
                                             "https://k.cz/soubory/pravidla.pdf"]  # fmt: skip
    assert read.canonical == "https://k.cz/dotace/"
    assert "Žádosti přijímá podatelna" in read.html and 'charset="utf-8"' in read.html
    assert [lk.text for lk in documents(read.links)] == ["Pravidla (PDF)"]


def test_only_charsets_a_browser_reads_are_believed() -> None:
    """UTF-7 would turn "+ADw-script+AD4-" into markup; IDNA or punycode cannot read a page at
    all: both fall back to guessing, as browsers do."""
    from ingest.crawl.discover import text_codec, text_of

    assert text_codec("windows-1250") == "cp1250" and text_codec("UTF-8") == "utf-8"
    refused = ("utf-7", "idna", "punycode", "undefined", "utf-16", "hex", "raw_unicode_escape")
    assert not any(text_codec(n) for n in (*refused, "no-such-codec"))
    assert (
        text_of(b"<p>+ADw-script+AD4-</p>", "text/html; charset=utf-7") == "<p>+ADw-script+AD4-</p>"
    )
    assert "Žandov" in text_of('<meta charset="idna"><p>Žandov</p>'.encode(), "text/html")


def test_a_sitemap_over_50_mb_unzipped_raises_to_be_reported() -> None:
    import pytest

    from ingest.crawl.discover import SitemapTooLarge

    with pytest.raises(SitemapTooLarge):
        parse_sitemap(gzip.compress(b"<" * 60_000_000, 1))


def test_a_sitemap_is_read_up_to_the_budget_and_says_it_stopped() -> None:
    entries = "".join(f"<url><loc>https://k.cz/{n}</loc></url>" for n in range(10))
    sitemap = f"<urlset>{entries}</urlset>".encode()
    assert not parse_sitemap(sitemap).truncated and len(parse_sitemap(sitemap).pages) == 10
    capped = parse_sitemap(gzip.compress(sitemap), limit=4)
    assert capped.truncated and [loc for loc, _ in capped.pages][-1] == "https://k.cz/3"
