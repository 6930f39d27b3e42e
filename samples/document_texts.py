"""Texts of the other sample documents (plan, meeting record, news, FAQ, budget notes).

Kept as plain data, apart from the renderers and the manifest, so the Czech wording can
be edited without touching code. DISCLAIMER lives here because the texts embed it.
"""

DISCLAIMER = "Fiktivní ukázkový dokument: obsah, čísla usnesení a částky jsou smyšlené."

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
