"""One resolution-number pattern and one list of the council's bodies: every reader accepts the
same numbers and names the same bodies."""

from __future__ import annotations

import typing

import pytest

from assistant.cli import query, records
from assistant.model import Turn
from assistant.output.reports import resolution_rows
from assistant.question.analyse import analyse
from assistant.question.followup import standalone
from assistant.text.analysis import fold
from assistant.text.facts import states
from assistant.text.numbers import BODIES, BODY_NAMES, MENTIONS, canonical, resolution_numbers
from assistant.web.schemas import FilterBody
from ingest.chunking import chunk_blocks
from ingest.parsed import Block

WRITTEN = ["201/24/ZK", "1893/2024/RK", "7/25/RM", "12 / 24 / rk"]


@pytest.mark.parametrize("written", WRITTEN)
def test_every_reader_accepts_the_same_numbers(written: str) -> None:
    number = canonical(written)
    assert resolution_numbers(f"Platí ještě usnesení č. {written}?") == [number]
    assert states("resolution", fold(f"Rada to schválila usnesením č. {written}."))
    blocks = [Block("paragraph", f"Usnesení č. {written}"),
              Block("paragraph", "Rada Libereckého kraje schvaluje dotaci.")]  # fmt: skip
    [chunk] = chunk_blocks(blocks)
    assert chunk.resolution == number
    history = [Turn("user", "Kterým usnesením rada schválila chatbota?"),
               Turn("assistant", f"Usnesením č. {written} ze dne 12. 11. 2024.")]  # fmt: skip
    assert number in standalone("A kdo hlasoval proti?", history)


def test_numbers_are_keyed_in_one_form() -> None:
    assert canonical(" 12 /24/ rk") == "12/24/RK"
    assert resolution_numbers("č. 12/24/RK a 13/2024/zk, ne 1/2") == ["12/24/RK", "13/2024/ZK"]


def _choices(command, name: str) -> tuple[str, ...]:
    [option] = [p for p in command.params if p.name == name]
    return tuple(option.type.choices)


def test_every_place_naming_the_bodies_names_the_same_two() -> None:
    assert tuple(BODY_NAMES) == tuple(MENTIONS) == BODIES
    assert _choices(query.search, "body") == _choices(query.ask, "body") == BODIES
    assert _choices(records.research, "body") == BODIES
    [body] = typing.get_args(FilterBody.model_fields["bodies"].annotation)
    assert typing.get_args(body) == BODIES
    assert analyse("Co schválila rada a co zastupitelstvo?").bodies == BODIES
    row = {"number": "1/24/ZK", "date": "2024-01-09", "body": "zastupitelstvo", "title": "Věc",
           "status": "valid", "parts": [], "vote": None, "tasks": [], "page": None,
           "source": "z.pdf", "amended_by": [], "cancelled_by": []}  # fmt: skip
    assert ("Orgán", BODY_NAMES["zastupitelstvo"]) in resolution_rows(row)
