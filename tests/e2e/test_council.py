"""Resolution records from the shared corpus's council documents (text PDFs and a scan), and
the resolution view through the CLI and the API for both audiences."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from helpers import CORPUS, make_settings

from assistant.council.history import Council
from assistant.search.filters import Filters
from assistant.service import Service
from assistant.settings import Settings
from assistant.store.documents import Store
from assistant.web.app import create_app
from ingest.pipeline import ingest

pytestmark = pytest.mark.shared
KEY = "klic-rady"


def test_every_resolution_of_the_corpus_is_a_record(shared_settings: Settings) -> None:
    council = Council.open(Store(shared_settings.storage.db_path), Filters(audience="staff"))
    assert len(council.records) == 13
    for record in council.records.values():
        assert record.title and record.decisions and record.vote, record.number
        assert record.document.body in {"rada", "zastupitelstvo"} and record.document.date
        assert record.number.endswith("/RK" if record.document.body == "rada" else "/ZK")


def test_the_scanned_resolution_is_read_from_its_repaired_text(shared_settings: Settings) -> None:
    council = Council.open(Store(shared_settings.storage.db_path), Filters(audience="public"))
    scan = council.get("1893/24/RK")
    assert scan is not None and scan.document.source.endswith("-sken.pdf")
    assert [(d.label, d.verb) for d in scan.decisions] == [("I", "schvaluje"), ("II", "ukládá")]
    assert scan.vote is not None and (scan.vote.pro, scan.vote.proti, scan.vote.zdrzel) == (9, 0, 0)
    [task] = scan.tasks
    assert task.whom == "vedoucímu odboru informatiky" and task.what.startswith("zajistit")
    assembly = council.get("414/24/ZK")
    assert assembly is not None and assembly.tasks[0].deadline == "2025-06-30"


def test_the_cli_prints_one_resolution_as_json(shared_settings: Settings) -> None:
    env = {"ASSISTANT_DATA_DIR": str(shared_settings.storage.data_dir), "HF_HUB_OFFLINE": "1",
           "PATH": "/usr/bin:/bin"}  # fmt: skip
    assistant = str(Path(".venv/bin/assistant").resolve())
    out = subprocess.run([assistant, "resolution", "414/24/ZK", "--json"], capture_output=True,
                         text=True, env=env, check=True).stdout  # fmt: skip
    data = json.loads(out)
    assert data["number"] == "414/24/ZK" and data["status"] == "valid"
    assert data["amended_by"] == [] and data["cancelled_by"] == []
    assert data["vote"] == {"pro": 44, "proti": 0, "zdrzel_se": 1}
    assert {"text", "history", "referenced_by", "parts", "tasks", "source", "page"} <= set(data)
    missing = subprocess.run([assistant, "resolution", "999/24/ZK"], capture_output=True,
                             text=True, env=env)  # fmt: skip
    assert missing.returncode == 1 and "Usnesení 999/24/ZK v indexu není" in missing.stderr


def test_an_internal_resolution_is_the_staffs_only(tmp_path: Path) -> None:
    """The same assembly resolutions, ingested as an internal document: the public API does not
    find them, the staff API does."""
    folder = tmp_path / "korpus"
    folder.mkdir()
    shutil.copy(CORPUS / "public/zastupitelstvo/usneseni-zk-2024-06-25.pdf", folder)
    settings = make_settings(tmp_path / "data", staff_api_keys=[KEY])
    ingest([folder], settings, access="internal", progress=False)
    client = TestClient(create_app(settings))
    assert client.get("/api/resolutions/289/24/ZK").status_code == 404
    staff = client.get("/api/staff/resolutions/289/24/ZK",
                       headers={"Authorization": f"Bearer {KEY}"})  # fmt: skip
    assert staff.status_code == 200 and staff.json()["number"] == "289/24/ZK"
    assert client.get("/api/staff/resolutions/289/24/ZK").status_code == 401

    assistant = Service.open(settings).assistant
    asked = [
        "Platí ještě usnesení č. 289/24/ZK?",
        "Kterým usnesením zastupitelstvo schválilo zapojení obcí do platebního portálu?",
    ]
    for question in asked:
        public = assistant.ask(question, Filters(audience="public")).reply
        assert public.abstained and "289/24/ZK" not in public.text, public.text
        staff_reply = assistant.ask(question, Filters(audience="staff")).reply
        assert "Usnesení č. 289/24/ZK" in staff_reply.text, staff_reply.text


def test_topic_research_finds_both_chatbot_resolutions_through_the_api(
    shared_settings: Settings,
) -> None:
    """The issue's example: one from the assembly's text PDF, one from the council's scan, in
    date order, each with status and source; the report as DOCX and Markdown."""
    settings = make_settings(shared_settings.storage.data_dir, staff_api_keys=[KEY])
    client = TestClient(create_app(settings))
    staff = {"Authorization": f"Bearer {KEY}"}
    body = {"topic": "Jaká usnesení rady a zastupitelstva se týkají chatbota na webu kraje?"}
    data = client.post("/api/staff/research/topic", json=body, headers=staff).json()
    assert [r["number"] for r in data["resolutions"]] == ["414/24/ZK", "1893/24/RK"]
    assert all(r["status"] == "valid" and r["source"] for r in data["resolutions"])
    assert data["summary"]["from"] == "2024-10-22" and data["summary"]["to"] == "2024-11-12"
    report = client.post("/api/staff/research/topic", json=body | {"format": "docx"},
                         headers=staff)  # fmt: skip
    assert report.status_code == 200 and report.content[:2] == b"PK"
    import docx

    document = docx.Document(io.BytesIO(report.content))
    assert len(document.tables) == 2 and "Vytvořeno s podporou AI" in document.paragraphs[-1].text
    markdown = client.post("/api/staff/research/topic", json=body | {"format": "md"},
                           headers=staff).text  # fmt: skip
    assert "## Usnesení č. 1893/24/RK ze dne 12. 11. 2024" in markdown
    tasks = client.get("/api/staff/tasks?as_of=2025-01-01", headers=staff).json()["tasks"]
    assert {"414/24/ZK", "203/24/ZK"} <= {t["resolution"] for t in tasks}
    assert client.get("/api/staff/tasks?as_of=01.01.2025", headers=staff).status_code == 422


def test_council_questions_are_answered_from_the_records(shared_settings: Settings) -> None:
    """Validity, vote and tasks of a named resolution come from its record, with the
    resolution's passage cited; a question the records do not answer goes to the extraction."""

    assistant = Service.open(shared_settings).assistant
    valid = assistant.ask("Platí ještě usnesení č. 287/24/ZK?").reply
    assert "287/24/ZK" in valid.text and "platí" in valid.text and valid.citations
    assert valid.citations[0].passage.chunk.resolution == "287/24/ZK"
    vote = assistant.ask("Kolik zastupitelů hlasovalo proti usnesení 287/24/ZK?").reply
    assert "proti 1" in vote.text and vote.citations[0].quote.startswith("Hlasování: pro 39")
    task = assistant.ask("Jaký termín má úkol z usnesení 414/24/ZK?").reply
    assert "termín 30. 6. 2025" in task.text and "řediteli krajského úřadu" in task.text
    other = assistant.ask("Co schvaluje usnesení 289/24/ZK?").reply
    assert "vzorovou smlouvu" in other.text


def test_council_questions_naming_no_resolution_are_answered_from_the_records(
    shared_settings: Settings,
) -> None:
    """The resolution a question describes (its passage retrieved, its body, names and words
    held) answers for its vote, number, validity and the task the question describes; a near
    miss of the body, or a deadline that is no task's, is not answered from the records."""
    from assistant.council.answers import from_records

    assistant = Service.open(shared_settings).assistant
    public = Filters(audience="public")
    vote = assistant.ask("Jak hlasovalo zastupitelstvo o založení společnosti Energie LK?")
    assert "hlasování pro 37, proti 4" in vote.reply.text
    assert vote.reply.citations[0].passage.chunk.resolution == "413/24/ZK"
    which = assistant.ask("Kterým usnesením rada schválila pilotní provoz chatbota?", public)
    assert which.reply.text.startswith("Usnesení č. 1893/24/RK ze dne 12. 11. 2024 („Chatbot")
    valid = assistant.ask("Platí ještě usnesení o zapojení obcí do platebního portálu?", public)
    assert "289/24/ZK" in valid.reply.text and "platí" in valid.reply.text
    task = assistant.ask("Do kdy má ředitel krajského úřadu předložit vyhodnocení chatbota?")
    assert "414/24/ZK" in task.reply.text and "termín 30. 6. 2025" in task.reply.text

    def recorded(question: str) -> bool:
        asked = assistant.understand(question, public)
        hits = assistant.retriever.search(asked.search(assistant.settings.answer_passages))
        return from_records(asked, assistant.retriever.store, hits) is not None

    assert recorded("Kolik zastupitelů hlasovalo proti založení společnosti Energie Ralsko?")
    assert not recorded("Kolik radních hlasovalo proti založení společnosti Energie Ralsko?")
    assert not recorded("Do kdy lze podat žádost o dotaci na digitalizaci obcí?")
    assert not recorded("Kterým usnesením rada schválila rozpočet kraje na rok 2031?")
