"""English questions in the documents' words: a dictd dictionary read from its files, each
English word given the translation the index uses most."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from assistant.text.translation import Dictionary, DictionaryUnavailable, configured, translate

ENTRIES = {
    "region": "region <n>\nkraj\n",
    "cycle path": "cycle path\ncyklostezka\n",
    "path": "path <n>\nstezka\ncesta\n",
    "cost": "cost\n [eko] výdaje, náklady\n         Note: v účetnictví\n",
    "cycle": "cycle <n>\ncyklus\nkolo (jízdní)\n",
    "start": "start <v>\nzahájit\nstartovat\n",
}


def _code(number: int) -> str:
    """dictd's base64 number: big-endian digits, no padding."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    digits = ""
    while True:
        digits = alphabet[number % 64] + digits
        number //= 64
        if not number:
            return digits


def write_dictd(base: Path, entries: dict[str, str]) -> None:
    data, index, offset = b"", [], 0
    for headword, definition in entries.items():
        raw = definition.encode("utf-8")
        index.append(f"{headword}\t{_code(offset)}\t{_code(len(raw))}")
        data, offset = data + raw, offset + len(raw)
    Path(f"{base}.dict.dz").write_bytes(gzip.compress(data))
    Path(f"{base}.index").write_text("\n".join(["00databaseinfo\tA\tA", *index]) + "\n")


def test_the_dictd_files_are_read_with_labels_and_notes_dropped(tmp_path: Path) -> None:
    write_dictd(tmp_path / "eng-ces", ENTRIES)
    dictionary = Dictionary.load(tmp_path / "eng-ces")
    assert dictionary.lookup("cost") == ("výdaje", "náklady")
    assert dictionary.lookup("Regions") == ("kraj",)  # the singular's entry
    assert dictionary.lookup("cycle") == ("cyklus", "kolo")
    assert dictionary.lookup("cycle path") == ("cyklostezka",)


def test_every_entry_of_a_headword_is_found_whatever_its_case(tmp_path: Path) -> None:
    write_dictd(tmp_path / "eng-ces", {"Region": "Region\noblast\n", **ENTRIES, "ab": "ab\nx\n"})
    dictionary = Dictionary.load(tmp_path / "eng-ces")
    assert set(dictionary.lookup("region")) == {"oblast", "kraj"}
    assert dictionary.lookup("regio") == dictionary.lookup("zzz") == ()
    assert len(dictionary.entries) == len(ENTRIES) + 1 == len(list(dictionary.entries))


def test_a_missing_dictionary_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DictionaryUnavailable, match="dict-freedict-eng-ces"):
        configured(tmp_path / "missing")


def test_each_word_gets_the_translation_the_index_uses_most() -> None:
    dictionary = Dictionary(
        {"path": ("stezka", "cesta"), "region": ("kraj",), "cost": ("výdaje", "náklady")}
    )
    uses = {"kraj": 9.0, "cesta": 5.0, "stezka": 2.0, "výdaje": 1.0, "náklady": 4.0}

    def commonness(czech: str) -> float | None:
        return uses.get(czech)

    question = "How much does the path in the Region cost, Mr Novák?"
    assert translate(question, dictionary, commonness) == (
        "How much does the cesta in the kraj náklady, Mr Novák?"
    )


def test_czech_words_in_an_english_question_stay_whole() -> None:
    dictionary = Dictionary({"path": ("stezka",), "p": ("str.",), "epe": ("x",)})
    question = "Is the path from Turnov to Přepeře ready?"
    assert translate(question, dictionary, lambda czech: 1.0) == (
        "Is the stezka from Turnov to Přepeře ready?"
    )
