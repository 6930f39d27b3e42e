"""The research memo as a person gets it: exported from the shared corpus, converted by
LibreOffice to PDF and rendered to PNG, page by page. A4, the office's letterhead and page
numbers on every page, internal sources marked, links to the originals."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import docx
import pypdfium2
import pytest
from pypdf import PdfReader

from assistant.output.outline import Letterhead
from assistant.output.reports import build_report
from assistant.search.filters import Filters
from assistant.search.retrieve import SearchRequest
from assistant.service import Service
from assistant.settings import Settings

A4_POINTS = (595.3, 841.9)
QUESTION = "Kolik by stál pilotní provoz vlastního řešení chatbota?"
OFFICE = Letterhead("Krajský úřad Libereckého kraje", "Odbor informatiky · č. j. KULK/123/2026")


@pytest.fixture(scope="module")
def rendered(shared_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> dict:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.fail("LibreOffice (soffice) is missing: `make system-packages` installs it")
    service = Service.open(shared_settings)
    filters = Filters("staff")
    answer = service.assistant.ask(QUESTION, filters)
    hits = service.retriever.search(SearchRequest(QUESTION, filters, 10))
    base = "http://127.0.0.1:8000/api/staff/documents"
    content, _, name = build_report(QUESTION, answer, hits, filters, "docx", OFFICE, base)
    out = tmp_path_factory.mktemp("memo")
    (out / name).write_bytes(content)
    profile = out / "profile"  # its own profile: no clash with a running LibreOffice
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(out), str(out / name)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pdf = out / Path(name).with_suffix(".pdf").name
    pages = []
    for n, page in enumerate(pypdfium2.PdfDocument(pdf)):
        image = page.render(scale=1).to_pil().convert("L")
        image.save(out / f"page-{n + 1}.png")
        pages.append(image)
    return {"answer": answer, "pdf": PdfReader(pdf), "pages": pages, "name": name, "docx": content}


def test_every_page_is_a4_with_letterhead_and_page_number(rendered: dict) -> None:
    reader = rendered["pdf"]
    count = len(reader.pages)
    assert count >= 2, "the memo with ten passages runs over a page"
    for n, page in enumerate(reader.pages, 1):
        size = (float(page.mediabox.width), float(page.mediabox.height))
        assert size == pytest.approx(A4_POINTS, abs=1.5), size
        text = " ".join(page.extract_text().split())
        assert OFFICE.office in text and "č. j. KULK/123/2026" in text, text[:200]
        assert f"Strana {n} z {count}" in text, text[-200:]


def test_rendered_pages_show_the_header_and_footer(rendered: dict) -> None:
    """On the PNG of each page: ink in the header band, the body and the footer band, white
    margins at the sides (the text stays inside A4's 2.5 cm margins)."""
    for image in rendered["pages"]:
        width, height = image.size
        assert height / width == pytest.approx(297 / 210, rel=0.01)

        def ink(box: tuple[int, int, int, int], page=image) -> int:
            """Dark pixels in a box of the page."""
            return sum(page.crop(box).point(lambda v: v < 128).histogram()[1:])

        band = int(height * 0.07)
        assert ink((0, 0, width, band)) > 0, "header"
        assert ink((0, height - band, width, height)) > 0, "page number"
        margin = int(width * 2.3 / 21)
        assert ink((0, band, margin, height - band)) == 0, "left margin"


def test_internal_sources_are_marked_and_link_to_the_originals(rendered: dict) -> None:
    answer, reader = rendered["answer"], rendered["pdf"]
    internal = [c for c in answer.reply.citations if c.passage.document.access != "public"]
    assert internal, answer.reply.text
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    for citation in internal:
        assert f"[{citation.n}] {citation.passage.document.title} – NEVEŘEJNÉ" in text
    # The links, read from the DOCX: this LibreOffice writes no link annotations to a PDF.
    links = {
        r.target_ref
        for r in docx.Document(io.BytesIO(rendered["docx"])).part.rels.values()
        if r.reltype.endswith("/hyperlink")
    }
    doc_id = internal[0].passage.document.doc_id
    assert any(f"/api/staff/documents/{doc_id}/file" in link for link in links), links
    assert rendered["name"].startswith("reserse-kolik-by-stal-pilotni-provoz")
    meta = reader.metadata
    assert meta.author == OFFICE.office and meta.title == f"Rešerše: {QUESTION}"
