"""A real `assistant serve` process on loopback for the tests that attack it over HTTP."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ASSISTANT = str(Path(sys.executable).with_name("assistant"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, headers: dict | None = None, timeout: float = 10) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not come up")


@contextmanager
def serving(data: Path, command: str = ASSISTANT, preexec=None, **env: str):
    """Yields (base URL, process); the server reads `data` and the given ASSISTANT_* env."""
    port = free_port()
    environment = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    environment |= {"ASSISTANT_DATA_DIR": str(data), "HF_HUB_OFFLINE": "1", **env}
    process = subprocess.Popen(
        [command, "serve", "--port", str(port)], env=environment, preexec_fn=preexec,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                if get(base + "/healthz", timeout=1)[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise AssertionError("the server did not start: " + process.stderr.read().decode())
        yield base, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
