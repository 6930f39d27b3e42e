"""Parsing in worker processes, contained: files are read in parallel on every core, and a file
that takes too long or too much memory (a pathological PDF, a decompression bomb) is stopped
with everything its worker started, instead of hanging or exhausting the machine.

* Each worker leads a process group of its own; the programs it starts (tesseract, pandoc,
  LibreOffice) join it, so stopping a worker kills the whole group.
* The workers and the programs they start may use `memory` bytes together (private memory,
  measured every 0.05 s by a thread of its own, also while the caller handles a result); near
  it, the largest busy worker is stopped. The kernel also refuses more than that to any single
  worker or program beyond what a worker inherited (RLIMIT_DATA).
  The calling process is not counted: it may be a test run or an evaluation holding indexes of
  its own.
* Nothing outlives the ingest: a worker gets SIGKILL the moment its parent dies (even by
  `kill -9`), and a reaper in a session of its own kills every worker group when the parent's
  end of a pipe closes, which also takes the programs the workers started.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import os
import pickle
import resource
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

PR_SET_PDEATHSIG = 1
WATCH_EVERY = 0.05
# Workers are stopped at 90 % of the limit, so what is allocated between two looks still fits.
STOP_AT = 0.9


class TimeLimitExceeded(Exception):
    """A job ran longer than the limit; its worker was killed."""


class MemoryLimitExceeded(Exception):
    """A job needed more memory than the limit; its worker was stopped."""


class WorkerCrashed(Exception):
    """The worker process died while on a job."""


class JobFailed(Exception):
    """An error the worker could not send as it was (its exception does not pickle)."""


def _die_with_parent() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def _picklable(exc: BaseException) -> BaseException:
    try:
        pickle.dumps(exc)
    except Exception:
        return JobFailed(f"{type(exc).__name__}: {exc}")
    return exc


def _serve(connection: Connection, func: Callable[[Any], Any], memory: int, parent: int,
           reaper_fd: int) -> None:  # fmt: skip
    os.close(reaper_fd)  # only the parent may hold the reaper's pipe open
    # The collector never walks the objects inherited from the parent, so their pages stay
    # shared instead of becoming the worker's own (copy on write).
    gc.freeze()
    os.setpgid(0, 0)
    _die_with_parent()
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)
    # The data segment inherited from the parent (a test run's or an evaluation's indexes) is
    # not the worker's to account for: the kernel's limit is on what it allocates beyond it.
    limit = _data_size() + memory
    resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    while True:
        job = connection.recv()
        if job is None:
            return
        try:
            connection.send(("ok", func(job)))
        except MemoryError:
            connection.send(("error", MemoryLimitExceeded()))
        except Exception as exc:  # reported to the parent, which decides what it means
            connection.send(("error", _picklable(exc)))


def _data_size() -> int:
    status = Path("/proc/self/status").read_text()
    return int(status.split("\nVmData:", 1)[1].split()[0]) * 1024


def _reap(read_fd: int, write_fd: int) -> None:
    """Collect worker groups from the pipe; when it closes (the parent is gone), kill them."""
    os.close(write_fd)
    os.setsid()
    groups, buffer = set(), b""
    while chunk := os.read(read_fd, 4096):
        buffer += chunk
        *lines, buffer = buffer.split(b"\n")
        groups.update(int(line) for line in lines if line)
    for group in groups:
        with contextlib.suppress(OSError):
            os.killpg(group, signal.SIGKILL)


def _private(pid: str) -> int:
    rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    return sum(
        int(rollup.split(f"\n{field}:", 1)[1].split()[0]) * 1024
        for field in ("Private_Clean", "Private_Dirty")
    )


def memory_of_groups(groups: set[int]) -> dict[int, int]:
    """Memory of its own (USS: private resident pages) of every process in each group: pages a
    forked worker still shares with its parent are the parent's, however large it is."""
    totals = dict.fromkeys(groups, 0)
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            group = int(stat.read_text().rsplit(")", 1)[1].split()[2])  # field 5: the group
            if group in totals:
                totals[group] += _private(stat.parent.name)
        except (OSError, IndexError, ValueError):
            continue  # the process ended meanwhile
    return totals


class _Worker:
    def __init__(self, context, func: Callable[[Any], Any], memory: int, reaper: _Reaper):
        self.connection, child = context.Pipe()
        args = (child, func, memory, os.getpid(), reaper.write_fd)
        self.process = context.Process(target=_serve, args=args, daemon=True)
        self.process.start()
        with contextlib.suppress(OSError):  # either side may set it first
            os.setpgid(self.process.pid, self.process.pid)
        reaper.register(self.process.pid)
        child.close()
        self.job: Any = None
        self.started = 0.0
        self.overrun = False  # stopped by the watch for taking too much memory

    def give(self, job: Any) -> None:
        self.job, self.started = job, time.monotonic()
        self.connection.send(job)

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.connection.send(None)
        self.process.join(timeout=5)
        self.kill()

    def kill(self) -> None:
        """The worker and every program it started."""
        with contextlib.suppress(OSError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.join()
        self.connection.close()


class _Watch:
    """The workers' memory, looked at in a thread of its own, so it goes on while the caller
    handles a result: the largest busy worker is stopped when the workers together are near the
    limit, or would be by the next look at the pace since the last one."""

    def __init__(self, memory: int, pool: list[_Worker]):
        self.memory = memory
        self.pool = pool
        self.lock = threading.Lock()  # held by the caller while it changes the pool or a job
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, name="memory-watch", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        previous = 0
        while not self._done.wait(WATCH_EVERY):
            with self.lock:
                groups = {w.process.pid for w in self.pool}
            used = memory_of_groups(groups)
            total = sum(used.values())
            if max(total, 2 * total - previous) > STOP_AT * self.memory:
                with self.lock:
                    busy = [w for w in self.pool if w.job is not None and not w.overrun]
                    if busy:
                        largest = max(busy, key=lambda w: used.get(w.process.pid, 0))
                        largest.overrun = True
                        with contextlib.suppress(OSError):
                            os.killpg(largest.process.pid, signal.SIGKILL)
            previous = total

    def close(self) -> None:
        self._done.set()
        self._thread.join()


class _Reaper:
    def __init__(self, context):
        read_fd, self.write_fd = os.pipe()
        self.process = context.Process(target=_reap, args=(read_fd, self.write_fd), daemon=True)
        self.process.start()
        os.close(read_fd)

    def register(self, group: int) -> None:
        os.write(self.write_fd, f"{group}\n".encode())

    def close(self) -> None:
        os.close(self.write_fd)
        self.process.join(timeout=10)


def run_jobs(
    func: Callable[[Any], Any], jobs: Iterable[Any], workers: int, timeout: float, memory: int
) -> Iterator[tuple[Any, str, Any]]:
    """Yield (job, "ok" | "error", result or exception) as jobs finish, in any order."""
    context = multiprocessing.get_context("fork")
    reaper = _Reaper(context)
    pending = iter(jobs)
    pool: list[_Worker] = []
    busy: dict[Connection, _Worker] = {}
    watch = _Watch(memory, pool)

    def drop(worker: _Worker) -> Any:
        """Take a worker out of the pool, killed; its job."""
        with watch.lock:
            busy.pop(worker.connection, None)
            pool.remove(worker)
            job, worker.job = worker.job, None
        worker.kill()
        return job

    try:
        while True:
            with watch.lock:
                idle = [w for w in pool if w.job is None]
                while len(busy) < workers:
                    job = next(pending, None)
                    if job is None:
                        break
                    worker = idle.pop() if idle else _Worker(context, func, memory, reaper)
                    if worker not in pool:
                        pool.append(worker)
                    worker.give(job)
                    busy[worker.connection] = worker
            if not busy:
                return
            deadline = min(w.started + timeout for w in busy.values())
            for connection in wait(list(busy), timeout=max(0.0, deadline - time.monotonic())):
                worker = busy[connection]
                try:
                    status, value = connection.recv()
                except (EOFError, OSError):
                    error = MemoryLimitExceeded() if worker.overrun else WorkerCrashed()
                    yield drop(worker), "error", error
                    continue
                if worker.overrun:  # stopped by the watch just after it sent its result
                    yield drop(worker), status, value
                    continue
                with watch.lock:
                    del busy[connection]
                    job, worker.job = worker.job, None
                yield job, status, value
            now = time.monotonic()
            for worker in [w for w in busy.values() if now - w.started >= timeout]:
                yield drop(worker), "error", TimeLimitExceeded()
    finally:
        watch.close()
        for worker in pool:
            if worker.job is None:
                worker.stop()
            else:
                worker.kill()
        reaper.close()
