"""Page previews under concurrent load: PDFium is not thread-safe, so renders must never run
at once, and neither they nor their queue may slow the health check down."""

from __future__ import annotations

import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from helpers import CORPUS, make_settings, rows
from server import get, serving

from eval.metrics import percentile
from ingest.pipeline import ingest

pytestmark = pytest.mark.shared
REPORT = "public/zpravy/vyrocni-zprava-chytrejsi-lk-2024.pdf"


def hammer(base: str, doc_id: str, pages: int, seconds: float, clients: int = 8) -> dict:
    """`clients` threads fetching previews while one thread times /healthz every 50 ms."""
    statuses: Counter = Counter()
    health: list[float] = []
    stop = time.monotonic() + seconds

    def client(offset: int) -> None:
        number = offset
        while time.monotonic() < stop:
            number = number % pages + 1
            try:
                statuses[get(f"{base}/api/documents/{doc_id}/pages/{number}", timeout=30)[0]] += 1
            except OSError as exc:
                statuses[type(exc).__name__] += 1

    def probe() -> None:
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                ok = get(base + "/healthz", timeout=10)[0] == 200
            except OSError:
                ok = False
            health.append((time.perf_counter() - started) * 1000 if ok else 10_000.0)
            time.sleep(0.05)

    threads = [threading.Thread(target=client, args=(i * 7,)) for i in range(clients)]
    threads.append(threading.Thread(target=probe))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"statuses": dict(statuses), "healthz_p95_ms": percentile(health, 95)}


def test_eight_clients_fetching_previews_for_30_s(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "data")
    ingest([CORPUS], settings, progress=False)
    [row] = rows(settings, "SELECT doc_id, pages FROM documents WHERE source = ?", (REPORT,))
    with serving(settings.storage.data_dir, ASSISTANT_RATE_LIMIT_PER_MINUTE="1000000") as (
        base,
        process,
    ):
        seen = hammer(base, row["doc_id"], row["pages"], seconds=30)
        alive = process.poll() is None
        after = get(f"{base}/api/documents/{row['doc_id']}/pages/3")[0] if alive else None
    print(f"\npreviews, 8 clients x 30 s: {seen}")
    assert set(seen["statuses"]) <= {200, 429}, seen
    assert seen["statuses"].get(200, 0) > 58, "every page was rendered at least once"
    assert alive and after == 200
    assert seen["healthz_p95_ms"] < 50, seen


def test_previews_are_rate_limited_for_the_public(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "data")
    ingest([CORPUS], settings, progress=False)
    [row] = rows(settings, "SELECT doc_id FROM documents WHERE source = ?", (REPORT,))
    with serving(settings.storage.data_dir, ASSISTANT_RATE_LIMIT_PER_MINUTE="3") as (base, _):
        codes = [get(f"{base}/api/documents/{row['doc_id']}/pages/1")[0] for _ in range(5)]
    assert codes == [200, 200, 200, 429, 429]
