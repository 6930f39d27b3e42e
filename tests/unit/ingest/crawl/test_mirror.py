"""The mirror folder's file names: readable, safe and distinct."""

from __future__ import annotations

from ingest.crawl.mirror import mirror_path, site_folder


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


def test_a_path_longer_than_a_file_system_takes_is_hashed_whole() -> None:
    deep = "https://k.cz/" + "/".join(f"{i:02d}" + "a" * 78 for i in range(60))
    path = mirror_path(deep)
    assert len(path.encode()) < 300 and path.endswith(".html") and "_dlouhe/" in path
    assert mirror_path(deep + "x") != path, "distinct URLs stay distinct files"
