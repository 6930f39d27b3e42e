"""SQLite connections per thread: the API answers from a thread pool and a connection must
not be shared between threads; WAL lets readers go on while an ingest writes."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path


class Connections:
    def __init__(self, path: Path, pragmas: tuple[str, ...] = ()):
        self.path = path
        self.pragmas = pragmas
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()

    def get(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
            connection.row_factory = sqlite3.Row
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA foreign_keys=ON")
            for pragma in self.pragmas:
                connection.execute(f"PRAGMA {pragma}")
            self._local.connection = connection
            with self._lock:
                self._all.append(connection)
        return connection

    def close(self) -> None:
        with self._lock:
            for connection in self._all:
                connection.close()
            self._all.clear()
        self._local = threading.local()
