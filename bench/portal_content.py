"""The made-up texts of the fictional portal (bench/portal.py) and the CMS template, PDF and
DOCX files they are dressed in: the extraction bench compares against this boilerplate and these
sentences, so they live apart from the site's structure and its HTTP server.

Needs fpdf2 (dev) and DejaVu Sans (Debian fonts-dejavu-core) for the PDF, python-docx for DOCX.
"""

from __future__ import annotations

import html
import io
from pathlib import Path

FONTS = Path("/usr/share/fonts/truetype/dejavu")
NOTICE = "FIKTIVNÍ TESTOVACÍ WEB – jména, částky a data jsou smyšlené."
MENU = [
    ("/", "Úvod"),
    ("/aktuality/", "Aktuality"),
    ("/sluzby/", "Služby a formuláře"),
    ("/dotace/", "Dotace"),
    ("/kontakty/", "Kontakty"),
    ("/urad/", "Krajský úřad"),
]
COOKIES = (
    "Tento web používá soubory cookies ke zlepšení služeb a k analýze návštěvnosti. "
    "Souhlasím se všemi cookies · Nastavení cookies"
)
FOOTER = (
    "Krajský úřad Libereckého kraje (fiktivní), U Jezu 642/2a, 461 80 Liberec 2 · "
    "Úřední hodiny: po a st 8–17 h · Prohlášení o přístupnosti · Mapa stránek"
)
SHARE = "Sdílet: Facebook · X · LinkedIn · E-mail · Vytisknout"
TOWNS = [
    "Liberec",
    "Jablonec nad Nisou",
    "Česká Lípa",
    "Semily",
    "Turnov",
    "Frýdlant",
    "Tanvald",
    "Nový Bor",
    "Železný Brod",
    "Mimoň",
    "Chrastava",
    "Hrádek nad Nisou",
]
TOPICS = [
    (
        "silnice",
        "Oprava silnice II/{n} u obce {town}",
        "Krajská správa silnic zahájí {day} opravu silnice II/{n} v úseku u obce {town}. Práce "
        "potrvají {weeks} týdnů a doprava bude řízena semafory. Oprava stojí {amount} Kč.",
    ),
    (
        "skoly",
        "Nová učebna pro střední školu v obci {town}",
        "Střední škola v obci {town} otevřela {day} novou odbornou učebnu. Kraj na ni přispěl "
        "částkou {amount} Kč, učebna slouží {n} žákům oboru mechatronika.",
    ),
    (
        "zdravotnictvi",
        "Nemocnice {town} rozšiřuje ambulance",
        "Nemocnice v obci {town} od {day} rozšiřuje provoz ambulancí o {n} ordinačních hodin "
        "týdně. Kraj uhradí vybavení za {amount} Kč.",
    ),
    (
        "kultura",
        "Festival řemesel v obci {town}",
        "Festival tradičních řemesel se v obci {town} koná {day}. Vstupné je {n} Kč, děti do 15 "
        "let mají vstup zdarma. Kraj festival podpořil částkou {amount} Kč.",
    ),
]
SERVICES = [
    (
        "ridicske-opravneni",
        "Vydání řidičského oprávnění",
        "O vydání řidičského oprávnění se žádá na obecním úřadu obce s rozšířenou působností. "
        "Správní poplatek za vydání řidičského průkazu činí 200 Kč, průkaz je vydán do 20 dnů.",
    ),
    (
        "cestovni-doklady",
        "Cestovní doklady a jejich ověření",
        "Krajský úřad ověřuje cestovní doklady pro účely řízení o pobytu. Ověření je zdarma, "
        "žádost lze podat osobně v úředních hodinách na oddělení správních agend.",
    ),
    (
        "krajsky-prispevek",
        "Krajský příspěvek na péči o seniory",
        "Příspěvek na péči o seniory vyplácí kraj ve výši 1 500 Kč měsíčně občanům starším 75 let "
        "s trvalým pobytem v kraji. Žádost se podává na odboru sociálních věcí do 31. března.",
    ),
    (
        "rybarske-listky",
        "Vydání rybářského lístku",
        "Rybářský lístek vydává obecní úřad obce s rozšířenou působností. Poplatek za lístek na "
        "jeden rok činí 100 Kč, na tři roky 200 Kč a na deset let 500 Kč.",
    ),
    (
        "stavebni-povoleni",
        "Odvolání proti stavebnímu povolení",
        "Odvolání proti rozhodnutí stavebního úřadu se podává do 15 dnů ode dne doručení, a to u "
        "úřadu, který rozhodnutí vydal; o odvolání rozhoduje odbor územního plánování kraje.",
    ),
]
GRANTS = [
    (
        "obnova-pamatek",
        "Program obnovy kulturních památek 2025",
        "Program podporuje obnovu kulturních památek v kraji. Maximální dotace na jeden projekt "
        "je 450 000 Kč, žádosti se podávají od 1. 2. do 28. 2. 2025. Celková "
        "alokace je 12 000 000 Kč.",
    ),
    (
        "hasici",
        "Podpora jednotek sborů dobrovolných hasičů 2025",
        "Obce mohou žádat o dotaci na vybavení jednotek sborů dobrovolných hasičů. Maximální "
        "dotace je 300 000 Kč, spoluúčast obce nejméně 30 %. Žádosti do 15. 3. 2025.",
    ),
    (
        "venkov",
        "Program obnovy venkova 2025",
        "Program podporuje obce do 2 000 obyvatel. Dotace činí nejvýše 400 000 Kč a nejvýše 60 % "
        "uznatelných výdajů. Žádosti se podávají od 3. 3. do 31. 3. 2025.",
    ),
]


def _template(
    title: str,
    crumbs: list[str],
    main: str,
    canonical: str = "",
    related: list[tuple[str, str]] = (),
) -> str:
    menu = "".join(f'<li><a href="{h}">{t}</a></li>' for h, t in MENU)
    trail = " › ".join(html.escape(c) for c in ["Úvod", *crumbs])
    more = "".join(f'<li><a href="{h}">{html.escape(t)}</a></li>' for h, t in related)
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return f"""<!DOCTYPE html>
<html lang="cs"><head><meta charset="utf-8"><title>{html.escape(title)} | Liberecký kraj</title>
{link}<meta name="viewport" content="width=device-width"></head>
<body>
<div class="cookie-bar" id="cookies"><p>{COOKIES}</p><button>Souhlasím</button></div>
<header class="site-header"><a href="/" class="logo">Liberecký kraj</a>
<nav class="main-menu"><ul>{menu}</ul></nav>
<form class="search" action="/hledat"><input name="q"><button>Hledat</button></form></header>
<div class="breadcrumbs">{trail}</div>
<main id="obsah"><article>
<h1>{html.escape(title)}</h1>
{main}
<p class="notice">{NOTICE}</p>
</article>
<div class="share-box">{SHARE}</div>
<aside class="related"><h2>Související články</h2><ul>{more}</ul></aside>
</main>
<footer class="site-footer"><p>{FOOTER}</p></footer>
</body></html>"""


def _paragraphs(*texts: str) -> str:
    return "".join(f"<p>{html.escape(t)}</p>" for t in texts)


def _pdf(title: str, text: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.set_font("DejaVu", "", 11)
    pdf.add_page()
    pdf.multi_cell(0, 6, f"{title}\n\n{text}\n\n{NOTICE}")
    return bytes(pdf.output())


def _docx(title: str, text: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(title, level=1)
    document.add_paragraph(text)
    document.add_paragraph(NOTICE)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
