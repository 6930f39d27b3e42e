"""How build time, disk, memory and latency grow with the index: synthetic corpora of 1k,
10k and 100k chunks, the default configuration (BM25 and e5 vectors fused, extractive answers).
Prints a table and writes a plot.

    .venv/bin/python bench/scale.py [--sizes 1000 10000 100000] [--plot bench/results/scale.svg]

Embedding 100k chunks takes hours on two cores, so the chunks get stand-in vectors of the right
shape (random, normalised, in Chroma under the real model's name); every query is embedded for
real (no cache), so search and ask include the query's embedding. `build s` is the lexical
ingest (`--no-embed`), `vectors s` the stand-ins' upsert into Chroma, `publish s` writing them
to the generation's matrices (what `ingest --no-embed` does with the vectors already made).
"""

from __future__ import annotations

import argparse
import itertools
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from synthetic import generate
from timing import timed

from assistant.service import Service
from eval.metrics import percentile
from ingest.pipeline import peak_mb

CHROMA_UP_TO = 100_000


def measure(data: Path, questions: list[str], repeat: int) -> dict:
    """Runs in a fresh process, so its peak RSS is that of a server holding this index."""
    from assistant.search.retrieve import SearchRequest
    from assistant.settings import Settings

    settings = Settings(env_file=None, data_dir=data, embedding_cache="")
    assistant = Service.open(settings).assistant
    assistant.ask(questions[0])
    retriever = assistant.retriever

    def fresh(run):
        def call(question: str):
            retriever._vectors.clear()  # each query embedded again, as a new question would be
            return run(question)

        return call

    timings = timed(
        questions,
        repeat,
        {
            "embed": fresh(retriever.query_vector),
            "search": fresh(lambda q: retriever.search(SearchRequest(q, k=5))),
            "ask": fresh(assistant.ask),
        },
    )
    status = Path("/proc/self/status").read_text()
    return {
        "rss_mb": peak_mb(),  # VmHWM, not ru_maxrss: Linux carries a parent's peak into a child
        # What is resident at the end: the process's own memory and the index's mapped pages
        # (page cache, shared by every worker serving the same index).
        **{
            f"{key}_mb": int(status.split(f"\n{name}:", 1)[1].split()[0]) / 1024
            for key, name in (("anon", "RssAnon"), ("mapped", "RssFile"))
        },
        **{f"{name}_p{p}": percentile(v, p) for name, v in timings.items() for p in (50, 95, 99)},
    }


def disk_mb(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1e6


def timed_ingest(corpus: Path, data: Path) -> tuple[float, float]:
    """Seconds for a whole `assistant ingest` process, as an operator would run it, and its
    peak memory (MB, as it reports it)."""
    started = time.perf_counter()
    done = subprocess.run(
        [str(Path(sys.executable).with_name("assistant")), "ingest", str(corpus), "--no-embed",
         "--json"],
        env={"ASSISTANT_DATA_DIR": str(data), "PATH": "/usr/bin:/bin"},
        check=True,
        capture_output=True,
    )  # fmt: skip
    return time.perf_counter() - started, json.loads(done.stdout)["peak_mb"]


def stand_in_vectors(data: Path) -> tuple[float, float]:
    """Random normalised vectors for every chunk, stored in Chroma as the real embedder's would
    be (with the hash of the chunk's text), then published to the index generation as
    `assistant ingest --no-embed` does: (seconds to store, seconds to publish). Above
    `CHROMA_UP_TO` chunks they are published to the matrices directly (Chroma's own index of a
    million vectors is the ingest's to build, not a server's to hold): (0, seconds)."""
    import numpy as np

    from assistant.search.embedders import open_embedder
    from assistant.search.filters import chroma_metadata
    from assistant.search.lexical import current_views
    from assistant.search.vectors import VectorStore, vector_text, write_matrix
    from assistant.settings import Settings
    from assistant.store.documents import Store

    started = time.perf_counter()
    settings = Settings(env_file=None, data_dir=data)
    vectors = VectorStore(settings.storage, open_embedder(settings.dense))
    store = Store(settings.storage.index_database)
    generator = np.random.default_rng(0)

    def stand_ins(count: int) -> np.ndarray:
        batch = generator.standard_normal((count, 384)).astype(np.float32)
        return batch / np.linalg.norm(batch, axis=1, keepdims=True)

    if store.counts()[1] > CHROMA_UP_TO:
        views = current_views(settings.storage.index_dir)[1]
        known = dict(zip(views[0][1], stand_ins(len(views[0][1])), strict=True))
        for view, chunk_ids in views:
            write_matrix(view, chunk_ids, known, vectors.embedder.identity, 384)
        return 0.0, time.perf_counter() - started
    collection = vectors.collection(create=True)
    rows = store.index_rows(analysed=False)
    while part := list(itertools.islice(rows, 5000)):
        batch = stand_ins(len(part))
        collection.upsert(
            ids=[r.chunk_id for r in part], embeddings=batch,
            metadatas=[{**chroma_metadata(r.document), "hash": vector_text(r)[1]}
                       for r in part],
        )  # fmt: skip
    stored = time.perf_counter() - started
    vectors.sync(store, progress=False, embed=False)
    return stored, time.perf_counter() - started - stored


def run_size(size: int, work: Path, repeat: int) -> dict:
    corpus, data = work / f"korpus-{size}", work / f"data-{size}"
    questions = [q["question"] for q in generate(size, corpus)]
    build, ingest_mb = timed_ingest(corpus, data)
    vectors, publish = stand_in_vectors(data)
    rerun, _ = timed_ingest(corpus, data)
    out = subprocess.run(
        [sys.executable, __file__, "--measure", str(data), "--repeat", str(repeat)],
        input=json.dumps(questions),
        capture_output=True,
        text=True,
        check=True,
    )
    return {"chunks": size, "build_s": build, "ingest_mb": ingest_mb, "vectors_s": vectors,
            "publish_s": publish, "rerun_s": rerun, "disk_mb": disk_mb(data),
            **json.loads(out.stdout)}  # fmt: skip


def plot(rows: list[dict], path: Path) -> None:
    """A small SVG: latency (ms) and memory (MB) against index size, log scale."""
    import math

    width, height, left, bottom = 640, 360, 60, 40
    xs = [math.log10(r["chunks"]) for r in rows]
    x0, x1 = min(xs), max(xs) or 1

    def x(v: float) -> float:
        return left + (v - x0) / ((x1 - x0) or 1) * (width - left - 30)

    series = [("search_p50", "#1d4f91", "vyhledávání p50 (ms)"), ("search_p95", "#6b8fcf", "vyhledávání p95 (ms)"),
              ("ask_p50", "#c45a00", "odpověď p50 (ms)"), ("ask_p95", "#e39a5c", "odpověď p95 (ms)"),
              ("rss_mb", "#2a7a3b", "paměť RSS (MB / 10)")]  # fmt: skip
    top = max(max(r[k] / (10 if k == "rss_mb" else 1) for r in rows) for k, _, _ in series) * 1.1

    def y(v: float) -> float:
        return height - bottom - v / top * (height - bottom - 20)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
             f'<line x1="{left}" y1="{height - bottom}" x2="{width - 20}" y2="{height - bottom}" stroke="#333"/>',
             f'<line x1="{left}" y1="20" x2="{left}" y2="{height - bottom}" stroke="#333"/>']  # fmt: skip
    for i in range(5):
        value = top * i / 4
        parts.append(
            f'<line x1="{left - 4}" y1="{y(value):.1f}" x2="{width - 20}" y2="{y(value):.1f}" stroke="#ddd"/>'
        )
        parts.append(
            f'<text x="{left - 8}" y="{y(value) + 4:.1f}" text-anchor="end">{value:.0f}</text>'
        )
    for r, xv in zip(rows, xs, strict=True):
        parts.append(
            f'<text x="{x(xv)}" y="{height - bottom + 16}" text-anchor="middle">{r["chunks"]:,}</text>'.replace(
                ",", " "
            )
        )
    for i, (key, colour, name) in enumerate(series):
        scale = 10 if key == "rss_mb" else 1
        points = " ".join(
            f"{x(xv):.1f},{y(r[key] / scale):.1f}" for r, xv in zip(rows, xs, strict=True)
        )
        parts.append(
            f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{points}"/>'
        )
        parts.append(f'<text x="{left + 10}" y="{30 + i * 15}" fill="{colour}">{name}</text>')
    parts.append(
        f'<text x="{width / 2}" y="{height - 5}" text-anchor="middle">částí v indexu (log)</text></svg>'
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(parts), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument(
        "--plot", type=Path, default=Path(__file__).parent / "results" / "scale.svg"
    )
    parser.add_argument("--measure", type=Path)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, json.loads(sys.stdin.read()), args.repeat)))
        return
    with tempfile.TemporaryDirectory() as work:
        rows = [run_size(size, Path(work), args.repeat) for size in args.sizes]
    print(
        "| chunks | build s | ingest peak MB | vectors s | publish s | re-ingest unchanged s | disk MB | RSS peak MB | resident own / mapped MB | query embedding p50 / p95 ms | search p50 / p95 / p99 ms | ask p50 / p95 / p99 ms |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['chunks']:,} | {r['build_s']:.1f} | {r['ingest_mb']:.0f} | {r['vectors_s']:.1f} | {r['publish_s']:.1f} | {r['rerun_s']:.2f} | {r['disk_mb']:.0f} | {r['rss_mb']:.0f} | {r['anon_mb']:.0f} / {r['mapped_mb']:.0f} | "
              f"{r['embed_p50']:.1f} / {r['embed_p95']:.1f} | "
              f"{r['search_p50']:.1f} / {r['search_p95']:.1f} / {r['search_p99']:.1f} | "
              f"{r['ask_p50']:.1f} / {r['ask_p95']:.1f} / {r['ask_p99']:.1f} |".replace(",", " "))  # fmt: skip
    plot(rows, args.plot)
    print(f"\nplot: {args.plot}")


if __name__ == "__main__":
    main()
