"""Resolutions as records (parts, vote, tasks, references) and their statuses through later
resolutions that amend or cancel them, on resolutions written here."""

from __future__ import annotations

from pathlib import Path

from assistant.council.history import Council
from assistant.model import Document, Resolution
from assistant.search.filters import Filters
from assistant.store.writer import DocumentRecord, StoreWriter
from ingest.resolutions import parse

GRANTS = """Usnesení č. 120/24/RK
Dotační program Podpora hasičů 2024 – vyhlášení Rada Libereckého kraje po projednání
• I. schvaluje vyhlášení dotačního programu s alokací 2 500 000 Kč,
• II. ukládá vedoucímu odboru kancelář hejtmana zveřejnit výzvu na úřední desce.
Termín: 15. 4. 2024
• III. ukládá řediteli krajského úřadu předložit radě vyhodnocení do 31. 12. 2024.
Hlasování: pro 8, proti 1, zdržel se 0."""


def _document(n: int, date: str, access: str = "public") -> Document:
    return Document(f"d{n}", f"rada/usneseni-{n}.pdf", f"Usnesení rady {date}", access,
                    "usneseni", date, "rada")  # fmt: skip


def _resolution(number: str, date: str, text: str = "", access: str = "public") -> Resolution:
    body = f"Usnesení č. {number}\nVěc Rada Libereckého kraje po projednání\n• I. {text}"
    return parse(number, body, _document(int(number.split("/")[0]), date, access), 1)


def test_a_resolution_is_read_into_parts_vote_tasks_and_amounts() -> None:
    record = parse("120/24/RK", GRANTS, _document(1, "2024-03-12"), 1)
    assert record.title == "Dotační program Podpora hasičů 2024 – vyhlášení"
    assert [(d.label, d.verb) for d in record.decisions] == [
        ("I", "schvaluje"), ("II", "ukládá"), ("III", "ukládá")
    ]  # fmt: skip
    assert record.vote is not None and (record.vote.pro, record.vote.proti) == (8, 1)
    first, second = record.tasks
    assert first.whom == "vedoucímu odboru kancelář hejtmana" and first.deadline == "2024-04-15"
    assert first.what == "zveřejnit výzvu na úřední desce"
    assert second.whom == "řediteli krajského úřadu" and second.deadline == "2024-12-31"
    assert record.amounts == ("2 500 000 Kč",)


def test_references_name_the_relation_and_the_number() -> None:
    record = _resolution("130/24/RK", "2024-04-02",
                         "mění usnesení č. 120/24/RK tak, že alokace činí 3 000 000 Kč,\n"
                         "• II. ruší usnesení č. 95/24/RK v plném rozsahu.")  # fmt: skip
    assert [(r.relation, r.number) for r in record.references] == [
        ("mění", "120/24/RK"), ("ruší", "95/24/RK")
    ]  # fmt: skip


def test_amended_cancelled_and_a_cancelled_amendment_restores_the_first() -> None:
    grants = _resolution("120/24/RK", "2024-03-12", "schvaluje program.")
    amended = _resolution("130/24/RK", "2024-04-02", "mění usnesení č. 120/24/RK.")
    undone = _resolution("150/24/RK", "2024-05-14", "ruší usnesení č. 130/24/RK.")
    council = Council([grants, amended])
    assert council.status("120/24/RK").state == "amended"
    assert council.status("120/24/RK").amended_by == ("130/24/RK",)
    council = Council([grants, amended, undone])
    assert council.status("120/24/RK").state == "valid"
    assert council.status("130/24/RK").cancelled_by == ("150/24/RK",)
    assert [r.number for r in council.history("120/24/RK")] == [
        "120/24/RK", "130/24/RK", "150/24/RK"
    ]  # fmt: skip
    assert council.referenced_by("120/24/RK") == [("mění", "130/24/RK")]
    as_of = Council([grants, amended, undone], as_of="2024-04-30")
    assert as_of.status("120/24/RK").state == "amended"


def test_of_one_number_read_twice_the_latest_counts_in_the_place_of_the_first() -> None:
    minutes = _resolution("120/24/RK", "2024-03-12", "schvaluje program.")
    other = _resolution("125/24/RK", "2024-03-20", "schvaluje jiný program.")
    extract = _resolution("120/24/RK", "2024-04-02", "schvaluje program ve znění změn.")
    for order in ([minutes, other, extract], [extract, other, minutes]):
        council = Council(order)
        assert list(council.records) == ["120/24/RK", "125/24/RK"]
        assert council.get("120/24/RK") is extract
    assert Council([extract, minutes], as_of="2024-03-31").get("120/24/RK") is minutes


def test_the_public_never_learns_of_an_internal_resolution(tmp_path: Path) -> None:
    """Through the real store: the records of an internal document are not the public's, not
    even as the resolution that cancelled a public one."""
    grants = _resolution("120/24/RK", "2024-03-12", "schvaluje program.")
    secret = _resolution("140/24/RK", "2024-04-20", "ruší usnesení č. 120/24/RK.", "internal")
    writer = StoreWriter(tmp_path / "store.sqlite3")
    for record in (grants, secret):
        stored = DocumentRecord(record.document, "root", record.document.source, "fp")
        writer.replace_file("root", record.document.source, [stored])
    writer.replace_resolutions([grants, secret])
    public = Council.open(writer, Filters(audience="public"))
    assert public.get("140/24/RK") is None and public.status("120/24/RK").state == "valid"
    staff = Council.open(writer, Filters(audience="staff"))
    assert staff.get("120/24/RK") == grants
    assert staff.status("120/24/RK").cancelled_by == ("140/24/RK",)
    writer.close()


def test_an_amendment_is_read_whatever_the_year_digits_or_the_body_code() -> None:
    """References are read with the number pattern chunking and lookup accept: before, only
    `NN/NN/RK|ZK` was read as amended or cancelled."""
    text = (
        "Usnesení č. 30/2025/ZK\nZměna usnesení Zastupitelstvo Libereckého kraje po projednání\n"
        "• I. mění usnesení č. 1893/2024/RK v bodě II.,\n• II. ruší usnesení č. 7/25/RM."
    )
    record = parse("30/2025/ZK", text, _document(30, "2025-02-01"), 1)
    assert [(r.relation, r.number) for r in record.references] == [
        ("mění", "1893/2024/RK"), ("ruší", "7/25/RM")
    ]  # fmt: skip
