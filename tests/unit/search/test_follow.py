"""A host following a shared store builds its own generation when the store's version or its
published vectors move, once, and one worker of a host at a time."""

from __future__ import annotations

import fcntl
from pathlib import Path

from assistant.model import Chunk, Document
from assistant.search.follow import VECTORS, Follower
from assistant.search.lexical import Generation
from assistant.store.writer import DocumentRecord, IndexedChunk, StoreWriter


def add(writer: StoreWriter, doc_id: str, text: str) -> None:
    document = Document(doc_id, f"{doc_id}.md", doc_id.title(), "public")
    chunk = IndexedChunk.of(f"{doc_id}-0", Chunk(text), document.title)
    record = DocumentRecord(document, "root", document.source, "fp", chunks=[chunk])
    writer.replace_file("root", document.source, [record])


def test_a_host_builds_when_the_store_moves(database: str | Path, tmp_path: Path) -> None:
    writer = StoreWriter(database)
    add(writer, "jizdne", "Jízdné v kraji stojí 20 Kč.")
    follower = Follower(writer, tmp_path / "index", 1 << 28, None)
    assert follower.step() and Generation.current(tmp_path / "index").version == 1
    assert not follower.step(), "nothing moved"
    add(writer, "skoly", "Střední školy kraje.")
    assert follower.step() and Generation.current(tmp_path / "index").version == 2
    writer.set_meta(VECTORS, "new")
    assert follower.step(), "vectors published anew"
    add(writer, "nemocnice", "Krajská nemocnice Liberec.")
    with (tmp_path / "index" / "follow.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another worker of this host is building
        assert not follower.step()
    assert follower.step() and Generation.current(tmp_path / "index").version == 3
