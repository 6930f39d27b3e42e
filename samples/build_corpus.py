"""Regenerate the fictional sample corpus in samples/corpus/.

All document text lives as data in council_texts.py and document_texts.py, and
renderers.py turns it into PDF and DOCX. The output is deterministic: PDF and DOCX
metadata use fixed dates and DOCX archives get fixed member timestamps, so two runs
produce byte-identical files.

Usage: .venv/bin/python samples/build_corpus.py
Needs python-docx and fpdf2 (dev-only) and the DejaVu Sans fonts (Debian fonts-dejavu-core).
"""

import csv
import html
import io
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from council_texts import RK_RESOLUTIONS, ZK_RESOLUTIONS
from document_texts import (
    BUDGET_NOTES,
    CYCLING_PLAN,
    DISCLAIMER,
    FAQ,
    MEETING_RECORD,
    NEWS_MENU,
    NEWS_PARAGRAPHS,
    NEWS_TITLE,
)
from renderers import build_docx, build_resolution_pdf

OUT = Path(__file__).resolve().parent / "corpus"
SITE = "https://www.example-kraj.cz"


# ---------------------------------------------------------------------------
# Resolutions (PDF)
# ---------------------------------------------------------------------------


def build_zk(target: Path) -> None:
    build_resolution_pdf(
        target,
        body_name="Zastupitelstvo",
        body_genitive="Zastupitelstva",
        session="z 3. zasedání",
        date="2025-03-18",
        resolutions=ZK_RESOLUTIONS,
        chair="Mgr. Lukáš Beneš, hejtman Libereckého kraje",
        verifiers=["Bc. Marie Šírová", "Ing. Ondřej Havlík"],
        pages=2,
    )


def build_rk(target: Path) -> None:
    build_resolution_pdf(
        target,
        body_name="Rada",
        body_genitive="Rady",
        session="z 5. jednání",
        date="2025-02-04",
        resolutions=RK_RESOLUTIONS,
        chair="Mgr. Lukáš Beneš, hejtman Libereckého kraje",
        verifiers=["Ing. Eva Richterová"],
        pages=2,
    )


# ---------------------------------------------------------------------------
# Word documents (DOCX)
# ---------------------------------------------------------------------------


def build_plan(target: Path) -> None:
    build_docx(
        target,
        CYCLING_PLAN,
        date="2025-03-11",
        title="Plán rozvoje cyklistické dopravy Libereckého kraje 2025–2030",
    )


def build_meeting_record(target: Path) -> None:
    build_docx(
        target,
        MEETING_RECORD,
        date="2025-01-20",
        title="Zápis z porady vedení krajského úřadu 20. 1. 2025 (neveřejné)",
        page_header="NEVEŘEJNÉ – Krajský úřad Libereckého kraje",
    )


# ---------------------------------------------------------------------------
# News article (HTML)
# ---------------------------------------------------------------------------


def build_news(target: Path) -> None:
    esc = html.escape
    menu = "\n".join(
        f'        <li><a href="{SITE}{href}">{esc(label)}</a></li>' for label, href in NEWS_MENU
    )
    paragraphs = "\n".join(f"      <p>{esc(p)}</p>" for p in NEWS_PARAGRAPHS)
    page = f"""<!DOCTYPE html>
<html lang="cs">
<head>
  <meta charset="utf-8">
  <title>{esc(NEWS_TITLE)} | Liberecký kraj</title>
  <meta name="description" content="Zastupitelstvo schválilo stavbu 6,4 km dlouhé cyklostezky.">
</head>
<body>
  <div class="cookie-bar">Tento web používá soubory cookies ke zlepšení služeb a k analýze \
návštěvnosti. <a href="{SITE}/cookies">Více informací</a> \
<button type="button">Přijmout vše</button> <button type="button">Odmítnout</button></div>
  <header>
    <a class="logo" href="{SITE}/">Liberecký kraj</a>
    <nav>
      <ul>
{menu}
      </ul>
    </nav>
  </header>
  <main>
    <article>
      <p class="breadcrumbs">Úvod › Aktuality › Doprava</p>
      <h1>{esc(NEWS_TITLE)}</h1>
      <p class="meta">Publikováno 19. 3. 2025 · Odbor dopravy</p>
      <p class="notice"><strong>{esc(DISCLAIMER)}</strong></p>
{paragraphs}
    </article>
  </main>
  <footer>
    <p>Krajský úřad Libereckého kraje (fiktivní ukázka) · Tel.: 485 000 000 · \
podatelna@example-kraj.cz</p>
    <p><a href="{SITE}/prohlaseni-o-pristupnosti">Prohlášení o přístupnosti</a> · \
<a href="{SITE}/gdpr">Ochrana osobních údajů</a> · © 2025 Liberecký kraj</p>
  </footer>
</body>
</html>
"""
    target.write_text(page, encoding="utf-8")


# ---------------------------------------------------------------------------
# FAQ (Markdown) and internal budget notes (plain text)
# ---------------------------------------------------------------------------


def build_faq(target: Path) -> None:
    lines = [
        "# Časté dotazy občanů",
        "",
        f"> **{DISCLAIMER}**",
        "",
        "Odpovědi na nejčastější otázky, se kterými se občané obracejí na Krajský úřad "
        "Libereckého kraje. Aktualizováno 1. 4. 2025.",
        "",
    ]
    for question, answer in FAQ:
        lines += [f"## {question}", "", answer, ""]
    target.write_text("\n".join(lines), encoding="utf-8")


def build_budget_notes(target: Path) -> None:
    target.write_text(BUDGET_NOTES, encoding="utf-8")


# ---------------------------------------------------------------------------
# Manifest
# ---------------------------------------------------------------------------


@dataclass
class CorpusFile:
    path: str
    title: str
    doc_type: str
    date: str
    body: str
    access: str
    url: str
    build: Callable[[Path], None]


CORPUS = [
    CorpusFile(
        "public/zastupitelstvo/usneseni-zk-2025-03-18.pdf",
        "Usnesení z 3. zasedání Zastupitelstva Libereckého kraje dne 18. 3. 2025",
        "usneseni",
        "2025-03-18",
        "zastupitelstvo",
        "public",
        f"{SITE}/usneseni/zastupitelstvo/2025-03-18",
        build_zk,
    ),
    CorpusFile(
        "public/rada/usneseni-rk-2025-02-04.pdf",
        "Usnesení z 5. jednání Rady Libereckého kraje dne 4. 2. 2025",
        "usneseni",
        "2025-02-04",
        "rada",
        "public",
        f"{SITE}/usneseni/rada/2025-02-04",
        build_rk,
    ),
    CorpusFile(
        "public/plany/plan-rozvoje-cyklodopravy-2025-2030.docx",
        "Plán rozvoje cyklistické dopravy Libereckého kraje 2025–2030",
        "plan",
        "2025-03-11",
        "",
        "public",
        f"{SITE}/doprava/cyklodoprava",
        build_plan,
    ),
    CorpusFile(
        "public/aktuality/nova-cyklostezka-jizerska.html",
        NEWS_TITLE,
        "aktualita",
        "2025-03-19",
        "",
        "public",
        f"{SITE}/aktuality/nova-cyklostezka-jizerska",
        build_news,
    ),
    CorpusFile(
        "public/faq/caste-dotazy-obcanu.md",
        "Časté dotazy občanů",
        "metodika",
        "2025-04-01",
        "",
        "public",
        f"{SITE}/caste-dotazy",
        build_faq,
    ),
    CorpusFile(
        "internal/zapis-porada-vedeni-2025-01-20.docx",
        "Zápis z porady vedení krajského úřadu 20. 1. 2025 (neveřejné)",
        "zapis",
        "2025-01-20",
        "",
        "internal",
        "",
        build_meeting_record,
    ),
    CorpusFile(
        "internal/rozpocet-navrh-2026.txt",
        "Návrh rozpočtu na rok 2026 – pracovní poznámky (neveřejné)",
        "material",
        "2025-04-14",
        "",
        "internal",
        "",
        build_budget_notes,
    ),
]


def main() -> None:
    if OUT.exists():
        shutil.rmtree(OUT)
    fields = ["path", "title", "doc_type", "date", "body", "access", "url"]
    with io.StringIO() as manifest:
        writer = csv.writer(manifest, lineterminator="\n")
        writer.writerow(fields)
        for item in CORPUS:
            target = OUT / item.path
            target.parent.mkdir(parents=True, exist_ok=True)
            item.build(target)
            writer.writerow([getattr(item, f) for f in fields])
        (OUT / "manifest.csv").write_text(manifest.getvalue(), encoding="utf-8")
    print(f"wrote {len(CORPUS)} documents and manifest.csv to {OUT}")


if __name__ == "__main__":
    main()
