"""Parse workers are contained: a file that runs too long or takes too much memory is stopped
with every program its worker started, errors that do not pickle still arrive, and no process
outlives the ingest, even when the ingest is killed with kill -9."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from lxml import etree

from ingest.workers import (
    JobFailed,
    MemoryLimitExceeded,
    TimeLimitExceeded,
    memory_of_groups,
    run_jobs,
)

MB = 1024 * 1024


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"


def gone(pids: list[int], seconds: float = 5) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not any(alive(p) for p in pids):
            return True
        time.sleep(0.1)
    return False


def spawn_and_hang(folder: str) -> None:
    """A job that starts a program (as a parser starts pandoc) and never returns."""
    child = subprocess.Popen(["sleep", "300"])
    Path(folder, "pids").write_text(f"{os.getpid()} {child.pid}")
    time.sleep(300)


def child_takes_memory(job: tuple[str, int]) -> None:
    """A program the worker starts allocates nearly the whole limit, the worker 100 MB more:
    each under the limit of one process, together over the limit of the group."""
    folder, limit = job
    held = bytearray(100 * MB)
    child = subprocess.Popen(
        [sys.executable, "-c", f"b = bytearray({limit - 50 * MB}); import time; time.sleep(60)"]
    )
    Path(folder, "pids").write_text(f"{os.getpid()} {child.pid}")
    child.wait()
    del held


def allocate(size: int) -> int:
    return len(bytearray(size))


def bad_xml(_: str) -> None:
    etree.fromstring(b"<w:document><unclosed></w:document>")


def test_a_job_over_the_time_limit_is_killed_with_its_programs(tmp_path: Path) -> None:
    [(_, status, error)] = list(run_jobs(spawn_and_hang, [str(tmp_path)], 1, 1.5, 1024 * MB))
    assert status == "error" and isinstance(error, TimeLimitExceeded)
    assert gone([int(p) for p in (tmp_path / "pids").read_text().split()])


def test_memory_beyond_the_limit_is_refused_in_the_worker(tmp_path: Path) -> None:
    limit = 400 * MB
    small, large = 50 * MB, 600 * MB
    results = {job: (status, value) for job, status, value in
               run_jobs(allocate, [small, large], 1, 60, limit)}  # fmt: skip
    assert results[small] == ("ok", small)
    assert results[large][0] == "error" and isinstance(results[large][1], MemoryLimitExceeded)


def test_what_a_worker_inherits_from_a_large_parent_is_not_its_own(tmp_path: Path) -> None:
    """A test run or an evaluation may hold more than the limit itself: the worker it forks
    starts with that data segment, and may still allocate up to the limit on top of it."""
    held = bytearray(600 * MB)  # untouched pages: virtual data, no resident memory
    limit = 200 * MB
    results = [(status, value) for _, status, value in
               run_jobs(allocate, [50 * MB, 300 * MB], 1, 60, limit)]  # fmt: skip
    del held
    assert results[0] == ("ok", 50 * MB)
    assert results[1][0] == "error" and isinstance(results[1][1], MemoryLimitExceeded)


def test_a_program_started_by_the_worker_counts_against_the_limit(tmp_path: Path) -> None:
    limit = 400 * MB
    jobs = [(str(tmp_path), limit)]
    [(_, status, error)] = list(run_jobs(child_takes_memory, jobs, 1, 60, limit))
    assert status == "error" and isinstance(error, MemoryLimitExceeded), error
    assert gone([int(p) for p in (tmp_path / "pids").read_text().split()])


def wait_for_file(path: str) -> str:
    deadline = time.monotonic() + 30
    while not Path(path).exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    return path


def test_the_watch_goes_on_while_the_caller_handles_a_result(tmp_path: Path) -> None:
    """An ingest writes each parsed file to the store between two results: the memory of the
    workers still parsing is watched meanwhile."""
    limit = 400 * MB
    pids = str(tmp_path / "pids")
    jobs = iter([(str(tmp_path), limit), pids])
    results = run_jobs(lambda job: wait_for_file(job) if job == pids else child_takes_memory(job),
                       jobs, 2, 60, limit)  # fmt: skip
    first = next(results)
    assert first[1:] == ("ok", pids), first
    program = int(Path(pids).read_text().split()[1])
    assert gone([program], seconds=10), "stopped while the caller was busy with the first result"
    [(_, status, error)] = list(results)
    assert status == "error" and isinstance(error, MemoryLimitExceeded), error


def test_an_error_that_does_not_pickle_is_still_reported() -> None:
    [(_, status, error)] = list(run_jobs(bad_xml, ["broken.docx"], 1, 30, 1024 * MB))
    assert status == "error" and isinstance(error, JobFailed) and "XMLSyntaxError" in str(error)


@pytest.mark.parametrize("trial", range(3))
def test_nothing_outlives_an_ingest_killed_with_kill_9(tmp_path: Path, trial: int) -> None:
    script = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from test_workers import spawn_and_hang
        from ingest.workers import run_jobs
        for _ in run_jobs(spawn_and_hang, [{str(tmp_path)!r}], 1, 300, 1024 * 2**20):
            pass
    """)
    parent = subprocess.Popen([sys.executable, "-c", script])
    pids_file = tmp_path / "pids"
    deadline = time.monotonic() + 30
    while not pids_file.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    worker, program = (int(p) for p in pids_file.read_text().split())
    assert alive(worker) and alive(program)
    os.kill(parent.pid, signal.SIGKILL)  # the parent only, as an operator or the OOM killer would
    parent.wait()
    assert gone([worker, program]), "the worker and the program it started died with the ingest"
    assert memory_of_groups({worker})[worker] == 0, "at most a zombie is left"
