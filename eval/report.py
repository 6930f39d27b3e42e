"""Reports of an evaluation run: a self-contained HTML page (Czech, inline SVG charts, no
external files), the full JSON, and a CSV row per configuration and item (`eval.report_csv`)."""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

from eval.curves import risk_coverage_chart
from eval.gate import Check
from eval.labels import label
from eval.report_csv import write_csv

SECTIONS = {
    "retrieval": "Vyhledávání",
    "answers": "Odpovědi",
    "citations": "Citace",
    "safety": "Bezpečnost",
    "cost": "Latence a náklady",
}
CHARTED = {
    "retrieval": ("hit@1", "hit@5", "hit@10", "mrr@10", "ndcg@10", "recall@10"),
    "answers": ("answer_must", "abstain_unanswerable", "abstain_answerable", "abstain_precision"),
    "citations": ("cited_retrieved", "supported", "support", "uncited"),
}
COLOURS = ("#1d4f91", "#c45a00", "#2a7a3b", "#7b3f9e", "#8a6d00", "#a12b2b")
# Metrics where a lower value is better, for the arrows in the comparison table.
LOWER_IS_BETTER = {
    "abstain_answerable",
    "wrong_given",
    "contentless",
    "uncited",
    "must_not_violations",
    "internal_in_public",
}


def _fmt(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.3f}".rstrip("0").rstrip(".") if value != int(value) else f"{value:.0f}"
    return str(value)


def write_json(report: dict, path: Path) -> None:
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")


def _chart(title: str, keys: tuple[str, ...], section: str, configs: dict) -> str:
    """Grouped horizontal bars, one group per figure, one bar per configuration (0–1)."""
    names = list(configs)
    rows = [
        k for k in keys if any(c["overall"][section].get(k) is not None for c in configs.values())
    ]
    if not rows:
        return ""
    bar, gap, left, width = 16, 14, 290, 380
    height = len(rows) * (len(names) * bar + gap) + 10
    parts = [
        f'<figure class="chart"><figcaption>{escape(title)}</figcaption>'
        f'<svg role="img" aria-label="{escape(title)}" viewBox="0 0 {left + width + 70} {height}" '
        f'width="100%" xmlns="http://www.w3.org/2000/svg">'
    ]
    y = 5
    for key in rows:
        parts.append(
            f'<text x="{left - 10}" y="{y + len(names) * bar / 2 + 5}" text-anchor="end" '
            f'class="axis">{escape(label(key))}</text>'
        )
        for i, name in enumerate(names):
            value = configs[name]["overall"][section].get(key)
            w = 0 if value is None else max(1.0, min(1.0, value) * width)
            colour = COLOURS[i % len(COLOURS)]
            parts.append(
                f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{bar - 3}" fill="{colour}">'
                f"<title>{escape(name)}: {escape(label(key))} = {_fmt(value)}</title></rect>"
                f'<text x="{left + w + 6:.1f}" y="{y + bar - 5}" class="value">{_fmt(value)}</text>'
            )
            y += bar
        y += gap
    parts.append(
        f'<line x1="{left}" y1="0" x2="{left}" y2="{height}" stroke="#555" stroke-width="1"/>'
    )
    parts.append("</svg></figure>")
    return "".join(parts)


def _legend(names: list[str]) -> str:
    items = "".join(
        f'<li><span class="swatch" style="background:{COLOURS[i % len(COLOURS)]}"></span>'
        f"{escape(n)}</li>"
        for i, n in enumerate(names)
    )
    return f'<ul class="legend" aria-label="Konfigurace">{items}</ul>'


def _summary(configs: dict, checks: list[Check] | None) -> str:
    names = list(configs)
    head = "".join(f"<th scope='col'>{escape(n)}</th>" for n in names)
    rows = []
    for section, title in SECTIONS.items():
        rows.append(
            f"<tr class='group'><th colspan='{len(names) + 1}' scope='rowgroup'>{title}</th></tr>"
        )
        keys = list(configs[names[0]]["overall"][section])
        for key in keys:
            cells = "".join(
                f"<td>{_fmt(configs[n]['overall'][section].get(key))}</td>" for n in names
            )
            rows.append(f"<tr><th scope='row'>{escape(label(key))}</th>{cells}</tr>")
    gate = ""
    if checks is not None:
        verdict = "splněna" if all(c.passed for c in checks) else "NESPLNĚNA"
        lines = "".join(
            f"<li class='{'ok' if c.passed else 'fail'}'>{escape(c.describe())}</li>"
            for c in checks
        )
        gate = (
            f"<h3>Brána kvality ({escape(names[0])}): {verdict}</h3><ul class='gate'>{lines}</ul>"
        )
    # The verdict first: whether the configuration passes is what a reader looks for.
    return (
        f"{gate}<table><thead><tr><th scope='col'>Ukazatel</th>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _comparisons(report: dict) -> str:
    names = list(report["configs"])
    if len(names) < 2:
        return "<p>Porovnání vyžaduje alespoň dvě konfigurace (--config A --config B).</p>"
    out = []
    for name, rows in report["comparisons"].items():
        body = []
        for r in rows:
            better = (
                (r["delta"] < 0)
                if r["figure"].split(".")[-1] in LOWER_IS_BETTER
                else r["delta"] > 0
            )
            if not r["significant"]:
                verdict = "ne (v rámci šumu)"
            else:
                verdict = "ano, lepší" if better else "ano, horší"
            body.append(
                f"<tr><th scope='row'>{escape(label(r['figure']))}</th><td>{r['items']}</td>"
                f"<td>{_fmt(r['baseline'])}</td><td>{_fmt(r['other'])}</td>"
                f"<td>{r['delta']:+.3f}</td><td>{r['low']:+.3f} až {r['high']:+.3f}</td>"
                f"<td class='{'sig' if r['significant'] else ''}'>{verdict}</td></tr>"
            )
        out.append(
            f"<h3>{escape(name)} oproti {escape(names[0])}</h3><table><thead><tr>"
            "<th scope='col'>Ukazatel</th><th scope='col'>položek</th>"
            f"<th scope='col'>{escape(names[0])}</th><th scope='col'>{escape(name)}</th>"
            "<th scope='col'>rozdíl</th><th scope='col'>95% interval (bootstrap)</th>"
            "<th scope='col'>skutečná změna?</th></tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>"
        )
    return "".join(out)


def _groups(result: dict, key: str, heading: str) -> str:
    groups = result[key]
    if not groups:
        return "<p>Datová sada nemá žádné skupiny.</p>"
    figures = (("retrieval", "hit@5"), ("retrieval", "mrr@10"), ("answers", "answer_must"),
               ("answers", "abstain_unanswerable"), ("answers", "abstain_answerable"),
               ("citations", "supported"), ("safety", "internal_in_public"))  # fmt: skip
    head = "".join(f"<th scope='col'>{escape(label(f))}</th>" for _, f in figures)
    rows = "".join(
        f"<tr><th scope='row'>{escape(name)}</th><td>{g['items']}</td>"
        + "".join(f"<td>{_fmt(g[s].get(f))}</td>" for s, f in figures)
        + "</tr>"
        for name, g in groups.items()
    )
    return (
        f"<table><thead><tr><th scope='col'>{heading}</th><th scope='col'>položek</th>{head}"
        f"</tr></thead><tbody>{rows}</tbody></table>"
    )


def _badness(row: dict) -> tuple:
    wrong_abstention = "answer" in row and row["abstained"] == row["answerable"]
    retrieval = row.get("retrieval", {})
    return (
        -len(row["leaks"]),
        -len(row.get("violations", [])),
        -int(wrong_abstention),
        -int("answer" in row and row["answerable"] and not row["must_ok"]),
        -int(bool(row.get("contentless"))),
        retrieval.get("mrr@10", 1.0),
    )


def _is_bad(row: dict) -> bool:
    return _badness(row) != (0, 0, 0, 0, 0, 1.0)


def _worst(result: dict, limit: int = 15) -> str:
    rows = sorted((r for r in result["items"] if _is_bad(r)), key=_badness)[:limit]
    if not rows:
        return "<p>Žádná položka neselhala.</p>"
    cards = []
    for r in rows:
        problems = []
        if r["leaks"]:
            problems.append("interní zdroj ve veřejném výsledku")
        if r.get("violations"):
            problems.append("zakázaný řetězec: " + ", ".join(r["violations"]))
        if "answer" in r and r["abstained"] and r["answerable"]:
            problems.append("zdržel se, ačkoli odpověď existuje")
        if "answer" in r and not r["abstained"] and not r["answerable"]:
            problems.append("odpověděl, ačkoli se měl zdržet")
        elif "answer" in r and r["answerable"] and not r["abstained"] and not r["must_ok"]:
            problems.append("odpověď postrádá požadovaný obsah")
        for sentence in r.get("contentless", []):
            problems.append(f"věta bez obsahu ({sentence})")
        mrr = r.get("retrieval", {}).get("mrr@10", 1.0)
        if mrr == 0:
            problems.append("relevantní pasáž není mezi prvními deseti")
        elif mrr < 1.0:
            problems.append(f"relevantní pasáž až na {round(1 / mrr)}. místě")
        expected = r["expected"]
        wanted = "; ".join(" nebo ".join(g) for g in expected["answer_must"])
        evidence = "; ".join(expected["evidence"] or expected["sources"])
        citations = "".join(
            f"<li>[{c['n']}] {escape(c['title'])}{', s. ' + str(c['page']) if c['page'] else ''}"
            f"<br><q>{escape(c['quote'])}</q></li>"
            for c in r.get("citations", [])
        )
        cards.append(
            f"<article class='item'><h3>{escape(r['id'])}: {escape(r['question'])}</h3>"
            f"<p class='problems'>{escape('; '.join(problems))}</p>"
            + (f"<p><strong>Odpověď:</strong> {escape(r['answer'])}</p>" if "answer" in r else "")
            + (f"<ul class='cites'>{citations}</ul>" if citations else "")
            + (f"<p><strong>Očekávaný obsah:</strong> {escape(wanted)}</p>" if wanted else "")
            + (f"<p><strong>Očekávaný zdroj:</strong> {escape(evidence)}</p>" if evidence else "")
            + (
                "<p><strong>Očekáváno:</strong> zdržet se odpovědi</p>"
                if not r["answerable"]
                else ""
            )
            + "</article>"
        )
    return "".join(cards)


def _meta(report: dict) -> str:
    meta = report["meta"]
    rows = [
        ("Datová sada", meta["dataset"]["path"]),
        ("SHA-256 datové sady", meta["dataset"]["sha256"]),
        ("Položek", meta["dataset"]["items"]),
        ("Korpus", ", ".join(meta["corpus"]) or "aktuální index"),
        ("Verze programu", f"{meta['software']['version']} (commit {meta['software']['commit']})"),
        ("Python", meta["software"]["python"]),
        ("Vytvořeno (UTC)", meta["created"]),
    ]
    for name, result in report["configs"].items():
        index = result["index"]
        rows.append(
            (
                f"Index – {name}",
                f"verze {index['version']}, {index['documents']} dokumentů, {index['chunks']} "
                f"částí, otisk {index['fingerprint']}",
            )
        )
    table = "".join(
        f"<tr><th scope='row'>{escape(k)}</th><td>{escape(str(v))}</td></tr>" for k, v in rows
    )
    settings = "".join(
        f"<details><summary>Nastavení – {escape(name)}</summary><pre>"
        f"{escape(json.dumps(result['settings'], ensure_ascii=False, indent=1))}</pre></details>"
        for name, result in report["configs"].items()
    )
    return f"<table>{table}</table>{settings}"


STYLE = """
:root{color-scheme:light;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
body{margin:0 auto;max-width:1100px;padding:1.5rem;color:#1a1a1a;line-height:1.45;background:#fff}
h1{font-size:1.7rem;margin:.2rem 0}h2{margin-top:2.2rem;border-bottom:2px solid #1d4f91;padding-bottom:.2rem}
table{border-collapse:collapse;width:100%;margin:.6rem 0;font-size:.92rem}
th,td{border:1px solid #c9c9c9;padding:.3rem .5rem;text-align:right;vertical-align:top}
th[scope=row],thead th:first-child{text-align:left;font-weight:600}thead th{background:#eef2f8}
tr.group th{background:#f5f5f5;text-align:left}
.meta{color:#444}.chart{margin:1rem 0}.chart figcaption{font-weight:600;margin-bottom:.3rem}
.axis{font-size:13px;fill:#222}.value{font-size:12px;fill:#222}
.legend{list-style:none;padding:0;display:flex;gap:1.2rem;flex-wrap:wrap}
.swatch{display:inline-block;width:.9rem;height:.9rem;margin-right:.35rem;vertical-align:-.1rem}
.gate li.ok{color:#1f6f2e}.gate li.fail{color:#a11;font-weight:600}td.sig{font-weight:700}
.item{border:1px solid #ddd;border-left:4px solid #c45a00;padding:.5rem .9rem;margin:.8rem 0;border-radius:4px}
.item h3{font-size:1rem;margin:.2rem 0}.problems{color:#a11;margin:.2rem 0}
.cites{font-size:.9rem;color:#333;list-style:none;padding-left:.5rem}pre{white-space:pre-wrap;font-size:.8rem;background:#f7f7f7;padding:.5rem}
nav a{margin-right:1rem}
"""


def write_html(report: dict, path: Path, checks: list[Check] | None = None) -> None:
    configs = report["configs"]
    names = list(configs)
    baseline = configs[names[0]]
    charts = "".join(
        _chart(SECTIONS[section], keys, section, configs) for section, keys in CHARTED.items()
    ) + risk_coverage_chart(configs, COLOURS)
    judge = "".join(
        f"<h3>{escape(n)}</h3><ul>"
        + "".join(f"<li>{escape(label(k))}: {_fmt(v)}</li>" for k, v in r["judge"].items())
        + "</ul>"
        for n, r in configs.items()
        if "judge" in r
    )
    dataset = Path(report["meta"]["dataset"]["path"]).name
    page = f"""<!DOCTYPE html>
<html lang="cs"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Vyhodnocení asistenta – {escape(dataset)}</title><style>{STYLE}</style></head><body>
<header><h1>Vyhodnocení asistenta</h1>
<p class="meta">Datová sada <strong>{escape(dataset)}</strong> · {report["meta"]["dataset"]["items"]} položek ·
konfigurace: {escape(", ".join(names))} (výchozí pro srovnání: {escape(names[0])}) · režim {escape(baseline["mode"])} ·
{escape(report["meta"]["created"])}</p>
<nav aria-label="Obsah"><a href="#souhrn">Souhrn</a><a href="#grafy">Grafy</a><a href="#rozdily">Rozdíly</a>
<a href="#stitky">Podle štítků</a><a href="#publikum">Podle publika</a><a href="#polozky">Nejhorší položky</a>
<a href="#reprodukce">Reprodukovatelnost</a></nav></header>
<main>
<section id="souhrn"><h2>Souhrn</h2>{_summary(configs, checks)}</section>
<section id="grafy"><h2>Grafy</h2>{_legend(names)}{charts}</section>
<section id="rozdily"><h2>Rozdíly mezi konfiguracemi</h2>
<p>Rozdíl je průměr přes stejné položky; interval je 95% párový bootstrap (2000 převzorkování, pevné semínko).
Změna je skutečná, jen když interval neobsahuje nulu.</p>{_comparisons(report)}</section>
<section id="stitky"><h2>Podle štítků ({escape(names[0])})</h2>{_groups(baseline, "by_tag", "Štítek")}</section>
<section id="publikum"><h2>Podle publika ({escape(names[0])})</h2>{_groups(baseline, "by_audience", "Publikum")}</section>
<section id="polozky"><h2>Nejhorší položky ({escape(names[0])})</h2>{_worst(baseline)}</section>
{f'<section id="soudce"><h2>LLM soudce (pouze informativně)</h2>{judge}</section>' if judge else ""}
<section id="reprodukce"><h2>Reprodukovatelnost</h2>{_meta(report)}</section>
</main></body></html>
"""
    path.write_text(page, encoding="utf-8")


def write_reports(report: dict, folder: Path, checks: list[Check] | None = None) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / "report.html", folder / "report.json", folder / "report.csv"]
    write_html(report, paths[0], checks)
    write_json(report, paths[1])
    write_csv(report, paths[2])
    return paths


def text_summary(report: dict, checks: list[Check] | None = None) -> str:
    """The console view: failing items of the first configuration, then every figure."""
    names = list(report["configs"])
    baseline = report["configs"][names[0]]
    lines = []
    failing = [r for r in baseline["items"] if "answer" in r and _badness(r)[:4] != (0, 0, 0, 0)]
    if failing:
        lines.append(f"Položky k prověření ({names[0]}):")
        for r in sorted(failing, key=_badness)[:15]:
            lines.append(f"  ✗ {r['id']}: {r['question']} → {r['answer'][:110]}")
    for section, title in SECTIONS.items():
        lines.append(f"{title}:")
        for key in baseline["overall"][section]:
            values = "  ".join(
                f"{_fmt(report['configs'][n]['overall'][section].get(key)):>8}" for n in names
            )
            lines.append(f"  {label(key):<45}{values}")
    for name, rows in report["comparisons"].items():
        lines.append(f"{name} oproti {names[0]} (95% interval):")
        for r in rows:
            mark = " *" if r["significant"] else ""
            lines.append(
                f"  {label(r['figure']):<45}{r['delta']:+.3f} [{r['low']:+.3f}, {r['high']:+.3f}]{mark}"
            )
    if checks is not None:
        lines.append("Brána kvality:")
        lines.extend(f"  {c.describe()}" for c in checks)
    lines.append(
        f"Konfigurace: {', '.join(names)}; režim {baseline['mode']}; položek {baseline['overall']['items']}"
    )
    return "\n".join(lines)
