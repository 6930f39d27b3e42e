"""One URL per page and the crawl's scope, on URLs written here."""

from __future__ import annotations

import pytest

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
