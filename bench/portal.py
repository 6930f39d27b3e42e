"""A fictional regional web portal (FIKTIVNÍ: every name, amount and date is made up), served on
loopback by a real HTTP server that logs every request: a CMS-like template (menu, breadcrumbs,
cookie bar, "Sdílet" block, related articles, footer), news with dates, service pages, grant
calls linking PDF and DOCX files, a sitemap index with two sitemaps (one gzipped), robots.txt
with a disallowed area and Crawl-delay, redirects (301, 302 and a loop), duplicates through
query parameters and index.html, canonical links, a 404, a 500 that recovers, a very slow page,
a huge page, a windows-1250 page, a JSON file no loader reads; `change()` edits one page,
removes one and adds one.

    .venv/bin/python bench/portal.py [--port 8765] [--news 200]     # serve it until Ctrl+C

Needs fpdf2 (dev) and DejaVu Sans (Debian fonts-dejavu-core) for the PDF, python-docx for DOCX.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import hashlib
import html
import io
import random
import threading
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

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


@dataclass
class Page:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    modified: float = 1_700_000_000.0
    status: int = 200

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha1(self.body).hexdigest()[:16] + '"'


@dataclass
class Portal:
    """The site's pages by path, its special behaviours, and the log of what was requested."""

    pages: dict[str, Page] = field(default_factory=dict)
    redirects: dict[str, tuple[int, str]] = field(default_factory=dict)
    log: list[dict] = field(default_factory=list)
    failing: dict[str, int] = field(default_factory=dict)  # path → 500s left before 200
    slow: dict[str, float] = field(default_factory=dict)  # path → seconds before answering
    lock: threading.Lock = field(default_factory=threading.Lock)
    news: list[tuple[str, date]] = field(default_factory=list)  # (path, day) of the articles

    def requested(self, path: str) -> list[dict]:
        return [e for e in self.log if e["path"] == path]


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


def build(news: int = 200, seed: int = 3, huge_mb: float = 3.0) -> Portal:
    """The portal with `news` articles; the text of every page is what its article says."""
    rng = random.Random(seed)
    portal = Portal()

    def page(path: str, title: str, crumbs: list[str], main: str, **kw) -> None:
        portal.pages[path] = Page(_template(title, crumbs, main, **kw).encode())

    articles = []
    start = date(2024, 1, 8)
    for n in range(1, news + 1):
        slug, heading, text = TOPICS[n % len(TOPICS)]
        day = start + timedelta(days=2 * n)
        values = {
            "n": rng.randrange(100, 900),
            "town": rng.choice(TOWNS),
            "day": f"{day.day}. {day.month}. {day.year}",
            "weeks": rng.randrange(2, 9),
            "amount": f"{rng.randrange(2, 90) * 50_000:,}".replace(",", " "),
        }
        title = f"{heading.format(**values)} ({n})"
        path = f"/aktuality/{day.year}/{slug}-{n}.html"
        articles.append((path, title, day))
        when = f'<p class="date"><time datetime="{day.isoformat()}">{values["day"]}</time></p>'
        related = [(p, t) for p, t, _ in articles[-4:-1]]
        portal.pages[path] = Page(
            _template(
                title,
                ["Aktuality", title],
                when + _paragraphs(text.format(**values)),
                related=related,
            )
            .replace(
                '<meta charset="utf-8">',
                f'<meta charset="utf-8"><meta property="article:published_time" '
                f'content="{day.isoformat()}">',
            )
            .encode()
        )
    per_list = 20
    for k in range(0, len(articles), per_list):
        items = "".join(
            f'<li><a href="{p}">{html.escape(t)}</a></li>' for p, t, _ in articles[k : k + per_list]
        )
        number = k // per_list + 1
        nxt = (
            f'<p><a href="/aktuality/?strana={number + 1}">Další strana</a></p>'
            if (k + per_list < len(articles))
            else ""
        )
        path = "/aktuality/" if number == 1 else f"/aktuality/?strana={number}"
        page(path, "Aktuality", ["Aktuality"], f"<ul>{items}</ul>{nxt}")
    service_links = []
    for slug, title, text in SERVICES:
        path = f"/sluzby/{slug}.html"
        service_links.append((path, title))
        contact = '<h2 id="kontakt">Kde a kdy</h2>' + _paragraphs(
            f"Agendu {title.lower()} vyřizuje podatelna v úředních hodinách."
        )
        page(
            path,
            title,
            ["Služby a formuláře", title],
            _paragraphs(text) + contact,
            canonical=f"/sluzby/{slug}.html",
        )
    for n in range(1, 46):  # routine service pages
        town = TOWNS[n % len(TOWNS)]
        path = f"/sluzby/kontaktni-misto-{n}.html"
        service_links.append((path, f"Kontaktní místo veřejné správy {town} ({n})"))
        page(
            path,
            f"Kontaktní místo veřejné správy {town} ({n})",
            ["Služby a formuláře"],
            _paragraphs(
                f"Kontaktní místo Czech POINT v obci {town} má úřední hodiny v pondělí "
                f"a ve středu od 8 do {12 + n % 6} hodin, číslo přepážky {n}."
            ),
        )
    items = "".join(f'<li><a href="{p}">{html.escape(t)}</a></li>' for p, t in service_links)
    page(
        "/sluzby/",
        "Služby a formuláře",
        ["Služby a formuláře"],
        f'<ul>{items}</ul><p><a href="/sluzby/index.html">Všechny služby</a> · '
        f'<a href="/sluzby/ridicske-opravneni.html?utm_source=newsletter&amp;utm_medium=email">'
        f'Řidičské oprávnění</a> · <a href="/stara-adresa">Rybářské lístky (stará adresa)</a>'
        f' · <a href="/kratky-odkaz">Cestovní doklady</a> · <a href="/smycka-a">Smyčka</a>'
        f' · <a href="/neexistuje.html">Zrušená stránka</a>'
        f' · <a href="/sluzby/ridicske-opravneni-tisk.html">Verze pro tisk</a></p>',
    )
    portal.pages["/sluzby/index.html"] = portal.pages["/sluzby/"]
    slug, title, text = SERVICES[0]
    page(
        f"/sluzby/{slug}-tisk.html",
        title,
        ["Služby a formuláře", title],
        _paragraphs(text),
        canonical=f"/sluzby/{slug}.html",
    )
    portal.redirects["/stara-adresa"] = (301, "/sluzby/rybarske-listky.html")
    portal.redirects["/kratky-odkaz"] = (302, "/sluzby/cestovni-doklady.html")
    portal.redirects["/smycka-a"] = (302, "/smycka-b")
    portal.redirects["/smycka-b"] = (302, "/smycka-a")
    grant_links = []
    for slug, title, text in GRANTS:
        path = f"/dotace/{slug}.html"
        grant_links.append((path, title))
        pdf, form = f"/soubory/{slug}-pravidla.pdf", f"/soubory/{slug}-zadost.docx"
        portal.pages[pdf] = Page(_pdf(f"Pravidla: {title}", text), "application/pdf")
        portal.pages[form] = Page(
            _docx(
                f"Žádost: {title}",
                f"Formulář žádosti do programu {title}. Přílohou je "
                "rozpočet projektu a doklad o vlastnictví.",
            ),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        page(
            path,
            title,
            ["Dotace", title],
            _paragraphs(f"Výzva programu {title} je vyhlášena. Podrobnosti stanoví pravidla.")
            + f'<ul><li><a href="{pdf}">Pravidla programu (PDF)</a></li>'
            f'<li><a href="{form}">Formulář žádosti (DOCX)</a></li></ul>',
        )
    items = "".join(f'<li><a href="{p}">{html.escape(t)}</a></li>' for p, t in grant_links)
    page("/dotace/", "Dotace", ["Dotace"], f"<ul>{items}</ul>")
    page(
        "/kontakty/",
        "Kontakty",
        ["Kontakty"],
        _paragraphs(
            "Podatelna krajského úřadu je otevřena v pondělí až čtvrtek od 7 do 16 "
            "hodin a v pátek od 7 do 13 hodin. Telefon ústředny 485 226 111."
        )
        + '<p><a href="/interni/porada.html">Pro zaměstnance</a></p>',
    )
    page(
        "/interni/porada.html",
        "Porada vedení",
        ["Interní"],
        _paragraphs("Interní zápis z porady: neveřejné."),
    )
    page(
        "/urad/",
        "Krajský úřad",
        ["Krajský úřad"],
        _paragraphs(
            "Krajský úřad vykonává přenesenou působnost kraje. Ředitelem úřadu je "
            "fiktivní Ing. Jan Novák."
        )
        + '<p><a href="/urad/docasne.html">Aktuální výběrová řízení</a> · '
        '<a href="/urad/pomala.html">Archiv</a> · <a href="/urad/obrovska.html">Rejstřík</a>'
        ' · <a href="/urad/kodovani.html">Historie kraje</a>'
        ' · <a href="/urad/data">Otevřená data</a></p>',
    )
    page(
        "/urad/docasne.html",
        "Výběrová řízení",
        ["Krajský úřad"],
        _paragraphs("Krajský úřad přijme referenta odboru dopravy; přihlášky do 30. 4. 2025."),
    )
    portal.failing["/urad/docasne.html"] = 1
    page("/urad/pomala.html", "Archiv", ["Krajský úřad"], _paragraphs("Archiv starších zpráv."))
    portal.slow["/urad/pomala.html"] = 5.0
    filler = _paragraphs(*["Rejstřík položek kraje. " * 40] * int(huge_mb * 1100))
    page("/urad/obrovska.html", "Rejstřík", ["Krajský úřad"], filler)
    old = _template(
        "Historie kraje",
        ["Krajský úřad"],
        _paragraphs(
            "Liberecký kraj vznikl v roce 2000; sídlem kraje je statutární město Liberec, "
            "které leží pod horou Ještěd."
        ),
    ).replace('charset="utf-8"', 'charset="windows-1250"')
    portal.pages["/urad/data"] = Page(b'{"rozpocet": 1}', "application/json")
    portal.pages["/urad/kodovani.html"] = Page(
        old.encode("cp1250"), "text/html; charset=windows-1250"
    )
    home = "".join(f'<li><a href="{p}">{html.escape(t)}</a></li>' for p, t, _ in articles[-5:])
    page(
        "/",
        "Liberecký kraj",
        [],
        f"<h2>Nejnovější aktuality</h2><ul>{home}</ul>"
        + "".join(f'<p><a href="{h}">{t}</a></p>' for h, t in MENU[1:]),
    )
    portal.news = [(p, d) for p, _, d in articles]
    _news_sitemap(portal)
    _sitemaps(portal)
    return portal


HEAD = '<?xml version="1.0" encoding="UTF-8"?>'
NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
BASE = "{base}"  # the server puts its own address in (it is known only when serving)


def _news_sitemap(portal: Portal) -> None:
    entries = "".join(
        f"<url><loc>{BASE}{p}</loc><lastmod>{d.isoformat()}</lastmod></url>"
        for p, d in portal.news
        if p in portal.pages
    )
    portal.pages["/sitemap-aktuality.xml"] = Page(
        f"{HEAD}<urlset {NS}>{entries}</urlset>".encode(), "application/xml"
    )


def _sitemaps(portal: Portal) -> None:
    base, head, ns = BASE, HEAD, NS
    others = [
        p
        for p in portal.pages
        if p.startswith(("/sluzby/", "/dotace/", "/kontakty/"))
        and p.endswith((".html", "/"))
        and "index.html" not in p
    ]
    entries = "".join(f"<url><loc>{base}{p}</loc></url>" for p in sorted(others))
    portal.pages["/sitemap-ostatni.xml.gz"] = Page(
        gzip.compress(f"{head}<urlset {ns}>{entries}</urlset>".encode(), mtime=0),
        "application/gzip",
    )
    index = "".join(
        f"<sitemap><loc>{base}{p}</loc></sitemap>"
        for p in ("/sitemap-aktuality.xml", "/sitemap-ostatni.xml.gz")
    )
    portal.pages["/sitemap_index.xml"] = Page(
        f"{head}<sitemapindex {ns}>{index}</sitemapindex>".encode(), "application/xml"
    )
    portal.pages["/robots.txt"] = Page(
        b"User-agent: *\nDisallow: /interni/\nCrawl-delay: 0.01\n"
        b"Sitemap: {base}/sitemap_index.xml\n",
        "text/plain",
    )


def change(portal: Portal) -> dict[str, str]:
    """Between two crawls: one service page edited, one article removed, one service added
    (linked from the services list); returns their paths."""
    edited, removed = (
        "/sluzby/rybarske-listky.html",
        next(p for p in portal.pages if p.startswith("/aktuality/20")),
    )
    with portal.lock:
        page = portal.pages[edited]
        page.body = page.body.replace("500 Kč".encode(), "600 Kč".encode())
        page.modified += 86_400
        del portal.pages[removed]
        _news_sitemap(portal)
        added = "/sluzby/ztraty-a-nalezy.html"
        portal.pages[added] = Page(
            _template(
                "Ztráty a nálezy",
                ["Služby a formuláře"],
                _paragraphs(
                    "Nalezené věci přijímá podatelna krajského úřadu a uchovává je šest měsíců."
                ),
            ).encode()
        )
        listing = portal.pages["/sluzby/"]
        listing.body = listing.body.replace(
            b"</ul>", f'<li><a href="{added}">Ztráty a nálezy</a></li></ul>'.encode(), 1
        )
        listing.modified += 86_400
        portal.pages["/sluzby/index.html"] = listing
    return {"edited": edited, "removed": removed, "added": added}


def _parsed(http_date: str) -> float:
    try:
        return parsedate_to_datetime(http_date).timestamp()
    except (TypeError, ValueError):
        return 0.0


class _Handler(BaseHTTPRequestHandler):
    portal: Portal
    base: str

    def log_message(self, *args) -> None:  # the portal keeps its own log
        pass

    def _send(self, status: int, body: bytes = b"", headers: dict | None = None) -> None:
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)  # unless the client gave up (a size or time limit)

    def do_GET(self) -> None:
        portal, target = self.portal, self.path
        path = urlsplit(target).path
        key = target if target in portal.pages else path
        with portal.lock:
            portal.log.append(
                {
                    "path": path,
                    "target": target,
                    "time": time.monotonic(),
                    "agent": self.headers.get("User-Agent", ""),
                    "if_none_match": self.headers.get("If-None-Match", ""),
                    "if_modified_since": self.headers.get("If-Modified-Since", ""),
                }
            )
            page = portal.pages.get(key)
            failing = portal.failing.get(path, 0)
            if failing:
                portal.failing[path] = failing - 1
        if path in portal.redirects:
            status, location = portal.redirects[path]
            return self._send(status, b"", {"Location": location})
        if page is None:
            return self._send(404, "Stránka nenalezena".encode(), {"Content-Type": "text/plain"})
        if failing:
            return self._send(500, b"Internal Server Error", {"Content-Type": "text/plain"})
        if path in portal.slow:
            time.sleep(portal.slow[path])
        body = page.body.replace(b"{base}", self.base.encode())
        headers = {
            "Content-Type": page.content_type,
            "ETag": page.etag,
            "Last-Modified": formatdate(page.modified, usegmt=True),
        }
        since = self.headers.get("If-Modified-Since")
        if self.headers.get("If-None-Match") == page.etag or (
            since and not self.headers.get("If-None-Match") and _parsed(since) >= page.modified
        ):
            return self._send(304, b"", {"ETag": page.etag})
        self._send(page.status, body, headers)


def serve(portal: Portal, port: int = 0) -> tuple[ThreadingHTTPServer, str]:
    """Start the portal on 127.0.0.1 in a background thread; returns the server and its URL."""
    handler = type("Handler", (_Handler,), {"portal": portal, "base": ""})
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    handler.base = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, handler.base


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--news", type=int, default=200)
    args = parser.parse_args()
    portal = build(args.news)
    server, base = serve(portal, args.port)
    print(f"{len(portal.pages)} stránek a souborů na {base} (Ctrl+C ukončí)")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.shutdown()


if __name__ == "__main__":
    main()
