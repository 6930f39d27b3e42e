"""The database of a store: an SQLite file (the embedded default, one host) or PostgreSQL shared by
several hosts (`ASSISTANT_DATABASE_URL`), through one SQLAlchemy engine; its schema is migrated
by Alembic, each part (`schema.INDEX`, `schema.ANSWERS`, `schema.CRAWL`) on a branch of its own."""

from __future__ import annotations

import fcntl
import logging
import os
import socket
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from assistant.errors import Unavailable

MIGRATIONS = Path(__file__).with_name("migrations")
# One number for every process of every host that changes a schema (pg_advisory_xact_lock).
MIGRATION_LOCK = 0x6C6B5F6D  # "lk_m"
WRITER_LOCK = 0x6C6B5F77  # "lk_w": ingest, crawl and embed
LOG = logging.getLogger(__name__)
AWAY = "Databáze je právě nedostupná, zkuste to prosím za chvíli znovu."
_HELD: dict[str, list] = {}  # a store's URL: [what releases its writer lock, how deep]


def url_of(target: str | Path) -> sa.URL:
    """A database URL, or the path of an SQLite file."""
    if isinstance(target, Path):
        return sa.URL.create("sqlite", database=str(target))
    try:
        url = sa.make_url(target)
    except sa.exc.ArgumentError as exc:
        raise Unavailable(f"neplatná adresa databáze: {exc}") from exc
    if url.get_backend_name() == "postgresql" and url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")  # psycopg 3, not the default psycopg2
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise Unavailable(
            f"databáze {url.get_backend_name()} není podporována (jen sqlite a postgresql)"
        )
    return url


class Database:
    """An engine with what each backend needs: SQLite in WAL mode (readers go on while an
    ingest writes) with foreign keys on and its `pragmas`; PostgreSQL pooled, connections
    checked before use (a restarted server costs one failed request, not a restarted host)."""

    def __init__(self, target: str | Path, pragmas: Iterable[str] = ()):
        self.url = url_of(target)
        if self.sqlite:
            self.engine = sa.create_engine(
                self.url, connect_args={"timeout": 30, "check_same_thread": False}
            )
            settings = ("journal_mode=WAL", "foreign_keys=ON", *pragmas)

            @sa.event.listens_for(self.engine, "connect")
            def _pragmas(connection, _record) -> None:
                for pragma in settings:
                    connection.execute(f"PRAGMA {pragma}")
        else:
            self.engine = sa.create_engine(self.url, pool_pre_ping=True, pool_size=8)
            sa.event.listen(self.engine, "handle_error", _away)

    @property
    def sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    def exists(self) -> bool:
        """False for an SQLite file not created yet (a reader sees an empty store)."""
        return not self.sqlite or Path(self.url.database or "").exists()

    def migrate(self, part: str) -> None:
        """Bring one part of the schema (`index`, `answers`, `crawl`) to its newest revision."""
        from alembic import command  # writers only: a reading process never loads Alembic
        from alembic.config import Config

        if self.sqlite:
            Path(self.url.database or "").parent.mkdir(parents=True, exist_ok=True)
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with self.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, f"{part}@head")

    @contextmanager
    def writing(self) -> Iterator[None]:
        """One writer (ingest, crawl, embed) at a time per store, across processes and hosts;
        a second waits and says who holds it. The lock dies with its holder, `kill -9`
        included: PostgreSQL ends the session of a closed connection, the kernel drops the
        flock of a dead process. Re-entrant within a process (a crawl ingests what it got)."""
        key = self.url.render_as_string(hide_password=True)
        if key in _HELD:
            _HELD[key][1] += 1
        else:
            _HELD[key] = [self._postgres_lock() if not self.sqlite else self._file_lock(), 1]
        try:
            yield
        finally:
            _HELD[key][1] -= 1
            if not _HELD[key][1]:
                _HELD.pop(key)[0]()

    def _postgres_lock(self) -> Callable[[], None]:
        # Autocommit: the session holds the lock, no transaction stays open for the whole run.
        connection = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        connection.execute(sa.select(sa.func.set_config("application_name", _holder(), False)))
        if not connection.execute(sa.select(sa.func.pg_try_advisory_lock(WRITER_LOCK))).scalar():
            holder = connection.execute(
                sa.text(
                    "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a"
                    " USING (pid) WHERE l.locktype = 'advisory' AND l.objid = :key AND l.granted"
                ),
                {"key": WRITER_LOCK},
            ).scalar()
            LOG.warning("Do úložiště právě zapisuje %s; čekám, až skončí.", holder or "jiný proces")
            connection.execute(sa.select(sa.func.pg_advisory_lock(WRITER_LOCK)))

        def release() -> None:  # before the connection goes back to the pool, still a session
            connection.execute(sa.select(sa.func.pg_advisory_unlock(WRITER_LOCK)))
            connection.close()

        return release

    def _file_lock(self) -> Callable[[], None]:
        path = Path(f"{self.url.database}.lock")
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = path.open("a+")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            LOG.warning("Do úložiště právě zapisuje %s; čekám, až skončí.",
                        handle.read().strip() or "jiný proces")  # fmt: skip
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(_holder())
        handle.flush()
        return handle.close  # the flock goes with the file

    def upsert(self, table: sa.Table, keys: tuple[str, ...]) -> sa.Insert:
        """An insert that replaces the row of the same key, in the database's dialect."""
        statement = (sqlite if self.sqlite else postgresql).insert(table)
        others = {c.name: statement.excluded[c.name] for c in table.c if c.name not in keys}
        return statement.on_conflict_do_update(index_elements=keys, set_=others)

    def close(self) -> None:
        self.engine.dispose()


def _away(context: sa.engine.ExceptionContext) -> None:
    """PostgreSQL out of reach (down, restarting, refusing connections) as `Unavailable`, the
    error every shell turns into its Czech message (the API's 503)."""
    import psycopg  # loaded with the PostgreSQL dialect already

    error = context.original_exception
    state = getattr(error, "sqlstate", None) or ""
    unreachable = isinstance(error, psycopg.OperationalError) and not state  # no connection
    if context.is_disconnect or unreachable or state[:2] == "08" or state.startswith("57P"):
        raise Unavailable(AWAY) from error


def _holder() -> str:
    """Who holds the writer lock, as the waiting one is told."""
    command = " ".join(os.path.basename(a) for a in sys.argv[:2])
    return f"{command} (proces {os.getpid()} na {socket.gethostname()})"
