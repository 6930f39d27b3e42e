"""Per-question wall-clock timings shared by the latency benchmarks."""

from __future__ import annotations

import time
from collections.abc import Callable


def timed(
    questions: list[str], repeat: int, calls: dict[str, Callable[[str], object]]
) -> dict[str, list[float]]:
    """Milliseconds of each call per question; the calls run one after another for each
    question, as a user's search and answer would."""
    out: dict[str, list[float]] = {name: [] for name in calls}
    for _ in range(repeat):
        for q in questions:
            for name, call in calls.items():
                started = time.perf_counter()
                call(q)
                out[name].append((time.perf_counter() - started) * 1000)
    return out
