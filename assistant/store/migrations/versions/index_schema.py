"""The index's tables as they were when migrations began; a database made before (without an
Alembic version) keeps its tables, given the columns added since.

Revision ID: index_schema
Revises:
"""

import sqlalchemy as sa
from alembic import op

from assistant.store.schema import INDEX, meta

revision = "index_schema"
down_revision = None
branch_labels = ("index",)
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    INDEX.create_all(bind, checkfirst=True)
    columns = {c["name"] for c in sa.inspect(bind).get_columns("chunks")}
    for name in ("ocr_text", "unknown", "anchor"):
        if name not in columns:
            op.add_column("chunks", sa.Column(name, sa.Text, nullable=False, server_default=""))
    if bind.execute(sa.select(meta.c.value).where(meta.c.key == "version")).first() is None:
        bind.execute(meta.insert().values(key="version", value="0"))


def downgrade() -> None:
    INDEX.drop_all(op.get_bind())
