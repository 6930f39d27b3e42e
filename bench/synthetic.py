"""A synthetic corpus of Czech council materials at any size, for the scale benchmarks.

Resolutions, meeting materials and plan reports built from templates over real place names,
offices and realistic amounts and dates, written as JSONL shards (one record is about one
chunk). Deterministic for a given size and seed; fictional throughout.

    .venv/bin/python bench/synthetic.py 10000 /tmp/synth
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

PLACES = [
    "Liberec", "Jablonec nad Nisou", "Česká Lípa", "Turnov", "Semily", "Frýdlant", "Tanvald",
    "Nový Bor", "Doksy", "Mimoň", "Hrádek nad Nisou", "Chrastava", "Jilemnice", "Železný Brod",
    "Lomnice nad Popelkou", "Hejnice", "Raspenava", "Smržovka", "Desná", "Harrachov", "Cvikov",
    "Kamenický Šenov", "Český Dub", "Osečná", "Zákupy", "Hodkovice nad Mohelkou",
]  # fmt: skip
SUBJECTS = [
    ("rekonstrukce silnice II/{n}", "odbor dopravy"), ("oprava mostu ev. č. {n}", "odbor dopravy"),
    ("výstavba cyklostezky úsek {n}", "odbor regionálního rozvoje"),
    ("zateplení budovy gymnázia", "odbor investic a správy nemovitého majetku"),
    ("modernizace odborných učeben střední školy", "odbor školství, mládeže a tělovýchovy"),
    ("pořízení sanitních vozidel", "odbor zdravotnictví"), ("dotace pro jednotky SDH", "odbor krizového řízení"),
    ("digitalizace sbírek muzea", "odbor kultury, památkové péče a cestovního ruchu"),
    ("rozšíření kapacity domova pro seniory", "odbor sociálních věcí"),
    ("fotovoltaická elektrárna na střeše úřadu", "odbor investic a správy nemovitého majetku"),
    ("protipovodňová opatření na toku {n}", "odbor životního prostředí a zemědělství"),
    ("kybernetická bezpečnost nemocnice", "odbor informatiky"),
    ("školní autobusová doprava", "odbor dopravy"), ("revitalizace parku u zámku", "odbor kultury"),
]  # fmt: skip
PEOPLE = ["Ing. Petr Novák", "Mgr. Jana Dvořáková", "Bc. Martin Šulc", "Ing. Eva Richterová",
          "MUDr. Tomáš Kubát", "Mgr. Kristýna Pokorná", "Ing. Lukáš Beneš"]  # fmt: skip
VERBS = [
    "schvaluje",
    "bere na vědomí",
    "souhlasí s",
    "ukládá zajistit",
    "doporučuje zastupitelstvu schválit",
]


def _amount(rng: random.Random) -> str:
    value = rng.choice([1, 2, 5, 10, 25, 50]) * rng.randint(10, 990) * 1000
    return f"{value:,}".replace(",", " ") + " Kč"


def _date(rng: random.Random) -> tuple[str, str]:
    year, month, day = rng.randint(2019, 2026), rng.randint(1, 12), rng.randint(1, 28)
    return f"{day}. {month}. {year}", f"{year:04d}-{month:02d}-{day:02d}"


def _subject(rng: random.Random) -> tuple[str, str, str]:
    template, office = rng.choice(SUBJECTS)
    place = rng.choice(PLACES)
    return template.format(n=rng.randint(100, 999)), office, place


def resolution(rng: random.Random, number: int, body: str) -> dict:
    subject, office, place = _subject(rng)
    _, iso = _date(rng)
    short = "ZK" if body == "zastupitelstvo" else "RK"
    res = f"{number}/{iso[2:4]}/{short}"
    organ = "Zastupitelstvo" if body == "zastupitelstvo" else "Rada"
    cost, share = _amount(rng), rng.randint(10, 85)
    text = (
        f"Usnesení č. {res}\n{subject.capitalize()} – {place}\n{organ} Libereckého kraje po projednání\n"
        f"I. {rng.choice(VERBS)} projekt „{subject.capitalize()} v obci {place}“ s celkovými "
        f"předpokládanými výdaji {cost} včetně DPH, z toho {share} % z rozpočtu kraje,\n"
        f"II. ukládá {rng.choice(PEOPLE)}, vedoucímu odboru ({office}), zajistit realizaci do "
        f"{_date(rng)[0]}.\nHlasování: pro {rng.randint(20, 45)}, proti {rng.randint(0, 5)}, "
        f"zdrželo se {rng.randint(0, 6)}."
    )
    return {"title": f"Usnesení č. {res}: {subject} ({place})", "text": text, "doc_type": "usneseni",
            "date": iso, "body": body, "access": "public"}  # fmt: skip


def material(rng: random.Random) -> dict:
    subject, office, place = _subject(rng)
    when, iso = _date(rng)
    text = (
        f"# Důvodová zpráva: {subject} ({place})\n\nPředkládá {office}. Projekt řeší {subject} v obci "
        f"{place}. Původní rozpočet činil {_amount(rng)}, po aktualizaci projektové dokumentace se "
        f"náklady zvýšily na {_amount(rng)} zejména kvůli růstu cen stavebních prací a požadavkům "
        f"na energetickou úspornost. Financování je navrženo z Integrovaného regionálního "
        f"operačního programu s mírou podpory {rng.randint(40, 85)} % a z rozpočtu Libereckého "
        f"kraje. Zahájení prací je plánováno na {when}, dokončení do konce roku "
        f"{int(iso[:4]) + rng.randint(1, 2)}. Kontaktní osoba: {rng.choice(PEOPLE)}."
    )
    access = "internal" if rng.random() < 0.2 else "public"
    return {"title": f"Materiál: {subject} ({place})", "text": text, "doc_type": "material",
            "date": iso, "body": "rada", "access": access}  # fmt: skip


def report(rng: random.Random) -> dict:
    subject, office, place = _subject(rng)
    when, iso = _date(rng)
    text = (
        f"# Zpráva o plnění akčního plánu\n\n## {subject.capitalize()}\n\nGarant: {office}. "
        f"V roce {iso[:4]} bylo v obci {place} dokončeno {rng.randint(2, 40)} dílčích opatření, "
        f"zapojilo se {rng.randint(3, 90)} organizací a čerpáno bylo {_amount(rng)}. Indikátor "
        f"spokojenosti uživatelů dosáhl {rng.randint(55, 98)} %. Pro další období se počítá "
        f"s rozšířením do dalších {rng.randint(2, 12)} obcí a s pilotním ověřením nových služeb "
        f"od {when}. Rizikem zůstává nedostatek kapacit dodavatelů a růst cen energií."
    )
    return {"title": f"Zpráva: {subject} ({place}) {iso[:4]}", "text": text, "doc_type": "zprava",
            "date": iso, "body": "", "access": "public"}  # fmt: skip


def _record(rng: random.Random, i: int) -> dict:
    kind = i % 3
    if kind == 0:
        return resolution(rng, 100 + i % 900, rng.choice(["rada", "zastupitelstvo"]))
    return material(rng) if kind == 1 else report(rng)


def write_pdfs(folder: Path, files: int, pages: int, seed: int = 1) -> None:
    """Text PDFs of council materials (three records a page), as an office scanner-free
    workflow exports them; for the ingest throughput benchmark."""
    from fpdf import FPDF

    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    font = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    for f in range(files):
        pdf = FPDF()
        pdf.add_font("DejaVu", fname=font)
        pdf.set_font("DejaVu", size=10)
        for p in range(pages):
            pdf.add_page()
            for r in range(3):
                record = _record(rng, f * pages * 3 + p * 3 + r)
                pdf.multi_cell(0, 5, record["title"] + "\n" + record["text"].replace("#", ""))
                pdf.ln(3)
        pdf.output(str(folder / f"materialy-{f:03d}.pdf"))


def generate(size: int, folder: Path, seed: int = 1, shard: int = 1000) -> list[dict]:
    """Write `size` records in JSONL shards; return questions answerable from them."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    questions = []
    handle = None
    for i in range(size):
        if i % shard == 0:
            if handle:
                handle.close()
            handle = (folder / f"dokumenty-{i // shard:04d}.jsonl").open("w", encoding="utf-8")
        record = _record(rng, i)
        record["id"] = f"s{i:07d}"
        handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        if i % max(1, size // 200) == 0:
            subject = record["title"].split(": ", 1)[-1]
            questions.append({"question": f"Kolik stojí {subject}?", "id": record["id"]})
    if handle:
        handle.close()
    return questions


if __name__ == "__main__":
    count, target = int(sys.argv[1]), Path(sys.argv[2])
    print(len(generate(count, target)), "questions")
