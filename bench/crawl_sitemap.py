"""What a crawl costs when a site's sitemap lists a million URLs (gzipped, 47 MB unzipped):
peak memory and CPU of the crawling process, which reads the sitemap as a stream up to
`ASSISTANT_CRAWL_MAX_SITEMAP_URLS` addresses and reports the rest as skipped.

    .venv/bin/python bench/crawl_sitemap.py [--urls 1000000]
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def child(base: str, data: str) -> None:
    """The crawl, in a process of its own so that its peak RSS and CPU are its own."""
    from assistant.settings import Settings
    from ingest.crawl.run import Request, crawl

    settings = Settings(env_file=None, data_dir=Path(data), crawl_delay_s=0, dense_backend="none")
    started = time.perf_counter()
    summary = crawl(Request((base + "/",), max_pages=5, access="public"), settings, progress=False)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    peak = next(int(line.split()[1]) / 1024 for line in Path("/proc/self/status").read_text()
                .splitlines() if line.startswith("VmHWM:"))  # fmt: skip
    print(json.dumps({"rss_mb": peak, "cpu_s": usage.ru_utime + usage.ru_stime,
                      "wall_s": time.perf_counter() - started,
                      "failures": summary.failures[:3]}, ensure_ascii=False))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--urls", type=int, default=1_000_000)
    parser.add_argument("--child", nargs=2)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    sys.path.insert(0, str(Path(__file__).parent))
    from portal_server import Page, Portal, serve

    portal = Portal(
        pages={"/": Page(b"<html><body><main><p>Rozcestn\xc3\xadk.</p></main></body></html>")}
    )
    server, base = serve(portal)
    entries = "".join(f"<url><loc>{base}/s/{n}</loc></url>" for n in range(args.urls))
    xml = f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'
    portal.pages["/sitemap.xml"] = Page(gzip.compress(xml.encode(), 6), "application/x-gzip")
    del entries, xml
    with tempfile.TemporaryDirectory() as data:
        out = subprocess.run([sys.executable, __file__, "--child", base, data],
                             capture_output=True, text=True, check=True)  # fmt: skip
    server.shutdown()
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    print(
        f"sitemap of {args.urls:,} URLs: crawl peak RSS {figures['rss_mb']:.0f} MB, CPU "
        f"{figures['cpu_s']:.1f} s, wall {figures['wall_s']:.1f} s"
    )
    for url, reason in figures["failures"]:
        print(f"  {url}: {reason}")


if __name__ == "__main__":
    main()
