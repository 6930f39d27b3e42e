"""A fictional regional web portal (FIKTIVNÍ: every name, amount and date is made up), served on
loopback by a real HTTP server that logs every request: a CMS-like template (menu, breadcrumbs,
cookie bar, "Sdílet" block, related articles, footer), news with dates, service pages, grant
calls linking PDF and DOCX files, a sitemap index with two sitemaps (one gzipped), robots.txt
with a disallowed area and Crawl-delay, redirects (301, 302 and a loop), duplicates through
query parameters and index.html, canonical links, a 404, a 500 that recovers, a very slow page,
a huge page, a windows-1250 page, a JSON file no loader reads; `change()` edits one page,
removes one and adds one. The texts and template are in portal_content.py, the HTTP server in
portal_server.py.

    .venv/bin/python bench/portal.py [--port 8765] [--news 200]     # serve it until Ctrl+C

Needs fpdf2 (dev) and DejaVu Sans (Debian fonts-dejavu-core) for the PDF, python-docx for DOCX.
"""

from __future__ import annotations

import argparse
import gzip
import html
import random
import threading
from datetime import date, timedelta

# The texts and the HTTP server have their own modules; other code still imports their names from
# here (`from portal import COOKIES, build, serve`), as it did before the split.
from portal_content import (
    COOKIES,
    FONTS,
    FOOTER,
    GRANTS,
    MENU,
    NOTICE,
    SERVICES,
    SHARE,
    TOPICS,
    TOWNS,
    _docx,
    _paragraphs,
    _pdf,
    _template,
)
from portal_server import Page, Portal, serve

__all__ = [
    "COOKIES",
    "FONTS",
    "FOOTER",
    "GRANTS",
    "MENU",
    "NOTICE",
    "SERVICES",
    "SHARE",
    "TOPICS",
    "TOWNS",
    "Page",
    "Portal",
    "build",
    "change",
    "main",
    "serve",
]


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
