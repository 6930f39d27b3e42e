"""The risk–coverage picture of the evaluation report.

For each configuration: as the confidence an answer must reach falls, more questions are
answered (x) and more of those answers are wrong (y); the lower the curve, the better. A dot
marks where each configuration's operating point (`ASSISTANT_MAX_WRONG_RATE`) put it; the
dashed line ranks the first configuration's answers by the evidence strength alone (the
decision before the calibration), for comparison.
"""

from __future__ import annotations

from html import escape

WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 560, 340, 60, 45, 15


def _x(coverage: float) -> float:
    return LEFT + coverage * (WIDTH - LEFT - 20)


def _y(risk: float) -> float:
    return HEIGHT - BOTTOM - risk * (HEIGHT - BOTTOM - TOP)


def _line(points: list, colour: str, dashed: bool = False) -> str:
    xy = " ".join(f"{_x(c):.1f},{_y(r):.1f}" for _, c, r in points)
    dash = ' stroke-dasharray="5 4"' if dashed else ""
    return f'<polyline fill="none" stroke="{colour}" stroke-width="2"{dash} points="{xy}"/>'


def risk_coverage_chart(configs: dict, colours: tuple[str, ...]) -> str:
    curves = {n: c.get("risk_coverage", {}) for n, c in configs.items()}
    if not any(c.get("confidence") for c in curves.values()):
        return ""
    title = "Riziko a pokrytí: podíl chybných odpovědí podle podílu zodpovězených otázek"
    parts = [
        f'<figure class="chart"><figcaption>{escape(title)}</figcaption>'
        f'<svg role="img" aria-label="{escape(title)}" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="100%" xmlns="http://www.w3.org/2000/svg">'
    ]
    for tick in (0, 0.25, 0.5, 0.75, 1):
        parts.append(
            f'<line x1="{_x(0)}" y1="{_y(tick):.1f}" x2="{_x(1):.1f}" y2="{_y(tick):.1f}" '
            f'stroke="#ddd"/><text x="{LEFT - 6}" y="{_y(tick) + 4:.1f}" text-anchor="end" '
            f'class="axis">{tick:.0%}</text>'
            f'<text x="{_x(tick):.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" '
            f'class="axis">{tick:.0%}</text>'
        )
    first = next(iter(curves.values()))
    if first.get("strength"):
        parts.append(_line(first["strength"], "#777", dashed=True))
    for i, (name, curve) in enumerate(curves.items()):
        colour = colours[i % len(colours)]
        if curve.get("confidence"):
            parts.append(_line(curve["confidence"], colour))
        answers = configs[name]["overall"]["answers"]
        if answers.get("answered") is not None and answers.get("wrong_given") is not None:
            parts.append(
                f'<circle cx="{_x(answers["answered"]):.1f}" cy="{_y(answers["wrong_given"]):.1f}"'
                f' r="5" fill="{colour}"><title>{escape(name)}: zodpovězeno '
                f"{answers['answered']:.0%}, z toho chybně {answers['wrong_given']:.0%}"
                "</title></circle>"
            )
    parts.append(
        f'<text x="{_x(0.5):.1f}" y="{HEIGHT - 8}" text-anchor="middle" class="axis">'
        "podíl zodpovězených otázek</text>"
        f'<text x="14" y="{_y(0.5):.1f}" text-anchor="middle" class="axis" '
        f'transform="rotate(-90 14 {_y(0.5):.1f})">podíl chybných odpovědí</text></svg>'
        "<p class='note'>Čím níže křivka leží, tím lépe. Tečka: kde konfiguraci drží nastavený"
        " provozní bod (ASSISTANT_MAX_WRONG_RATE). Čárkovaně: odpovědi první konfigurace"
        " seřazené jen podle síly důkazu (rozhodování před kalibrací).</p></figure>"
    )
    return "".join(parts)
