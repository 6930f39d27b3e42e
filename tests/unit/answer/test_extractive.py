"""Extractive answers: the best-fitting sentence with its citation, resolution context, and
a refusal when no sentence states the kind of fact asked for."""

from __future__ import annotations

from dataclasses import replace

from assistant.answer.extractive import extract
from assistant.answer.sentences import names_person, with_context
from assistant.model import Chunk, Document, Hit, Passage
from assistant.question.asked import Asked
from assistant.search.filters import Filters
from assistant.search.retrieve import Retriever, SearchRequest
from assistant.text.messages import refusal


def answer(retriever: Retriever, question: str, filters: Filters | None = None):
    filters = filters or Filters()
    hits = retriever.search(SearchRequest(question, filters, 5))
    view = retriever.index(filters)
    return extract(Asked.of(question, filters, view, len(view)), hits), hits


def test_the_sentence_with_the_asked_amount_is_quoted(retriever: Retriever) -> None:
    reply, hits = answer(retriever, "Kolik bude stát cyklostezka z Turnova do Přepeř?")
    assert not reply.abstained and "12 350 000 Kč" in reply.text and reply.text.endswith("[1]")
    [citation] = reply.citations
    assert citation.n == 1 and citation.passage in {h.passage for h in hits}
    assert citation.quote in citation.passage.chunk.text


def test_a_resolution_sentence_names_its_number_and_date(retriever: Retriever) -> None:
    reply, _ = answer(retriever, "Kolik korun schválila rada jako dotaci pro hasiče?")
    assert reply.text.startswith("Usnesení č. 12/24/RK ze dne 12. 3. 2024: ")
    passage = reply.citations[0].passage
    assert with_context("Usnesení č. 12/24/RK platí.", passage) == "Usnesení č. 12/24/RK platí."


def test_no_sentence_with_the_asked_kind_of_fact_is_a_refusal(retriever: Retriever) -> None:
    """The portal's passages have a date but no amount: a price question gets no sentence."""
    news = Filters(doc_types=("aktualita",))
    dated, hits = answer(retriever, "Kdy byl spuštěn datový portál?", news)
    assert "28. 6. 2023" in dated.text
    reply, hits = answer(retriever, "Kolik stál datový portál?", news)
    assert hits and reply.abstained and reply.text == refusal() and reply.citations == ()


def test_nothing_retrieved_is_a_refusal(retriever: Retriever) -> None:
    reply = extract(Asked.of("Cokoliv?", statistics=retriever.statistics(Filters()), chunks=10), [])
    assert reply.abstained and reply.text == refusal()


def test_a_name_no_passage_holds_is_a_refusal_with_the_reason(retriever: Retriever) -> None:
    """Turnov's cycle path is in the index; Jablonec's is not, and no sentence may stand in."""
    reply, hits = answer(retriever, "Kolik bude stát cyklostezka z Jablonce do Přepeř?")
    assert hits and reply.abstained and reply.reason == "constraint_not_found"


def test_a_question_of_another_body_is_not_answered_from_the_council(
    retriever: Retriever,
) -> None:
    reply, _ = answer(retriever, "Kolik korun schválilo zastupitelstvo jako dotaci pro hasiče?")
    assert reply.abstained


def test_each_part_of_a_question_gets_its_sentence(retriever: Retriever) -> None:
    reply, _ = answer(retriever, "Kolik stála dotace pro hasiče a kdy byl spuštěn datový portál?")
    assert "250 000 Kč" in reply.text and "28. 6. 2023" in reply.text
    assert [c.n for c in reply.citations] == [1, 2]


def test_a_heading_or_vote_line_is_never_the_answer(retriever: Retriever) -> None:
    reply, _ = answer(retriever, "Jak rada hlasovala o dotaci pro hasiče?")
    assert "Hlasování: pro 7" in reply.text
    reply, _ = answer(retriever, "Co rada schválila pro hasiče?")
    assert "schvaluje dotaci" in reply.text and "Hlasování" not in reply.text


def test_ocr_sentences_with_words_no_list_knows_are_never_quoted(retriever: Retriever) -> None:
    """The same hasiči passage, once as if OCR had read it: a sentence holding a word the repair
    could not place, or a table's stray marks, would show garbage; the clean one is quoted."""
    question = "Kolik korun schválila rada jako dotaci pro hasiče?"
    reply, hits = answer(retriever, question)
    quoted = reply.citations[0].quote
    word = next(w for w in quoted.split() if w.islower() and len(w) > 4)
    passage = hits[0].passage
    cases = ((quoted.replace(word, "xqzvwk"), {"xqzvwk"}), (f"{quoted} —»|", set()))
    for garbled, unknown in cases:
        chunk = replace(passage.chunk, text=passage.chunk.text.replace(quoted, garbled),
                        ocr_text=passage.chunk.text, unknown=frozenset(unknown))  # fmt: skip
        ocr_hits = [replace(h, passage=replace(passage, chunk=chunk)) if h.passage is passage
                    else h for h in hits]  # fmt: skip
        asked = Asked.of(question, statistics=retriever.statistics(Filters()), chunks=10)
        again = extract(asked, ocr_hits)
        assert all(garbled not in c.quote for c in again.citations)
        assert all(marked not in again.text for marked in (*unknown, "—»|"))


def test_a_person_is_named_by_name_and_surname_not_by_two_capitalised_words() -> None:
    assert names_person("Koordinaci má na starost Ing. Jan Novák.")
    assert names_person("Jiří Ulvr, radní pro digitalizaci, projekt představil.")
    assert not names_person("Projednává akční plán koncepce Chytřejší Liberecký kraj.")
    assert not names_person("Schvaluje Výroční zprávy.")  # a sentence's first word


def _hits(*passages: tuple[str, str, str], date: str = "") -> list[Hit]:
    """Hits made by hand: (title, section, text) per passage, ranked as given."""
    return [
        Hit(rank, 1.0 - rank / 10, Passage(f"c{rank}", Chunk(text, section),
                                           Document(f"d{rank}", f"d{rank}.pdf", title, "public",
                                                    date=date)))
        for rank, (title, section, text) in enumerate(passages)
    ]  # fmt: skip


def _extract(question: str, hits: list[Hit]):
    return extract(Asked.of(question, chunks=10), hits)


def test_a_count_of_the_asked_thing_is_quoted_beside_another_number() -> None:
    text = ("Aplikace MaaS se v regionech testuje se 3 dopravci. Liberecký kraj je jedním z šesti "
            "regionů projektu.")  # fmt: skip
    reply = _extract("V kolika regionech se testuje aplikace MaaS?", _hits(("MaaS", "", text)))
    assert "šesti regionů" in reply.text


def test_the_items_of_a_list_are_not_merged_for_the_words_they_share() -> None:
    """Every item repeats the asked words ("školení … 2024"); what differs makes them different
    items."""
    items = ["říjen 2024 – školení zaměstnanců krajského úřadu v oblasti umělé inteligence",
             "červenec 2024 – školení zaměstnanců krajského úřadu v oblasti dat"]  # fmt: skip
    hits = _hits(("Výroční zpráva", "Vzdělávání", "\n".join(f"• {i}" for i in items)))
    reply = _extract("Jaká školení proběhla v roce 2024?", hits)
    assert "umělé inteligence" in reply.text and "oblasti dat" in reply.text


def test_a_year_asked_about_may_be_the_date_of_the_document() -> None:
    hits = _hits(("Datový portál oceněn", "", "Datový portál získal ocenění v kategorii Projekt "
                  "pro regiony."), date="2023-12-19")  # fmt: skip
    reply = _extract("V jaké kategorii získal datový portál ocenění v roce 2023?", hits)
    assert not reply.abstained and "Projekt pro regiony" in reply.text
    undated = _hits(("Datový portál oceněn", "", hits[0].passage.chunk.text))
    assert _extract("V jaké kategorii získal datový portál ocenění v roce 2023?", undated).abstained


def test_a_definition_is_the_sentence_naming_what_it_defines() -> None:
    """In a record named after it, the sentence after one naming the subject reads as much
    about it as that one; it does not say what the subject is."""
    text = ("Analýza systému Taxibus v kraji proběhla. Pilotní provoz začal mezi dvěma obcemi "
            "pod názvem TvůjBus. Taxibus je poptávková doprava na objednávku.")  # fmt: skip
    reply = _extract("Co je taxibus?", _hits(("Výroční zpráva", "Doprava > Taxibusy", text)))
    assert "Taxibus je poptávková doprava" in reply.text and "Pilotní provoz" not in reply.text


def test_a_sentence_pointing_back_is_quoted_with_the_one_it_points_to() -> None:
    """ "Tyto události …" names nothing alone: the sentence before says which events."""
    text = ("Plán vznikl v době, kdy kraj zasáhla pandemie COVID-19 a energetická krize. Tyto "
            "události ukázaly, jak moderní technologie pomáhají při zvládání krizí.")  # fmt: skip
    reply = _extract("Které krize ukázaly, jak důležité jsou moderní technologie?",
                     _hits(("Akční plán", "", text)))  # fmt: skip
    assert "pandemie COVID-19" in reply.text and "Tyto události" in reply.text


def test_a_part_asked_with_a_preposition_gets_its_own_sentence() -> None:
    """ "… a o kolik se navýšil?" asks for the increase; the budget's amount does not answer it
    although it is a number too."""
    text = ("Rada schválila upravený rozpočet projektu eHealth ve výši 18 400 000 Kč. Bez "
            "dalších změn zůstává harmonogram. Navýšení o 3 500 000 Kč je způsobeno napojením "
            "nemocnic.")  # fmt: skip
    reply = _extract("Jaký je rozpočet projektu eHealth a o kolik se navýšil?",
                     _hits(("eHealth", "", text)))  # fmt: skip
    assert "18 400 000" in reply.text and "3 500 000" in reply.text


def test_a_sentence_about_another_thing_does_not_answer_what_is_asked_about() -> None:
    """The resolution is on the right matter but names no company and counts towns, not
    pupils: both questions are refused rather than answered with it."""
    text = ("Rada schvaluje dotace 27 obcím na školní autobusovou dopravu žáků základních škol "
            "ve výši 4 860 000 Kč. Krajská správa silnic zajistí výběr zhotovitele stavby "
            "cyklostezky Turnov – Přepeře.")  # fmt: skip
    hits = _hits(("Usnesení rady", "", text))
    assert _extract("Kolik žáků jezdí školní autobusovou dopravou?", hits).abstained
    assert _extract("Která stavební firma postaví cyklostezku Turnov – Přepeře?", hits).abstained
    assert not _extract("Kolika obcím dá kraj dotace na školní dopravu?", hits).abstained
    named = _hits(("Usnesení rady", "", "Stavbu cyklostezky Turnov – Přepeře provede společnost "
                   "Stavby Jizera, s. r. o."))  # fmt: skip
    assert "Stavby Jizera" in _extract("Která firma postaví cyklostezku Turnov – Přepeře?",
                                       named).text  # fmt: skip
