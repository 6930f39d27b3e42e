"""The BM25 fields and the index statistics that the evidence scoring reads."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from conftest import build

from assistant.search.filters import Filters, index_mask
from assistant.search.lexical import FORMAT, ChunkIds, Generation, LexicalIndex
from assistant.search.scoring import combine
from assistant.settings import Settings
from assistant.store.documents import Store
from assistant.text.analysis import grams, terms


def index(tiny: Settings) -> LexicalIndex:
    return Generation.current(tiny.storage.index_dir).views["all"]


def best(lexical: LexicalIndex, field: str, tokens: list[str]) -> str:
    return lexical.chunk_ids[int(np.argmax(lexical.scores(field, tokens)))]


def test_each_field_finds_its_chunk(tiny: Settings) -> None:
    lexical = index(tiny)
    assert best(lexical, "terms", terms("dotace pro hasiče")).startswith("rk-")
    assert best(lexical, "grams", grams("cyklostezka Přepeře")).startswith("plan-")
    assert best(lexical, "titles", terms("zápis z porady")).startswith("zapis-")


def test_the_scores_are_those_bm25s_gives(tiny: Settings) -> None:
    """The compiled sum of the postings against bm25s's own, token by token and together."""
    lexical = index(tiny)
    for field, tokens in (("terms", terms("schodek rozpočtu hasiči")), ("grams", grams("dotace"))):
        model = lexical.models[field]
        assert np.array_equal(lexical.scores(field, tokens), model.get_scores(tokens))
    assert lexical.scores("terms", ["neznameslovo"]).sum() == 0


def test_masked_chunks_score_zero(tiny: Settings) -> None:
    lexical = index(tiny)
    mask = index_mask(Filters("public"), lexical.columns)
    raw = lexical.scores("terms", terms("schodek rozpočtu"))
    scores = combine((raw,), np.ones(1, np.float32), mask)
    internal = [i for i, cid in enumerate(lexical.chunk_ids) if cid.startswith("zapis-")]
    assert any(raw[i] > 0 for i in internal), "the internal minutes hold the words"
    assert all(scores[i] == 0 for i in internal)


def test_weights_of_unknown_inflections_and_unknown_words(tiny: Settings) -> None:
    lexical = index(tiny)
    [known] = terms("cyklostezka")
    assert lexical.known("terms", known) and lexical.weight("terms", known) > 0
    model = lexical.models["terms"]
    weights = [lexical.weight("terms", t) for t in model.vocab_dict]
    ceiling = lexical.weight("terms", "zcelanezname")
    assert ceiling > max(weights), "unknown words weigh most"
    n = len(lexical)
    assert ceiling == pytest.approx(math.log(1 + (n + 0.5) / 0.5)), "as a token no chunk has"
    assert not lexical.known("terms", "zcelanezname")
    # An unseen inflection takes the weight of the known word that shares its first letters.
    assert lexical.weight("terms", known + "ovy") == lexical.weight("terms", known)


def test_chunk_ids_find_their_rows() -> None:
    """Rows by binary search over the byte array; an unknown id, or one that only a prefix
    of would match at the array's width, has none."""
    ids = ChunkIds.of(["rk-2024-b", "plan-a", "zapis-č-1", "rk-2024-a"])
    assert list(ids) == ["rk-2024-b", "plan-a", "zapis-č-1", "rk-2024-a"] and ids[2] == "zapis-č-1"
    assert ids[::2] == ["rk-2024-b", "zapis-č-1"]
    found = ids.rows(["rk-2024-a", "zapis-č-1", "neni", "plan-a-delsi-nez-sirka-pole"])
    assert found == {"rk-2024-a": 3, "zapis-č-1": 2}
    assert ChunkIds.of([]).rows(["x"]) == {}


def test_an_older_generation_format_is_rebuilt(tmp_path: Path) -> None:
    settings = build(tmp_path)
    store, index_dir = Store(settings.storage.index_database), settings.storage.index_dir
    before = Generation.current(index_dir).path
    Generation.ensure(store, index_dir)
    assert Generation.current(index_dir).path == before, "a current generation is kept"
    meta = before / "all" / "meta.json"
    meta.write_text(meta.read_text().replace(f'"format": {FORMAT}', '"format": 1'))
    Generation.ensure(store, index_dir)
    assert Generation.current(index_dir).path != before
