"""The crawl's pieces on inputs written here: one URL per page, the scope, the mirror's file
names, sitemaps (index, gzip, garbage) and what a page links to."""

from __future__ import annotations

import gzip

import pytest

from ingest.crawl.discover import documents, parse_sitemap, read_page
from ingest.crawl.mirror import mirror_path, site_folder
from ingest.crawl.urls import Scope, normalise


@pytest.mark.parametrize(
    ("url", "same"),
    [
        ("HTTP://Kraj-LBC.cz:80/sluzby/", "http://kraj-lbc.cz/sluzby"),
        ("https://kraj-lbc.cz/sluzby/index.html", "https://kraj-lbc.cz/sluzby"),
        ("https://kraj-lbc.cz/a/../sluzby#kontakty", "https://kraj-lbc.cz/sluzby"),
        ("https://kraj-lbc.cz/x?utm_source=fb&b=2&a=1&fbclid=z", "https://kraj-lbc.cz/x?a=1&b=2"),
        ("https://kraj-lbc.cz", "https://kraj-lbc.cz/"),
        ("https://kraj-lbc.cz/úřad", "https://kraj-lbc.cz/%C3%BA%C5%99ad"),
        ("mailto:podatelna@kraj-lbc.cz", ""),
        ("javascript:alert(1)", ""),
    ],
)
def test_one_url_per_page(url: str, same: str) -> None:
    assert normalise(url) == same


def test_the_scope_is_the_start_folder_with_its_patterns() -> None:
    scope = Scope.of(["https://kraj-lbc.cz/dotace/"], exclude=[r"\?tisk"])
    assert scope.admits(normalise("https://kraj-lbc.cz/dotace/"))
    assert scope.admits(normalise("https://kraj-lbc.cz/dotace/program.html"))
    assert not scope.admits(normalise("https://kraj-lbc.cz/sluzby/"))
    assert not scope.admits(normalise("https://jiny.cz/dotace/"))
    assert not scope.admits(normalise("https://kraj-lbc.cz/dotace/a?tisk=1"))
    only = Scope.of(["https://kraj-lbc.cz/"], include=[r"/aktuality/"])
    assert only.admits("https://kraj-lbc.cz/aktuality/2025")
    assert not only.admits("https://kraj-lbc.cz/sluzby")
    with pytest.raises(ValueError, match="není adresa http"):
        Scope.of(["ftp://kraj-lbc.cz/"])


def test_mirror_files_are_readable_safe_and_distinct() -> None:
    assert site_folder("http://127.0.0.1:8765") == "127.0.0.1_8765"
    assert mirror_path("https://k.cz/") == "index.html"
    assert mirror_path("https://k.cz/sluzby") == "sluzby/index.html"
    assert mirror_path("https://k.cz/sluzby/ridici.html") == "sluzby/ridici.html"
    assert mirror_path("https://k.cz/clanek.php") == "clanek.php/index.html"
    assert mirror_path("https://k.cz/soubory/a.pdf", ".pdf") == "soubory/a.pdf"
    assert mirror_path("https://k.cz/stahnout?id=5", ".pdf").startswith("stahnout__")
    assert mirror_path("https://k.cz/%2E%2E/x") == "_/x/index.html"
    one, two = mirror_path("https://k.cz/a?strana=2"), mirror_path("https://k.cz/a?strana=3")
    assert one != two and one.endswith(".html")


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
