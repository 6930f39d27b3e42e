"""The system of record's tables, once for both backends (SQLite and PostgreSQL), in three
parts migrated apart: the index (documents, chunks, what ingest derived; rebuildable from the
files), the answer log (citizens' answers and feedback; kept only for the retention period) and
the crawl's memory of every URL.

The first revision of each part creates these tables as they stand (`create_all`), so a later
revision changes a table only where it is not changed yet (a column added if missing)."""

from __future__ import annotations

import sqlalchemy as sa

INDEX = sa.MetaData()
ANSWERS = sa.MetaData()
CRAWL = sa.MetaData()
NOW = sa.text("CURRENT_TIMESTAMP")


def _required(*names: str, kind: type = sa.Text, **options) -> list[sa.Column]:
    """Columns every row gives a value (or the default in `options`)."""
    return [sa.Column(name, kind, nullable=False, **options) for name in names]


def _text(*names: str) -> list[sa.Column]:
    """Text columns, '' by default: the store writes no NULL text."""
    return _required(*names, server_default="")


documents = sa.Table(
    "documents", INDEX,
    sa.Column("doc_id", sa.Text, primary_key=True),
    *_required("root", "file", "source", "title", "access", "fingerprint"),
    *_text("external_id", "doc_type", "date", "body", "url"),
    sa.Column("pages", sa.Integer),
    *_required("extra", server_default="{}"),
    *_required("ingested_at", server_default=NOW),
    sa.CheckConstraint("access IN ('public', 'internal')", name="documents_access"),
    sa.Index("documents_file", "root", "file"),
)  # fmt: skip

chunks = sa.Table(
    "chunks", INDEX,
    sa.Column("chunk_id", sa.Text, primary_key=True),
    sa.Column("doc_id", sa.Text, sa.ForeignKey("documents.doc_id", ondelete="CASCADE"),
              nullable=False),
    *_required("ord", kind=sa.Integer),
    *_required("text", "terms", "grams"),
    *_text("section", "resolution", "ocr_text", "unknown", "anchor"),
    sa.Column("page", sa.Integer),
    sa.Column("page_end", sa.Integer),
    sa.Index("chunks_doc", "doc_id"),
    sa.Index("chunks_resolution", "resolution", sqlite_where=sa.text("resolution != ''"),
             postgresql_where=sa.text("resolution != ''")),
)  # fmt: skip

failures = sa.Table(
    "failures", INDEX,
    sa.Column("root", sa.Text, primary_key=True),
    sa.Column("file", sa.Text, primary_key=True),
    *_required("fingerprint", "reason"),
)  # fmt: skip

resolutions = sa.Table(
    "resolutions", INDEX,
    sa.Column("doc_id", sa.Text, sa.ForeignKey("documents.doc_id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("number", sa.Text, primary_key=True),
    sa.Column("page", sa.Integer),
    *_required("record"),
    sa.Index("resolutions_number", "number"),
)  # fmt: skip

meta = sa.Table(
    "meta", INDEX,
    sa.Column("key", sa.Text, primary_key=True),
    *_required("value"),
)  # fmt: skip

answers = sa.Table(
    "answers", ANSWERS,
    sa.Column("answer_id", sa.Text, primary_key=True),
    *_required("created", "audience", "question", "answer", "mode", "citations"),
    *_required("abstained", kind=sa.Integer),
    sa.Index("answers_created", "created"),
)  # fmt: skip

feedback = sa.Table(
    "feedback", ANSWERS,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("answer_id", sa.Text, sa.ForeignKey("answers.answer_id", ondelete="CASCADE"),
              nullable=False),
    *_required("created", "rating"),
    *_text("reason", "comment"),
    sa.CheckConstraint("rating IN ('up', 'down')", name="feedback_rating"),
    sa.Index("feedback_created", "created"),
)  # fmt: skip

reviews = sa.Table(
    "reviews", ANSWERS,
    sa.Column("answer_id", sa.Text, sa.ForeignKey("answers.answer_id", ondelete="CASCADE"),
              primary_key=True),
    *_required("verdict", "reviewed"),
    *_text("correct"),
    sa.CheckConstraint("verdict IN ('right', 'wrong')", name="reviews_verdict"),
)  # fmt: skip

pages = sa.Table(
    "pages", CRAWL,
    sa.Column("url", sa.Text, primary_key=True),  # normalised
    *_required("site"),
    # In the mirror; '' for a redirect alias or a failure.
    *_text("file", "canonical", "etag", "last_modified", "sha256", "fetched_on", "error"),
    *_required("links", server_default="[]"),
    *_required("misses", kind=sa.Integer, server_default="0"),
)  # fmt: skip
