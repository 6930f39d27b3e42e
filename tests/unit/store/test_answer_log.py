"""The answer log on both backends: answers and feedback scrubbed, the review page's and the
content-gap report's reads, the working group's verdicts, and the retention purge."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from assistant.store.answer_log import AnswerLog, Feedback

ANSWER = {
    "question": "Kdy jede bus? Pište na jan@example.cz",
    "answer": "Nevím.",
    "abstained": True,
    "mode": "extractive",
    "citations": [{"n": 1, "source": "a.pdf", "title": "A", "page": 2, "quote": "q"}],
}


def test_answers_feedback_and_reviews(database: str | Path) -> None:
    log = AnswerLog(database, retention_days=30)
    refused = log.record_answer("public", ANSWER)
    answered = log.record_answer("public", ANSWER | {"abstained": False, "question": "Jízdné?"})
    staff = log.record_answer("staff", ANSWER)
    assert not log.record_feedback(Feedback("unknown", "down"))
    assert log.record_feedback(Feedback(answered, "down", "Neúplná", "volejte 603 123 456"))
    assert log.record_feedback(Feedback(answered, "down", "Špatně"))
    assert log.record_feedback(Feedback(refused, "up"))
    [newest, *_] = log.feedback()
    assert (newest["answer_id"], newest["rating"]) == (refused, "up")
    assert "jan@example.cz" not in newest["question"] and "[e-mail]" in newest["question"]
    [disliked] = log.disliked()
    assert disliked["answer_id"] == answered and disliked["citations"][0]["page"] == 2
    assert set(disliked["reasons"].split(" | ")) == {"Neúplná volejte [telefon]", "Špatně"}
    assert disliked["verdict"] is None
    assert not log.review("unknown", "wrong")
    assert log.review(answered, "right") and log.review(answered, "wrong", "Jízdné stojí 20 Kč.")
    assert (log.disliked()[0]["verdict"], log.disliked()[0]["correct"]) == (
        "wrong",
        "Jízdné stojí 20 Kč.",
    )
    gaps = {g["answer_id"]: bool(g["disliked"]) for g in log.unanswered()}
    assert gaps == {refused: False, answered: True}
    assert [g["answer_id"] for g in log.unanswered("staff")] == [staff]


def test_retention_purges_old_conversations(database: str | Path) -> None:
    log = AnswerLog(database, retention_days=30)
    old = log.record_answer("public", ANSWER)
    log.record_feedback(Feedback(old, "down"))
    log.review(old, "wrong")
    assert log.purge(now=datetime.now(UTC) + timedelta(days=29)) == 0
    assert log.purge(now=datetime.now(UTC) + timedelta(days=31)) == 1
    assert log.feedback() == [] and log.disliked() == [] and log.unanswered() == []
    assert not log.record_feedback(Feedback(old, "up"))
