"""Metrics on hand-made cases with known answers, and the dataset validator on bad lines."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from assistant.model import Chunk, Document, Hit, Passage
from eval.datasets import DatasetError, Item, load_dataset
from eval.metrics import (
    by_document,
    hit_at,
    must_ok,
    ndcg_at,
    percentile,
    recall_at,
    reciprocal_rank,
    relevant,
    risk_coverage,
    violations,
)


def hit(text: str = "", source: str = "a.pdf", doc_id: str = "d1", external_id: str = "") -> Hit:
    document = Document(doc_id, source, "T", external_id=external_id)
    return Hit(1, 1.0, Passage("c", Chunk(text, page=1), document))


def test_rank_metrics() -> None:
    rels = [False, True, False, True]
    assert hit_at(rels, 1) == 0.0 and hit_at(rels, 2) == 1.0
    assert reciprocal_rank(rels) == 0.5
    assert reciprocal_rank([False] * 10 + [True]) == 0.0
    assert recall_at(rels, 4, 2) == 1.0 and recall_at(rels, 2, 2) == 0.5
    ideal = 1 + 1 / math.log2(3)
    assert ndcg_at(rels, 10, 2) == pytest.approx((1 / math.log2(3) + 1 / math.log2(5)) / ideal)
    assert ndcg_at([True, True], 10, 2) == pytest.approx(1.0)


def test_relevance_by_evidence_file_and_id() -> None:
    by_evidence = Item("1", "q", evidence=["spuštěno dne 28. 6. 2023"])
    assert relevant(by_evidence, hit("Portál byl veřejně spuštěno dne 28.6.2023 na adrese"))
    assert not relevant(by_evidence, hit("Portál spuštěn 2023"))
    ocr = Item("5", "q", evidence=["Usetfit, Zlepsit"])  # written against the OCR text
    repaired = Hit(1, 1.0, Passage("c", Chunk("Ušetřit, Zlepšit", ocr_text="Usetfit, Zlepsit"),
                                   Document("d1", "a.pdf", "T")))  # fmt: skip
    assert relevant(ocr, repaired) and not relevant(ocr, hit("Ušetřit, Zlepšit"))
    by_file = Item("2", "q", sources=["public/zpravy/x.pdf"])
    assert relevant(by_file, hit(source="public/zpravy/x.pdf"))
    assert not relevant(by_file, hit(source="public/zpravy/y.pdf"))
    by_name = Item("3", "q", sources=["0_umělá_inteligence.pdf"])
    assert relevant(by_name, hit(source="pdf/0_umělá_inteligence.pdf"))
    by_id = Item("4", "q", relevant_ids=["p0001"])
    assert relevant(by_id, hit(external_id="p0001")) and not relevant(
        by_id, hit(external_id="p0002")
    )


def test_document_level_ranking_keeps_the_first_chunk_of_each_document() -> None:
    hits = [hit(doc_id="a"), hit(doc_id="a"), hit(doc_id="b"), hit(doc_id="a"), hit(doc_id="c")]
    assert [h.passage.document.doc_id for h in by_document(hits)] == ["a", "b", "c"]


def test_answer_checks() -> None:
    answer = "V Rokytnici nad Jizerou a v Jindřichovicích pod Smrkem, celkem 9 800 000 Kč [1]."
    assert must_ok(answer, [["Rokytnic"], ["Jindřichovic"]])
    assert must_ok(answer, [["9 800 000", "9,8 mil"]])
    assert not must_ok(answer, [["Rokytnic"], ["Liberec"]])
    assert not must_ok("Vznikl v roce 2019.", [["9", "devět"]])
    assert violations("Cena je 480 000 Kč.", ["480 000", "190 000"]) == ["480 000"]


def test_risk_coverage_answers_the_most_confident_first() -> None:
    rows = [
        {"answer": "a", "confidence": 0.9, "candidate_right": True},
        {"answer": "b", "confidence": 0.6, "candidate_right": False},
        {"answer": "c", "confidence": 0.6, "candidate_right": True},
        {"answer": "d", "confidence": 0.2, "candidate_right": False},
        {"answer": "e", "confidence": None, "candidate_right": True},  # a record's answer
        {"answer": "refusal", "confidence": None, "candidate_right": None},  # never answered
        {"question only": "no answer judged"},
    ]
    assert risk_coverage(rows, lambda r: r.get("confidence")) == [
        (None, 0.1667, 0.0),
        (0.9, 0.3333, 0.0),
        (0.6, 0.6667, 0.25),
        (0.2, 0.8333, 0.4),
    ]


def test_percentile() -> None:
    assert percentile([], 50) == 0.0
    assert percentile([5, 1, 3], 50) == 3
    assert percentile(list(range(1, 101)), 95) == 95


def test_validator_reports_every_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text(
        "\n".join(
            [
                '{"id": "ok", "question": "Kolik?", "evidence": ["x"]}',
                "{not json",
                '{"id": "a", "question": ""}',
                '{"id": "b", "question": "Q", "audience": "everyone", "evidence": ["x"]}',
                '{"id": "c", "question": "Q", "answer_must": ["x"], "evidence": ["x"]}',
                '{"id": "ok", "question": "Znovu", "evidence": ["x"]}',
                '{"id": "d", "question": "Bez důkazů"}',
            ]
        ),
        encoding="utf-8",
    )
    with pytest.raises(DatasetError) as error:
        load_dataset(path)
    message = str(error.value)
    for line in (2, 3, 4, 5, 6, 7):
        assert f"řádek {line}:" in message
    assert "řádek 1:" not in message


def test_the_three_dataset_shapes_load(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text(
        '{"id": "g", "question": "Q", "answerable": false}\n'
        '{"id": "w", "question": "Q", "relevant_files": ["0_a.pdf"]}\n'
        '{"id": "c", "question": "Q", "relevant_ids": ["p1"]}\n',
        encoding="utf-8",
    )
    gold, wiki, ctk = load_dataset(path)
    assert gold.judges_answers and not gold.answerable
    assert wiki.sources == ["0_a.pdf"] and not wiki.judges_answers
    assert ctk.relevant_ids == ["p1"]
