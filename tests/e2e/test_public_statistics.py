"""The public audience learns nothing about internal documents from how the assistant behaves:
its abstention and its ranking are the same on the full index as on an index built from the
public documents alone (a probe stepping through amounts or words of internal documents sees
no difference)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from helpers import CORPUS, SAMPLES, make_settings, rows

from assistant.output.json import answer_json, search_json
from assistant.search.filters import Filters
from assistant.search.retrieve import SearchRequest
from assistant.service import Service
from ingest.pipeline import ingest

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def twins(tmp_path_factory: pytest.TempPathFactory):
    """The same folder ingested twice: with its internal files, then without them."""
    folder = Path(shutil.copytree(CORPUS, tmp_path_factory.mktemp("twins") / "korpus"))
    shutil.copytree(SAMPLES / "corpus", folder / "vzorky")
    full = make_settings(folder.parent / "full")
    ingest([folder], full, progress=False)
    internal = [r["text"] for r in rows(full, "SELECT text FROM chunks JOIN documents USING"
                                              " (doc_id) WHERE access = 'internal'")]  # fmt: skip
    shutil.rmtree(folder / "internal")
    shutil.rmtree(folder / "vzorky" / "internal")
    public = make_settings(folder.parent / "public")
    ingest([folder], public, progress=False)
    return Service.open(full).assistant, Service.open(public).assistant, "\n".join(internal)


def probes(internal: str) -> list[str]:
    """The attack: every amount of the internal documents and its neighbours (stepping
    through amounts finds the ones only internal documents contain), and their words."""
    found = sorted({int(a.replace(" ", "")) for a in re.findall(r"\d{1,3}(?: \d{3})+", internal)})
    amounts = []
    for step in (0, 10_000, -10_000, 1_000, -1_000, 100_000):
        amounts += [f"{n + step:,}".replace(",", " ") for n in found if n + step > 0]
    amounts = list(dict.fromkeys(amounts))
    words = sorted({w for w in re.findall(r"[^\W\d_]{5,}", internal)})
    assert len(found) >= 5 and len(amounts) >= 50 and len(words) >= 50
    chosen_amounts, chosen_words = amounts[:50], words[:: max(1, len(words) // 50)][:50]
    return (
        [f"Co je eLpass? {a} Kč" for a in chosen_amounts]
        + [f"Kolik stojí {w}?" for w in chosen_words]
        + [f"{w} kraje" for w in chosen_words]
    )


def seen(data: dict, decimals: int = 3) -> dict:
    """What a person reads of an answer or a ranking. The public vectors live in a collection
    of their own, so internal documents are not in it at all; its approximate index is built in
    an order its storage chooses, which moves a score in the fourth decimal from one build to
    the next (the same with no internal documents anywhere): scores are compared to three
    decimals and the first ten places of the ranking (near-ties further down, among passages
    that share few words with a probe, may swap between builds)."""
    out = dict(data)
    if out.get("confidence") is not None:
        out["confidence"] = round(out["confidence"], 2)
    if "hits" in out:
        out["hits"] = [{**h, "score": round(h["score"], decimals)} for h in out["hits"]]
    return out


def test_public_answers_and_rankings_do_not_depend_on_internal_documents(twins) -> None:
    full, public, internal = twins
    questions = probes(internal)
    assert len(questions) == 150
    differing = []
    for question in questions:
        a = answer_json(full.ask(question, Filters("public")))
        b = answer_json(public.ask(question, Filters("public")))
        hits_a = search_json(
            question, "public", full.retriever.search(SearchRequest(question, k=20))
        )
        hits_b = search_json(
            question, "public", public.retriever.search(SearchRequest(question, k=20))
        )
        if seen(a) != seen(b) or seen(hits_a)["hits"][:10] != seen(hits_b)["hits"][:10]:
            differing.append(question)
    assert differing == []


def test_officials_still_search_everything(twins) -> None:
    full, public, _ = twins
    question = "proškolených uživatelů pilotní nástroj rešerše"
    staff = full.retriever.search(SearchRequest(question, Filters("staff"), 5))
    assert staff[0].passage.document.access == "internal"
    assert all(
        h.passage.document.access == "public"
        for h in public.retriever.search(SearchRequest(question, Filters("staff"), 5))
    )
