"""A generated log of citizens' questions for the content-gap report: 14 matters a regional
website is asked about, each in 40 differently worded questions (some with a name, phone,
e-mail, birth number, address or bank account the scrubber must remove), refused, rated
"Nepomohlo" or answered, over three months. Prints how the report groups them: purity (the
share of a topic's questions of its main matter) and completeness (the share of a matter's
questions in its largest topic), by meaning (e5) and by words.

    .venv/bin/python bench/citizen_log.py [--lexical]
"""

from __future__ import annotations

import json
import random
import sqlite3
import sys
import tempfile
from collections import Counter
from pathlib import Path

MATTERS = {
    "parkování": [
        "Kde můžu zaparkovat u krajského úřadu?",
        "Je u budovy kraje parkoviště pro návštěvy?",
        "Dá se u úřadu na U Jezu stát autem zdarma?",
        "Kolik stojí parkování před krajským úřadem?",
        "Kam s autem, když jedu na úřad v Liberci?",
        "Mají návštěvníci úřadu vyhrazená parkovací místa?",
        "Parkování pro invalidy u krajského úřadu?",
        "Kde nechat auto při návštěvě kraje?",
    ],
    "úřední hodiny": [
        "Kdy má otevřeno podatelna krajského úřadu?",
        "Jaké jsou úřední hodiny kraje?",
        "Do kolika hodin je ve středu otevřená podatelna?",
        "V kolik otevírá krajský úřad?",
        "Můžu přijít na úřad v pátek odpoledne?",
        "Otevírací doba úřadu o prázdninách?",
        "Je podatelna otevřená i v sobotu?",
        "Kdy úřadujete?",
    ],
    "kotlíkové dotace": [
        "Jak požádat o kotlíkovou dotaci?",
        "Dostanu příspěvek na výměnu starého kotle?",
        "Kolik peněz dává kraj na nový kotel na tuhá paliva?",
        "Kdy bude další výzva kotlíkových dotací?",
        "Chci vyměnit kotel za tepelné čerpadlo, je na to dotace?",
        "Podmínky dotace na výměnu kotle?",
        "Kam poslat žádost o kotlíkovou dotaci?",
        "Do kdy musím vyměnit kotel třetí třídy?",
    ],
    "jízdné": [
        "Kolik stojí jízdenka IDOL pro seniora?",
        "Mají důchodci v krajských autobusech slevu?",
        "Jak si koupím jízdenku na vlak v Libereckém kraji?",
        "Platí pro studenty sleva na jízdné v IDOL?",
        "Kde koupit měsíční kupón na autobus?",
        "Jezdí děti do šesti let v MHD zdarma?",
        "Jaké je jízdné z Liberce do Jablonce?",
        "Dá se zaplatit jízdenka kartou u řidiče?",
    ],
    "řidičák": [
        "Kde si vyměním řidičský průkaz?",
        "Jak dlouho trvá vydání nového řidičáku?",
        "Co potřebuju k výměně řidičského průkazu?",
        "Ztratil jsem řidičák, co mám dělat?",
        "Kolik stojí nový řidičský průkaz?",
        "Musím na výměnu řidičáku osobně?",
        "Kde je registr řidičů v Liberci?",
        "Propadl mi řidičský průkaz, můžu řídit?",
    ],
    "přijímačky": [
        "Kdy jsou přijímací zkoušky na střední školy?",
        "Kolik přihlášek na střední školu můžu podat?",
        "Jak se hlásit na gymnázium v Liberci?",
        "Do kdy podat přihlášku na střední školu?",
        "Kde najdu výsledky přijímacích zkoušek?",
        "Kolik bodů je potřeba na přijetí na průmyslovku?",
        "Jak funguje odvolání při nepřijetí na střední školu?",
        "Kdy je druhé kolo přijímacího řízení?",
    ],
    "odpad": [
        "Kdy se vyváží popelnice v Liberci?",
        "Kam s nebezpečným odpadem?",
        "Kolik se platí poplatek za odpad?",
        "Kde je nejbližší sběrný dvůr?",
        "Jak se zbavit starého gauče?",
        "Kdo odváží tříděný odpad na vesnici?",
        "Můžu vyhodit elektroodpad do kontejneru?",
        "Kde třídit bioodpad?",
    ],
    "příspěvek na péči": [
        "Jak požádat o příspěvek na péči?",
        "Kolik je příspěvek na péči o babičku?",
        "Kdo rozhoduje o příspěvku na péči?",
        "Máma potřebuje pečovatelku, jaký příspěvek dostane?",
        "Jak dlouho se čeká na přiznání příspěvku na péči?",
        "Kam se odvolat proti výši příspěvku na péči?",
        "Dostane příspěvek na péči i dítě s postižením?",
        "Jaké jsou stupně závislosti pro příspěvek na péči?",
    ],
    "uzavírky silnic": [
        "Kdy skončí uzavírka silnice na Frýdlant?",
        "Proč je zavřená silnice u Chrastavy?",
        "Kudy vede objížďka kvůli opravě silnice?",
        "Jak dlouho bude rozkopaná silnice do Hrádku?",
        "Kdo opravuje krajskou silnici u Turnova?",
        "Kde najdu seznam uzavírek silnic v kraji?",
        "Bude letos opravena silnice přes Ještěd?",
        "Proč se opravuje silnice zrovna v létě?",
    ],
    "hejtman": [
        "Kdo je hejtman Libereckého kraje?",
        "Jak se jmenuje současný hejtman?",
        "Jak můžu napsat panu hejtmanovi?",
        "Kdy má hejtman dny otevřených dveří pro občany?",
        "Kdo je náměstek hejtmana pro dopravu?",
        "Můžu se objednat na schůzku s hejtmanem?",
        "Za jakou stranu je hejtman zvolen?",
        "Jaký plat má hejtman kraje?",
    ],
    "pohotovost": [
        "Kde je zubní pohotovost o víkendu?",
        "Kdy má otevřeno lékařská pohotovost v Liberci?",
        "Která nemocnice má dětskou pohotovost?",
        "Kam jet v noci s horečkou?",
        "Je v Jablonci pohotovostní lékárna?",
        "Kde najdu pohotovost v Semilech?",
        "Kolik se platí za ošetření na pohotovosti?",
        "Kde je nejbližší pohotovost pro dospělé?",
    ],
    "dotace pro spolky": [
        "Jak může náš fotbalový klub získat dotaci od kraje?",
        "Dává kraj peníze spolkům na sport?",
        "Kdy je uzávěrka dotací pro neziskové organizace?",
        "Podpora kraje pro hasičský spolek?",
        "Jak podat žádost o grant pro kulturní spolek?",
        "Můžeme jako spolek žádat o příspěvek na turnaj?",
        "Dotační program na vybavení tělocvičny pro oddíl?",
        "Kolik peněz dostávají sportovní kluby od kraje?",
    ],
    "volby": [
        "Kdy budou krajské volby?",
        "Kde budu volit do zastupitelstva kraje?",
        "Jak si požádat o voličský průkaz na krajské volby?",
        "Můžu volit do kraje, když bydlím jinde?",
        "Kolik zastupitelů se volí v Libereckém kraji?",
        "Kdy se dozvím výsledky krajských voleb?",
        "Jak se volí korespondenčně do krajského zastupitelstva?",
        "Jaké strany kandidují do kraje?",
    ],
    "stipendia": [
        "Dává kraj stipendium studentům učňovských oborů?",
        "Jak získat krajské stipendium na vysokou školu?",
        "Kolik je stipendium pro učně v technických oborech?",
        "Může student medicíny dostat stipendium od kraje?",
        "Kdo má nárok na prospěchové stipendium?",
        "Kam podat žádost o stipendium kraje?",
        "Dostanu stipendium, když se učím na instalatéra?",
        "Podmínky stipendia pro budoucí učitele?",
    ],
}
OPENINGS = ["", "Dobrý den, ", "Prosím, ", "Chtěl bych se zeptat: ", "Dotaz: "]
PERSONAL = [
    " Jsem Jana Nováková, tel. 603 123 456.",
    " Můj e-mail je jan.novak@seznam.cz.",
    " Bydlím v Jánské 1203/12a.",
    " Moje RČ je 855115/1234.",
    " Volejte +420 485 226 111.",
    " Pište na petr (at) email (dot) cz.",
    " Účet 19-2000145399/0800.",
    " IBAN CZ65 0800 0000 1920 0014 5399.",
    " S pozdravem Karel Dvořák",
]
# What must appear in no output of the report (the scrubber's kinds: name, phone, e-mail,
# address, birth number, account).
PERSONAL_STRINGS = ["Nováková", "603 123 456", "jan.novak@seznam.cz", "Jánské 1203/12a",
                    "855115/1234", "485 226 111", "petr (at) email", "2000145399", "CZ65 0800",
                    "Dvořák"]  # fmt: skip


def questions(seed: int = 7) -> list[tuple[str, str]]:
    """(matter, question): each matter's eight wordings, each five times with an opening, some
    with personal data; 560 in all."""
    rng = random.Random(seed)
    out = []
    for matter, wordings in MATTERS.items():
        for wording in wordings:
            for opening in OPENINGS:
                text = opening + (wording[0].lower() + wording[1:] if opening else wording)
                if rng.random() < 0.15:
                    text += rng.choice(PERSONAL)
                out.append((matter, text))
    rng.shuffle(out)
    return out


def write_log(path: Path, seed: int = 7) -> dict[str, str]:
    """The questions logged as the widget logs them (scrubbed), refused, disliked or answered,
    dated over September to November 2026; returns each answer id's matter."""
    from assistant.store.answer_log import AnswerLog, Feedback

    rng = random.Random(seed)
    log = AnswerLog(path, retention_days=3650)
    matters = {}
    for matter, text in questions(seed):
        outcome = rng.choices(["refused", "disliked", "answered"], [0.5, 0.3, 0.2])[0]
        answer = {"question": text, "answer": "Přímou odpověď jsem v dokumentech nenašel."
                  if outcome == "refused" else "Odpověď z dokumentu. [1]",
                  "abstained": outcome == "refused", "mode": "extractive",
                  "citations": [] if outcome == "refused" else
                  [{"n": 1, "source": "web/x.html", "title": "Stránka", "page": None,
                    "quote": "Odpověď z dokumentu."}]}  # fmt: skip
        answer_id = log.record_answer("public", answer)
        if outcome == "disliked":
            log.record_feedback(Feedback(answer_id, "down", "odpověď neodpovídá otázce"))
        matters[answer_id] = matter
    month = {
        a: f"2026-{rng.choice(['09', '10', '11'])}-{rng.randrange(1, 29):02d}" for a in matters
    }
    with sqlite3.connect(path) as db:
        db.executemany("UPDATE answers SET created = ? || substr(created, 11) WHERE answer_id = ?",
                       [(day, a) for a, day in month.items()])  # fmt: skip
    return matters


def agreement(topics: list[dict], by_question: dict[str, str]) -> dict:
    """Purity and completeness of the grouped topics against the generated matters."""
    grouped = [t for t in topics if not t["name"].startswith("Ostatní")]
    pure = sum(Counter(by_question[q] for q in t["questions"]).most_common(1)[0][1]
               for t in grouped)  # fmt: skip
    in_groups = sum(len(t["questions"]) for t in grouped)
    largest: dict[str, int] = {}
    for t in grouped:
        for matter, count in Counter(by_question[q] for q in t["questions"]).items():
            largest[matter] = max(largest.get(matter, 0), count)
    total = Counter(by_question.values())
    return {
        "topics": len(grouped), "grouped": in_groups, "questions": len(by_question),
        "purity": round(pure / max(1, in_groups), 3),
        "completeness": round(sum(largest.values()) / sum(total.values()), 3),
    }  # fmt: skip


def main() -> None:
    from assistant.output.gaps import gap_topics
    from assistant.search.embedders import open_embedder
    from assistant.service import Service
    from assistant.settings import Settings
    from assistant.store.answer_log import AnswerLog
    from ingest.pipeline import ingest

    lexical = "--lexical" in sys.argv
    folder = Path(tempfile.mkdtemp())
    settings = Settings(env_file=None, data_dir=folder / "data")
    ingest([Path(__file__).parents[1] / "samples" / "corpus"], settings, progress=False)
    service = Service.open(settings)
    log_path = folder / "log.sqlite3"
    matters = write_log(log_path)
    rows = AnswerLog(log_path, 3650).unanswered()
    by_question = {r["question"]: matters[r["answer_id"]] for r in rows}
    topics, method = gap_topics(rows, service.retriever,
                                None if lexical else open_embedder(settings.dense))  # fmt: skip
    data = [{"name": t.name, "questions": list(t.questions), "months": t.months,
             "closest": list(t.closest)} for t in topics]  # fmt: skip
    for t in data:
        main_matter = Counter(by_question[q] for q in t["questions"]).most_common(1)[0]
        print(f"{len(t['questions']):4d}  {t['name'][:45]:45s}  {main_matter}  {t['months']}")
    print(json.dumps({"method": method, **agreement(data, by_question)}, ensure_ascii=False))


if __name__ == "__main__":
    main()
