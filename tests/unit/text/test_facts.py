"""Kinds of fact a question asks for and whether a sentence states one (folded text)."""

from __future__ import annotations

import pytest

from assistant.text.analysis import fold
from assistant.text.facts import asked, required, states


@pytest.mark.parametrize(
    ("question", "kinds"),
    [
        ("Kolik bude stát cyklostezka?", ["money", "number"]),
        ("Kolik obcí je zapojeno?", ["number"]),
        ("Kdy byl portál spuštěn?", ["date"]),
        ("Proč se zvýšil rozpočet?", ["reason"]),
        ("Kterým usnesením rada schválila dotaci?", ["resolution"]),
        ("Kde najdu datový portál?", ["address"]),
        ("Jaké je telefonní číslo na podatelnu?", ["phone"]),
        ("Na jaký e-mail mám psát?", ["email"]),
        ("Jakou otevírací dobu má zoo?", ["hours"]),
        ("Co je eLpass?", []),
    ],
)
def test_asked_kinds(question: str, kinds: list[str]) -> None:
    assert asked(fold(question)) == kinds


def test_money_implies_a_number() -> None:
    assert required(["money", "number"]) == ["money"]
    assert required(["reason", "address"]) == []
    assert required(["date", "hours"]) == ["hours"]  # "Kdy má úřad úřední hodiny?" wants times


@pytest.mark.parametrize(
    ("kind", "sentence", "expected"),
    [
        ("money", "Stavba stojí 12 350 000 Kč.", True),
        ("money", "Stavba je dlouhá 6,4 km.", False),
        ("number", "Zapojeno je 29 obcí.", True),
        ("number", "Usnesení 12/24/RK ze dne 12. 3. 2024.", False),
        ("number", "Zapojeno je dvanáct obcí.", True),
        ("date", "Spuštěno v červnu.", True),
        ("resolution", "Viz usnesení 201/24/ZK.", True),
        ("address", "Podrobnosti na www.kraj-lbc.cz.", True),
        ("phone", "Volejte +420 485 226 111.", True),
        ("phone", "Stavba stojí 250 000 000 Kč.", False),
        ("email", "Pište na podatelna@kraj-lbc.cz.", True),
        ("hours", "Otevřeno v pondělí 8:00–17:00.", True),
        ("hours", "Jednání začne 12. 3. 2024.", False),
    ],
)
def test_stated_facts(kind: str, sentence: str, expected: bool) -> None:
    assert states(kind, fold(sentence)) is expected


def test_an_amount_in_korun_is_read_whole_or_in_millions() -> None:
    from assistant.text.facts import AMOUNT_CZK, korun

    found = [korun(m) for m in AMOUNT_CZK.finditer("12 350 000 Kč, z toho 3,5 mil. Kč a 45 Kč")]
    assert found == [12_350_000, 3_500_000]
