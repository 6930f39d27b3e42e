"""Question analysis: language, the parts a question asks, the kinds of fact each wants, and
its constraints (names, numbers, dates, the council body)."""

from __future__ import annotations

import pytest

from assistant.model import Turn
from assistant.question.analyse import analyse, language
from assistant.question.followup import is_follow_up, standalone
from assistant.text.analysis import adjectival, fold
from assistant.text.facts import states


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Co je to taxibus?", "cs"),  # "to" is Czech as well as English
        ("Kde je sídlo krajského úřadu?", "cs"),  # "kde" is Czech as well as Slovak
        ("Jezdí autobus do Liberce?", "cs"),
        ("How much does the cycle path from Turnov cost?", "en"),
        ("Koľko stojí cyklotrasa?", "sk"),
        ("12/24/RK", "cs"),
    ],
)
def test_language(question: str, expected: str) -> None:
    assert language(question) == expected


def test_a_question_asking_two_things_has_two_parts() -> None:
    analysis = analyse("Kolik bude stát cyklostezka z Turnova do Přepeř a kdy bude hotová?")
    first, second = analysis.parts
    assert first.required == ("money",) and "cyklostezk" in first.content
    assert second.required == ("date",) and "cyklostezk" not in second.content
    assert analysis.kinds == ("money", "number", "date")
    assert not analysis.wants_list and not analysis.yes_no


def test_a_part_may_open_with_a_preposition() -> None:
    analysis = analyse("Jaký byl původní rozpočet projektu a o kolik se navýšil?")
    first, second = analysis.parts
    assert first.required == ("money",) and second.required == ("number",)
    assert second.content == ("navysil",)


def test_a_plural_interrogative_wants_a_list_and_names_the_body() -> None:
    analysis = analyse("Jaké projekty schválila rada v roce 2024?")
    assert analysis.wants_list and analysis.approval
    assert analysis.bodies == ("rada",) and "2024" in analysis.names


def test_question_shapes() -> None:
    assert analyse("Je datový portál zdarma?").yes_no
    assert analyse("Co je to taxibus?").definition
    vote = analyse("Kdo hlasoval proti usnesení č. 12/24/RK?")
    assert vote.vote and vote.who and "12/24/rk" in vote.names
    assert analyse("Kde je sídlo krajského úřadu?").where


def test_a_written_date_is_one_name() -> None:
    """ "12. 3. 2024" constrains to that day, not to the numbers 12, 3 and 2024 anywhere."""
    assert analyse("Co rada rozhodla 12. 3. 2024?").names == ("2024-03-12",)


def test_interrogatives_are_not_content() -> None:
    analysis = analyse("Kolik kilometrů měří cyklostezka?")
    assert "kolik" not in analysis.content and "cyklostezk" in analysis.content


def test_a_city_is_not_satisfied_by_the_regions_adjective() -> None:
    """ "v Liberci" names the city; "Libereckého kraje", in every document, is the region."""
    assert adjectival("Libereckého") and adjectival("Jizerské") and not adjectival("Liberci")
    assert analyse("Kolik stojí vstupné do zoo v Liberci?").nouns == {"liberk"}
    assert analyse("Kolik obyvatel má Liberecký kraj?").nouns == frozenset()


@pytest.mark.parametrize(
    ("question", "follows"),
    [
        ("A kolik bude stát?", True),
        ("Od kdy do kdy se dá žádat a kolik můžeme dostat?", True),  # short parts, no name
        ("Kdy byla schválena?", True),  # one content word, names nothing
        ("Kolik stojí vstupné do zoo?", False),  # one question with a topic of its own
        ("Co je taxibus?", False),  # a definition names its topic
        ("Proč se navýšil rozpočet projektu eHealth?", False),  # a brand is a name
        ("Kolik peněz to je a kdy bude výstava otevřená?", True),
        ("Jaký základní kapitál má společnost Energie Ralsko?", False),  # names its topic
        ("Kolik obyvatel má Liberecký kraj?", False),
    ],
)
def test_follow_up_detection(question: str, follows: bool) -> None:
    assert is_follow_up(question) is follows


def test_the_carried_topic_does_not_turn_its_first_word_into_a_name() -> None:
    history = [Turn("user", "Vypsal kraj letos program pro hasiče?"), Turn("assistant", "Ano.")]
    query = standalone("A do kdy se dá žádat?", history)
    assert "vypsal" in query and "Vypsal" not in query
    assert analyse(query).names == ()


def test_who_holds_a_role_is_not_a_definition() -> None:
    assert analyse("Kdo je Jiří Ulvr?").definition
    assert not analyse("Kdo je vedoucím odboru dopravy?").definition
    assert analyse("Kdo je vedoucím odboru dopravy?").who


def test_a_follow_up_without_an_interrogative_asks_what_the_last_question_asked() -> None:
    history = [Turn("user", "Kolik by stál pilotní provoz komerčního chatbota?")]
    query = standalone("A vlastní řešení na otevřených technologiích?", history)
    assert "money" in analyse(query).kinds
    assert standalone("A kdy začne?", history).count("kolik") == 0


def _fits(question: str, sentence: str) -> bool:
    """Whether a sentence states every kind of fact the question requires."""
    return all(states(k, fold(sentence)) for k in analyse(question).parts[0].required)


def test_a_money_question_needs_a_sentence_with_an_amount() -> None:
    assert analyse("Kolik bude stát cyklostezka?").parts[0].required == ("money",)
    assert _fits("Kolik bude stát cyklostezka?", "Cyklostezka bude stát 12 350 000 Kč.")
    assert not _fits("Kolik bude stát cyklostezka?", "Cyklostezka bude dlouhá 6,4 km.")
    dated = "Kdy byl spuštěn datový portál?"
    assert _fits(dated, "Portál byl spuštěn 28. 6. 2023.") and not _fits(dated, "Portál běží.")


def test_a_neuter_plural_asks_for_a_list_a_feminine_singular_does_not() -> None:
    assert analyse("Jaká školení pro zaměstnance proběhla?").wants_list
    assert analyse("Která opatření kraj přijal?").wants_list
    assert not analyse("Jaká částka byla schválena?").wants_list


def test_a_word_after_an_adjective_or_an_agent_noun_is_no_verb() -> None:
    """ "-el" ends past tenses ("dělal") and nouns ("model", "obyvatel"): verbs weigh less."""
    assert "model" not in analyse("Jaký jazykový model používá asistent?").verbs
    assert "obyvatel" not in analyse("Kolik obyvatel má Liberec?").verbs
    assert "schvalil" in analyse("Kdo schválil rozpočet?").verbs


def test_english_function_words_are_no_focus_but_czech_words_spelled_alike_are() -> None:
    assert "region" in analyse("V kolika regionech se testuje aplikace?").content
    assert "man" not in analyse("How many regions test the app?").content


def test_a_translated_question_keeps_its_language_and_asked_kind() -> None:
    analysis = analyse("When will the stavba start?", "When will the construction start?")
    assert analysis.language == "en" and analysis.kinds == ("date",)
    assert "stavb" in analysis.content


def test_the_noun_an_interrogative_asks_about() -> None:
    """What the answer must be about; nothing when only a kind of fact is asked or the word
    after the interrogative may be a verb."""
    assert analyse("Která stavební firma bude zhotovitelem stezky?").noun == "firma"
    assert analyse("Kolik stojí roční permanentka do zoo?").noun == "permanentka"
    assert analyse("Kolik žáků jezdí školním autobusem?").noun == "zaku"
    assert analyse("Kolik žáků jezdí školním autobusem?").counts_noun
    priced = analyse("Kolik činí příspěvek na kompostéry?")
    assert priced.noun == "prispevek" and not priced.counts_noun, "its amount, not a count"
    assert analyse("Kolik lidí přišlo na výstavu?").noun == ""  # a kind of fact: a count
    assert analyse("Kolik zaplatíme jako rodina?").noun == ""  # a verb
    assert analyse("Kolik přispívá kraj na výměnu kotlů?").noun == ""  # a verb in -á
    assert analyse("Kolik stojí samotná magnetická rezonance?").noun == "rezonance"
    assert analyse("Kolik činí v návrhu rozpočtu výdaje na dopravu?").noun == ""
    assert analyse("Kdy bude hotová cyklostezka?").noun == ""


def test_a_later_part_may_ask_for_a_thing_and_the_carried_topic_is_every_parts() -> None:
    analysis = analyse("A po kterém břehu Jizery povede a jak bude široká? (nová cyklostezka)")
    first, second = analysis.parts
    assert second.content == ("sirok",), "the carried topic is not the last part's focus"
    assert "cyklostezk" in first.content and "cyklostezk" in analysis.content
