"""A fictional council corpus, generated from a seed (FIKTIVNÍ: every name, number and amount is
made up): meetings of the council (Rada, about every two weeks) and the assembly
(Zastupitelstvo, about every two months), their resolutions as text PDFs, some as DOCX and some
as scans, recurring matters with amendment and cancellation chains, tasks with deadlines and
council materials for a share of items; with the gold of every field, of every status and of
the resolutions of each matter (`gold.json`), and gold council questions in the format of
`assistant eval`, split into a tuning and a test half before anything was run on them
(`questions-tune.jsonl`, `questions-test.jsonl`).

    .venv/bin/python bench/council_corpus.py OUT [--years 3] [--seed 7] [--scans 0.1]

Needs fpdf2 (dev), pypdfium2 and Pillow (for scans) and DejaVu Sans (Debian fonts-dejavu-core).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import shutil
from dataclasses import asdict
from datetime import date, timedelta
from pathlib import Path

# How the documents are printed has its own module; its writers stay importable from here.
from council_documents import (
    Record,
    _czech,
    write_docx,
    write_material,
    write_pdf,
    write_scan,
)

RK_MEMBERS, ZK_MEMBERS = 9, 45

# Recurring matters: the topic an official would research, and the titles its resolutions get
# (as the region writes them, not always with the topic's words).
MATTERS = {
    "dotační program pro jednotky sborů dobrovolných hasičů": [
        "Dotační program Podpora jednotek sborů dobrovolných hasičů {year}",
        "Program 2.3 Podpora JSDH obcí {year} – vyhlášení",
        "Rozdělení dotací jednotkám sborů dobrovolných hasičů obcí v roce {year}",
    ],
    "rekonstrukce mostu v Jablonném v Podještědí": [
        "Rekonstrukce mostu ev. č. 270-012 v Jablonném v Podještědí",
        "Most ev. č. 270-012 Jablonné v Podještědí – výběr zhotovitele",
        "Dodatek ke smlouvě o dílo na rekonstrukci mostu v Jablonném v Podještědí",
    ],
    "cyklostezka Chrastava – Bílý Kostel": [
        "Cyklostezka Odra–Nisa, úsek Chrastava – Bílý Kostel",
        "Stezka pro cyklisty Chrastava – Bílý Kostel nad Nisou – financování",
    ],
    "zimní údržba silnic": [
        "Zimní údržba silnic II. a III. třídy v sezóně {season}",
        "Plán zimní údržby krajských silnic {season}",
    ],
    "elektronická spisová služba": [
        "Elektronická spisová služba krajského úřadu",
        "Spisová služba – přechod na elektronický systém, veřejná zakázka",
    ],
    "Domov pro seniory Sluneční dvůr": [
        "Domov pro seniory Sluneční dvůr, p. o. – investiční záměr",
        "Sluneční dvůr, domov pro seniory – navýšení kapacity",
    ],
}
FILLER = [
    "Prodej pozemku p. č. {n}/{m} v k. ú. {place}",
    "Smlouva o výpůjčce movitých věcí s obcí {place}",
    "Jmenování ředitelky Základní umělecké školy {place}",
    "Zpráva o činnosti Krajského ředitelství policie za {quarter}. čtvrtletí",
    "Rozpočtové opatření č. {n}/{yy}",
    "Bezúplatný převod pozemků do vlastnictví obce {place}",
    "Změna zřizovací listiny Gymnázia {place}",
    "Poskytnutí individuální dotace spolku Muzejní společnost {place}",
    "Dodatek č. {m} ke smlouvě o nájmu nebytových prostor v budově {place}",
    "Výsledek veřejné zakázky na dodávku kancelářského papíru",
]
PLACES = ["Doubí", "Frýdlant", "Hrádek nad Nisou", "Cvikov", "Semily", "Tanvald", "Mimoň",
          "Železný Brod", "Lomnice nad Popelkou", "Nový Bor", "Rokytnice", "Hodkovice"]  # fmt: skip
ROLES = [
    ("řediteli krajského úřadu", "předložit radě kraje zprávu o plnění"),
    ("vedoucímu odboru investic a správy nemovitého majetku", "zajistit uzavření smlouvy o dílo"),
    ("vedoucí odboru regionálního rozvoje", "zajistit zveřejnění výzvy programu"),
    ("členovi rady kraje pro dopravu", "předložit zastupitelstvu vyhodnocení"),
    ("vedoucímu odboru informatiky", "zajistit zahájení zadávacího řízení"),
]
# Whom a question names, as the nominative of the dative a resolution gives a task to.
NOMINATIVE = {
    "řediteli krajského úřadu": "ředitel krajského úřadu",
    "vedoucímu odboru investic a správy nemovitého majetku":
        "vedoucí odboru investic a správy nemovitého majetku",
    "vedoucí odboru regionálního rozvoje": "vedoucí odboru regionálního rozvoje",
    "členovi rady kraje pro dopravu": "člen rady kraje pro dopravu",
    "vedoucímu odboru informatiky": "vedoucí odboru informatiky",
}  # fmt: skip
MONTHS = ("ledna února března dubna května června července srpna září října listopadu "
          "prosince").split()  # fmt: skip
# (verb, what follows it before the matter)
APPROVE = [("schvaluje", ""), ("bere na vědomí", ""), ("souhlasí", "s "),
           ("doporučuje", "zastupitelstvu schválit ")]  # fmt: skip


def _amount(rng: random.Random) -> str:
    return f"{rng.randrange(2, 400) * 50_000:,} Kč".replace(",", " ")


class Council:
    """Meetings and their resolutions, numbered per body and year as the region numbers them."""

    def __init__(self, rng: random.Random, start: date, years: int):
        self.rng, self.start, self.end = rng, start, date(start.year + years, 1, 1)
        self.serial: dict[tuple[str, int], int] = {}
        self.records: list[Record] = []
        self.meetings: list[tuple[str, date, list[Record]]] = []
        self.by_matter: dict[str, list[Record]] = {m: [] for m in MATTERS}

    def number(self, body: str, day: date) -> str:
        key = (body, day.year)
        self.serial[key] = self.serial.get(key, 0) + 1
        return f"{self.serial[key]}/{day.year % 100:02d}/{'RK' if body == 'rada' else 'ZK'}"

    def resolution(self, body: str, day: date) -> Record:
        rng = self.rng
        matter = rng.choice(list(MATTERS)) if rng.random() < 0.18 else ""
        number = self.number(body, day)
        members = RK_MEMBERS if body == "rada" else ZK_MEMBERS
        against, abstained = rng.choice([0, 0, 0, 1, 2]), rng.choice([0, 0, 1, 3])
        vote = (members - against - abstained - rng.choice([0, 0, 1]), against, abstained)
        if matter:
            title = rng.choice(MATTERS[matter]).format(
                year=day.year, season=f"{day.year}/{day.year + 1}")  # fmt: skip
        else:
            title = rng.choice(FILLER).format(
                n=rng.randrange(100, 3000), m=rng.randrange(1, 40), place=rng.choice(PLACES),
                quarter=rng.randrange(1, 5), yy=day.year % 100)  # fmt: skip
        record = Record(number, body, day.isoformat(), title, [], vote, matter=matter)
        earlier = self.by_matter.get(matter, [])
        labels = iter(["I", "II", "III", "IV"])
        if matter and earlier and rng.random() < 0.45:
            target = rng.choice(earlier[-3:])
            relation = rng.choice(["mění", "mění", "ruší", "revokuje"])
            if rng.random() < 0.5:  # named only by the resolution it changes
                change = "Změna" if relation == "mění" else "Zrušení"
                record.title = title = f"{change} usnesení č. {target.number}"
            if relation == "mění":
                when = _czech(date.fromisoformat(target.date))
                text = (f"usnesení č. {target.number} ze dne {when} tak, že částka se mění na "
                        f"{_amount(rng)}")  # fmt: skip
            else:
                text = f"usnesení č. {target.number} v plném rozsahu"
            record.parts.append((next(labels), relation, text))
            record.references.append((relation, target.number))
        else:
            verb, lead = rng.choice(APPROVE)
            what = f"{lead}{title[:1].lower()}{title[1:]} s celkovými výdaji {_amount(rng)}"
            record.parts.append((next(labels), verb, what))
        if rng.random() < 0.35:
            whom, what = rng.choice(ROLES)
            deadline = day + timedelta(days=rng.randrange(20, 300))
            record.parts.append((next(labels), "ukládá", f"{whom} {what}"))
            record.tasks.append((whom, what, deadline.isoformat()))
        if matter:
            self.by_matter[matter].append(record)
        self.records.append(record)
        return record

    def generate(self, rk_items: int, zk_items: int) -> None:
        day = self.start
        meeting = 0
        while day < self.end:
            meeting += 1
            body = "zastupitelstvo" if meeting % 4 == 0 else "rada"
            items = zk_items if body == "zastupitelstvo" else rk_items
            records = [self.resolution(body, day) for _ in range(items)]
            self.meetings.append((body, day, records))
            day += timedelta(days=14 + self.rng.choice([0, 0, 1, -1]))


def statuses(records: list[Record]) -> dict[str, dict]:
    """Gold statuses by the same rule the office applies: latest first, a cancelled resolution
    changes nothing."""
    amended: dict[str, list[str]] = {}
    cancelled: dict[str, list[str]] = {}
    for record in sorted(records, key=lambda r: (r.date, int(r.number.split("/")[0])),
                         reverse=True):  # fmt: skip
        if record.number in cancelled:
            continue
        for relation, number in record.references:
            target = cancelled if relation in ("ruší", "revokuje") else amended
            target.setdefault(number, []).insert(0, record.number)
    out = {}
    for r in records:
        state = ("cancelled" if r.number in cancelled else
                 "amended" if r.number in amended else "valid")  # fmt: skip
        out[r.number] = {"status": state, "amended_by": amended.get(r.number, []),
                         "cancelled_by": cancelled.get(r.number, [])}  # fmt: skip
    return out


def _dates(iso: str) -> list[str]:
    day = date.fromisoformat(iso)
    return [_czech(day), f"{day.day}. {MONTHS[day.month - 1]} {day.year}"]


def _council_words(body: str) -> dict[str, str]:
    if body == "rada":
        return {"body": "rada", "decided": "rada rozhodla", "of": "rady", "members": "radních"}
    return {"body": "zastupitelstvo", "decided": "zastupitelstvo rozhodlo",
            "of": "zastupitelstva", "members": "zastupitelů"}  # fmt: skip


def _item(kind: str, question: str, record: Record, must: list[list[str]]) -> dict:
    scanned = ["ocr-scan"] if record.source.endswith("-sken.pdf") else []
    return {"question": question, "audience": "public", "answerable": True, "evidence": [],
            "answer_must": must, "must_not": [], "sources": [record.source], "history": [],
            "tags": ["council", kind, *scanned]}  # fmt: skip


def _asked(record: Record, status: dict, dated: bool, rng: random.Random) -> dict:
    """One question about a resolution, named by its item's title (and the meeting's day when
    the title recurs), and its gold; a resolution amended or cancelled is mostly asked whether
    it holds."""
    w, item = _council_words(record.body), f"bodu „{record.title}“"
    if dated:
        item += f" (jednání {_czech(date.fromisoformat(record.date))})"
    kinds = ["vote", "which", "status"] + (["tasks"] * 2 if record.tasks else [])
    if status["status"] != "valid":
        kinds += ["status"] * 4
    kind = rng.choice(kinds)
    pro, proti, _ = record.vote
    if kind == "vote":
        if rng.random() < 0.5:
            return _item(kind, f"Kolik {w['members']} hlasovalo proti {item}?", record,
                         [[f"proti {proti}"]])  # fmt: skip
        return _item(kind, f"Jak dopadlo hlasování {w['of']} o {item}?", record,
                     [[f"pro {pro}"], [f"proti {proti}"]])  # fmt: skip
    if kind == "which":
        question = rng.choice([f"Kterým usnesením {w['decided']} o {item}?",
                               f"Jaké číslo má usnesení {w['of']} k {item}?"])  # fmt: skip
        return _item(kind, question, record, [[record.number]])
    if kind == "status":
        question = rng.choice([f"Platí ještě usnesení {w['of']} k {item}?",
                               f"Bylo usnesení k {item} změněno nebo zrušeno?"])  # fmt: skip
        must = {"valid": [["platí"]], "amended": [["změněno"], status["amended_by"]],
                "cancelled": [["zrušeno"], status["cancelled_by"]]}[status["status"]]  # fmt: skip
        return _item(kind, question, record, must)
    whom, what, deadline = rng.choice(record.tasks)
    question = rng.choice([f"Do kdy má {NOMINATIVE[whom]} {what} k {item}?",
                           f"Jaký termín má úkol „{what}“ z usnesení k {item}?"])  # fmt: skip
    return _item(kind, question, record, [_dates(deadline)])


def _unanswerable(record: Record, rng: random.Random, known: set[tuple[str, str]]) -> dict:
    """A near miss: the item asked of the other body (when it never had one of that title), or
    a parcel nobody sold."""
    other = "zastupitelstvo" if record.body == "rada" else "rada"
    title, body = record.title, other
    if (title, other) in known or rng.random() < 0.3:
        body = record.body
        while any((title := f"Prodej pozemku p. č. {rng.randrange(3000, 9000)}/"
                   f"{rng.randrange(40, 90)} v k. ú. {rng.choice(PLACES)}") == t
                  for t, _ in known):  # fmt: skip
            pass
    w = _council_words(body)
    question = rng.choice([f"Kterým usnesením {w['decided']} o bodu „{title}“?",
                           f"Kolik {w['members']} hlasovalo proti bodu „{title}“?"])  # fmt: skip
    return {"question": question, "audience": "public", "answerable": False, "evidence": [],
            "answer_must": [], "must_not": [record.number], "sources": [], "history": [],
            "tags": ["council", "unanswerable", "near-miss"]}  # fmt: skip


def questions(records: list[Record], status: dict[str, dict], rng: random.Random,
              count: int = 240) -> tuple[list[dict], list[dict]]:  # fmt: skip
    """Council questions about resolutions that one item's title names (with the meeting's day
    where the title recurs; none names a resolution by number), a third about amended or
    cancelled ones and a sixth near misses; as a tuning and a test half."""
    titles: dict[str, int] = {}
    items_of: dict[tuple[str, str, str], int] = {}
    for r in records:
        titles[r.title] = titles.get(r.title, 0) + 1
        key = (r.title, r.body, r.date)
        items_of[key] = items_of.get(key, 0) + 1
    named = [r for r in records if items_of[(r.title, r.body, r.date)] == 1
             and "usnesení č." not in r.title]  # fmt: skip
    changed = [r for r in named if status[r.number]["status"] != "valid"]
    changed = rng.sample(changed, min(count // 3, len(changed)))
    rest = [r for r in named if r not in changed]
    chosen = changed + rng.sample(rest, min(count - len(changed), len(rest)))
    rng.shuffle(chosen)
    known = {(r.title, r.body) for r in records}
    items = [_unanswerable(r, rng, known) if n % 6 == 5
             else _asked(r, status[r.number], titles[r.title] > 1, rng)
             for n, r in enumerate(chosen)]  # fmt: skip
    for n, item in enumerate(items, 1):
        item["id"] = f"c{n:03d}"
    rng.shuffle(items)
    half = len(items) // 2
    return sorted(items[:half], key=lambda i: i["id"]), sorted(items[half:], key=lambda i: i["id"])


def generate(out: Path, years: int = 3, seed: int = 7, scans: float = 0.1,
             docx_share: float = 0.1, rk_items: int = 40, zk_items: int = 40) -> dict:  # fmt: skip
    """Write the corpus into `out/korpus` and its gold into `out/gold.json`; returns the gold."""
    rng = random.Random(seed)
    council = Council(rng, date(2022, 1, 11), years)
    council.generate(rk_items, zk_items)
    gold_path, out = out / "gold.json", out / "korpus"
    shutil.rmtree(out, ignore_errors=True)  # files of an earlier corpus would be read too
    out.mkdir(parents=True)
    manifest, materials = [], {}
    ordinals = {"rada": 0, "zastupitelstvo": 0}
    for body, day, records in council.meetings:
        ordinals[body] += 1
        kind = rng.random()
        stem = f"{'rk' if body == 'rada' else 'zk'}-{day.isoformat()}"
        title = f"Usnesení {'rady' if body == 'rada' else 'zastupitelstva'} {_czech(day)}"
        if kind < docx_share:
            path = out / f"{stem}.docx"
            write_docx(path, body, ordinals[body], day, records)
        elif kind < docx_share + scans:
            path = out / f"{stem}-sken.pdf"
            write_scan(path, write_pdf(path, body, ordinals[body], day, records), rng)
        else:
            path = out / f"{stem}.pdf"
            write_pdf(path, body, ordinals[body], day, records)
        for record in records:
            record.source = path.name
        manifest.append([path.name, title, "usneseni", day.isoformat(), body, "public", ""])
        for item, record in enumerate(records, 1):
            if record.matter and body == "rada" and rng.random() < 0.5:
                material = out / f"material-{stem}-bod-{item}.docx"
                write_material(material, record, item)
                materials[material.name] = record.number
                title = f"Materiál pro jednání Rady {_czech(day)}, bod {item}"
                manifest.append([material.name, title, "material", day.isoformat(), body,
                                 "public", ""])  # fmt: skip
    with (out / "manifest.csv").open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["path", "title", "doc_type", "date", "body", "access", "url"])
        writer.writerows(manifest)
    status = statuses(council.records)
    gold = {
        "resolutions": {r.number: asdict(r) | status[r.number] for r in council.records},
        "topics": {topic: [r.number for r in council.by_matter[topic]] for topic in MATTERS},
        "materials": materials,
    }
    gold_path.write_text(json.dumps(gold, ensure_ascii=False, indent=1))
    for name, half in zip(("tune", "test"), questions(council.records, status, rng), strict=True):
        lines = (json.dumps(item, ensure_ascii=False) for item in half)
        (gold_path.parent / f"questions-{name}.jsonl").write_text("\n".join(lines) + "\n")
    return gold


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--scans", type=float, default=0.1)
    args = parser.parse_args()
    gold = generate(args.out, args.years, args.seed, args.scans)
    print(f"{len(gold['resolutions'])} usnesení, {len(gold['topics'])} témat → {args.out}")


if __name__ == "__main__":
    main()
