"""An API host that shares its store (PostgreSQL) keeps its own index generation at the store's
version: a cheap poll of two values, a build beside the serving generation when one moved, and
the atomic switch every request already looks for (`Retriever.refresh`)."""

from __future__ import annotations

import fcntl
import logging
import threading
from pathlib import Path

from assistant.errors import Unavailable
from assistant.search.lexical import Generation
from assistant.search.vectors import VectorStore
from assistant.store.documents import Store

LOG = logging.getLogger(__name__)
# Changed by every `embed` that made or removed vectors, so hosts publish them anew.
VECTORS = "vectors"


class Follower:
    def __init__(self, store: Store, index_dir: Path, memory: int, vectors: VectorStore | None):
        self.store, self.index_dir, self.memory, self.vectors = store, index_dir, memory, vectors
        self.seen: tuple[int, str | None] | None = None

    def step(self) -> bool:
        """Build this host's generation (and publish the shared vectors into it) if the store
        moved since the last step; True when this process built. Of a host's workers one
        builds, the others switch to what it published."""
        marks = (self.store.version(), self.store.meta(VECTORS))
        if marks == self.seen:
            return False
        self.index_dir.mkdir(parents=True, exist_ok=True)
        with (self.index_dir / "follow.lock").open("w") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return False  # another worker of this host is building
            Generation.ensure(self.store, self.index_dir, self.memory)
            if self.vectors is not None:
                self.vectors.sync(self.store, progress=False, embed=False)
        self.seen = marks
        return True

    def run(self, stop: threading.Event, every_s: float) -> None:
        """Step until stopped; the store away (PostgreSQL restarting) is waited out."""
        while True:
            try:
                self.step()
            except Unavailable as exc:
                LOG.warning("index se nepodařilo obnovit: %s", exc)
            except Exception:  # the next step tries again; the old generation serves meanwhile
                LOG.exception("index se nepodařilo obnovit")
            if stop.wait(every_s):
                return
