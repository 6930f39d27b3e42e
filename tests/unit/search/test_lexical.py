"""The BM25 fields and the index statistics that the evidence scoring reads."""

from __future__ import annotations

import math

import numpy as np
import pytest

from assistant.search.filters import Filters, index_mask
from assistant.search.lexical import Generation, LexicalIndex
from assistant.settings import Settings
from assistant.text.analysis import grams, terms


def index(tiny: Settings) -> LexicalIndex:
    return Generation.current(tiny.storage.index_dir).views["all"]


def best(lexical: LexicalIndex, field: str, tokens: list[str], audience: str = "staff") -> str:
    scores = lexical.scores(field, tokens, index_mask(Filters(audience), lexical.columns))
    return lexical.chunk_ids[int(np.argmax(scores))]


def test_each_field_finds_its_chunk(tiny: Settings) -> None:
    lexical = index(tiny)
    assert best(lexical, "terms", terms("dotace pro hasiče")).startswith("rk-")
    assert best(lexical, "grams", grams("cyklostezka Přepeře")).startswith("plan-")
    assert best(lexical, "titles", terms("zápis z porady")).startswith("zapis-")


def test_masked_chunks_score_zero(tiny: Settings) -> None:
    lexical = index(tiny)
    mask = index_mask(Filters("public"), lexical.columns)
    scores = lexical.scores("terms", terms("schodek rozpočtu"), mask)
    internal = [i for i, cid in enumerate(lexical.chunk_ids) if cid.startswith("zapis-")]
    assert all(scores[i] == 0 for i in internal)
    assert lexical.scores("terms", ["neznameslovo"], mask).sum() == 0


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
