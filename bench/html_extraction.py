"""Main-content extraction of HTML pages, the ingest's own loader beside trafilatura: on the
fictional portal's pages (bench/portal.py, where the article text and the template's boilerplate
are known) and on the HTML pages of the shared corpus (their menus, footers and cookie links).

    .venv/bin/python bench/html_extraction.py [--shared ../shared/corpus]

Prints per extractor: pages, article sentences found, pages with boilerplate in the text, and
milliseconds per page.
"""

from __future__ import annotations

import argparse
import re
import tempfile
import time
from pathlib import Path

from portal import COOKIES, FOOTER, SHARE, build

from ingest.loaders.html import load_html

BOILERPLATE = [COOKIES.split(".")[0], FOOTER.split(" · ")[0], SHARE.split(":")[0] + ":",
               "Související články", "Hledat", "Prohlášení o přístupnosti"]  # fmt: skip
SHARED_BOILERPLATE = ["Úvod | Aktuality", "U Jezu 642/2a", "Prohlášení o přístupnosti"]


def ours(html: str) -> str:
    with tempfile.NamedTemporaryFile("w", suffix=".html", encoding="utf-8") as f:
        f.write(html)
        f.flush()
        parsed = load_html(Path(f.name))
    return "\n".join(b.text or " ".join(" ".join(r) for r in b.rows) for b in parsed.blocks)


def theirs(html: str) -> str:
    import trafilatura

    return trafilatura.extract(html, include_tables=True, include_comments=False,
                               favor_precision=False) or ""  # fmt: skip


def _sentences(html: str) -> list[str]:
    """The article's own sentences: its paragraphs (not its lists of links, the date line or
    the fictional notice)."""
    article = html.split("<article>", 1)[1].split('<p class="notice">', 1)[0]
    paragraphs = re.findall(r"<p>(.*?)</p>", article, re.S)
    text = " ".join(re.sub(r"<[^>]+>", " ", p).replace("&amp;", "&") for p in paragraphs)
    return [s.strip() for s in re.split(r"(?<=[.:])\s+", " ".join(text.split())) if len(s) > 20]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared/corpus"))
    args = parser.parse_args()
    portal = build(news=200, huge_mb=0.01)
    pages = [p.body.decode("utf-8") for path, p in portal.pages.items()
             if p.content_type.startswith("text/html; charset=utf-8")]  # fmt: skip
    shared = sorted(args.shared.rglob("*.html"))
    print("| extractor | portal pages | article sentences found | pages with boilerplate | "
          "shared pages with boilerplate | shared words | ms per page |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, extract in (("ingest/loaders/html.py", ours), ("trafilatura", theirs)):
        found = total = dirty = 0
        started = time.perf_counter()
        for html in pages:
            text = " ".join(extract(html).split())
            wanted = _sentences(html)
            total += len(wanted)
            found += sum(s in text for s in wanted)
            dirty += any(b in text for b in BOILERPLATE)
        ms = (time.perf_counter() - started) * 1000 / len(pages)
        texts = [" ".join(extract(p.read_text(encoding="utf-8")).split()) for p in shared]
        shared_dirty = sum(any(b in t for b in SHARED_BOILERPLATE) for t in texts)
        words = sum(len(t.split()) for t in texts)
        print(f"| {name} | {len(pages)} | {found / total:.3f} ({found}/{total}) | {dirty} | "
              f"{shared_dirty} of {len(shared)} | {words} | {ms:.1f} |")  # fmt: skip


if __name__ == "__main__":
    main()
