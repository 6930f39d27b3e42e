"""Czech analysis: identifiers, numbers and dates survive; diacritics and inflections meet."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor

import pytest
import snowballstemmer
from helpers import CTK

from assistant.text.analysis import (
    fold,
    grams,
    normalize_for_match,
    question_core,
    sentences,
    stem,
    terms,
)


def test_resolution_numbers_stay_whole_and_searchable_by_parts() -> None:
    tokens = terms("Usnesení č. 201/24/ZK")
    assert "201/24/zk" in tokens
    assert {"201", "24", "zk"} <= set(tokens)


@pytest.mark.parametrize(
    "text", ["dne 28. 6. 2023", "dne 28.6.2023", "dne 28. června 2023", "28. cervna 2023"]
)
def test_dates_in_any_czech_form_share_one_token(text: str) -> None:
    assert "2023-06-28" in terms(text)


def test_numbers_with_thousand_separators_join() -> None:
    assert "3700" in terms("navštívilo 3 700 uživatelů")
    assert "3700" in terms("3700 uživatelů")
    assert "412500000" in terms("výdaji 412 500 000 Kč")


def test_single_digits_and_plus_suffix_are_kept() -> None:
    assert "9" in terms("9 pilotních projektů")
    assert {"36", "36+"} <= set(terms("věk 36+"))


def test_units_meet_written_out_words() -> None:
    assert terms("34 km")[1] == terms("kilometrů")[0]
    assert terms("500 Kč")[1] == terms("korun")[0]


def test_stemming_and_folding_make_forms_and_missing_diacritics_meet() -> None:
    assert terms("datový portál")[1] == terms("datovy portal")[1]
    assert terms("projektů") == terms("projektu") == terms("projekt")
    assert terms("zastupitelstvo") == terms("zastupitelstva")


def test_stopwords_and_question_words_are_dropped() -> None:
    assert terms("Kolik je v tom a na to") == []


def test_grams_survive_ocr_damage() -> None:
    clean, damaged = set(grams("pilotních projektech")), set(grams("pilotnich projektech"))
    assert len(clean & damaged) / len(clean) > 0.7


def test_fold_and_normalize() -> None:
    assert fold("Žluťoučký KŮŇ") == "zlutoucky kun"
    assert normalize_for_match("Spuštěno dne 28. 6. 2023!") == "spusteno dne 28 6 2023"


def test_sentences_keep_abbreviations_dates_and_list_markers_together() -> None:
    text = (
        "Portál byl spuštěn dne 28. 6. 2023 na adrese www.datalk.cz. Obsahuje tzv. otevřená data."
        "\nI. schvaluje realizaci projektu, II. ukládá radě kraje. Ing. J. Novák souhlasil."
    )
    assert sentences(text) == [
        "Portál byl spuštěn dne 28. 6. 2023 na adrese www.datalk.cz.",
        "Obsahuje tzv. otevřená data.",
        "I. schvaluje realizaci projektu, II. ukládá radě kraje.",
        "Ing. J. Novák souhlasil.",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Podle čl. 5 odst. 2 zákona rada rozhodla.",
        "Dle § 3 písm. A zákona se postupuje obdobně.",
        "Kraj podpoří např. Obce Jizerských hor.",
        "Dotace činí 250 000 Kč. Obdrží ji hasiči.",
        "Sídlo je na adrese U Jezu 642/2a, nám. Dr. E. Beneše 1.",
        "Viz usnesení č. 201/24/ZK ze dne 28. 5. 2024.",
        "Koncepce byla schválena 26. Února 2019 zastupitelstvem.",  # a month capitalised by OCR
        "Muzeum Frýdlantska, z. ú., se sídlem ve Frýdlantu.",  # "ú" is not an upper-case letter
        "Podle čl. IV a s. 12 přílohy se postupuje obdobně.",
        "Odkaz na projekt c. Studium dokumentů neproběhlo.",  # "č." with no number: a cell ends
    ],
)
def test_abbreviations_with_diacritics_do_not_end_a_sentence(text: str) -> None:
    expected = {
        "Dotace činí 250 000 Kč. Obdrží ji hasiči.": 2,
        "Odkaz na projekt c. Studium dokumentů neproběhlo.": 2,
    }
    assert len(sentences(text)) == expected.get(text, 1), sentences(text)


def test_overlong_run_on_text_is_cut() -> None:
    text = "; ".join(f"položka číslo {i} se týká dalšího projektu kraje" for i in range(40))
    assert all(len(s) <= 450 for s in sentences(text))


def test_question_frame_words_are_removed_but_content_stays() -> None:
    assert question_core("Jaké úkoly dolování z textu jsou uvedeny v článku?") == (
        "Jaké úkoly dolování z textu jsou ?"
    )
    assert question_core("Stručně popište hlavní cíl shlukové analýzy.") == (
        "hlavní cíl shlukové analýzy."
    )


@pytest.mark.shared
def test_stemming_is_safe_from_many_threads() -> None:
    """The API analyses queries on a thread pool; Snowball stemmers keep state per call."""
    text = (CTK / "corpus.jsonl").read_text(encoding="utf-8")[:400_000]
    vocabulary = sorted(set(re.findall(r"\w{4,}", text.lower())))
    assert len(vocabulary) > 1000
    reference = snowballstemmer.stemmer("czech")
    expected = [fold(reference.stemWord(w)) for w in vocabulary]
    uncached = stem.__wrapped__
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: [uncached(w) for w in vocabulary], range(16)))
    assert all(r == expected for r in results)
