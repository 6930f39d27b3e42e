"""The widget and the research workspace in real headless Chromium (Debian's chromium, driven
by playwright-core from npm) against a real `assistant serve` process."""

from __future__ import annotations

import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import docx
import pytest
from helpers import ROOT, SAMPLES

BROWSER = ROOT / "tests" / "browser"
KEY = "klic-reserse"
XSS_DOC = """# Testovací dokument o bezpečnosti webu

Testovací dokument o bezpečnosti webu se skriptem obsahuje <script>window.__xss = true;
document.title = "XSS"</script> a obrázek <img src=x onerror="window.__xss=true"> a odkaz
[klikni sem](javascript:window.__xss=true). Asistent nesmí nic z toho spustit.
"""


# A text layer without diacritics, as poor OCR leaves it: repaired, quoted, marked as OCR.
SCANNED = (
    "Kotelna v budove krajskeho uradu byla v roce 2024 modernizovana. Nove kotle snizily spotrebu"
    " plynu o 18 procent a rocni naklady na vytapeni klesly o 420 000 Kc. Provoz kotelny zajistuje"
    " odbor spravy majetku kraje. Pristi pravidelna kontrola kotelny probehne v lednu 2025 a jeji"
    " vysledky budou zverejneny na webu kraje spolu s prehledem spotreby energie za cely rok."
)


def _scanned_pdf(path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)  # a core font: no font file needed, the text is ASCII
    pdf.multi_cell(0, 6, "Zprava o provozu kotelny\n\n" + SCANNED)
    pdf.output(str(path))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    if not (BROWSER / "node_modules" / "playwright-core").is_dir():
        pytest.fail("run `npm ci --prefix tests/browser` (make setup-dev does)")
    folder = tmp_path_factory.mktemp("browser")
    data = folder / "data"
    extra = folder / "extra"
    extra.mkdir()
    (extra / "bezpecnost.md").write_text(XSS_DOC, encoding="utf-8")
    (extra / "bezpecnost.md.meta.json").write_text(
        json.dumps({"access": "public", "title": "Bezpečnost <script>alert(1)</script>",
                    "url": "javascript:window.__xss=true"}),
        encoding="utf-8",
    )  # fmt: skip
    _scanned_pdf(extra / "kotelna.pdf")
    (extra / "kotelna.pdf.meta.json").write_text(
        json.dumps({"access": "public", "title": "Zpráva o provozu kotelny"}), encoding="utf-8"
    )
    env = {
        **os.environ,
        "ASSISTANT_DATA_DIR": str(data),
        "ASSISTANT_STAFF_API_KEYS": KEY,
        "ASSISTANT_RATE_LIMIT_PER_MINUTE": "1000",
        "HF_HUB_OFFLINE": "1",
    }
    assistant = str(Path(sys.executable).with_name("assistant"))
    subprocess.run([assistant, "ingest", str(SAMPLES / "corpus"), str(extra)], env=env, check=True,
                   capture_output=True, timeout=300)  # fmt: skip
    port = _free_port()
    process = subprocess.Popen(
        [assistant, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            with urllib.request.urlopen(base + "/readyz", timeout=1) as response:
                if response.status == 200:
                    break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("the server did not start: " + process.stdout.read().decode())
    yield base, data, folder
    process.terminate()
    process.wait(timeout=10)


def scenario(name: str, server) -> dict:
    base, _, folder = server
    result = subprocess.run(
        ["node", str(BROWSER / "run.mjs"), name, base, str(folder), KEY],
        capture_output=True, text=True, timeout=180, cwd=BROWSER,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    observed = json.loads(result.stdout.strip().splitlines()[-1])
    assert observed["errors"] == []
    return observed


def test_widget_is_operable_by_keyboard_streams_and_stores_feedback(server) -> None:
    seen = scenario("widget", server)
    assert seen["before"] == {"cookie": "", "local": 0, "session": 0}
    assert 0 < seen["launcherTabs"] < 20
    assert seen["expanded"] == "true"
    assert "Zeptat se asistenta" in seen["focusAfterOpen"] or "Skrýt" in seen["focusAfterOpen"], (
        "opening must not move focus"
    )
    assert "umělá inteligence" in seen["notice"] and "30 dní" in seen["notice"]
    assert seen["sawBusy"] and seen["logBusyAfter"] == "false"
    assert seen["status"] == "Odpověď je hotová."
    assert seen["focusAfterAnswer"].startswith("lk-q"), "focus stays in the question field"
    assert "12 350 000 Kč" in seen["answer"]
    assert seen["citations"] and all(c["href"].startswith("http") for c in seen["citations"])
    assert seen["citations"][0]["text"].startswith("[1] ")
    assert seen["feedbackStatus"] == "Děkujeme za hodnocení." == seen["thanks"]
    assert seen["answerStartVisible"] is True
    assert seen["demoButtons"] == 0, "the demo is a regional site, not a test page"
    assert seen["after"] == {"cookie": "", "local": 0, "session": 0}
    narrow = seen["narrow"]
    assert 0 <= narrow["left"] < narrow["right"] <= 320, narrow
    assert narrow["scroll"] <= narrow["client"] and narrow["outside"] == [], narrow
    assert narrow["page"] <= 320, "the demo page reflows at 320 px too"
    assert seen["closedExpanded"] == "false" and "Zeptat se asistenta" in seen["focusAfterClose"]
    _, data, _ = server
    db = sqlite3.connect(data / "conversations.sqlite3")
    rows = db.execute("SELECT rating, reason, comment FROM feedback").fetchall()
    db.close()
    assert (
        "down",
        "Odpověď je nesprávná",
        "Chybí datum zahájení stavby, volejte mi na [telefon].",
    ) in rows


def test_open_widget_has_no_accessibility_violations(server) -> None:
    seen = scenario("widget", server)
    for state in ("axeOpen", "axeAnswered", "axeNarrow"):
        assert seen[state] == [], (state, seen[state])


def test_a_quote_from_ocr_text_is_repaired_and_marked_as_such(server) -> None:
    seen = scenario("ocr", server)
    assert "18 procent" in seen["answer"] and "snížily spotřebu" in seen["answer"], seen["answer"]
    ocr = [c for c in seen["citations"] if "Zpráva o provozu kotelny" in c]
    assert ocr and all("rozpoznaný ze skenu" in c for c in ocr), seen["citations"]
    assert all("rozpoznaný ze skenu" not in c for c in seen["citations"] if c not in ocr)
    assert seen["axe"] == []


def test_abstention_offers_the_human_contact(server) -> None:
    seen = scenario("abstain", server)
    assert seen["status"] == "Asistent odpověď nenašel."
    assert seen["help"] == "Kontakt: kontakty krajského úřadu"
    assert seen["contact"] == "https://www.kraj-lbc.cz/kontakty"
    assert seen["refusal"].count("obraťte") == 1, (
        "the office is named once, its contact linked once"
    )


def test_script_in_a_document_never_runs(server) -> None:
    seen = scenario("xss", server)
    assert "<script>" in seen["answer"], "the markup is shown as text"
    assert seen["executed"] is False and seen["scripts"] == 0
    assert all(h.startswith(("http://", "https://")) for h in seen["hrefs"])


def test_research_workspace_answers_with_filters_and_exports_docx(server) -> None:
    """The workspace as an official uses it: Czech type names, the export of the answer on
    screen (not of the field edited since), originals opening for the signed-in browser only,
    internal sources marked on screen and in the memo, the key kept for the tab, each result
    replacing the previous one."""
    seen = scenario("research", server)
    _, _, folder = server
    assert "Materiál pro jednání" in seen["typeLabels"] and "material" not in seen["typeLabels"]
    assert "12 350 000 Kč" in seen["answer"]
    assert any("usnesení č. 113/25/ZK" in c and "18. 3. 2025" in c for c in seen["citations"])
    assert seen["passages"] and all("Usnesení" in p for p in seen["passages"])
    assert seen["download"].startswith("reserse-jake-jsou-celkove-naklady-cyklostezky")
    document = docx.Document(str(folder / "reserse.docx"))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Rešerše: Jaké jsou celkové náklady cyklostezky" in text and "jiného" not in text
    assert "12 350 000 Kč" in text and "Vytvořeno s podporou AI" in text
    assert "usnesení č. 113/25/ZK" in text.lower() or "č. 113/25/ZK" in "\n".join(
        c.text for t in document.tables for row in t.rows for c in row.cells
    )
    assert seen["original"]["status"] == 200 and "json" not in seen["original"]["type"]
    assert seen["originalWithoutLogin"] == 401
    assert seen["keyAfterReload"] is True
    internal = [c for c in seen["internalCitations"] if "neveřejné" in c.lower()]
    assert internal and all("NEVEŘEJNÉ" in c for c in internal), seen["internalCitations"]
    memo = docx.Document(str(folder / "reserse-interni.docx"))
    headings = [p.text for p in memo.paragraphs if p.style.name.startswith("Heading 3")]
    assert any(h.endswith("– NEVEŘEJNÉ") for h in headings), headings
    assert seen["axe"] == []
    assert seen["afterTopic"] == {"answer": "Zatím nic.", "citations": 0, "exports": False}
    assert seen["topicAfterAnswer"] is False
    assert "klíč" in seen["badKeyStatus"]


def test_topic_research_shows_a_timeline_and_exports_it(server) -> None:
    """Topic mode of the workspace, by keyboard: the resolutions on the matter with status,
    parts and source, accessible (axe-core on the whole page), exported as DOCX."""
    seen = scenario("topic", server)
    _, _, folder = server
    assert 0 < seen["topicTabs"] < 15
    assert seen["status"] == "Rešerše k tématu je hotová: 1 usnesení."
    [item] = seen["timeline"]
    assert "Usnesení č. 113/25/ZK ze dne 18. 3. 2025" in item and "platné" in item
    assert "I. schvaluje realizaci stavby" in item and "Hlasování: pro" in item
    assert seen["links"] and all("/api/staff/documents/" in h for h in seen["links"])
    assert seen["materials"] == [] or all("(" in m for m in seen["materials"])
    assert seen["axe"] == []
    assert seen["download"].startswith("reserse-jizerska-cyklostezka-turnov-prepere")
    document = docx.Document(str(folder / "reserse-tema.docx"))
    cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "č. 113/25/ZK" in cells and "platné" in cells


def test_resolution_view_shows_one_resolution_with_its_history(server) -> None:
    """The resolution view of the workspace, opened by keyboard from a typed number and from a
    topic's timeline: title, status, parts, vote, source, history, referrers and the full text;
    focus moves to its heading; axe-core clean; a typo or an unknown number says so in Czech."""
    seen = scenario("resolution", server)
    assert 0 < seen["showTabs"] < 20
    for view in (seen["typed"], seen["fromTimeline"]):
        assert view["title"] == "Usnesení č. 113/25/ZK ze dne 18. 3. 2025"
        assert view["focused"] == "resolution-title"
        assert view["status"] == "Usnesení č. 113/25/ZK: platné."
        assert "Výstavba Jizerské cyklostezky" in view["detail"] and "platné" in view["detail"]
        assert "I. schvaluje realizaci stavby" in view["detail"]
        assert "Hlasování: pro 42, proti 0" in view["detail"]
        assert view["history"] == [
            "č. 113/25/ZK ze dne 18. 3. 2025: Výstavba Jizerské cyklostezky, úsek Turnov – "
            "Přepeře (platné) – toto usnesení"
        ]
        assert view["referrers"] == ["Žádné usnesení v indexu na ně neodkazuje."]
        assert "12 350 000 Kč" in view["text"] and "Termín: 31. 5. 2025" in view["text"]
    assert seen["axe"] == []
    assert seen["notANumber"] == "Zadejte číslo usnesení, např. 287/24/ZK."
    assert seen["missing"] == "Usnesení v indexu není nebo není veřejné."


def test_widget_build_is_reproducible() -> None:
    if not (ROOT / "widget" / "node_modules" / "esbuild").is_dir():
        pytest.fail("run `npm ci --prefix widget` (make setup-dev does)")
    built = ROOT / "assistant" / "static" / "widget.js"
    before = built.read_bytes()
    try:
        subprocess.run(["npm", "run", "build", "--silent"], cwd=ROOT / "widget", check=True,
                       capture_output=True, timeout=120)  # fmt: skip
        assert built.read_bytes() == before, "the committed widget.js differs from its source"
    finally:
        built.write_bytes(before)
    import gzip

    assert len(gzip.compress(before, 9)) <= 25 * 1024
    assert shutil.which("node")


def test_review_page_marks_feedback_and_shows_content_gaps(server) -> None:
    """The working group's page by keyboard, on a generated log of citizens' questions: the
    answers rated "Nepomohlo" listed and marked, the marks downloaded as a review sheet, the
    content gaps grouped into topics with months, examples and closest documents; axe-core
    clean."""
    from helpers import bench_module

    _, data, folder = server
    citizens = bench_module("citizen_log")
    citizens.write_log(data / "conversations.sqlite3")
    seen = scenario("review", server)
    assert seen["items"] >= 100 and seen["loaded"].startswith("Načteno: ")
    assert seen["marked"] == "Hodnocení skupiny: špatně"
    assert seen["sheet"].startswith("hodnoceni-")
    sheet = (folder / "hodnoceni.csv").read_text(encoding="utf-8-sig")
    assert sheet.startswith("id;otázka;") and "Parkoviště je za budovou úřadu." in sheet
    assert "seskupeno podle významu" in seen["gapsSummary"]
    assert len(seen["topics"]) >= 10
    name, count, months, examples, closest = seen["topics"][0]
    assert name and "," in name, name
    assert count.split()[0].isdigit() and "2026-" in months and examples and closest
    for personal in citizens.PERSONAL_STRINGS:
        assert personal not in json.dumps(seen, ensure_ascii=False)
    assert seen["axe"] == []
