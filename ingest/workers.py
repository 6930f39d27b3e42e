"""Parsing in worker processes: files are read in parallel on every core, and a file that
takes longer than the time limit (a pathological PDF, a decompression bomb) is killed with
its worker instead of hanging the run."""

from __future__ import annotations

import contextlib
import multiprocessing
import time
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection, wait
from typing import Any


def _serve(connection: Connection, func: Callable[[Any], Any]) -> None:
    while True:
        job = connection.recv()
        if job is None:
            return
        try:
            connection.send(("ok", func(job)))
        except Exception as exc:  # reported to the parent, which decides what it means
            connection.send(("error", exc))


class _Worker:
    def __init__(self, context, func: Callable[[Any], Any]):
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, func), daemon=True)
        self.process.start()
        child.close()
        self.job: Any = None
        self.started = 0.0

    def give(self, job: Any) -> None:
        self.job, self.started = job, time.monotonic()
        self.connection.send(job)

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.connection.send(None)
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()

    def kill(self) -> None:
        self.process.kill()
        self.process.join()
        self.connection.close()


class TimeLimitExceeded(Exception):
    """A job ran longer than the limit; its worker was killed."""


class WorkerCrashed(Exception):
    """The worker process died while on a job (e.g. killed by the kernel for memory)."""


def run_jobs(
    func: Callable[[Any], Any], jobs: Iterable[Any], workers: int, timeout: float
) -> Iterator[tuple[Any, str, Any]]:
    """Yield (job, "ok" | "error", result or exception) as jobs finish, in any order."""
    context = multiprocessing.get_context("fork")
    pending = iter(jobs)
    pool: list[_Worker] = []
    busy: dict[Connection, _Worker] = {}
    try:
        while True:
            idle = [w for w in pool if w.job is None]
            while len(busy) < workers:
                job = next(pending, None)
                if job is None:
                    break
                worker = idle.pop() if idle else _Worker(context, func)
                if worker not in pool:
                    pool.append(worker)
                worker.give(job)
                busy[worker.connection] = worker
            if not busy:
                return
            now = time.monotonic()
            deadline = min(w.started + timeout for w in busy.values())
            for connection in wait(list(busy), timeout=max(0.0, deadline - now)):
                worker = busy.pop(connection)
                job, worker.job = worker.job, None
                try:
                    status, value = connection.recv()
                except (EOFError, OSError):
                    pool.remove(worker)
                    worker.kill()
                    yield job, "error", WorkerCrashed()
                    continue
                yield job, status, value
            now = time.monotonic()
            for connection, worker in list(busy.items()):
                if now - worker.started >= timeout:
                    busy.pop(connection)
                    pool.remove(worker)
                    job = worker.job
                    worker.kill()
                    yield job, "error", TimeLimitExceeded()
    finally:
        for worker in pool:
            if worker.job is None:
                worker.stop()
            else:
                worker.kill()
