"""Which field of a resolution a council question asks for, and which task it describes, on
questions written here."""

from __future__ import annotations

import pytest

from assistant.council.answers import field_asked, from_records, task_described
from assistant.model import Task
from assistant.question.asked import Asked
from assistant.settings import Settings
from assistant.store.documents import Store


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


def test_a_council_question_is_answered_from_the_record_of_the_tiny_store(tiny: Settings) -> None:
    """From a hand-built question context: the vote of the resolution it names, cited."""
    store = Store(tiny.storage.index_database)
    reply = from_records(Asked.of("Jak se hlasovalo o usnesení č. 12/24/RK?"), store)
    assert reply is not None and "pro 7, proti 0" in reply.text
    assert [c.passage.chunk.resolution for c in reply.citations] == ["12/24/RK"]
    assert from_records(Asked.of("Kolik stojí cyklostezka?"), store) is None  # asks no field
