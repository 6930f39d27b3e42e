"""How fast a crawl of the fictional portal (bench/portal.py) runs on loopback: pages per second
of the crawl itself and of the ingest after it, with no delay and with a polite one, first and
second (conditional) run. With no delay the crawl is bounded by the server and the parsing;
with a delay, by the delay.

    .venv/bin/python bench/crawl.py [--news 200] [--delays 0,0.05]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from portal import Page, build, serve

from assistant.settings import Settings
from ingest.crawl.run import Request, crawl


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--news", type=int, default=200)
    parser.add_argument("--delays", default="0,0.05")
    args = parser.parse_args()
    print("| delay s | run | pages | requests | crawl s | requests/s | ingest s |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    for delay in (float(d) for d in args.delays.split(",")):
        portal = build(args.news, huge_mb=0.01)
        portal.slow.clear()
        portal.failing.clear()
        portal.pages["/robots.txt"] = Page(  # no Crawl-delay: the crawl's own delay counts
            b"User-agent: *\nDisallow: /interni/\nSitemap: {base}/sitemap_index.xml\n",
            "text/plain",
        )
        server, base = serve(portal)
        folder = Path(tempfile.mkdtemp(prefix="crawl-"))
        settings = Settings(env_file=None, data_dir=folder / "data")
        for run in ("first", "second"):
            started = time.perf_counter()
            summary = crawl(Request((base + "/",), delay=delay, access="public"), settings,
                            progress=False)  # fmt: skip
            total = time.perf_counter() - started
            ingest_s = sum(s.seconds for s in summary.indexed)
            crawl_s = total - ingest_s
            counts = summary.counts
            pages = counts["new"] + counts["changed"] + counts["unchanged_304"] + counts[
                "unchanged_hash"]  # fmt: skip
            print(f"| {delay:g} | {run} | {pages} | {summary.requests} | {crawl_s:.1f} | "
                  f"{summary.requests / crawl_s:.0f} | {ingest_s:.1f} |")  # fmt: skip
        server.shutdown()


if __name__ == "__main__":
    main()
