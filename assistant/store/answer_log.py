"""Answers given and the feedback on them, in SQLite, scrubbed of personal data and kept
only for the retention period. Kept apart from the index database, which can be rebuilt."""

from __future__ import annotations

import json
import sqlite3
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from assistant.store.sqlite import Connections
from assistant.text.privacy import scrub

SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    answer_id TEXT PRIMARY KEY,
    created TEXT NOT NULL,
    audience TEXT NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    abstained INTEGER NOT NULL,
    mode TEXT NOT NULL,
    citations TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS answers_created ON answers (created);
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY,
    answer_id TEXT NOT NULL REFERENCES answers (answer_id) ON DELETE CASCADE,
    created TEXT NOT NULL,
    rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    reason TEXT NOT NULL DEFAULT '',
    comment TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS feedback_created ON feedback (created);
CREATE TABLE IF NOT EXISTS reviews (
    answer_id TEXT PRIMARY KEY REFERENCES answers (answer_id) ON DELETE CASCADE,
    verdict TEXT NOT NULL CHECK (verdict IN ('right', 'wrong')),
    correct TEXT NOT NULL DEFAULT '',
    reviewed TEXT NOT NULL
);
"""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class Feedback:
    answer_id: str
    rating: str
    reason: str = ""
    comment: str = ""


class AnswerLog:
    def __init__(self, path: Path, retention_days: int):
        self.retention = timedelta(days=retention_days)
        path.parent.mkdir(parents=True, exist_ok=True)
        # Deleted rows are overwritten, not left in free pages for anyone reading the file.
        self.connections = Connections(path, pragmas=("secure_delete=ON",))
        with self._db() as db:
            db.executescript(SCHEMA)

    def _db(self) -> sqlite3.Connection:
        return self.connections.get()

    def record_answer(self, audience: str, answer: dict) -> str:
        """Store a scrubbed copy of an answer; the id ties feedback to it."""
        answer_id = uuid.uuid4().hex
        citations = [
            {**{k: c[k] for k in ("n", "source", "title", "page")}, "quote": scrub(c["quote"])}
            for c in answer["citations"]
        ]
        row = (
            answer_id, _now(), audience, scrub(answer["question"]), scrub(answer["answer"]),
            int(answer["abstained"]), answer["mode"], json.dumps(citations, ensure_ascii=False),
        )  # fmt: skip
        with self._db() as db:
            db.execute("INSERT INTO answers VALUES (?, ?, ?, ?, ?, ?, ?, ?)", row)
        return answer_id

    def record_feedback(self, feedback: Feedback) -> bool:
        """False when the answer is unknown (never given, or already purged)."""
        with self._db() as db:
            known = db.execute(
                "SELECT 1 FROM answers WHERE answer_id = ?", (feedback.answer_id,)
            ).fetchone()
            if not known:
                return False
            db.execute(
                "INSERT INTO feedback (answer_id, created, rating, reason, comment)"
                " VALUES (?, ?, ?, ?, ?)",
                (feedback.answer_id, _now(), feedback.rating, scrub(feedback.reason),
                 scrub(feedback.comment)),
            )  # fmt: skip
        return True

    def feedback(self) -> list[dict]:
        """Feedback with the question and answer it concerns, newest first (for review)."""
        rows = self._db().execute(
            "SELECT f.*, a.question, a.answer, a.audience FROM feedback f"
            " JOIN answers a USING (answer_id) ORDER BY f.created DESC, f.id DESC"
        )
        return [dict(r) for r in rows]

    def disliked(self) -> list[dict]:
        """The answers rated "Nepomohlo", newest first, with every reason given and the working
        group's verdict once marked."""
        rows = self._db().execute(
            "SELECT a.*, group_concat(trim(f.reason || ' ' || f.comment), ' | ') AS reasons,"
            " max(f.created) AS rated, r.verdict, r.correct FROM answers a"
            " JOIN feedback f ON f.answer_id = a.answer_id AND f.rating = 'down'"
            " LEFT JOIN reviews r ON r.answer_id = a.answer_id"
            " GROUP BY a.answer_id ORDER BY rated DESC"
        )
        return [dict(r) | {"citations": json.loads(r["citations"])} for r in rows]

    def review(self, answer_id: str, verdict: str, correct: str = "") -> bool:
        """The working group's verdict on an answer (and the right answer, scrubbed); False
        when the answer is unknown or already purged."""
        with self._db() as db:
            if not db.execute("SELECT 1 FROM answers WHERE answer_id = ?", (answer_id,)).fetchone():
                return False
            db.execute(
                "INSERT INTO reviews VALUES (?, ?, ?, ?) ON CONFLICT (answer_id) DO UPDATE SET"
                " verdict = excluded.verdict, correct = excluded.correct,"
                " reviewed = excluded.reviewed",
                (answer_id, verdict, scrub(correct), _now()),
            )
        return True

    def unanswered(self, audience: str = "public") -> list[dict]:
        """What citizens asked that nothing answered: refused or rated "Nepomohlo"."""
        rows = self._db().execute(
            "SELECT a.answer_id, a.created, a.question, a.abstained,"
            " EXISTS (SELECT 1 FROM feedback f WHERE f.answer_id = a.answer_id"
            "         AND f.rating = 'down') AS disliked"
            " FROM answers a WHERE a.audience = ? AND (a.abstained = 1 OR EXISTS"
            " (SELECT 1 FROM feedback f WHERE f.answer_id = a.answer_id AND f.rating = 'down'))"
            " ORDER BY a.created",
            (audience,),
        )
        return [dict(r) for r in rows]

    def purge(self, now: datetime | None = None) -> int:
        """Delete everything older than the retention period; returns answers removed. The
        write-ahead log is then checkpointed and emptied, so the deleted text is in no file
        (the running service's connections do not hold it back)."""
        cutoff = ((now or datetime.now(UTC)) - self.retention).isoformat(timespec="seconds")
        with self._db() as db:
            db.execute("DELETE FROM feedback WHERE created < ?", (cutoff,))

            removed = db.execute("DELETE FROM answers WHERE created < ?", (cutoff,)).rowcount
        self._db().execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return removed
