"""Council resolution texts for the sample corpus.

Kept apart from the PDF layout so the wording can be edited on its own. The layout is
tuned to these texts: build_corpus.py checks each PDF's page count, so a longer text may
need the expected `pages` re-tuned there.
"""

from dataclasses import dataclass


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
                "Libereckého kraje; stavba bude zahájena v červnu 2025 a dokončena "
                "do 31. 10. 2026,",
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
                "Bc. Martinu Šulcovi, členovi rady kraje řízení resortu krizového řízení, "
                "zveřejnit vyhlášení programu na úřední desce a na webu kraje. Termín: 25. 3. 2025",
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
                "Ing. Evě Richterové, člence rady kraje řízení resortu ekonomiky, zajistit "
                "uzavření kupní smlouvy. Termín: 30. 6. 2025",
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
                "Mgr. Kristýně Pokorné, člence rady kraje řízení resortu kultury, zajistit "
                "uzavření smlouvy o poskytnutí dotace. Termín: 31. 3. 2025",
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
