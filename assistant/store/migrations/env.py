"""Alembic's environment: migrations run on the connection `Database.migrate` hands over, in its
transaction; on PostgreSQL one host at a time (two API hosts may start together)."""

from alembic import context
from sqlalchemy import text

from assistant.store.database import MIGRATION_LOCK
from assistant.store.schema import ANSWERS, CRAWL, INDEX

connection = context.config.attributes["connection"]
if connection.dialect.name == "postgresql":
    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
context.configure(connection=connection, target_metadata=[INDEX, ANSWERS, CRAWL])
with context.begin_transaction():
    context.run_migrations()
