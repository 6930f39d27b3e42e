"""Reports of an evaluation run: a self-contained HTML page (Czech, inline SVG charts, no
external files), the full JSON, and a CSV row per configuration and item (`eval.report_csv`).

The page is written for the working group, not for programmers: it opens with the verdict
against the configured thresholds, states figures as counts of questions where they are
("21 z 22"), lists every failing question with the stage that failed, and explains every
figure it shows in a glossary."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from datetime import datetime
from html import escape
from pathlib import Path

from eval.curves import risk_coverage_chart
from eval.gate import Check, Failure, check, failure
from eval.labels import AUDIENCES, MODES, STAGES, TAGS, figure, label
from eval.report_csv import write_csv

NBSP = "\u00a0"
SECTIONS = {
    "retrieval": "Vyhledávání",
    "answers": "Odpovědi",
    "citations": "Odkazy na zdroje",
    "safety": "Ochrana neveřejných dokumentů",
    "cost": "Doba odezvy a náklady",
}
CHARTED = {
    "retrieval": ("hit@1", "hit@5", "hit@10", "mrr@10", "ndcg@10", "recall@10"),
    "answers": ("answer_must", "abstain_unanswerable", "abstain_answerable", "abstain_precision"),
    "citations": ("cited_retrieved", "supported", "support", "uncited"),
}
COLOURS = ("#1d4f91", "#c45a00", "#2a7a3b", "#7b3f9e", "#8a6d00", "#a12b2b")
# Console lines list at most this many failing questions; the HTML page lists them all.
CONSOLE_ITEMS = 15
# A missed requirement names at most this many of the questions behind it.
LISTED_IDS = 10


def number(value: float, digits: int = 2) -> str:
    """A Czech decimal: a comma, digit groups split by a non-breaking space, no trailing
    zeros, a real minus sign."""
    text = f"{value:,.{digits}f}".replace(",", NBSP).replace(".", ",")
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return text.replace("-", "−")


def percent(share: float) -> str:
    return f"{number(share * 100, 1)}{NBSP}%"


def show(key: str, value: float | None, counted: tuple[int, int] | None = None) -> str:
    """A figure's value as the working group reads it: "21 z 22 (95,5 %)" when it is a share
    of counted questions, a percentage, a decimal with a comma, milliseconds."""
    if value is None:
        return "–"
    if counted:
        n, d = counted
        return f"{n} z {d} ({percent(n / d)})"
    unit = figure(key).unit if figure(key) else ""
    if unit == "share":
        return percent(value)
    if unit == "ms":
        return f"{number(value, 1)}{NBSP}ms"
    if unit in ("count", "tokens"):
        return number(value, 0)
    return number(value, 1 if unit == "grade" else 3)


def _retrieved(k: str) -> tuple[Callable[[dict], bool], Callable[[dict], bool]]:
    return (lambda r: "retrieval" in r, lambda r: bool(r["retrieval"][k]))


def _answered(r: dict) -> bool:
    return "answer" in r


def _given(r: dict) -> bool:
    return "answer" in r and not r["abstained"]


# The figures that are a share of questions, as (which questions it is measured on, which of
# those it counts); the same selections as eval.run.aggregate, so that the count behind a
# figure can be stated rather than only its rounded ratio.
COUNTED: dict[str, tuple[Callable[[dict], bool], Callable[[dict], bool]]] = {
    **{k: _retrieved(k) for k in ("hit@1", "hit@3", "hit@5", "hit@10")},
    "answer_must": (lambda r: _answered(r) and r["answerable"], lambda r: r["must_ok"]),
    "abstain_unanswerable": (
        lambda r: _answered(r) and not r["answerable"],
        lambda r: r["abstained"],
    ),
    "abstain_answerable": (lambda r: _answered(r) and r["answerable"], lambda r: r["abstained"]),
    "abstain_precision": (lambda r: _answered(r) and r["abstained"], lambda r: not r["answerable"]),
    "contentless": (_given, lambda r: bool(r.get("contentless"))),
    "answered": (_answered, lambda r: not r["abstained"]),
    "wrong_given": (
        lambda r: _given(r) and r.get("candidate_right") is not None,
        lambda r: not r["candidate_right"],
    ),
}


def counts(key: str, rows: list[dict]) -> tuple[int, int] | None:
    """(n, d) behind a share of questions: d questions measured, n of them counted; None for
    a figure that is no share of questions or has none to measure."""
    name = key.split(".")[-1]
    if name not in COUNTED:
        return None
    measured, counted = COUNTED[name]
    pool = [r for r in rows if measured(r)]
    return (sum(bool(counted(r)) for r in pool), len(pool)) if pool else None


def _against(key: str, rows: list[dict]) -> list[str]:
    """The questions that pull a counted figure the wrong way."""
    measured, counted = COUNTED[key.split(".")[-1]]
    lower = figure(key).better == "lower"
    return [r["id"] for r in rows if measured(r) and bool(counted(r)) == lower]


def _sentence_start(text: str) -> str:
    return text[:1].upper() + text[1:]


def requirement(c: Check, rows: list[dict]) -> str:
    """A threshold as a sentence: what was measured, with the count of questions behind it
    where there is one, and the limit."""
    bound = "požadováno alespoň" if c.bound == "min" else "povoleno nejvýše"
    limit = show(c.figure, c.limit)
    found, counted = figure(c.figure), counts(c.figure, rows)
    # An unknown figure (a typo in the thresholds file) keeps its key as written.
    subject = _sentence_start(found.name) if found else c.figure
    if c.value is None:
        return f"{subject}: tato sada otázek to neměří; {bound} {limit}."
    if found and found.counted and counted:
        n, d = counted
        said = f"{found.counted.format(n=n, d=d)} ({percent(n / d)})"
    else:
        said = f"{subject}: {show(c.figure, c.value)}"
    return f"{said}; {bound} {limit}."


def failures(rows: list[dict]) -> list[tuple[dict, Failure]]:
    return [(r, f) for r in rows if (f := failure(r))]


def stage_counts(failed: list[tuple[dict, Failure]]) -> str:
    """Failing questions per stage, the most frequent first: "výběr věty: 4, vyhledávání: 3…"."""
    per = Counter(f.stage for _, f in failed)
    ordered = sorted(STAGES, key=lambda s: -per[s])
    return ", ".join(f"{STAGES[s][0]}: {per[s]}" for s in ordered)


def verdict_heading(name: str, checks: list[Check]) -> str:
    failed = sum(not c.passed for c in checks)
    if failed:
        return f"Konfigurace {name}: NESPLŇUJE – {failed} z {len(checks)} požadavků nesplněno"
    return f"Konfigurace {name}: SPLŇUJE požadavky ({len(checks)} z {len(checks)})"


def per_config(configs: dict, checks: list[Check]) -> dict[str, list[Check]]:
    """The gate's thresholds checked on every configuration, not only on the first (whose
    verdict is the exit status of `--gate`)."""
    limits: dict[str, dict[str, float]] = {"min": {}, "max": {}}
    for c in checks:
        limits[c.bound][c.figure] = c.limit
    return {name: check(result["overall"], limits) for name, result in configs.items()}


def write_json(report: dict, path: Path) -> None:
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")


def _anchor(name: str, item_id: str) -> str:
    return escape(f"otazka-{name}-{item_id}")


def _verdict(name: str, result: dict, checks: list[Check]) -> str:
    """The box that opens the page: passes or not, the missed requirements as sentences with
    the questions behind them, and at which stage the failing questions failed."""
    rows = result["items"]
    failed = failures(rows)
    listed = {r["id"] for r, _ in failed}
    missed = []
    for c in [c for c in checks if not c.passed]:
        against = _against(c.figure, rows) if counts(c.figure, rows) else []
        links = ", ".join(
            f"<a href='#{_anchor(name, i)}'>{escape(i)}</a>" if i in listed else escape(i)
            for i in against[:LISTED_IDS]
        ) + (f" a dalších {len(against) - LISTED_IDS}" if len(against) > LISTED_IDS else "")
        which = f" <span class='ids'>Týká se otázek: {links}.</span>" if links else ""
        missed.append(f"<li>{escape(requirement(c, rows))}{which}</li>")
    met = "".join(f"<li>{escape(requirement(c, rows))}</li>" for c in checks if c.passed)
    passed = all(c.passed for c in checks)
    return (
        f"<section class='verdict {'pass' if passed else 'fail'}' "
        f"aria-labelledby='verdikt-{escape(name)}'>"
        f"<h2 id='verdikt-{escape(name)}'>{escape(verdict_heading(name, checks))}</h2>"
        + (f"<p>Nesplněné požadavky:</p><ul>{''.join(missed)}</ul>" if missed else "")
        + f"<p><strong>Co selhává nejčastěji:</strong> {escape(stage_counts(failed))} "
        f"(neúspěšných otázek {len(failed)} z {len(rows)}, "
        f"<a href='#neuspesne-{escape(name)}'>seznam níže</a>). Co ukazatele a fáze "
        "znamenají, vysvětluje <a href='#slovnicek'>Slovníček</a>.</p>"
        + (
            f"<details{' open' if passed else ''}><summary>Splněné požadavky</summary>"
            f"<ul>{met}</ul></details>"
            if met
            else ""
        )
        + "</section>"
    )


def _chart(title: str, keys: tuple[str, ...], section: str, configs: dict) -> str:
    """Grouped horizontal bars, one group per figure, one bar per configuration (0–1)."""
    names = list(configs)
    rows = [
        k for k in keys if any(c["overall"][section].get(k) is not None for c in configs.values())
    ]
    if not rows:
        return ""
    bar, gap, left, width = 16, 14, 370, 360
    height = len(rows) * (len(names) * bar + gap) + 10
    parts = [
        f'<figure class="chart"><figcaption>{escape(title)}</figcaption>'
        f'<svg role="img" aria-label="{escape(title)}" viewBox="0 0 {left + width + 80} {height}" '
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
                f"<title>{escape(name)}: {escape(label(key))} = {show(key, value)}</title></rect>"
                f'<text x="{left + w + 6:.1f}" y="{y + bar - 5}" class="value">'
                f"{show(key, value)}</text>"
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


def _measured(configs: dict, section: str) -> list[str]:
    """The figures of a section that some configuration measured (a retrieval benchmark has
    no answers: a row of dashes says nothing)."""
    results = [c["overall"][section] for c in configs.values()]
    return [k for k in results[0] if any(r.get(k) is not None for r in results)]


def _name(key: str) -> str:
    return f"{escape(label(key))} <small class='tech'>({escape(key)})</small>"


def _summary(configs: dict) -> str:
    names = list(configs)
    head = "".join(f"<th scope='col'>{escape(n)}</th>" for n in names)
    rows = []
    for section, title in SECTIONS.items():
        keys = _measured(configs, section)
        if not keys:
            continue
        rows.append(
            f"<tr class='group'><th colspan='{len(names) + 1}' scope='rowgroup'>{title}</th></tr>"
        )
        for key in keys:
            cells = "".join(
                f"<td>{show(key, r['overall'][section].get(key), counts(key, r['items']))}</td>"
                for r in configs.values()
            )
            rows.append(f"<tr><th scope='row'>{_name(key)}</th>{cells}</tr>")
    return (
        "<p>Co který ukazatel znamená a zda je lepší vyšší, nebo nižší hodnota, vysvětluje "
        "<a href='#slovnicek'>Slovníček</a>.</p>"
        f"<table><thead><tr><th scope='col'>Ukazatel</th>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _delta(key: str, value: float) -> str:
    """A difference: percentage points for a share, else a decimal; signed unless zero."""
    sign = "−" if value < 0 else "+" if value > 0 else ""
    if figure(key) and figure(key).unit == "share":
        return f"{sign}{number(abs(value) * 100, 1)}{NBSP}p.{NBSP}b."
    return f"{sign}{number(abs(value), 3)}"


def _comparisons(report: dict) -> str:
    names = list(report["configs"])
    if len(names) < 2:
        return "<p>Porovnání vyžaduje alespoň dvě konfigurace (--config A --config B).</p>"
    out = []
    for name, rows in report["comparisons"].items():
        body = []
        for r in rows:
            key = r["figure"]
            lower = figure(key).better == "lower"
            better = r["delta"] < 0 if lower else r["delta"] > 0
            if not r["significant"]:
                verdict = "ne, jen náhodné kolísání"
            else:
                verdict = "ano, lepší" if better else "ano, horší"
            body.append(
                f"<tr><th scope='row'>{_name(key)}</th><td>{r['items']}</td>"
                f"<td>{show(key, r['baseline'])}</td><td>{show(key, r['other'])}</td>"
                f"<td>{_delta(key, r['delta'])}</td>"
                f"<td>{_delta(key, r['low'])} až {_delta(key, r['high'])}</td>"
                f"<td class='{'sig' if r['significant'] else ''}'>{verdict}</td></tr>"
            )
        out.append(
            f"<h3>{escape(name)} oproti {escape(names[0])}</h3><table><thead><tr>"
            "<th scope='col'>Ukazatel</th><th scope='col'>otázek</th>"
            f"<th scope='col'>{escape(names[0])}</th><th scope='col'>{escape(name)}</th>"
            "<th scope='col'>rozdíl</th><th scope='col'>rozmezí rozdílu (95% jistota)</th>"
            "<th scope='col'>skutečná změna?</th></tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>"
        )
    return "".join(out)


GROUPED = (("retrieval", "hit@5"), ("retrieval", "mrr@10"), ("answers", "answer_must"),
           ("answers", "abstain_unanswerable"), ("answers", "abstain_answerable"),
           ("citations", "supported"), ("safety", "internal_in_public"))  # fmt: skip


def _groups(result: dict, key: str, heading: str, names: dict[str, str], member: Callable) -> str:
    """A table of the figures per group; a group (a dataset's tag) is named in Czech where
    the name is known, its key in small print."""
    groups = result[key]
    if not groups:
        return "<p>Datová sada nemá žádné skupiny.</p>"
    head = "".join(f"<th scope='col'>{escape(label(f))}</th>" for _, f in GROUPED)
    rows = []
    for name, g in groups.items():
        items = [r for r in result["items"] if member(r, name)]
        cells = "".join(f"<td>{show(f, g[s].get(f), counts(f, items))}</td>" for s, f in GROUPED)
        title = (
            f"{escape(names[name])} <small class='tech'>({escape(name)})</small>"
            if name in names
            else escape(name)
        )
        rows.append(f"<tr><th scope='row'>{title}</th><td>{g['items']}</td>{cells}</tr>")
    return (
        f"<table><thead><tr><th scope='col'>{heading}</th><th scope='col'>otázek</th>{head}"
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _quoted(texts: list[str], joiner: str = " nebo ") -> str:
    return joiner.join(f"„{t}“" for t in texts)


def _expected(row: dict) -> str:
    """What the gold set expects, in its readable form: the text the source states (not the
    word starts the automatic check matches), the sources, or a refusal."""
    expected = row["expected"]
    if not row["answerable"]:
        text = "odmítnout odpověď, protože dokumenty ji nedávají"
        if expected["must_not"]:
            text += f"; nesmí zaznít {_quoted(expected['must_not'], ' ani ')}"
        return text
    parts = []
    if expected["evidence"]:
        parts.append(f"ve zdroji stojí {_quoted(expected['evidence'])}")
    elif expected["answer_must"]:
        parts.append("; ".join(_quoted(g) for g in expected["answer_must"]))
    if expected["sources"]:
        parts.append("zdroj: " + ", ".join(s.rsplit("/", 1)[-1] for s in expected["sources"]))
    return "; ".join(parts)


def _card(name: str, row: dict, failed: Failure) -> str:
    fields = [
        ("Co selhalo", "; ".join(failed.reasons)),
        ("Očekáváno", _expected(row)),
    ]
    if "answer" in row:
        fields.append(("Odpověď asistenta", row["answer"]))
    cites = "".join(
        f"<li>[{c['n']}] {escape(c['title'])}{', s. ' + str(c['page']) if c['page'] else ''}"
        f"<br><q>{escape(c['quote'])}</q></li>"
        for c in row.get("citations", [])
    )
    body = "".join(f"<dt>{k}</dt><dd>{escape(v)}</dd>" for k, v in fields if v)
    if cites:
        body += f"<dt>Citované zdroje</dt><dd><ul class='cites'>{cites}</ul></dd>"
    return (
        f"<article class='item' id='{_anchor(name, row['id'])}'>"
        f"<h4>{escape(row['id'])}: {escape(row['question'])}</h4><dl>{body}</dl></article>"
    )


def _questions(n: int) -> str:
    return f"{n} {'otázka' if n == 1 else 'otázky' if 2 <= n <= 4 else 'otázek'}"


def _failing(name: str, result: dict) -> str:
    """Every failing question, grouped by the stage that failed, each with its reasons."""
    failed = failures(result["items"])
    if not failed:
        return "<p>Žádná otázka neselhala.</p>"
    blocks = []
    for stage, (title, meaning) in STAGES.items():
        mine = [(r, f) for r, f in failed if f.stage == stage]
        if mine:
            cards = "".join(_card(name, r, f) for r, f in mine)
            blocks.append(
                f"<details><summary><strong>{_sentence_start(title)}</strong> – "
                f"{_questions(len(mine))}: {meaning}</summary>{cards}</details>"
            )
    return "".join(blocks)


def _glossary(keys: list[str]) -> str:
    """One line per figure the page shows, and one per stage a question can fail at."""
    direction = {"higher": " Vyšší je lepší.", "lower": " Nižší je lepší.", "": ""}
    figures = "".join(
        f"<dt>{_name(k)}</dt><dd>{escape(figure(k).meaning)}{direction[figure(k).better]}</dd>"
        for k in keys
        if figure(k)
    )
    stages = "".join(
        f"<dt>{_sentence_start(title)}</dt><dd>{_sentence_start(meaning)}.</dd>"
        for title, meaning in STAGES.values()
    )
    return (
        f"<h3>Ukazatele</h3><dl class='glossary'>{figures}</dl>"
        f"<h3>Fáze, ve které otázka selhala</h3><dl class='glossary'>{stages}</dl>"
    )


def shown(report: dict) -> list[str]:
    """The figures the page shows: measured ones, compared ones and the judge's."""
    configs = report["configs"]
    keys = [k for section in SECTIONS for k in _measured(configs, section)]
    keys += [r["figure"].split(".")[-1] for rows in report["comparisons"].values() for r in rows]
    keys += [k for result in configs.values() for k in result.get("judge", {})]
    return list(dict.fromkeys(keys))


def _meta(report: dict) -> str:
    meta = report["meta"]
    rows = [
        ("Datová sada", meta["dataset"]["path"]),
        ("Otisk datové sady (SHA-256)", meta["dataset"]["sha256"]),
        ("Otázek", meta["dataset"]["items"]),
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


def _created(iso: str) -> str:
    when = datetime.fromisoformat(iso)
    return NBSP.join((f"{when.day}.", f"{when.month}.", str(when.year), f"{when:%H:%M}", "UTC"))


NAV = "".join(
    f'<a href="#{anchor}">{title}</a>'
    for anchor, title in (
        ("souhrn", "Souhrn"), ("neuspesne", "Neúspěšné otázky"), ("grafy", "Grafy"),
        ("rozdily", "Rozdíly"), ("stitky", "Podle typu otázky"), ("publikum", "Podle publika"),
        ("slovnicek", "Slovníček"), ("reprodukce", "Reprodukovatelnost"),
    )
)  # fmt: skip

STYLE = """
:root{color-scheme:light;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
body{margin:0 auto;max-width:1100px;padding:1.5rem;color:#1a1a1a;line-height:1.45;background:#fff}
h1{font-size:1.7rem;margin:.2rem 0 .8rem}h2{margin-top:2.2rem;border-bottom:2px solid #1d4f91;padding-bottom:.2rem}
table{border-collapse:collapse;width:100%;margin:.6rem 0;font-size:.92rem}
th,td{border:1px solid #c9c9c9;padding:.3rem .5rem;text-align:right;vertical-align:top}
th[scope=row],thead th:first-child{text-align:left;font-weight:600}thead th{background:#eef2f8}
tr.group th{background:#f5f5f5;text-align:left}small.tech{color:#555;font-weight:400}
.verdict{border:2px solid;border-radius:6px;padding:.3rem 1.1rem .6rem;margin:0 0 1rem}
.verdict h2{margin:.5rem 0;border:0;font-size:1.35rem}
.verdict.pass{border-color:#1f6f2e;background:#eef8f0}.verdict.pass h2{color:#17561f}
.verdict.fail{border-color:#a11;background:#fdf0ef}.verdict.fail h2{color:#8a0d0d}
.verdict ul{margin:.3rem 0}.verdict li{margin:.25rem 0}.ids{color:#333;font-size:.9rem}
.warning{border-left:4px solid #8a6d00;background:#fff8e0;padding:.4rem .8rem;margin:.5rem 0}
.meta{color:#333}.chart{margin:1rem 0}.chart figcaption{font-weight:600;margin-bottom:.3rem}
.axis{font-size:13px;fill:#222}.value{font-size:12px;fill:#222}.note{color:#333}
.legend{list-style:none;padding:0;display:flex;gap:1.2rem;flex-wrap:wrap}
.swatch{display:inline-block;width:.9rem;height:.9rem;margin-right:.35rem;vertical-align:-.1rem}
td.sig{font-weight:700}details{margin:.5rem 0}summary{cursor:pointer}
.item{border:1px solid #ddd;border-left:4px solid #c45a00;padding:.5rem .9rem;margin:.8rem 0;border-radius:4px}
.item h4{font-size:1rem;margin:.2rem 0}.item dl{display:grid;grid-template-columns:11rem 1fr;gap:.2rem .8rem;margin:.3rem 0}
.item dt{font-weight:600}.item dd{margin:0}.item dd:first-of-type{color:#8a0d0d}
.glossary dt{font-weight:600;margin-top:.5rem}.glossary dd{margin:0 0 0 1.2rem}
.cites{font-size:.9rem;color:#333;list-style:none;padding-left:0;margin:0}pre{white-space:pre-wrap;font-size:.8rem;background:#f7f7f7;padding:.5rem}
nav a{margin-right:1rem}
"""


def write_html(report: dict, path: Path, checks: list[Check]) -> None:
    configs = report["configs"]
    names = list(configs)
    baseline = configs[names[0]]
    verdicts = per_config(configs, checks)
    boxes = "".join(_verdict(n, configs[n], verdicts[n]) for n in names)
    warnings = "".join(
        f"<p class='warning' role='note'><strong>Upozornění:</strong> {escape(w)}</p>"
        for w in report["meta"]["warnings"]
    )
    charts = "".join(
        _chart(SECTIONS[section], keys, section, configs) for section, keys in CHARTED.items()
    ) + risk_coverage_chart(configs, COLOURS)
    judge = "".join(
        f"<h3>{escape(n)}</h3><ul>"
        + "".join(f"<li>{escape(label(k))}: {show(k, v)}</li>" for k, v in r["judge"].items())
        + "</ul>"
        for n, r in configs.items()
        if "judge" in r
    )
    failing = "".join(
        f"<div id='neuspesne-{escape(n)}'>"
        + (f"<h3>Konfigurace {escape(n)}</h3>" if len(names) > 1 else "")
        + f"{_failing(n, r)}</div>"
        for n, r in configs.items()
    )
    dataset = Path(report["meta"]["dataset"]["path"]).name
    about = (
        f"{report['meta']['dataset']['items']} otázek · konfigurace: {', '.join(names)}"
        + (f" (srovnává se s {names[0]})" if len(names) > 1 else "")
        + f" · {MODES.get(baseline['mode'], baseline['mode'])} · "
        f"{_created(report['meta']['created'])} · požadavky jsou nejnižší, nebo nejvyšší "
        "přípustné hodnoty ukazatelů (brána kvality)"
    )
    tags = _groups(baseline, "by_tag", "Typ otázky", TAGS, lambda r, name: name in r["tags"])
    audiences = _groups(
        baseline, "by_audience", "Publikum", AUDIENCES, lambda r, name: r["audience"] == name
    )
    if judge:
        judge = (
            "<section id='soudce'><h2>Hodnocení jiným jazykovým modelem (jen orientační)</h2>"
            f"{judge}</section>"
        )
    page = f"""<!DOCTYPE html>
<html lang="cs"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Vyhodnocení asistenta – {escape(dataset)}</title><style>{STYLE}</style></head><body>
<header><h1>Vyhodnocení asistenta – sada otázek {escape(dataset)}</h1></header>
<main>
{boxes}{warnings}
<p class="meta">{escape(about)}</p>
<nav aria-label="Obsah">{NAV}</nav>
<section id="souhrn"><h2>Souhrn všech ukazatelů</h2>{_summary(configs)}</section>
<section id="neuspesne"><h2>Neúspěšné otázky</h2>
<p>Otázka neuspěla, když vyhledávání nenašlo zdroj s odpovědí mezi prvními 5 výsledky, když
asistent chybně odpověděl, nebo odmítl odpovědět, když odpověď postrádá požadované údaje nebo
je zdroje nedokládají, nebo když ukázala něco neveřejného. Je zařazena k první fázi, ve které
selhala (únik neveřejného vždy napřed), a jsou u ní vypsány všechny kontroly, které nesplnila.
Fázi rozbalíte kliknutím.</p>{failing}</section>
<section id="grafy"><h2>Grafy</h2>{_legend(names)}{charts}</section>
<section id="rozdily"><h2>Rozdíly mezi konfiguracemi</h2>
<p>Rozdíl je spočten na stejných otázkách. Rozmezí ukazuje, kam až by se rozdíl mohl posunout
jen náhodou (s 95% jistotou); změna je skutečná, jen když rozmezí neobsahuje nulu.
p.{NBSP}b. = procentní body. <small class="tech">(Technicky: párový bootstrap, 2000
převzorkování, pevné semínko.)</small></p>{_comparisons(report)}</section>
<section id="stitky"><h2>Podle typu otázky ({escape(names[0])})</h2>{tags}</section>
<section id="publikum"><h2>Podle publika ({escape(names[0])})</h2>{audiences}</section>
{judge}
<section id="slovnicek"><h2>Slovníček</h2>{_glossary(shown(report))}</section>
<section id="reprodukce"><h2>Reprodukovatelnost</h2>{_meta(report)}</section>
</main></body></html>
"""
    path.write_text(page, encoding="utf-8")


def write_reports(report: dict, folder: Path, checks: list[Check]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / "report.html", folder / "report.json", folder / "report.csv"]
    write_html(report, paths[0], checks)
    write_json(report, paths[1])
    write_csv(report, paths[2])
    return paths


def text_summary(report: dict, checks: list[Check]) -> str:
    """The console view: failing questions of the first configuration, every figure, the
    comparisons, then the verdict of each configuration last, where the terminal ends."""
    configs = report["configs"]
    names = list(configs)
    baseline = configs[names[0]]
    lines = []
    failed = failures(baseline["items"])
    if failed:
        lines.append(f"Neúspěšné otázky ({names[0]}):")
        for r, f in failed[:CONSOLE_ITEMS]:
            lines.append(
                f"  ✗ {r['id']} [{STAGES[f.stage][0]}]: {r['question']} → {'; '.join(f.reasons)}"
            )
        if len(failed) > CONSOLE_ITEMS:
            lines.append(f"  … a dalších {len(failed) - CONSOLE_ITEMS} (všechny v report.html)")
    for section, title in SECTIONS.items():
        lines.append(f"{title}:")
        for key in _measured(configs, section):
            values = "  ".join(
                f"{show(key, configs[n]['overall'][section].get(key)):>10}" for n in names
            )
            lines.append(f"  {label(key):<60}{values}")
    for name, rows in report["comparisons"].items():
        lines.append(f"{name} oproti {names[0]} (rozmezí s 95% jistotou):")
        for r in rows:
            mark = " *" if r["significant"] else ""
            key = r["figure"]
            lines.append(
                f"  {label(key):<60}{_delta(key, r['delta'])} "
                f"[{_delta(key, r['low'])}, {_delta(key, r['high'])}]{mark}"
            )
    for name, verdict in per_config(configs, checks).items():
        rows = configs[name]["items"]
        lines.append(verdict_heading(name, verdict))
        lines.extend(f"  ✗ {requirement(c, rows)}" for c in verdict if not c.passed)
        lines.append(f"  Co selhává nejčastěji: {stage_counts(failures(rows))}")
    lines.append(
        f"Konfigurace: {', '.join(names)}; režim {baseline['mode']}; položek {baseline['overall']['items']}"
    )
    return "\n".join(lines)
