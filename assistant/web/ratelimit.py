"""Per-client token buckets for the public endpoints (in one worker process; put a global
limit in the reverse proxy when running several workers, see README)."""

from __future__ import annotations

import math
import threading
import time


class RateLimiter:
    def __init__(self, per_minute: int, clock=time.monotonic):
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self.clock = clock
        self.buckets: dict[str, tuple[float, float]] = {}
        self.lock = threading.Lock()

    def take(self, client: str) -> int:
        """0 when the request may go ahead, else the seconds to wait (for Retry-After)."""
        now = self.clock()
        with self.lock:
            tokens, last = self.buckets.get(client, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - last) * self.rate)
            if tokens >= 1:
                self.buckets[client] = (tokens - 1, now)
                if len(self.buckets) > 50_000:
                    self._forget(now)
                return 0
            self.buckets[client] = (tokens, now)
            return max(1, math.ceil((1 - tokens) / self.rate))

    def _forget(self, now: float) -> None:
        """Drop clients whose bucket has refilled anyway (bounded memory under many clients)."""
        full = self.capacity / self.rate
        self.buckets = {c: v for c, v in self.buckets.items() if now - v[1] < full}
