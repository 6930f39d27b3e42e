"""The service under load on loopback: `assistant serve --workers 2` over the shared corpus,
50 concurrent clients (wrk, each with its own address behind a trusted proxy) against public
chat (extractive, JSON) and search, with and without think time (0.5-1.5 s per client).

    .venv/bin/python bench/load.py [--seconds 60] [--shared ../shared]

With `--database-url postgresql://…` the store is that PostgreSQL database and `--hosts 1 2`
compares one API host with two (each `--workers 2`, a data folder of its own, the 50 clients
split between them) at saturation: requests/s summed, p50 / p95 / p99 the worse host's.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _questions(shared: Path, folder: Path) -> Path:
    lines = [json.loads(x)["question"] for x in (shared / "eval/dev.jsonl").open()]
    lines += [
        json.loads(x)["question"]
        for x in (shared / "benchmarks/wiki-nlp-cs/questions.jsonl").open()
    ]
    path = folder / "questions.txt"
    path.write_text(
        "\n".join(q.replace('"', "").replace("\\", "") for q in lines), encoding="utf-8"
    )
    return path


def wrk(
    base: str,
    path: str,
    questions: Path,
    seconds: int,
    think_ms: int,
    extra: str = "",
    clients: int = 50,
) -> dict:
    env = {**os.environ, "QUESTIONS": str(questions), "PATH_": path, "BODY_EXTRA": extra,
           "THINK_MS": str(think_ms)}  # fmt: skip
    out = subprocess.run(
        ["wrk", "-t2", f"-c{clients}", f"-d{seconds}s", "--timeout", "10s", "-s", str(HERE / "load.lua"), base],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def serve(data: Path, limit: int, env: dict | None = None) -> tuple[subprocess.Popen, str]:
    port = _port()
    env = {**(env or os.environ), "ASSISTANT_DATA_DIR": str(data),
           "ASSISTANT_RATE_LIMIT_PER_MINUTE": str(limit), "ASSISTANT_TRUSTED_PROXIES": "127.0.0.1"}  # fmt: skip
    process = subprocess.Popen(
        [str(BIN / "assistant"), "serve", "--port", str(port), "--workers", "2"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            with urllib.request.urlopen(base + "/readyz", timeout=1):
                return process, base
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("server did not start")


def hosts(args: argparse.Namespace) -> None:
    """One API host against several over one PostgreSQL, at saturation."""
    env = {**os.environ, "ASSISTANT_DATABASE_URL": args.database_url}
    rows = []
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        subprocess.run([str(BIN / "assistant"), "ingest", str(args.shared / "corpus")],
                       env={**env, "ASSISTANT_DATA_DIR": str(folder / "indexer")}, check=True,
                       capture_output=True)  # fmt: skip
        questions = _questions(args.shared, folder)
        for count in args.hosts:
            servers = [serve(folder / f"host-{count}-{i}", 10_000_000, env) for i in range(count)]
            try:
                for name, path, extra in (
                    ("chat", "/api/chat", ', "stream": false'),
                    ("search", "/api/search", ""),
                ):
                    with ThreadPoolExecutor(count) as pool:
                        runs = [pool.submit(wrk, base, path, questions, args.seconds, 0, extra,
                                            50 // count) for _, base in servers]  # fmt: skip
                        results = [run.result() for run in runs]
                    rows.append((count, name, results))
            finally:
                for process, _ in servers:
                    process.terminate()
                    process.wait(timeout=20)
    print("| API hosts | endpoint | requests/s | p50 ms | p95 ms | p99 ms | responses |")
    print("|---:|---|---:|---:|---:|---:|---|")
    for count, name, results in rows:
        rate = sum(r["requests"] / r["seconds"] for r in results)
        worst = {k: max(r[k] for r in results) for k in ("p50_ms", "p95_ms", "p99_ms")}
        statuses: dict[str, int] = {}
        for r in results:
            for status, n in r["statuses"].items():
                statuses[status] = statuses.get(status, 0) + n
        shown = ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items()))
        print(f"| {count} | {name} | {rate:.0f} | {worst['p50_ms']:.0f} | {worst['p95_ms']:.0f} | "
              f"{worst['p99_ms']:.0f} | {shown} |")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", type=Path, default=HERE.parents[1] / "shared")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--database-url", help="a PostgreSQL store: compare --hosts")
    parser.add_argument("--hosts", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    if args.database_url:
        hosts(args)
        return
    rows = []
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        data = folder / "data"
        subprocess.run([str(BIN / "assistant"), "ingest", str(args.shared / "corpus")],
                       env={**os.environ, "ASSISTANT_DATA_DIR": str(data)}, check=True, capture_output=True)  # fmt: skip
        questions = _questions(args.shared, folder)
        for label, limit, think in (
            ("50 clients, think time 0.5-1.5 s, limit 120/min", 120, 1000),
            ("50 clients, no think time, no limit (saturation)", 10_000_000, 0),
            ("50 clients, no think time, default limit 30/min", 30, 0),
        ):
            process, base = serve(data, limit)
            try:
                for name, path, extra in (
                    ("chat", "/api/chat", ', "stream": false'),
                    ("search", "/api/search", ""),
                ):
                    result = wrk(base, path, questions, args.seconds, think, extra)
                    rows.append((label, name, result))
            finally:
                process.terminate()
                process.wait(timeout=20)
    print(
        "| scenario | endpoint | requests/s | p50 ms | p95 ms | p99 ms | responses | socket errors |"
    )
    print("|---|---|---:|---:|---:|---:|---|---:|")
    for label, name, r in rows:
        statuses = ", ".join(f"{k}: {v}" for k, v in sorted(r["statuses"].items()))
        print(f"| {label} | {name} | {r['requests'] / r['seconds']:.0f} | {r['p50_ms']:.0f} | {r['p95_ms']:.0f} | "
              f"{r['p99_ms']:.0f} | {statuses} | {r['socket_errors']} |")  # fmt: skip


if __name__ == "__main__":
    main()
