"""The crawl's table as it was when migrations began (a crawl state made before keeps its rows).

Revision ID: crawl_schema
Revises:
"""

from alembic import op

from assistant.store.schema import CRAWL

revision = "crawl_schema"
down_revision = None
branch_labels = ("crawl",)
depends_on = None


def upgrade() -> None:
    CRAWL.create_all(op.get_bind(), checkfirst=True)


def downgrade() -> None:
    CRAWL.drop_all(op.get_bind())
