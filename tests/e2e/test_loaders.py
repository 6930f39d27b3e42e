"""Loaders on real files: the shared corpus, generated office files, scans, and broken input."""

from __future__ import annotations

import email.message
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from helpers import CORPUS, SAMPLES, WIKI
from pypdf import PdfReader, PdfWriter

from ingest.errors import IngestError
from ingest.loaders import load
from ingest.loaders.ocr import Ocr
from ingest.loaders.pdf import garbled

OCR = Ocr()


def text_of(path: Path) -> str:
    [parsed] = load(path, OCR)
    return "\n".join(b.text for b in parsed.blocks)


@pytest.mark.shared
def test_pdf_text_layer_keeps_pages_and_drops_running_headers() -> None:
    [parsed] = load(CORPUS / "public/zpravy/vyrocni-zprava-chytrejsi-lk-2024.pdf", OCR)
    assert parsed.pages == 58
    pages = {b.page for b in parsed.blocks}
    assert min(pages) == 1 and max(pages) >= 57
    texts = [b.text for b in parsed.blocks]
    assert not any(t.startswith("Liberecký kraj · Výroční zpráva") for t in texts)
    assert not any(t.startswith("Strana ") for t in texts)
    joined = "\n".join(texts)
    assert "Datového portálu Libereckého kraje veřejně spuštěno dne 28. 6. 2023" in joined


def test_a_resolution_opening_every_page_is_no_running_header(tmp_path: Path) -> None:
    """Each page starts with a resolution's number line and ends with its deadline: the lines
    recur with other digits on every page, as page headers do, yet they are the content."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    pdf.set_font("DejaVu", "", 11)
    for n in range(1, 5):
        pdf.add_page()
        pdf.multi_cell(0, 6, f"Usnesení č. {n}/24/RK\nRada Libereckého kraje po projednání\n"
                       f"I. ukládá řediteli úřadu zajistit úkol č. {n}.\nHlasování: pro {n}, "
                       f"proti 0, zdržel se 0.\nTermín: {n}. 3. 2025")  # fmt: skip
    pdf.output(str(tmp_path / "usneseni.pdf"))
    [parsed] = load(tmp_path / "usneseni.pdf", OCR)
    joined = "\n".join(b.text for b in parsed.blocks)
    for n in range(1, 5):
        assert f"Usnesení č. {n}/24/RK" in joined and f"Termín: {n}. 3. 2025" in joined
        assert f"Hlasování: pro {n}, proti 0" in joined


@pytest.mark.shared
def test_pdf_lines_are_rejoined_into_paragraphs_with_numbers_intact() -> None:
    joined = text_of(CORPUS / "public/zastupitelstvo/usneseni-zk-2024-10-22.pdf")
    assert "se základním kapitálem 200 000 Kč" in joined


def test_docx_headings_lists_and_tables() -> None:
    [parsed] = load(SAMPLES / "corpus/public/plany/plan-rozvoje-cyklodopravy-2025-2030.docx", OCR)
    kinds = {b.kind for b in parsed.blocks}
    assert {"heading", "list", "table", "text"} <= kinds
    table = next(b for b in parsed.blocks if b.kind == "table")
    assert len(table.rows) == 6 and all(len(r) == len(table.rows[0]) for r in table.rows)


@pytest.mark.shared
def test_docx_converted_from_pdf_is_reflowed() -> None:
    joined = text_of(CORPUS / "public/plany/zhodnoceni-akcniho-planu-2020-2024.docx")
    assert "Datový portál Libereckého kraje byl spuštěn dne 28. 6. 2023 na adrese" in joined


def test_html_main_content_only() -> None:
    [parsed] = load(SAMPLES / "corpus/public/aktuality/nova-cyklostezka-jizerska.html", OCR)
    joined = "\n".join(b.text for b in parsed.blocks)
    assert parsed.title and parsed.blocks[0].kind == "heading"
    for boilerplate in ("Cookies", "cookies", "Prohlášení o přístupnosti", "Úvod |"):
        assert boilerplate not in joined


def test_html_sections_keep_their_anchors(tmp_path: Path) -> None:
    """A heading's id (or an anchor in it, or the id of the section it opens) reaches the
    chunks of its section, so a citation can link to it."""
    from ingest.chunking import chunk_blocks

    page = tmp_path / "stranka.html"
    page.write_text(
        "<html><body><main><h1>Služby</h1><p>Úvod ke službám úřadu.</p>"
        '<h2 id="poplatky">Poplatky</h2><p>Poplatek činí 100 Kč.</p>'
        '<section id="kontakt"><h2>Kontakt</h2><p>Podatelna, přízemí.</p></section>'
        '<h2><a name="mapa"></a>Mapa</h2><p>Budova stojí u řeky.</p></main></body></html>',
        encoding="utf-8",
    )
    [parsed] = load(page, OCR)
    chunks = chunk_blocks(parsed.blocks, 200)
    assert [(c.section, c.anchor) for c in chunks] == [
        ("Služby", ""),
        ("Služby > Poplatky", "poplatky"),
        ("Služby > Kontakt", "kontakt"),
        ("Služby > Mapa", "mapa"),
    ]


@pytest.mark.shared
def test_html_broken_into_line_paragraphs_is_reflowed() -> None:
    joined = text_of(CORPUS / "public/aktuality/chytrejsi-kraj-paty-rok.html")
    assert "Již pátým rokem se mu to daří, a to díky naplňování akčního plánu" in joined
    assert "Úvod" not in joined and "©" not in joined


def test_markdown_headings_and_lists() -> None:
    [parsed] = load(SAMPLES / "corpus/public/faq/caste-dotazy-obcanu.md", OCR)
    assert sum(b.kind == "heading" for b in parsed.blocks) >= 5


def test_text_in_czech_legacy_encodings(tmp_path: Path) -> None:
    sentence = "Příliš žluťoučký kůň úpěl ďábelské ódy. Usnesení č. 201/24/ZK."
    for encoding in ("cp1250", "iso-8859-2", "utf-8"):
        path = tmp_path / f"{encoding}.txt"
        path.write_bytes(sentence.encode(encoding))
        assert text_of(path) == sentence


def test_jsonl_records_with_bad_lines_reported(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    path.write_text(
        '{"id": "a1", "text": "První záznam.", "title": "Rozpočet", "access": "public"}\n'
        "not json\n"
        '{"id": "a2", "text": "Druhý záznam.", "doc_type": "zprava", "tag": [1, 2]}\n'
        '{"id": "a3"}\n',
        encoding="utf-8",
    )
    docs = load(path, OCR)
    assert [d.external_id for d in docs] == ["a1", "a2"]
    assert docs[0].meta == {"title": "Rozpočet", "access": "public"}
    assert docs[1].extra == {"tag": [1, 2]}
    assert any("řádek 2" in w for w in docs[0].warnings)
    assert any("řádek 4" in w for w in docs[0].warnings)


@pytest.fixture(scope="module")
def office_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """DOC, ODT and RTF made by LibreOffice from a DOCX, plus a PPTX and an e-mail."""
    folder = tmp_path_factory.mktemp("office")
    source = folder / "zapis.docx"
    document = docx.Document()
    document.add_heading("Zápis z jednání rady", level=1)
    document.add_paragraph("Rada schválila rozpočet ve výši 2 760 000 Kč. Žluťoučký kůň úpěl.")
    document.add_paragraph("Usnesení č. 201/24/ZK", style="List Bullet")
    table = document.add_table(rows=2, cols=2)
    for cell, value in zip(
        table._cells, ["Úsek", "Délka", "Turnov – Přepeře", "6,4 km"], strict=True
    ):
        cell.text = value
    document.save(source)
    files = {".docx": source}
    if shutil.which("soffice"):
        for fmt in ("odt", "doc", "rtf"):
            subprocess.run(
                [
                    "soffice",
                    "--headless",
                    "--convert-to",
                    fmt,
                    "--outdir",
                    str(folder),
                    str(source),
                ],
                check=True,
                capture_output=True,
                timeout=120,
            )
            files[f".{fmt}"] = source.with_suffix(f".{fmt}")
    from pptx import Presentation

    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[1])
    slide.shapes.title.text = "Chytřejší kraj"
    slide.placeholders[1].text = "Rozpočet 2 760 000 Kč schválen"
    files[".pptx"] = folder / "prezentace.pptx"
    deck.save(files[".pptx"])
    message = email.message.EmailMessage()
    message["Subject"] = "Žádost o dotaci"
    message["From"] = "obec@example.cz"
    message["To"] = "kraj@example.cz"
    message.set_content(
        "Dobrý den, posíláme žádost o dotaci ve výši 2 760 000 Kč. Příliš žluťoučký kůň."
    )
    files[".eml"] = folder / "zadost.eml"
    files[".eml"].write_bytes(message.as_bytes())
    return files


@pytest.mark.parametrize("suffix", [".odt", ".doc", ".rtf", ".pptx", ".eml"])
def test_office_formats_through_unstructured_offline(office_files, suffix: str) -> None:
    if suffix not in office_files:
        pytest.fail("LibreOffice (soffice) is needed to make the test file; see .ci/run")
    joined = text_of(office_files[suffix])
    assert "2 760 000 Kč" in joined
    if suffix not in (".pptx",):
        assert "žluťoučký kůň" in joined.lower()


@pytest.mark.shared
def test_scanned_pdf_is_read_by_ocr() -> None:
    if OCR.problem:
        pytest.fail(OCR.problem)
    [parsed] = load(WIKI / "pdf_images" / "5_word2vec.pdf", OCR)
    joined = "\n".join(b.text for b in parsed.blocks)
    assert "Word2Vec" in joined and "Mikolov" in joined
    assert not parsed.warnings


@pytest.mark.shared
def test_missing_ocr_language_gives_a_warning_per_page() -> None:
    with pytest.raises(IngestError, match="chybí jazyková data"):
        load(WIKI / "pdf_images" / "5_word2vec.pdf", Ocr(lang="xxx"))


@pytest.mark.shared
def test_garbled_text_layer_is_detected() -> None:
    assert garbled("=:LNLSHGLH\x0fRWHY\x01\x1bHQ«HQF\\NORSHGLH " * 10)
    assert not garbled(text_of(CORPUS / "internal/metodika-ai-pracovni-verze.pdf"))


@pytest.mark.shared
def test_pdf_whose_text_and_image_are_unreadable_is_refused() -> None:
    with pytest.raises(IngestError, match="nejsou čitelné"):
        load(WIKI / "pdf" / "9_tvarosloví.pdf", OCR)


def _encrypted_pdf(path: Path) -> Path:
    writer = PdfWriter(clone_from=PdfReader(CORPUS / "internal/metodika-ai-pracovni-verze.pdf"))
    writer.encrypt("tajne-heslo")
    writer.write(path)
    return path


@pytest.mark.parametrize(
    ("name", "make", "reason"),
    [
        ("prazdny.pdf", lambda p: p.write_bytes(b""), "prázdný"),
        (
            "useknuty.pdf",
            lambda p: p.write_bytes(
                (CORPUS / "internal/metodika-ai-pracovni-verze.pdf").read_bytes()[:900]
            ),
            "poškozený",
        ),
        ("zasifrovany.pdf", _encrypted_pdf, "zašifrovaný"),
        ("ve-skutecnosti-pdf.docx", lambda p: p.write_bytes(b"%PDF-1.7\n..."), "obsahem je PDF"),
        ("smeti.txt", lambda p: p.write_bytes(bytes(range(256)) * 20), "binární"),
        ("rozbity.docx", lambda p: p.write_bytes(b"PK\x03\x04 not really a zip"), "poškozený DOCX"),
        ("neznamy.xyz", lambda p: p.write_text("text"), "nepodporovaný"),
    ],
)
@pytest.mark.shared
def test_bad_files_are_refused_with_a_clear_reason(tmp_path: Path, name, make, reason) -> None:
    path = tmp_path / name
    make(path)
    with pytest.raises(IngestError, match=reason):
        load(path, OCR)
