"""Answers given and the feedback on them, scrubbed of personal data and kept only for the
retention period: in an SQLite file of its own (apart from the index, which can be rebuilt) or
in the PostgreSQL database every host shares."""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from assistant.store.database import Database
from assistant.store.schema import answers, feedback, reviews
from assistant.text.privacy import scrub

LOG = logging.getLogger(__name__)
DISLIKED = sa.and_(feedback.c.answer_id == answers.c.answer_id, feedback.c.rating == "down")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class Feedback:
    answer_id: str
    rating: str
    reason: str = ""
    comment: str = ""


class AnswerLog:
    def __init__(self, target: str | Path, retention_days: int):
        self.retention = timedelta(days=retention_days)
        # Deleted rows are overwritten, not left in free pages for anyone reading the file.
        self.database = Database(target, pragmas=("secure_delete=ON",))
        self.database.migrate("answers")

    def _rows(self, statement: sa.Executable) -> list[dict]:
        with self.database.engine.connect() as connection:
            return [dict(r._mapping) for r in connection.execute(statement)]

    def _known(self, connection: sa.Connection, answer_id: str) -> bool:
        found = sa.select(answers.c.answer_id).where(answers.c.answer_id == answer_id)
        return connection.execute(found).first() is not None

    def record_answer(self, audience: str, answer: dict) -> str:
        """Store a scrubbed copy of an answer; the id ties feedback to it."""
        answer_id = uuid.uuid4().hex
        citations = [
            {**{k: c[k] for k in ("n", "source", "title", "page")}, "quote": scrub(c["quote"])}
            for c in answer["citations"]
        ]
        row = {
            "answer_id": answer_id, "created": _now(), "audience": audience,
            "question": scrub(answer["question"]), "answer": scrub(answer["answer"]),
            "abstained": int(answer["abstained"]), "mode": answer["mode"],
            "citations": json.dumps(citations, ensure_ascii=False),
        }  # fmt: skip
        with self.database.engine.begin() as connection:
            connection.execute(answers.insert(), row)
        return answer_id

    def record_feedback(self, given: Feedback) -> bool:
        """False when the answer is unknown (never given, or already purged)."""
        with self.database.engine.begin() as connection:
            if not self._known(connection, given.answer_id):
                return False
            connection.execute(feedback.insert().values(
                answer_id=given.answer_id, created=_now(), rating=given.rating,
                reason=scrub(given.reason), comment=scrub(given.comment),
            ))  # fmt: skip
        return True

    def feedback(self) -> list[dict]:
        """Feedback with the question and answer it concerns, newest first (for review)."""
        return self._rows(
            sa.select(feedback, answers.c.question, answers.c.answer, answers.c.audience)
            .select_from(feedback.join(answers))
            .order_by(feedback.c.created.desc(), feedback.c.id.desc())
        )

    def disliked(self) -> list[dict]:
        """The answers rated "Nepomohlo", newest first, with every reason given and the working
        group's verdict once marked."""
        reason = sa.func.trim(feedback.c.reason + " " + feedback.c.comment)
        rated = sa.func.max(feedback.c.created).label("rated")
        rows = self._rows(
            sa.select(answers, sa.func.aggregate_strings(reason, " | ").label("reasons"), rated,
                      reviews.c.verdict, reviews.c.correct)
            .select_from(answers.join(feedback, DISLIKED).outerjoin(reviews))
            .group_by(answers.c.answer_id, reviews.c.verdict, reviews.c.correct)
            .order_by(rated.desc())
        )  # fmt: skip
        return [r | {"citations": json.loads(r["citations"])} for r in rows]

    def review(self, answer_id: str, verdict: str, correct: str = "") -> bool:
        """The working group's verdict on an answer (and the right answer, scrubbed); False
        when the answer is unknown or already purged."""
        row = {"answer_id": answer_id, "verdict": verdict, "correct": scrub(correct),
               "reviewed": _now()}  # fmt: skip
        with self.database.engine.begin() as connection:
            if not self._known(connection, answer_id):
                return False
            connection.execute(self.database.upsert(reviews, ("answer_id",)), row)
        return True

    def unanswered(self, audience: str = "public") -> list[dict]:
        """What citizens asked that nothing answered: refused or rated "Nepomohlo"."""
        disliked = sa.exists().where(DISLIKED)
        return self._rows(
            sa.select(answers.c.answer_id, answers.c.created, answers.c.question,
                      answers.c.abstained, disliked.label("disliked"))
            .where(answers.c.audience == audience, sa.or_(answers.c.abstained == 1, disliked))
            .order_by(answers.c.created)
        )  # fmt: skip

    def purge(self, now: datetime | None = None) -> int:
        """Delete everything older than the retention period; returns answers removed. Then
        the deleted text is put out of every file: SQLite's write-ahead log is checkpointed and
        emptied (the running service's connections do not hold it back); PostgreSQL's tables
        are rewritten and, where the role may (`pg_checkpoint`, `pg_switch_wal`), the WAL
        holding them is closed and checkpointed, so a server with `wal_recycle = off` removes
        it (README, "Several machines")."""
        cutoff = ((now or datetime.now(UTC)) - self.retention).isoformat(timespec="seconds")
        with self.database.engine.begin() as connection:
            connection.execute(feedback.delete().where(feedback.c.created < cutoff))
            removed = connection.execute(answers.delete().where(answers.c.created < cutoff))
        if removed.rowcount:
            self._forget()
        return removed.rowcount

    def _forget(self) -> None:
        engine = self.database.engine.execution_options(isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            if self.database.sqlite:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
                return
            connection.exec_driver_sql("VACUUM FULL answers, feedback, reviews")
            try:
                connection.exec_driver_sql("SELECT pg_switch_wal()")
                connection.exec_driver_sql("CHECKPOINT")
            except sa.exc.ProgrammingError:  # not granted: the WAL goes in its own time
                LOG.warning(
                    "smazané odpovědi zůstanou v souborech WAL, než je server recykluje"
                    " (roli chybí pg_checkpoint a právo na pg_switch_wal)"
                )
