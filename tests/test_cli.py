"""The CLI contract, exercised through the installed `assistant` command in subprocesses."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import CORPUS, SHARED

ASSISTANT = str(Path(sys.executable).with_name("assistant"))


def run(data: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(data), "HF_HUB_OFFLINE": "1"}
    env = {
        k: v for k, v in env.items() if not k.startswith("ASSISTANT_") or k == "ASSISTANT_DATA_DIR"
    }
    result = subprocess.run(
        [ASSISTANT, *args], capture_output=True, text=True, env=env, timeout=300, cwd=data.parent
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("cli") / "data"
    summary = json.loads(run(data, "ingest", str(CORPUS), "--json").stdout)
    assert summary["counts"]["added"] == 11 and summary["documents"] == 11
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
    assert list(out) == ["question", "answer", "abstained", "mode", "citations"]
    assert out["mode"] == "extractive" and not out["abstained"]
    assert "200 000" in out["answer"]
    assert list(out["citations"][0]) == ["n", "source", "title", "page", "url", "quote"]
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


def test_status_json_contract(data: Path) -> None:
    out = json.loads(run(data, "status", "--json").stdout)
    assert out == {
        "documents": 11,
        "chunks": out["chunks"],
        "retrievers": ["bm25-terms", "bm25-grams"],
        "dense_model": None,
        "llm": None,
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
