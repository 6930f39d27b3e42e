"""The working group's page behind the API: answers citizens rated "Nepomohlo" marked and
exported as a review sheet that becomes gold questions, the content-gap report on a generated
log of 560 citizen questions (grouped by meaning into the matters they were generated from,
with no personal data in any output), and the evaluation reports."""

from __future__ import annotations

import io
import json
import shutil
from collections import Counter
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from helpers import bench_module, make_settings

from assistant.settings import Settings
from assistant.web.app import create_app

KEY = "klic-skupiny"
STAFF = {"Authorization": f"Bearer {KEY}"}


@pytest.fixture(scope="module")
def logged(sample_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A copy of the samples' index with a generated log of citizens' questions."""
    data = tmp_path_factory.mktemp("review") / "data"
    shutil.copytree(sample_settings.storage.data_dir, data)
    settings = make_settings(data, staff_api_keys=[KEY], retention_days=365)
    citizens = bench_module("citizen_log")
    matters = citizens.write_log(settings.storage.answer_log_path)
    client = TestClient(create_app(settings))
    return {"client": client, "matters": matters, "bench": citizens, "settings": settings}


def test_the_gap_report_groups_questions_into_their_matters(logged: dict) -> None:
    client, citizens = logged["client"], logged["bench"]
    assert client.get("/api/review/gaps").status_code == 404
    assert client.get("/api/staff/review/gaps").status_code == 401
    data = client.get("/api/staff/review/gaps", headers=STAFF).json()
    assert len(logged["matters"]) >= 500
    rows = json.loads(json.dumps(data))
    assert rows["method"] == "dense"
    # Every unanswered question is in exactly one topic; none that was answered and liked.
    log = client.app.state.app.service.answer_log
    unanswered = {r["question"]: r["answer_id"] for r in log.unanswered()}
    assert rows["questions"] == len(unanswered) >= 400
    by_question = {q: logged["matters"][a] for q, a in unanswered.items()}
    full = [{"name": t.name, "questions": list(t.questions)} for t in _topics(client)]
    figures = citizens.agreement(full, by_question)
    assert figures["purity"] >= 0.9 and figures["completeness"] >= 0.8, figures
    for topic in rows["topics"][:10]:
        # The generator never rates a refusal, so each question counts once.
        assert topic["count"] == topic["refused"] + topic["disliked"]
        assert sum(topic["months"].values()) == topic["count"]
        assert set(topic["months"]) <= {"2026-09", "2026-10", "2026-11"}
        assert 1 <= len(topic["examples"]) <= 3 and topic["closest"], topic
        examples = Counter(by_question[q] for q in topic["examples"])
        assert len(examples) == 1, (topic["name"], examples)


def _topics(client: TestClient):
    from assistant.output.gaps import gap_topics

    state = client.app.state.app
    retriever = state.service.retriever
    return gap_topics(state.service.answer_log.unanswered(), retriever, retriever.embedder)[0]


def test_no_personal_data_in_any_output(logged: dict) -> None:
    """The generated questions carry names' phones, e-mails, addresses and birth numbers; the
    log keeps them scrubbed, so neither the report (JSON, CSV) nor the feedback list holds any."""
    client, citizens = logged["client"], logged["bench"]
    outputs = [
        client.get("/api/staff/review/gaps", headers=STAFF).text,
        client.get("/api/staff/review/gaps?format=csv", headers=STAFF).text,
        client.get("/api/staff/review/feedback", headers=STAFF).text,
    ]
    asked = [q for _, q in citizens.questions()]
    assert sum(any(p in q for p in citizens.PERSONAL_STRINGS) for q in asked) >= 50
    for output in outputs:
        for personal in citizens.PERSONAL_STRINGS:
            assert personal not in output, personal
    assert "[telefon]" in outputs[0] or "[e-mail]" in outputs[0] or "[adresa]" in outputs[1]
    csv_text = outputs[1]
    assert csv_text.splitlines()[0].startswith("téma;měsíc;otázek;")


def test_marked_feedback_becomes_a_review_sheet_and_gold(logged: dict, tmp_path: Path) -> None:
    from eval.review import gold_items, read_sheets

    client = logged["client"]
    items = client.get("/api/staff/review/feedback", headers=STAFF).json()["items"]
    assert len(items) >= 100 and all(i["reasons"] for i in items)
    first, second = items[0]["answer_id"], items[1]["answer_id"]
    right = {"verdict": "wrong", "correct": "Parkoviště je za budovou, volejte 603 123 456."}
    assert client.post(f"/api/staff/review/feedback/{first}", json=right).status_code == 401
    marked = client.post(f"/api/staff/review/feedback/{first}", json=right, headers=STAFF)
    assert marked.status_code == 204
    good = {"verdict": "right"}
    client.post(f"/api/staff/review/feedback/{second}", json=good, headers=STAFF)
    missing = client.post("/api/staff/review/feedback/" + "0" * 32, json=good, headers=STAFF)
    assert missing.status_code == 404 and "neexistuje" in missing.json()["detail"]
    sheet = client.get("/api/staff/review/sheet", headers=STAFF)
    assert "hodnoceni-" in sheet.headers["content-disposition"]
    path = tmp_path / "hodnoceni.csv"
    path.write_bytes(sheet.content)
    reviews = read_sheets([path])
    assert {r.id: r.grade for r in reviews} == {first: "špatně", second: "dobře"}
    gold = {g["id"]: g for g in gold_items(reviews)}
    corrected = gold[f"review-{first}"]
    assert corrected["answer_must"] == [["Parkoviště je za budovou, volejte [telefon]."]]
    assert "603 123 456" not in sheet.text


def test_evaluation_reports_are_listed_and_served_inert(logged: dict) -> None:
    client, settings = logged["client"], logged["settings"]
    folder = settings.storage.reports_dir / "2026-12-07-120000-dev"
    folder.mkdir(parents=True)
    (folder / "report.html").write_text("<h1>Vyhodnocení</h1><script>x()</script>", "utf-8")
    listed = client.get("/api/staff/review/reports", headers=STAFF).json()["reports"]
    assert [r["name"] for r in listed] == ["2026-12-07-120000-dev"]
    shown = client.get("/api/staff/review/reports/2026-12-07-120000-dev", headers=STAFF)
    assert shown.status_code == 200 and "sandbox" in shown.headers["content-security-policy"]
    for name in ("..", "../data", "x%2F..%2F..%2Fassistant.sqlite3"):
        assert client.get(f"/api/staff/review/reports/{name}", headers=STAFF).status_code == 404
    assert io.BytesIO(shown.content).read().startswith(b"<h1>")
