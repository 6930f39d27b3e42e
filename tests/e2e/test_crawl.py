"""The website as a source, on the fictional portal (bench/portal.py) served by a real HTTP server
on loopback that logs every request: what is (not) fetched, indexed once, conditionally
refetched, updated, pruned, survived after `kill -9`, and answered with the page's URL."""

from __future__ import annotations

import itertools
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import bench_module, make_settings, rows

from assistant.search.filters import Filters
from assistant.service import Service
from assistant.settings import Settings
from assistant.store.documents import Store
from ingest.crawl.run import CrawlSummary, Request, crawl

LIMITS = {"crawl_timeout_s": 1.5, "crawl_max_mb": 2, "crawl_delay_s": 0}
SPECIAL = {"/robots.txt", "/sitemap_index.xml", "/sitemap-aktuality.xml", "/sitemap-ostatni.xml.gz"}


def _documents(settings: Settings) -> dict[str, tuple]:
    """Every indexed document by its URL: access, title and the text of its chunks (from either
    backend's store)."""
    found: dict[str, tuple] = {}
    rows = Store(settings.storage.index_database).index_rows(analysed=False)
    for _, chunks in itertools.groupby(rows, key=lambda r: r.document.doc_id):
        chunks = list(chunks)
        d = chunks[0].document
        assert d.url not in found, f"{d.url} indexed twice"
        found[d.url] = (d.access, d.title, tuple(c.text for c in chunks))
    return found


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory):
    portal_module = bench_module("portal")
    portal = portal_module.build(news=200)
    server, base = portal_module.serve(portal)
    settings = make_settings(tmp_path_factory.mktemp("crawl") / "data", **LIMITS)
    first = crawl(Request((base + "/",), access="public"), settings, progress=False)
    yield portal_module, portal, base, settings, first, list(portal.log)
    server.shutdown()


def test_a_crawl_indexes_every_allowed_page_once(site) -> None:
    _, portal, base, settings, first, log = site
    assert not [e for e in log if e["path"].startswith("/interni/")], "robots.txt disallows it"
    assert {e["agent"] for e in log} == {"LiberecAssistantBot/0.1"}
    gaps = [b["time"] - a["time"] for a, b in itertools.pairwise(log)]
    assert min(gaps) >= 0.009, "Crawl-delay: 0.01 of robots.txt is kept between requests"
    documents = _documents(settings)
    pages = {p for p, page in portal.pages.items() if p not in SPECIAL and "?" not in p}
    failing = {"/urad/docasne.html", "/urad/pomala.html", "/urad/obrovska.html", "/urad/data"}
    duplicates = {
        "/sluzby/index.html",
        "/sluzby/ridicske-opravneni-tisk.html",
        "/interni/porada.html",
    }
    expected = {base + p.rstrip("/") if p != "/" else base + "/"
                for p in pages - failing - duplicates}  # fmt: skip
    expected |= {f"{base}/aktuality?strana={n}" for n in range(2, 11)}
    assert set(documents) == expected
    assert {access for access, _, _ in documents.values()} == {"public"}
    languages = rows(settings, "SELECT extra FROM documents WHERE source LIKE '%.html'")
    assert {json.loads(r["extra"]).get("language") for r in languages} == {"cs"}
    assert first.counts["new"] == len(expected) and first.counts["blocked"] == 1
    reasons = dict(first.failures)
    assert reasons[base + "/smycka-a"].startswith("smyčka přesměrování")
    assert reasons[base + "/neexistuje.html"].startswith("stránka neexistuje (HTTP 404")
    assert reasons[base + "/urad/docasne.html"] == "HTTP 500"
    assert reasons[base + "/urad/pomala.html"].startswith("vypršel časový limit")
    assert reasons[base + "/urad/obrovska.html"].startswith("příliš velká odpověď")
    assert reasons[base + "/urad/data"] == "nepodporovaný typ obsahu application/json"
    # The windows-1250 page reads as Czech; a linked PDF is titled by its link and page.
    assert "pod horou Ještěd" in " ".join(documents[base + "/urad/kodovani.html"][2])
    _, title, text = documents[base + "/soubory/obnova-pamatek-pravidla.pdf"]
    assert title == "Pravidla programu (PDF) – Program obnovy kulturních památek 2025"
    assert "450 000 Kč" in " ".join(text)


def test_menus_cookie_bars_and_footers_stay_out_of_the_chunks(site) -> None:
    *_, settings, _, _ = site
    texts = [" ".join(t) for _, _, t in _documents(settings).values()]
    for boilerplate in ("cookies", "Sdílet", "U Jezu 642/2a", "Související články", "Hledat"):
        assert not [t for t in texts if boilerplate in t], boilerplate
    assert any("Správní poplatek za vydání řidičského průkazu činí 200 Kč" in t for t in texts)


def test_reruns_are_conditional_follow_changes_and_prune(site) -> None:
    portal_module, portal, base, settings, _, _ = site
    before = len(portal.log)
    second = crawl(Request((base + "/",), access="public", prune=True), settings, progress=False)
    asked = portal.log[before:]
    retried = {"/smycka-a", "/smycka-b", "/neexistuje.html", "/urad/docasne.html",
               "/urad/pomala.html", "/urad/obrovska.html", "/urad/data"}  # fmt: skip
    unconditional = [e["target"] for e in asked if not (e["if_none_match"] or
                     e["if_modified_since"]) and e["path"] not in SPECIAL | retried]  # fmt: skip
    assert unconditional == []
    assert second.counts["unchanged_lastmod"] == 200, "articles older than the last fetch"
    [indexed] = second.indexed
    assert indexed.counts["updated"] == 0 and indexed.counts["added"] == 1  # the recovered 500
    assert second.counts["new"] == 1 and second.counts["changed"] == 0
    changed = portal_module.change(portal)
    third = crawl(Request((base + "/",), access="public", prune=True), settings, progress=False)
    documents = _documents(settings)
    assert "na deset let 600 Kč" in " ".join(documents[base + changed["edited"]][2])
    assert base + changed["added"] in documents
    assert base + changed["removed"] in documents, "missing once is not yet removed"
    assert third.counts["changed"] >= 2 and third.counts["new"] == 1
    fourth = crawl(Request((base + "/",), access="public", prune=True), settings, progress=False)
    assert base + changed["removed"] not in _documents(settings)
    assert fourth.counts["removed"] == 1 and fourth.indexed[0].counts["removed"] == 1


def test_a_crawl_killed_and_rerun_ends_like_a_clean_one(tmp_path: Path) -> None:
    portal_module = bench_module("portal")
    portal = portal_module.build(news=60)
    portal.failing.clear()  # the same answers for both crawls
    server, base = portal_module.serve(portal)
    try:
        clean = make_settings(tmp_path / "clean", **LIMITS)
        complete = crawl(Request((base + "/",), access="public"), clean, progress=False)
        killed = tmp_path / "killed"
        env = {**os.environ, "ASSISTANT_DATA_DIR": str(killed), "HF_HUB_OFFLINE": "1",
               **{f"ASSISTANT_{k.upper()}": str(v) for k, v in LIMITS.items()}}  # fmt: skip
        command = [str(Path(sys.executable).with_name("assistant")), "crawl", base + "/",
                   "--access", "public", "--json"]  # fmt: skip
        start = len(portal.log)
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)  # fmt: skip
        deadline = time.monotonic() + 60
        while len(portal.log) - start < 50 and time.monotonic() < deadline:
            time.sleep(0.01)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        rerun = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
        assert rerun.returncode in (0, 1), rerun.stderr
        new = json.loads(rerun.stdout)["new"]
        assert new < complete.counts["new"], "what the killed crawl fetched is not fetched again"
        assert _documents(make_settings(killed, **LIMITS)) == _documents(clean)
    finally:
        server.shutdown()


def test_the_crawl_state_is_shared_and_a_new_indexer_fills_its_mirror(
    tmp_path: Path, postgres
) -> None:
    """With PostgreSQL the crawl's memory outlives the indexer's disk: a new indexer (the same
    data folder path, empty) fetches the pages its mirror lacks and the index stays as it was;
    its next crawl asks conditionally again."""
    portal_module = bench_module("portal")
    portal = portal_module.build(news=20)
    portal.failing.clear()
    server, base = portal_module.serve(portal)
    try:
        settings = make_settings(tmp_path / "data", database_url=postgres.new_database(), **LIMITS)
        first = crawl(Request((base + "/",), access="public"), settings, progress=False)
        indexed = _documents(settings)
        shutil.rmtree(settings.storage.data_dir)  # the indexer's disk is replaced
        second = crawl(Request((base + "/",), access="public"), settings, progress=False)
        assert second.counts["new"] == 0 and second.counts["changed"] == first.counts["new"]
        assert second.indexed[0].counts["added"] == 0, "the same files: nothing indexed anew"
        assert _documents(settings) == indexed
        before = len(portal.log)
        third = crawl(Request((base + "/",), access="public"), settings, progress=False)
        assert third.counts["changed"] == third.counts["new"] == 0
        assert any(e["if_none_match"] or e["if_modified_since"] for e in portal.log[before:])
    finally:
        server.shutdown()


def test_crawled_pages_answer_with_their_url_and_internal_ones_stay_internal(
    site, tmp_path: Path
) -> None:
    _, _, base, settings, _, _ = site
    assistant = Service.open(settings).assistant
    answer = assistant.ask("Kolik stojí rybářský lístek na tři roky?", Filters("public"))
    assert "200 Kč" in answer.reply.text, answer.reply.text
    assert answer.reply.citations[0].passage.document.url == base + "/sluzby/rybarske-listky.html"
    from assistant.model import Citation
    from assistant.output.json import citation_json
    from assistant.search.retrieve import SearchRequest

    found = assistant.retriever.search(
        SearchRequest("Kde a kdy se vyřizuje vydání rybářského lístku", Filters("public"), 3)
    )
    section = next(h.passage for h in found if h.passage.chunk.section.endswith("Kde a kdy"))
    assert citation_json(Citation(1, "…", section))["url"] == (
        base + "/sluzby/rybarske-listky.html#kontakt"
    ), "a citation of a section links to its heading"
    internal = make_settings(tmp_path / "data", **LIMITS)
    portal_module = bench_module("portal")
    portal = portal_module.build(news=5)
    server, other = portal_module.serve(portal)
    try:
        summary: CrawlSummary = crawl(Request((other + "/sluzby/",)), internal, progress=False)
    finally:
        server.shutdown()
    assert summary.counts["new"] > 40
    assert {a for a, _, _ in _documents(internal).values()} == {"internal"}
    private = Service.open(internal).assistant
    question = "Kolik stojí rybářský lístek na tři roky?"
    public = private.ask(question, Filters("public")).reply
    assert public.abstained and not public.citations
    staff = private.ask(question, Filters("staff")).reply
    assert "200 Kč" in staff.text and staff.citations[0].passage.document.url.startswith(other)


def test_the_crawl_command_reports_in_czech_and_json(site, tmp_path: Path) -> None:
    *_, base, _, _, _ = site
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(tmp_path / "data"), "HF_HUB_OFFLINE": "1",
           **{f"ASSISTANT_{k.upper()}": str(v) for k, v in LIMITS.items()}}  # fmt: skip
    assistant = str(Path(sys.executable).with_name("assistant"))
    run = subprocess.run([assistant, "crawl", base + "/kontakty/", "--max-pages", "5"], env=env,
                         capture_output=True, text=True, timeout=120)  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("Nové: ") and "dosažen limit stránek" not in run.stdout
    bad = subprocess.run([assistant, "crawl", "ftp://example.cz/"], env=env,
                         capture_output=True, text=True, timeout=60)  # fmt: skip
    assert bad.returncode != 0 and "není adresa http(s)" in bad.stderr
