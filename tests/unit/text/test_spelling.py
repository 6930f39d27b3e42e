"""OCR repair against the real Czech word list (wordfreq, shipped in the package, no download)
and a document vocabulary."""

from __future__ import annotations

from assistant.text import analysis, spelling
from assistant.text.spelling import Speller, lost_diacritics, readings


def test_misread_letters_are_read_back() -> None:
    speller = Speller.czech()
    repaired = speller.correct("Koordindtor projektu zajistí potfeby 12 obcí a projekt( 2024.")
    assert repaired == "Koordinátor projektu zajistí potřeby 12 obcí a projektů 2024."


def test_known_words_names_and_numbers_are_kept() -> None:
    speller = Speller.czech()
    text = "Plan LIBEREC ZOO 12/24/RK, Liberec 2025, umělá inteligence (AI) ( viz výše)."
    assert speller.correct(text) == text


def test_a_page_without_diacritics_gets_them_back() -> None:
    text = "Agentura regionalniho rozvoje pripravila plan rozvoje kraje na rok 2025."
    assert lost_diacritics(text * 6) and not lost_diacritics("Agentura regionálního rozvoje " * 20)
    repaired = Speller.czech().correct(text, accents_lost=True)
    assert repaired == "Agentura regionálního rozvoje připravila plán rozvoje kraje na rok 2025."


def test_document_words_repair_what_the_word_list_lacks() -> None:
    """A project name no dictionary holds is repaired from the clean documents' words."""
    word = "Cyklofestovdni"
    assert Speller.czech().fix(word) == word
    assert Speller.czech().with_words(["Cyklofestování"]).fix(word) == "Cyklofestování"
    assert "cyklofestovani" in readings(word)


def test_ocr_repair_folds_words_as_the_index_does() -> None:
    """One fold: a repaired word is looked up in the form the index stores (it had a copy)."""
    assert spelling.fold is analysis.fold
