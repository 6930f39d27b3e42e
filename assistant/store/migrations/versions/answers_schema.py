"""The answer log's tables as they were when migrations began (a log made before keeps its
tables).

Revision ID: answers_schema
Revises:
"""

from alembic import op

from assistant.store.schema import ANSWERS

revision = "answers_schema"
down_revision = None
branch_labels = ("answers",)
depends_on = None


def upgrade() -> None:
    ANSWERS.create_all(op.get_bind(), checkfirst=True)


def downgrade() -> None:
    ANSWERS.drop_all(op.get_bind())
