"""The one `Filters` type and its three compilers agree: the mask over the lexical index, the
Chroma `where` clause on a real Chroma collection, and the check of stored passages."""

from __future__ import annotations

import itertools

import chromadb
import numpy as np
import pytest
from chromadb.config import Settings as ChromaSettings

from assistant.model import Document
from assistant.search.filters import (
    ColumnRows,
    Filters,
    allows,
    chroma_metadata,
    chroma_where,
    date_number,
    index_mask,
)
from assistant.search.lexical import Generation
from assistant.settings import Settings
from assistant.store.documents import Store

AUDIENCES = ("public", "staff")
DOC_TYPES = ((), ("usneseni",), ("plan", "aktualita"), ("zapis", "neexistuje"))
BODIES = ((), ("rada",), ("zastupitelstvo",), ("rada", "zastupitelstvo"))
FROM = ("", "2024-01-01", "2024-03-12", "2025-01-21")
TO = ("", "2024-03-12", "2024-12-31", "2023-01-01")
COMBINATIONS = [Filters(*c) for c in itertools.product(AUDIENCES, DOC_TYPES, BODIES, FROM, TO)]


@pytest.fixture(scope="module")
def compiled(tiny: Settings):
    """The same chunks three ways: index columns, stored passages, a Chroma collection."""
    index = Generation.current(tiny.storage.index_dir).views["all"]
    passages = Store(tiny.storage.index_database).passages(list(index.chunk_ids))
    client = chromadb.EphemeralClient(settings=ChromaSettings(anonymized_telemetry=False))
    collection = client.get_or_create_collection("parity", embedding_function=None)
    collection.add(
        ids=list(index.chunk_ids),
        embeddings=[[1.0, 0.0]] * len(index.chunk_ids),
        metadatas=[chroma_metadata(passages[cid].document) for cid in index.chunk_ids],
    )
    return index, passages, collection


def test_the_three_compilers_agree_on_every_combination(compiled) -> None:
    index, passages, collection = compiled
    assert len(COMBINATIONS) == 512
    sizes = set()
    for filters in COMBINATIONS:
        mask = index_mask(filters, index.columns)
        by_mask = {cid for cid, keep in zip(index.chunk_ids, mask, strict=True) if keep}
        by_row = {cid for cid, p in passages.items() if allows(filters, p.document)}
        by_chroma = set(collection.get(where=chroma_where(filters), include=[])["ids"])
        assert by_mask == by_row == by_chroma, filters
        sizes.add(len(by_mask))
    assert 0 in sizes and len(index.chunk_ids) in sizes and len(sizes) > 3, "not trivial"


def test_the_public_audience_never_passes_an_internal_document(compiled) -> None:
    index, passages, _ = compiled
    internal = {cid for cid, p in passages.items() if p.document.access == "internal"}
    assert internal
    for filters in (f for f in COMBINATIONS if f.audience == "public"):
        mask = index_mask(filters, index.columns)
        assert not {cid for cid, keep in zip(index.chunk_ids, mask, strict=True) if keep} & internal


def test_a_date_range_keeps_only_documents_with_a_known_date() -> None:
    assert date_number("2024-03-12") == 20240312
    assert date_number("") == date_number("2024") == date_number("nevím") == 0
    assert chroma_where(Filters("staff")) is None
    assert chroma_where(Filters("public")) == {"access": "public"}
    assert chroma_where(Filters("staff", date_to="2024-12-31")) == {
        "$and": [{"date": {"$lte": 20241231}}, {"date": {"$gt": 0}}]
    }


def test_column_rows_hold_each_documents_filter_fields() -> None:
    rows = ColumnRows()
    rows.append(Document("a", "a.pdf", "A", "public", "usneseni", "2024-03-01", "rada"))
    rows.append(Document("b", "b.pdf", "B", "internal", "zapis", "", ""))
    columns = rows.columns()
    assert columns.public.tolist() == [True, False]
    assert columns.dates.tolist() == [date_number("2024-03-01"), 0]
    assert columns.doc_types.tolist() == ["usneseni", "zapis"]
    assert columns.bodies.tolist() == ["rada", ""]
    mask = index_mask(Filters("public", date_from="2024-01-01"), columns)
    assert mask.tolist() == [True, False]
    assert index_mask(Filters("staff", doc_types=("zapis", "jine")), columns).tolist() == [
        False,
        True,
    ]
    assert index_mask(Filters("staff", bodies=("",)), columns).tolist() == [False, True]


def test_labels_keep_a_code_a_row_and_select_rows_by_value() -> None:
    rows = ColumnRows()
    for body in ("rada", "zastupitelstvo", "rada", ""):
        rows.append(Document("a", "a.pdf", "A", "public", "usneseni", "", body))
    labels = rows.columns().bodies
    assert labels.values.tolist() == ["rada", "zastupitelstvo", ""]
    assert labels.codes.dtype == np.int32 and labels.codes.tolist() == [0, 1, 0, 2]
    assert labels[np.array([2, 1])].tolist() == ["rada", "zastupitelstvo"]
    assert labels.isin(("rada", "jine")).tolist() == [True, False, True, False]
    assert ColumnRows().columns().bodies.isin(("rada",)).tolist() == []
