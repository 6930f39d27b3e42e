"""Regenerate the fictional sample corpus in samples/corpus/.

All document text lives below as data. The output is deterministic: PDF and DOCX
metadata use fixed dates and DOCX archives get fixed member timestamps, so two runs
produce byte-identical files.

Usage: .venv/bin/python samples/build_corpus.py
Needs python-docx and fpdf2 (dev-only) and the DejaVu Sans fonts (Debian fonts-dejavu-core).
"""

import csv
import datetime as dt
import html
import io
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.shared import Cm, Pt, RGBColor
from fpdf import FPDF

OUT = Path(__file__).resolve().parent / "corpus"
FONT_ROOT = Path("/usr/share/fonts")
SITE = "https://www.example-kraj.cz"
DISCLAIMER = "Fiktivní ukázkový dokument: obsah, čísla usnesení a částky jsou smyšlené."
AUTHOR = "Krajský úřad Libereckého kraje (fiktivní ukázka)"
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def czech_date(iso: str) -> str:
    """'2025-03-18' -> '18. 3. 2025'."""
    d = dt.date.fromisoformat(iso)
    return f"{d.day}. {d.month}. {d.year}"


def fixed_datetime(iso: str) -> dt.datetime:
    """Document date at 09:00 UTC, used for all embedded metadata timestamps."""
    return dt.datetime.combine(dt.date.fromisoformat(iso), dt.time(9, 0), dt.UTC)


def find_font(name: str) -> Path:
    matches = sorted(FONT_ROOT.rglob(name))
    if not matches:
        raise SystemExit(f"{name} not found under {FONT_ROOT}; install fonts-dejavu-core")
    return matches[0]


# ---------------------------------------------------------------------------
# Resolutions (PDF)
# ---------------------------------------------------------------------------


@dataclass
class Resolution:
    number: str
    title: str
    points: list[tuple[str, str]]  # (e.g. "I. schvaluje", text)
    vote: tuple[int, int, int]  # pro, proti, zdrželo se


ZK_RESOLUTIONS = [
    Resolution(
        "112/25/ZK",
        "Dotace obcím na zajištění školní autobusové dopravy ve školním roce 2025/2026",
        [
            (
                "I. schvaluje",
                "poskytnutí účelových dotací z rozpočtu Libereckého kraje 27 obcím na zajištění "
                "školní autobusové dopravy žáků základních škol v celkové výši 4 860 000 Kč "
                "podle přílohy č. 1 tohoto usnesení na období od 1. 9. 2025 do 30. 6. 2026; "
                "nejvyšší dotace ve výši 320 000 Kč připadá obci Kořenov, nejnižší ve výši "
                "48 000 Kč obci Paceřice,",
            ),
            (
                "II. ukládá",
                "Mgr. Radku Vávrovi, členovi rady kraje řízení resortu dopravy, zajistit "
                "uzavření smluv o poskytnutí dotace se všemi příjemci. Termín: 30. 6. 2025",
            ),
        ],
        (40, 2, 3),
    ),
    Resolution(
        "113/25/ZK",
        "Výstavba Jizerské cyklostezky, úsek Turnov – Přepeře",
        [
            (
                "I. schvaluje",
                "realizaci stavby „Jizerská cyklostezka, úsek Turnov – Přepeře“ v délce 6,4 km "
                "s celkovými předpokládanými náklady 12 350 000 Kč včetně DPH, z toho 8 645 000 Kč "
                "z Integrovaného regionálního operačního programu a 3 705 000 Kč z rozpočtu "
                "Libereckého kraje; stavba bude zahájena v červnu 2025 a dokončena do 31. 10. 2026,",
            ),
            (
                "II. ukládá",
                "Ing. Haně Bartošové, ředitelce Krajské správy silnic Libereckého kraje, "
                "příspěvkové organizace, zajistit výběr zhotovitele stavby. Termín: 31. 5. 2025",
            ),
        ],
        (42, 0, 3),
    ),
    Resolution(
        "114/25/ZK",
        "Pořízení přístrojového vybavení pro Krajskou nemocnici Liberec, a. s.",
        [
            (
                "I. schvaluje",
                "poskytnutí investiční dotace Krajské nemocnici Liberec, a. s., ve výši "
                "38 900 000 Kč na pořízení magnetické rezonance pro radiologické oddělení a dvou "
                "ultrazvukových přístrojů pro urgentní příjem s podmínkou, že přístroje budou "
                "uvedeny do provozu nejpozději do 31. 12. 2025,",
            ),
            (
                "II. ukládá",
                "MUDr. Tomáši Kubátovi, členovi rady kraje řízení resortu zdravotnictví, předložit "
                "zastupitelstvu kraje zprávu o využití dotace. Termín: 31. 3. 2026",
            ),
        ],
        (45, 0, 0),
    ),
    Resolution(
        "115/25/ZK",
        "Dotační program Podpora jednotek sborů dobrovolných hasičů obcí (JSDH) 2025",
        [
            (
                "I. schvaluje",
                "vyhlášení dotačního programu č. 2.3 „Podpora jednotek sborů dobrovolných hasičů "
                "obcí (JSDH)“ s celkovou alokací 9 000 000 Kč na pořízení a opravy požární "
                "techniky, věcných prostředků a ochranných pomůcek; maximální výše dotace pro "
                "jednoho žadatele činí 300 000 Kč, spoluúčast obce nejméně 30 % způsobilých "
                "výdajů a žádosti lze podávat od 1. 4. 2025 do 30. 4. 2025,",
            ),
            (
                "II. ukládá",
                "Bc. Martinu Šulcovi, členovi rady kraje řízení resortu krizového řízení, zveřejnit "
                "vyhlášení programu na úřední desce a na webu kraje. Termín: 25. 3. 2025",
            ),
        ],
        (44, 0, 1),
    ),
    Resolution(
        "116/25/ZK",
        "Rozpočtové opatření č. 24/25 – změna rozpočtu Libereckého kraje na rok 2025",
        [
            (
                "I. schvaluje",
                "rozpočtové opatření č. 24/25, kterým se zvyšují příjmy i výdaje rozpočtu "
                "Libereckého kraje na rok 2025 o 56 420 000 Kč; příjmy se zvyšují o dotaci ze "
                "státního rozpočtu na přímé náklady ve školství a výdaje v kapitole 917 05 – "
                "Transfery v oblasti školství; celkové výdaje rozpočtu po změně činí "
                "11 268 540 000 Kč,",
            ),
            (
                "II. ukládá",
                "Ing. Evě Richterové, člence rady kraje řízení resortu ekonomiky, zapracovat "
                "rozpočtové opatření do rozpočtu kraje. Termín: 31. 3. 2025",
            ),
        ],
        (39, 3, 3),
    ),
    Resolution(
        "117/25/ZK",
        "Prodej budovy č. p. 1264 v Jablonci nad Nisou",
        [
            (
                "I. schvaluje",
                "prodej budovy č. p. 1264 v ulici Palackého v Jablonci nad Nisou, která dříve "
                "sloužila jako odloučené pracoviště obchodní akademie, včetně pozemku p. č. 812/3 "
                "o výměře 1 146 m² v katastrálním území Jablonec nad Nisou, statutárnímu městu "
                "Jablonec nad Nisou za kupní cenu 8 750 000 Kč, která odpovídá ceně obvyklé podle "
                "znaleckého posudku č. 52/2025,",
            ),
            (
                "II. ukládá",
                "Ing. Evě Richterové, člence rady kraje řízení resortu ekonomiky, zajistit uzavření "
                "kupní smlouvy. Termín: 30. 6. 2025",
            ),
        ],
        (36, 5, 4),
    ),
]

RK_RESOLUTIONS = [
    Resolution(
        "215/25/RK",
        "Veřejná zakázka „Oprava silnice II/270 Jablonné v Podještědí – Mimoň“",
        [
            (
                "I. schvaluje",
                "zadávací dokumentaci a zahájení otevřeného řízení na veřejnou zakázku „Oprava "
                "silnice II/270 Jablonné v Podještědí – Mimoň“ s předpokládanou hodnotou "
                "18 600 000 Kč bez DPH; oprava zahrnuje 4,2 km vozovky a rekonstrukci dvou "
                "propustků,",
            ),
            (
                "II. ukládá",
                "Ing. Haně Bartošové, ředitelce Krajské správy silnic Libereckého kraje, "
                "příspěvkové organizace, uveřejnit zakázku ve Věstníku veřejných zakázek. "
                "Termín: 28. 2. 2025",
            ),
        ],
        (9, 0, 0),
    ),
    Resolution(
        "216/25/RK",
        "Jmenování ředitelky Střední průmyslové školy Semily, příspěvkové organizace",
        [
            (
                "I. jmenuje",
                "na základě výsledku konkurzního řízení ze dne 22. 1. 2025, do kterého se "
                "přihlásili 4 uchazeči, Mgr. Ivanu Šťastnou na pracovní místo ředitelky Střední "
                "průmyslové školy Semily, příspěvkové organizace, s účinností od 1. 8. 2025,",
            ),
            (
                "II. ukládá",
                "PhDr. Aleně Tiché, vedoucí odboru školství, mládeže a tělovýchovy, připravit "
                "jmenovací dekret. Termín: 31. 7. 2025",
            ),
        ],
        (8, 0, 1),
    ),
    Resolution(
        "217/25/RK",
        "Individuální dotace Muzeu Frýdlantska, z. ú., na výstavu „Frýdlantsko a Valdštejnové“",
        [
            (
                "I. schvaluje",
                "poskytnutí individuální dotace ve výši 450 000 Kč Muzeu Frýdlantska, z. ú., "
                "se sídlem ve Frýdlantu, na přípravu a uspořádání výstavy „Frýdlantsko a "
                "Valdštejnové“, která se uskuteční od 1. 5. 2025 do 30. 9. 2025,",
            ),
            (
                "II. ukládá",
                "Mgr. Kristýně Pokorné, člence rady kraje řízení resortu kultury, zajistit uzavření "
                "smlouvy o poskytnutí dotace. Termín: 31. 3. 2025",
            ),
        ],
        (9, 0, 0),
    ),
    Resolution(
        "218/25/RK",
        "Ceník vstupného Krajské zoo a ekocentra Česká Lípa, příspěvkové organizace",
        [
            (
                "I. schvaluje",
                "ceník vstupného s platností od 1. 3. 2025: dospělí 220 Kč, děti od 3 do 15 let "
                "150 Kč, studenti a senioři nad 65 let 150 Kč, držitelé průkazu ZTP 90 Kč, rodinné "
                "vstupné pro 2 dospělé a 2 děti 620 Kč; děti do 3 let mají vstup zdarma,",
            ),
            (
                "II. ukládá",
                "Ing. Pavle Jandové, ředitelce Krajské zoo a ekocentra Česká Lípa, zveřejnit ceník "
                "na pokladnách a na webu zoo. Termín: 28. 2. 2025",
            ),
        ],
        (7, 1, 1),
    ),
    Resolution(
        "219/25/RK",
        "Sezónní linka Cyklobus Jizerské hory v roce 2025",
        [
            (
                "I. schvaluje",
                "uzavření smlouvy se společností Jizerská doprava, s. r. o., o provozování sezónní "
                "linky Cyklobus Jizerské hory na trase Liberec – Bedřichov – Smědava – Frýdlant "
                "o sobotách, nedělích a svátcích od 1. 6. 2025 do 28. 9. 2025 s kompenzací "
                "nejvýše 1 180 000 Kč,",
            ),
            (
                "II. ukládá",
                "Mgr. Radku Vávrovi, členovi rady kraje řízení resortu dopravy, zajistit podpis "
                "smlouvy. Termín: 30. 4. 2025",
            ),
        ],
        (9, 0, 0),
    ),
]


class ResolutionPdf(FPDF):
    """A4 resolution record with a repeated header line and 'Strana N z M' footer."""

    def __init__(self, header_text: str):
        super().__init__(format="A4")
        self.header_text = header_text
        self.add_font("DejaVu", "", find_font("DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", find_font("DejaVuSans-Bold.ttf"))
        self.set_margins(20, 18, 20)
        self.set_auto_page_break(True, margin=20)

    def header(self):
        self.set_font("DejaVu", "", 8.5)
        self.set_text_color(90, 90, 90)
        self.cell(0, 5, self.header_text, new_x="LMARGIN", new_y="NEXT")
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.set_text_color(0, 0, 0)
        self.ln(5)

    def footer(self):
        self.set_y(-15)
        self.set_font("DejaVu", "", 8.5)
        self.cell(0, 5, f"Strana {self.page_no()} z {{nb}}", align="C")


def build_resolution_pdf(
    target: Path,
    *,
    body_name: str,
    body_genitive: str,
    session: str,
    date: str,
    resolutions: list[Resolution],
    chair: str,
    verifiers: list[str],
    pages: int,
) -> None:
    pdf = ResolutionPdf(f"{body_name} Libereckého kraje · Usnesení")
    heading = f"{session} {body_genitive} Libereckého kraje konaného dne {czech_date(date)}"
    pdf.set_title(f"USNESENÍ {heading}")
    pdf.set_author(AUTHOR)
    pdf.set_creator("samples/build_corpus.py")
    pdf.set_lang("cs")
    pdf.set_creation_date(fixed_datetime(date))
    pdf.add_page()

    pdf.set_font("DejaVu", "B", 16)
    pdf.cell(0, 9, "USNESENÍ", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "B", 11)
    pdf.multi_cell(0, 6, heading, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("DejaVu", "B", 10)
    pdf.multi_cell(0, 7, DISCLAIMER, border=1, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)

    for res in resolutions:
        if pdf.will_page_break(40):
            pdf.add_page()
        pdf.set_font("DejaVu", "B", 11)
        pdf.cell(0, 6.5, f"Usnesení č. {res.number}", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "B", 10)
        pdf.multi_cell(0, 5.5, res.title, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1.5)
        pdf.set_font("DejaVu", "", 10)
        pdf.cell(
            0, 5.5, f"{body_name} Libereckého kraje po projednání", new_x="LMARGIN", new_y="NEXT"
        )
        for label, text in res.points:
            pdf.set_font("DejaVu", "B", 10)
            pdf.cell(0, 5, label, new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("DejaVu", "", 10)
            pdf.set_x(pdf.l_margin + 8)
            pdf.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
        pro, proti, zdrzelo = res.vote
        pdf.cell(
            0,
            6,
            f"Hlasování: pro {pro}, proti {proti}, zdrželo se {zdrzelo}.",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.ln(3)

    pdf.ln(2)
    pdf.set_font("DejaVu", "", 10)
    signature = [f"V Liberci dne {czech_date(date)}", chair, "Ověřovatelé: " + ", ".join(verifiers)]
    pdf.multi_cell(0, 5, "\n".join(signature), new_x="LMARGIN", new_y="NEXT")
    if pdf.pages_count != pages:  # the layout is tuned; text edits may need re-tuning
        raise SystemExit(f"{target.name}: {pdf.pages_count} pages, expected {pages}")
    pdf.output(str(target))


def build_zk(target: Path) -> None:
    build_resolution_pdf(
        target,
        body_name="Zastupitelstvo",
        body_genitive="Zastupitelstva",
        session="z 3. zasedání",
        date="2025-03-18",
        resolutions=ZK_RESOLUTIONS,
        chair="Mgr. Lukáš Beneš, hejtman Libereckého kraje",
        verifiers=["Bc. Marie Šírová", "Ing. Ondřej Havlík"],
        pages=2,
    )


def build_rk(target: Path) -> None:
    build_resolution_pdf(
        target,
        body_name="Rada",
        body_genitive="Rady",
        session="z 5. jednání",
        date="2025-02-04",
        resolutions=RK_RESOLUTIONS,
        chair="Mgr. Lukáš Beneš, hejtman Libereckého kraje",
        verifiers=["Ing. Eva Richterová"],
        pages=2,
    )


# ---------------------------------------------------------------------------
# Word documents (DOCX)
# ---------------------------------------------------------------------------

# Blocks: ("title" | "h1" | "h2" | "p" | "bold" | "bullets" | "table", content)
CYCLING_PLAN = [
    ("title", "Plán rozvoje cyklistické dopravy Libereckého kraje na období 2025–2030"),
    ("bold", DISCLAIMER),
    (
        "p",
        "Plán byl schválen usnesením Rady Libereckého kraje č. 342/25/RK ze dne 11. 3. 2025. "
        "Zpracoval odbor dopravy Krajského úřadu Libereckého kraje ve spolupráci s Krajskou "
        "správou silnic Libereckého kraje a s obcemi, přes jejichž území plánované stavby vedou.",
    ),
    ("h1", "1 Úvod"),
    (
        "p",
        "Cyklistika je v Libereckém kraji stále častěji nejen volnočasovou aktivitou, ale také "
        "běžným způsobem dopravy do zaměstnání a do škol. Rostoucí počet elektrokol umožňuje "
        "překonávat i delší vzdálenosti a převýšení, která byla dříve pro každodenní jízdu "
        "nepraktická. Plán navazuje na Koncepci rozvoje cyklistické dopravy z roku 2019 a "
        "stanovuje priority výstavby cyklostezek, doprovodné infrastruktury a financování "
        "do roku 2030.",
    ),
    (
        "p",
        "Plán je určen obcím, správcům komunikací, zpracovatelům projektových dokumentací a "
        "veřejnosti. Jednotlivé stavby budou před zahájením samostatně schvalovány radou nebo "
        "zastupitelstvem kraje podle výše nákladů.",
    ),
    ("h1", "2 Výchozí stav"),
    ("h2", "2.1 Stávající síť"),
    (
        "p",
        "Ke dni 31. 12. 2024 je na území kraje evidováno 412 km značených cyklotras a 96 km "
        "samostatných cyklostezek. Nejhustší síť je v okolí Liberce a Jablonce nad Nisou, "
        "naopak na Frýdlantsku a Českolipsku chybí bezpečná propojení mezi obcemi mimo "
        "silnice II. a III. třídy.",
    ),
    ("h2", "2.2 Intenzity cyklistické dopravy"),
    (
        "p",
        "Automatické sčítače na 14 profilech zaznamenaly v roce 2024 celkem 1 286 000 průjezdů "
        "cyklistů, o 9 % více než v roce 2023. Nejvytíženějším profilem je Jizerská cyklostezka "
        "v Turnově v místní části Dolánky se 182 000 průjezdy za rok. Ve všední dny tvoří "
        "ranní a odpolední špička 38 % průjezdů, což potvrzuje význam cyklistiky pro dojížďku.",
    ),
    ("h2", "2.3 Hlavní nedostatky"),
    (
        "bullets",
        [
            "chybějící souvislé propojení Turnova se Semily a Železným Brodem podél Jizery,",
            "vedení cyklotras po frekventovaných silnicích II/270 a II/592,",
            "nedostatek bezpečných stojanů a úschoven kol u železničních stanic,",
            "nejednotné značení a chybějící údržba cyklostezek v zimním období.",
        ],
    ),
    ("h1", "3 Cíle plánu"),
    ("p", "Do roku 2030 chce kraj dosáhnout těchto měřitelných cílů:"),
    (
        "bullets",
        [
            "vybudovat nejméně 34 km nových cyklostezek mimo silniční provoz,",
            "propojit cyklostezkami Liberec, Jablonec nad Nisou, Českou Lípu, Turnov a Nový Bor "
            "s okolními obcemi,",
            "zvýšit podíl cyklistiky na dojížďce do práce a do škol ze 4 % na 7 %,",
            "instalovat 40 krytých úschoven kol a 25 stojanů u železničních stanic a autobusových "
            "terminálů,",
            "snížit počet vážných nehod cyklistů o třetinu oproti průměru let 2020–2024.",
        ],
    ),
    ("h1", "4 Plánované úseky"),
    (
        "p",
        "Následující tabulka uvádí úseky, jejichž příprava je nejdále. Odhady nákladů vycházejí "
        "ze studií proveditelnosti a zahrnují DPH.",
    ),
    (
        "table",
        [
            ["Úsek", "Délka (km)", "Odhad nákladů (Kč)", "Termín"],
            ["Jizerská cyklostezka, Turnov – Přepeře", "6,4", "12 350 000", "2025–2026"],
            ["Cyklostezka Nisa, Chrastava – Bílý Kostel nad Nisou", "5,1", "14 800 000", "2026"],
            ["Cyklostezka Ploučnice, Česká Lípa – Stružnice", "7,8", "21 600 000", "2027"],
            ["Frýdlant – Raspenava", "6,2", "17 900 000", "2027–2028"],
            ["Jablonec nad Nisou – Smržovka", "8,5", "26 300 000", "2029–2030"],
        ],
    ),
    (
        "p",
        "Uvedených pět úseků měří celkem 34,0 km a jejich odhadované náklady činí celkem "
        "92 950 000 Kč.",
    ),
    ("h2", "4.1 Priorita: Jizerská cyklostezka, úsek Turnov – Přepeře"),
    (
        "p",
        "Stavbu schválilo Zastupitelstvo Libereckého kraje dne 18. 3. 2025 usnesením "
        "č. 113/25/ZK. Cyklostezka o šířce 3 m povede po levém břehu Jizery a nahradí dosavadní "
        "vedení trasy po silnici II/610. Stavba má být zahájena v červnu 2025 a dokončena "
        "do 31. 10. 2026.",
    ),
    ("h2", "4.2 Další úseky"),
    (
        "p",
        "U úseků Chrastava – Bílý Kostel nad Nisou a Česká Lípa – Stružnice se v roce 2025 "
        "zpracovává dokumentace pro územní rozhodnutí. Úseky Frýdlant – Raspenava a Jablonec "
        "nad Nisou – Smržovka jsou ve fázi studie; jejich trasování se bude ještě projednávat "
        "s dotčenými obcemi a vlastníky pozemků.",
    ),
    ("h1", "5 Doprovodná infrastruktura a bezpečnost"),
    (
        "p",
        "Samotné cyklostezky nestačí, pokud cyklisté nemají kde bezpečně nechat kolo nebo "
        "pokud musejí překonávat nebezpečná místa na silnicích. Plán proto počítá i s "
        "menšími opatřeními, která lze realizovat rychle a s nižšími náklady:",
    ),
    (
        "bullets",
        [
            "kryté úschovny kol se zámky u nádraží v Liberci, Jablonci nad Nisou, Turnově, "
            "Semilech, Frýdlantu a České Lípě,",
            "úprava 12 nebezpečných křížení cyklotras se silnicemi II. a III. třídy "
            "(ochranné ostrůvky, osvětlení, snížení rychlosti),",
            "jednotné orientační značení s uvedením vzdáleností a návazností na veřejnou dopravu,",
            "přeprava kol v regionálních vlacích a na sezónních cyklobusech bez příplatku "
            "v rámci integrovaného dopravního systému.",
        ],
    ),
    (
        "p",
        "O zimní údržbě cyklostezek, které slouží k dojížďce, se bude jednat s obcemi. Kraj "
        "nabídne obcím metodickou pomoc při zařazení vybraných úseků do plánu zimní údržby.",
    ),
    ("h1", "6 Zapojení veřejnosti"),
    (
        "p",
        "Návrh plánu byl od 6. 1. do 7. 2. 2025 zveřejněn k připomínkám. Kraj obdržel 214 "
        "připomínek od občanů, 18 od obcí a 5 od cyklistických spolků. Nejčastěji se týkaly "
        "propojení Semil a Turnova, osvětlení stezek a bezpečného přejezdu silnice I/35. "
        "Vypořádání připomínek je přílohou plánu. Při přípravě jednotlivých staveb budou "
        "obce pořádat veřejná projednání, kde bude představena trasa a harmonogram prací.",
    ),
    ("h1", "7 Financování"),
    ("p", "Stavby budou financovány kombinací evropských, státních a krajských zdrojů:"),
    (
        "bullets",
        [
            "Integrovaný regionální operační program – až 70 % způsobilých výdajů,",
            "Státní fond dopravní infrastruktury – až 85 % u staveb zvyšujících bezpečnost,",
            "rozpočet Libereckého kraje – každoročně nejméně 15 000 000 Kč na spolufinancování,",
            "rozpočty obcí – zejména výkupy pozemků a napojení na místní komunikace.",
        ],
    ),
    ("h1", "8 Monitoring a vyhodnocení"),
    (
        "p",
        "Odbor dopravy předloží radě kraje každoročně do 31. 3. zprávu o plnění plánu. Zpráva "
        "bude obsahovat délku dokončených úseků, čerpání finančních prostředků, údaje ze "
        "sčítačů a přehled nehodovosti cyklistů. První hodnocení proběhne v roce 2026, "
        "celková aktualizace plánu v roce 2028.",
    ),
]

MEETING_RECORD = [
    ("title", "Zápis z porady vedení Krajského úřadu Libereckého kraje"),
    ("bold", "NEVEŘEJNÉ – pouze pro vnitřní potřebu krajského úřadu"),
    ("bold", DISCLAIMER),
    ("p", "Datum a místo: 20. 1. 2025, 9:00–11:15, zasedací místnost 4.12, budova A"),
    (
        "p",
        "Přítomni: Ing. Libor Šimek (ředitel krajského úřadu), Ing. Pavel Kratochvíl (odbor "
        "dopravy), Ing. Jitka Marešová (odbor ekonomiky), PhDr. Alena Tichá (odbor školství, "
        "mládeže a tělovýchovy), JUDr. Vít Sedláček (odbor právní), Ing. Markéta Zelenková "
        "(oddělení silničního hospodářství)",
    ),
    ("p", "Zapsala: Bc. Tereza Hájková"),
    ("h1", "1 Připravovaná veřejná zakázka na budovu B"),
    (
        "p",
        "Odbor investic připravuje veřejnou zakázku „Zateplení a výměna oken budovy B krajského "
        "úřadu“, odhadovaná cena 7 450 000 Kč bez DPH. Zakázka bude vyhlášena v dubnu 2025; "
        "do vyhlášení se odhadovaná cena ani termín nesmějí zveřejňovat ani sdělovat "
        "potenciálním dodavatelům.",
    ),
    ("h1", "2 Personální změny"),
    (
        "p",
        "Ing. Pavel Kratochvíl, vedoucí odboru dopravy, ukončí pracovní poměr dohodou "
        "k 31. 3. 2025. Vedením odboru bude od 1. 4. 2025 pověřena Ing. Markéta Zelenková, "
        "dosavadní vedoucí oddělení silničního hospodářství. Zaměstnancům odboru bude změna "
        "oznámena 3. 3. 2025, do té doby jde o důvěrnou informaci.",
    ),
    ("h1", "3 Příprava 3. zasedání zastupitelstva"),
    (
        "p",
        "Zasedání se uskuteční 18. 3. 2025. Odbory předloží materiály do 28. 2. 2025. "
        "Na programu bude 6 bodů, mimo jiné cyklostezka Turnov – Přepeře, dotační program "
        "pro JSDH a prodej budovy v Jablonci nad Nisou.",
    ),
    ("h1", "4 Úkoly"),
    (
        "table",
        [
            ["Úkol", "Odpovídá", "Termín"],
            ["Dokončit zadávací dokumentaci zakázky na budovu B", "odbor investic", "31. 3. 2025"],
            ["Připravit předání agendy odboru dopravy", "Ing. Pavel Kratochvíl", "28. 3. 2025"],
            ["Předložit materiály pro zasedání zastupitelstva", "všechny odbory", "28. 2. 2025"],
        ],
    ),
]


def write_deterministic_docx(doc, target: Path, *, title: str, date: str) -> None:
    """Save with fixed core properties and rezip with fixed member timestamps."""
    props = doc.core_properties
    props.title = title
    props.author = AUTHOR
    props.last_modified_by = AUTHOR
    props.comments = DISCLAIMER
    props.language = "cs-CZ"
    props.revision = 1
    props.created = props.modified = props.last_printed = fixed_datetime(date)

    buffer = io.BytesIO()
    doc.save(buffer)
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(target, "w") as dst:
        for item in src.infolist():
            member = zipfile.ZipInfo(item.filename, date_time=ZIP_EPOCH)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            dst.writestr(member, src.read(item.filename))


def build_docx(target: Path, blocks: list, *, title: str, date: str, page_header: str = "") -> None:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    text_width = Cm(16)
    if page_header:
        section.header.paragraphs[0].text = page_header
    for kind, content in blocks:
        if kind == "title":
            doc.add_heading(content, level=0)
        elif kind == "h1":
            doc.add_heading(content, level=1)
        elif kind == "h2":
            doc.add_heading(content, level=2)
        elif kind == "p":
            doc.add_paragraph(content)
        elif kind == "bold":
            run = doc.add_paragraph().add_run(content)
            run.bold = True
            run.font.color.rgb = RGBColor(0xA0, 0x10, 0x10)
        elif kind == "bullets":
            for item in content:
                doc.add_paragraph(item, style="List Bullet")
        elif kind == "table":
            cols = len(content[0])
            # First column (names) gets half of the text width, the rest share the other half.
            widths = [text_width // 2] + [text_width // 2 // (cols - 1)] * (cols - 1)
            table = doc.add_table(rows=len(content), cols=cols, style="Table Grid")
            for column, width in zip(table.columns, widths, strict=True):
                column.width = width  # grid width (LibreOffice)
                for cell in column.cells:
                    cell.width = width  # cell width (Word)
            for r, row in enumerate(content):
                for c, value in enumerate(row):
                    cell = table.cell(r, c)
                    cell.text = value
                    if r == 0:
                        for run in cell.paragraphs[0].runs:
                            run.bold = True
                            run.font.size = Pt(10.5)
        else:
            raise ValueError(f"unknown block kind {kind!r}")
    write_deterministic_docx(doc, target, title=title, date=date)


def build_plan(target: Path) -> None:
    build_docx(
        target,
        CYCLING_PLAN,
        date="2025-03-11",
        title="Plán rozvoje cyklistické dopravy Libereckého kraje 2025–2030",
    )


def build_meeting_record(target: Path) -> None:
    build_docx(
        target,
        MEETING_RECORD,
        date="2025-01-20",
        title="Zápis z porady vedení krajského úřadu 20. 1. 2025 (neveřejné)",
        page_header="NEVEŘEJNÉ – Krajský úřad Libereckého kraje",
    )


# ---------------------------------------------------------------------------
# News article (HTML)
# ---------------------------------------------------------------------------

NEWS_TITLE = "Nová cyklostezka podél Jizery spojí Turnov a Přepeře"
NEWS_MENU = [
    ("Úvod", "/"),
    ("Kraj", "/kraj"),
    ("Krajský úřad", "/urad"),
    ("Aktuality", "/aktuality"),
    ("Dotace", "/dotace"),
    ("Úřední deska", "/uredni-deska"),
    ("Kontakty", "/kontakty"),
]
NEWS_PARAGRAPHS = [
    "Zastupitelstvo Libereckého kraje na svém zasedání 18. 3. 2025 schválilo výstavbu "
    "Jizerské cyklostezky v úseku Turnov – Přepeře. Nová stezka bude dlouhá 6,4 km a povede "
    "po levém břehu Jizery, takže cyklisté už nebudou muset jezdit po frekventované silnici.",
    "Celkové náklady stavby jsou odhadnuty na 12 350 000 Kč včetně DPH. Většinu, 8 645 000 Kč, "
    "pokryje dotace z Integrovaného regionálního operačního programu, zbylých 3 705 000 Kč "
    "zaplatí kraj ze svého rozpočtu.",
    "„Jizerská cyklostezka je v Turnově nejvytíženější v celém kraji, loni po ní projelo "
    "182 000 cyklistů. Prodloužení do Přepeř umožní bezpečnou cestu do práce i do školy,“ "
    "uvedl Mgr. Radek Vávra, člen rady kraje pro dopravu.",
    "Stavba začne v červnu 2025 a hotovo má být do 31. 10. 2026. Stezka bude široká 3 metry, "
    "s asfaltovým povrchem a veřejným osvětlením v úseku u Dolánek. Během stavby nebude nutné "
    "uzavírat silnici II/610.",
    "Úsek Turnov – Přepeře je první z pěti priorit Plánu rozvoje cyklistické dopravy "
    "Libereckého kraje na období 2025–2030, který počítá s 34 km nových cyklostezek.",
]


def build_news(target: Path) -> None:
    esc = html.escape
    menu = "\n".join(
        f'        <li><a href="{SITE}{href}">{esc(label)}</a></li>' for label, href in NEWS_MENU
    )
    paragraphs = "\n".join(f"      <p>{esc(p)}</p>" for p in NEWS_PARAGRAPHS)
    page = f"""<!DOCTYPE html>
<html lang="cs">
<head>
  <meta charset="utf-8">
  <title>{esc(NEWS_TITLE)} | Liberecký kraj</title>
  <meta name="description" content="Zastupitelstvo schválilo stavbu 6,4 km dlouhé cyklostezky.">
</head>
<body>
  <div class="cookie-bar">Tento web používá soubory cookies ke zlepšení služeb a k analýze \
návštěvnosti. <a href="{SITE}/cookies">Více informací</a> \
<button type="button">Přijmout vše</button> <button type="button">Odmítnout</button></div>
  <header>
    <a class="logo" href="{SITE}/">Liberecký kraj</a>
    <nav>
      <ul>
{menu}
      </ul>
    </nav>
  </header>
  <main>
    <article>
      <p class="breadcrumbs">Úvod › Aktuality › Doprava</p>
      <h1>{esc(NEWS_TITLE)}</h1>
      <p class="meta">Publikováno 19. 3. 2025 · Odbor dopravy</p>
      <p class="notice"><strong>{esc(DISCLAIMER)}</strong></p>
{paragraphs}
    </article>
  </main>
  <footer>
    <p>Krajský úřad Libereckého kraje (fiktivní ukázka) · Tel.: 485 000 000 · \
podatelna@example-kraj.cz</p>
    <p><a href="{SITE}/prohlaseni-o-pristupnosti">Prohlášení o přístupnosti</a> · \
<a href="{SITE}/gdpr">Ochrana osobních údajů</a> · © 2025 Liberecký kraj</p>
  </footer>
</body>
</html>
"""
    target.write_text(page, encoding="utf-8")


# ---------------------------------------------------------------------------
# FAQ (Markdown) and internal budget notes (plain text)
# ---------------------------------------------------------------------------

FAQ = [
    (
        "Jak mohu požádat o dotaci z krajského dotačního programu?",
        "Žádost se podává elektronicky v dotačním portálu kraje na adrese "
        "https://dotace.example-kraj.cz v termínu uvedeném ve vyhlášení programu. Po odeslání "
        "je nutné žádost do 5 pracovních dnů doručit také datovou schránkou nebo s podpisem "
        "na podatelnu krajského úřadu. Každý program má vlastní pravidla, ve kterých najdete "
        "maximální výši dotace a povinnou spoluúčast.",
    ),
    (
        "Jaké jsou úřední hodiny krajského úřadu?",
        "Krajský úřad včetně podatelny má úřední hodiny v pondělí a středu 8:00–17:00, v úterý "
        "a čtvrtek 8:00–15:00 a v pátek 8:00–13:00. O státních svátcích je úřad zavřený.",
    ),
    (
        "Kde najdu usnesení rady a zastupitelstva kraje?",
        "Usnesení rady i zastupitelstva se zveřejňují ve formátu PDF do 10 dnů od jednání na "
        "stránce https://www.example-kraj.cz/usneseni. Starší usnesení jsou k dispozici v archivu "
        "na stejné stránce.",
    ),
    (
        "Kdy se koná zasedání zastupitelstva a mohu se ho zúčastnit?",
        "Zasedání zastupitelstva jsou veřejná. Termíny, program a odkaz na online přenos "
        "zveřejňuje kraj na úřední desce nejméně 7 dní předem.",
    ),
    (
        "Jak podat žádost o informace podle zákona č. 106/1999 Sb.?",
        "Žádost můžete poslat e-mailem na podatelna@example-kraj.cz, datovou schránkou nebo "
        "poštou. Uveďte, kdo žádost podává a jaké informace požadujete. Kraj odpoví nejpozději "
        "do 15 dnů od doručení žádosti.",
    ),
]


def build_faq(target: Path) -> None:
    lines = [
        "# Časté dotazy občanů",
        "",
        f"> **{DISCLAIMER}**",
        "",
        "Odpovědi na nejčastější otázky, se kterými se občané obracejí na Krajský úřad "
        "Libereckého kraje. Aktualizováno 1. 4. 2025.",
        "",
    ]
    for question, answer in FAQ:
        lines += [f"## {question}", "", answer, ""]
    target.write_text("\n".join(lines), encoding="utf-8")


BUDGET_NOTES = f"""NEVEŘEJNÉ – PRACOVNÍ MATERIÁL ODBORU EKONOMIKY
{DISCLAIMER}

Návrh rozpočtu Libereckého kraje na rok 2026 – pracovní poznámky
Stav k 14. 4. 2025, verze 0.3, zpracovala Ing. Jitka Marešová

1. Rámec rozpočtu
- předpokládané celkové příjmy: 11 420 000 000 Kč
- předpokládané celkové výdaje: 11 980 000 000 Kč
- schodek: 560 000 000 Kč, krytí z přebytku hospodaření minulých let (310 000 000 Kč)
  a z čerpání úvěru (250 000 000 Kč)

2. Vybrané výdajové kapitoly (návrh)
- doprava včetně dopravní obslužnosti: 3 240 000 000 Kč
- školství: 4 870 000 000 Kč, z toho přímé náklady ze státního rozpočtu 3 950 000 000 Kč
- zdravotnictví: 610 000 000 Kč
- sociální věci: 540 000 000 Kč
- kultura a památková péče: 285 000 000 Kč
- krizové řízení: 38 000 000 Kč

3. Poznámky z jednání s odbory
- rezerva na cyklostezky 24 000 000 Kč (podíl kraje na úsecích Chrastava – Bílý Kostel
  nad Nisou a Česká Lípa – Stružnice)
- dotační program pro JSDH navrženo navýšit z 9 000 000 Kč na 10 500 000 Kč
- počet systemizovaných míst na krajském úřadu snížit o 6
- do schválení radou čísla nezveřejňovat, zatím neprojednáno s politickým vedením

4. Harmonogram
- 30. 6. 2025 požadavky odborů
- 15. 9. 2025 návrh rozpočtu do rady kraje
- 20. 11. 2025 zveřejnění návrhu na úřední desce
- 9. 12. 2025 projednání v zastupitelstvu
"""


def build_budget_notes(target: Path) -> None:
    target.write_text(BUDGET_NOTES, encoding="utf-8")


# ---------------------------------------------------------------------------
# Manifest
# ---------------------------------------------------------------------------


@dataclass
class CorpusFile:
    path: str
    title: str
    doc_type: str
    date: str
    body: str
    access: str
    url: str
    build: Callable[[Path], None]


CORPUS = [
    CorpusFile(
        "public/zastupitelstvo/usneseni-zk-2025-03-18.pdf",
        "Usnesení z 3. zasedání Zastupitelstva Libereckého kraje dne 18. 3. 2025",
        "usneseni",
        "2025-03-18",
        "zastupitelstvo",
        "public",
        f"{SITE}/usneseni/zastupitelstvo/2025-03-18",
        build_zk,
    ),
    CorpusFile(
        "public/rada/usneseni-rk-2025-02-04.pdf",
        "Usnesení z 5. jednání Rady Libereckého kraje dne 4. 2. 2025",
        "usneseni",
        "2025-02-04",
        "rada",
        "public",
        f"{SITE}/usneseni/rada/2025-02-04",
        build_rk,
    ),
    CorpusFile(
        "public/plany/plan-rozvoje-cyklodopravy-2025-2030.docx",
        "Plán rozvoje cyklistické dopravy Libereckého kraje 2025–2030",
        "plan",
        "2025-03-11",
        "",
        "public",
        f"{SITE}/doprava/cyklodoprava",
        build_plan,
    ),
    CorpusFile(
        "public/aktuality/nova-cyklostezka-jizerska.html",
        NEWS_TITLE,
        "aktualita",
        "2025-03-19",
        "",
        "public",
        f"{SITE}/aktuality/nova-cyklostezka-jizerska",
        build_news,
    ),
    CorpusFile(
        "public/faq/caste-dotazy-obcanu.md",
        "Časté dotazy občanů",
        "metodika",
        "2025-04-01",
        "",
        "public",
        f"{SITE}/caste-dotazy",
        build_faq,
    ),
    CorpusFile(
        "internal/zapis-porada-vedeni-2025-01-20.docx",
        "Zápis z porady vedení krajského úřadu 20. 1. 2025 (neveřejné)",
        "zapis",
        "2025-01-20",
        "",
        "internal",
        "",
        build_meeting_record,
    ),
    CorpusFile(
        "internal/rozpocet-navrh-2026.txt",
        "Návrh rozpočtu na rok 2026 – pracovní poznámky (neveřejné)",
        "material",
        "2025-04-14",
        "",
        "internal",
        "",
        build_budget_notes,
    ),
]


def main() -> None:
    if OUT.exists():
        shutil.rmtree(OUT)
    fields = ["path", "title", "doc_type", "date", "body", "access", "url"]
    with io.StringIO() as manifest:
        writer = csv.writer(manifest, lineterminator="\n")
        writer.writerow(fields)
        for item in CORPUS:
            target = OUT / item.path
            target.parent.mkdir(parents=True, exist_ok=True)
            item.build(target)
            writer.writerow([getattr(item, f) for f in fields])
        (OUT / "manifest.csv").write_text(manifest.getvalue(), encoding="utf-8")
    print(f"wrote {len(CORPUS)} documents and manifest.csv to {OUT}")


if __name__ == "__main__":
    main()
