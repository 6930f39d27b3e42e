"""How much of a question a passage covers, and the strength that decides abstention."""

from __future__ import annotations

import pytest

from assistant.search.evidence import QuestionEvidence, Uniform
from assistant.search.lexical import Generation, LexicalIndex
from assistant.settings import Settings


@pytest.fixture
def statistics(tiny: Settings) -> LexicalIndex:
    return Generation.current(tiny.storage.index_dir).views["all"]


def test_coverage_of_a_passage_that_answers_is_high(statistics) -> None:
    evidence = QuestionEvidence("Jak dlouhá bude cyklostezka z Turnova do Přepeř?", statistics)
    answer = "Cyklostezka z Turnova do Přepeř bude dlouhá 6,4 km."
    assert evidence.coverage(answer) > 0.9
    assert evidence.coverage("Datový portál byl spuštěn.") < 0.2


def test_words_the_index_never_saw_weaken_the_evidence(statistics) -> None:
    """A question about something absent shares common words but not its focus."""
    evidence = QuestionEvidence("Jaký je jízdní řád trolejbusů v Turnově?", statistics)
    passage = "Rada kraje schvaluje dotaci 250 000 Kč pro hasiče v Turnově."
    assert evidence.unknown
    assert evidence.strength(passage) < evidence.coverage(passage)
    uniform = QuestionEvidence("Jaký je jízdní řád trolejbusů v Turnově?", Uniform())
    assert not uniform.unknown and uniform.strength(passage) == uniform.coverage(passage)


def test_an_unknown_verb_weakens_the_evidence_less_than_an_unknown_noun(statistics) -> None:
    """ "Můžu tam jít?" is how a citizen asks; "trolejbus" is what the documents lack."""
    passage = "Cyklostezka z Turnova do Přepeř bude dlouhá 6,4 km."
    verb = QuestionEvidence("Kam vede cyklostezka z Turnova, když tam chci dojít?", statistics,
                            frozenset({"dojit"}))  # fmt: skip
    noun = QuestionEvidence("Kam vede trolejbus z Turnova, když tam chci dojít?", statistics,
                            frozenset({"dojit"}))  # fmt: skip
    assert "dojit" in verb.unknown and 0 < verb.unknown_share(passage) < noun.unknown_share(passage)


def test_interrogatives_are_no_evidence(statistics) -> None:
    evidence = QuestionEvidence("Kolik připomínek přišlo a od koho?", statistics)
    assert not {"koh", "kolik"} & set(evidence.terms.weights)


def test_question_frame_words_do_not_count(statistics) -> None:
    framed = QuestionEvidence("Uveďte podle článku, kolik stojí cyklostezka.", statistics)
    plain = QuestionEvidence("Kolik stojí cyklostezka?", statistics)
    assert framed.terms == plain.terms


def test_the_previous_sentence_and_the_rank_count(statistics) -> None:
    evidence = QuestionEvidence("Proč se zvýšil rozpočet?", statistics)
    alone = evidence.sentence_score("Je to způsobeno inflací.", "", "", 0)
    continued = evidence.sentence_score("Je to způsobeno inflací.", "", "Rozpočet se zvýšil.", 0)
    assert continued > alone
    assert evidence.sentence_score("Rozpočet se zvýšil.", "", "", 3) < evidence.sentence_score(
        "Rozpočet se zvýšil.", "", "", 0
    )
