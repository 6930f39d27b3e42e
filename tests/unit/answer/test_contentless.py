"""Sentences that carry nothing asked for, which the extractive answer never quotes."""

from __future__ import annotations

import pytest

from assistant.answer.contentless import content_free


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        ("Zastupitelstvo Libereckého kraje po projednání", "formule usnesení"),
        ("Usnesení č. 12/24/RK", "formule usnesení"),
        ("Hlasování: pro 7, proti 0, zdržel se 1.", "hlasování"),
        ("Rada kraje schvaluje tyto projekty:", "úvod výčtu"),
        ("Dotace pro a. obce b. spolky", "útržek tabulky"),
        ("kterou schválila rada v roce 2023.", "útržek věty"),
        ("Cyklostezky a stezky pro pěší", "nadpis"),
        ("12 345", "bez textu"),
        ("Cyklostezka bude stát 12 350 000 Kč.", ""),
        ("Garant: Odbor dopravy", ""),  # a record's field states a fact
        ("• podpora cyklodopravy", ""),  # so does a list item
    ],
)
def test_reasons(sentence: str, reason: str) -> None:
    assert content_free(sentence) == reason


def test_a_vote_line_answers_a_question_about_the_vote() -> None:
    assert content_free("Hlasování: pro 7, proti 0, zdržel se 1.", vote_asked=True) == ""
