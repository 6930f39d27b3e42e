"""Which field of a resolution a council question asks for, and which task it describes, on
questions written here."""

from __future__ import annotations

import pytest

from assistant.council.answers import field_asked, task_described
from assistant.model import Task


@pytest.mark.parametrize(
    ("question", "field"),
    [
        ("Platí ještě usnesení č. 287/24/ZK?", "status"),
        ("Bylo usnesení o platebním portálu zrušeno?", "status"),
        ("Kolik radních hlasovalo proti prodeji pozemku?", "vote"),
        ("Kolik hlasovalo proti usnesení 412/24/ZK?", "vote"),
        ("Do kdy má ředitel úřadu předložit vyhodnocení?", "tasks"),
        ("Kterým usnesením rada prodloužila provoz taxibusu?", "which"),
        ("Jaké číslo má usnesení o digitalizaci obcí?", "which"),
        # Not council words: a fare that holds, a flood measure, a number already named.
        ("Jaké jízdné platí v autobusech?", None),
        ("Jaká opatření proti povodním kraj plánuje?", None),
        ("Které usnesení je 289/24/ZK?", None),
        ("Kolik stojí rekonstrukce mostu?", None),
    ],
)
def test_the_field_a_question_asks(question: str, field: str | None) -> None:
    assert field_asked(question) == field


REPORT = Task("řediteli krajského úřadu", "předložit radě kraje vyhodnocení pilotního provozu",
              "2025-06-30")  # fmt: skip


@pytest.mark.parametrize(
    ("question", "described"),
    [
        ("Do kdy má ředitel úřadu předložit vyhodnocení pilotního provozu?", True),
        ("Jaký termín má úkol „předložit radě kraje vyhodnocení pilotního provozu“?", True),
        # Whom without what, what without whom, and an applicant's deadline.
        ("Do kdy má ředitel úřadu zajistit uzavření smluv?", False),
        ("Do kdy se má vyhodnotit provoz?", False),
        ("Do kdy lze podat žádost o dotaci?", False),
    ],
)
def test_a_task_is_the_one_the_question_describes(question: str, described: bool) -> None:
    assert task_described(REPORT, question) is described
