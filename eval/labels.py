"""Czech names of the figures, shared by reports and the gate, written for the working group:
each figure has a plain name, a glossary line saying what it measures, which way is better,
how its values read (a share, a score, a count…) and, where items can be counted, the
sentence that states the count ("21 z 22 …")."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    name: str
    meaning: str
    # "higher" or "lower" is better; "" when neither is better on its own.
    better: str
    # share (0–1, shown in %), score (0–1), count, ms, tokens, grade (1–5).
    unit: str
    # The count as a sentence, "{n} z {d} …", for figures that are a share of items.
    counted: str = ""


def _hit(k: int) -> Figure:
    place = "na 1. místě" if k == 1 else f"mezi prvními {k} výsledky"
    return Figure(
        f"správný zdroj {place} vyhledávání",
        f"Podíl otázek, u kterých vyhledávání našlo zdroj s odpovědí {place}.",
        "higher",
        "share",
        f"U {{n}} z {{d}} otázek našlo vyhledávání správný zdroj {place}",
    )


def _latency(step: str, typical: bool) -> Figure:
    if typical:
        return Figure(
            f"doba odezvy: {step} – obvyklá",
            f"Medián: u poloviny otázek trvalo {step} nejvýše tolik milisekund.",
            "lower",
            "ms",
        )
    return Figure(
        f"doba odezvy: {step} – nejpomalejších 5 %",
        f"U 95 % otázek trvalo {step} nejvýše tolik milisekund, u zbylých 5 % déle.",
        "lower",
        "ms",
    )


FIGURES = {
    "hit@1": _hit(1),
    "hit@3": _hit(3),
    "hit@5": _hit(5),
    "hit@10": _hit(10),
    "recall@10": Figure(
        "úplnost prvních 10 výsledků vyhledávání",
        "Jaká část všech zdrojů s odpovědí je mezi prvními 10 výsledky; průměr přes otázky.",
        "higher",
        "share",
    ),
    "mrr@10": Figure(
        "pořadí správného zdroje ve vyhledávání (0–1)",
        "1 = správný zdroj vždy na 1. místě, 0,5 = v průměru na 2. místě, 0 = není mezi "
        "prvními 10 výsledky.",
        "higher",
        "score",
    ),
    "ndcg@10": Figure(
        "kvalita řazení prvních 10 výsledků (0–1)",
        "Bere v úvahu všechny správné zdroje mezi prvními 10 výsledky a jejich pořadí; "
        "1 = všechny jsou úplně nahoře.",
        "higher",
        "score",
    ),
    "answer_must": Figure(
        "odpovědi s požadovanými údaji",
        "Podíl otázek, na které dokumenty odpověď dávají a asistent odpověděl s údaji, které "
        "sada otázek požaduje (číslo, datum, název…).",
        "higher",
        "share",
        "{n} z {d} otázek, na které dokumenty odpověď dávají, dostalo odpověď s požadovanými údaji",
    ),
    "must_not_violations": Figure(
        "zakázané údaje v odpovědích (počet)",
        "Kolikrát odpověď obsahovala údaj, který v ní být nesmí (např. částku "
        "z neveřejného dokumentu).",
        "lower",
        "count",
    ),
    "abstain_unanswerable": Figure(
        "správně odmítnuté otázky bez odpovědi",
        "Podíl otázek, na které dokumenty odpověď nedávají, u kterých asistent správně "
        "odmítl odpovědět.",
        "higher",
        "share",
        "Na {n} z {d} otázek, na které dokumenty odpověď nedávají, asistent správně "
        "odmítl odpovědět",
    ),
    "abstain_answerable": Figure(
        "zbytečně odmítnuté otázky",
        "Podíl otázek, na které dokumenty odpověď dávají, u kterých asistent přesto odmítl "
        "odpovědět.",
        "lower",
        "share",
        "Na {n} z {d} otázek, na které dokumenty odpověď dávají, asistent zbytečně "
        "odmítl odpovědět",
    ),
    "abstain_precision": Figure(
        "oprávněná odmítnutí",
        "Z otázek, na které asistent odmítl odpovědět, podíl těch, na které dokumenty "
        "odpověď opravdu nedávají.",
        "higher",
        "share",
        "{n} z {d} odmítnutí bylo oprávněných",
    ),
    "contentless": Figure(
        "odpovědi s prázdnou větou",
        "Podíl odpovědí, které obsahují větu bez požadovaného obsahu (např. jen nadpis).",
        "lower",
        "share",
        "{n} z {d} odpovědí obsahuje větu bez požadovaného obsahu",
    ),
    "answered": Figure(
        "zodpovězené otázky",
        "Podíl všech otázek, na které asistent odpověděl (neodmítl). Vyšší je lepší, jen "
        "pokud přitom neroste podíl chybných odpovědí.",
        "",
        "share",
        "Asistent odpověděl na {n} z {d} otázek",
    ),
    "wrong_given": Figure(
        "chybné odpovědi",
        "Z odpovědí, které asistent dal, podíl těch bez požadovaných údajů nebo se "
        "zakázaným údajem.",
        "lower",
        "share",
        "{n} z {d} daných odpovědí bylo chybných",
    ),
    "correct_abstention": Figure(
        "správné rozhodnutí odpovědět, nebo odmítnout",
        "Podíl otázek, u kterých asistent odpověděl, když dokumenty odpověď dávají, "
        "a odmítl, když ji nedávají.",
        "higher",
        "share",
    ),
    "cited_retrieved": Figure(
        "odkazy na skutečně nalezené zdroje",
        "Podíl odkazů v odpovědích, které vedou na pasáž nalezenou vyhledáváním (ne na "
        "zdroj odjinud); průměr přes odpovědi.",
        "higher",
        "share",
    ),
    "supported": Figure(
        "věty doložené citovaným zdrojem",
        "Podíl vět s odkazem, jejichž obsah citovaná pasáž opravdu uvádí; průměr přes odpovědi.",
        "higher",
        "share",
    ),
    "support": Figure(
        "míra doložení vět (0–1)",
        "Jaká část slov a čísel věty je v citované pasáži; průměr přes věty a odpovědi.",
        "higher",
        "score",
    ),
    "uncited": Figure(
        "věty bez odkazu na zdroj",
        "Podíl vět odpovědi, které neodkazují na žádný zdroj; průměr přes odpovědi.",
        "lower",
        "share",
    ),
    "internal_in_public": Figure(
        "neveřejné dokumenty v odpovědích pro veřejnost (počet)",
        "Kolikrát se u otázky veřejnosti objevil neveřejný dokument ve výsledcích "
        "vyhledávání nebo v odkazech odpovědi. Musí být 0.",
        "lower",
        "count",
    ),
    "search_p50_ms": _latency("vyhledávání", True),
    "search_p95_ms": _latency("vyhledávání", False),
    "retrieve_p50_ms": _latency("vyhledání podkladů k odpovědi", True),
    "retrieve_p95_ms": _latency("vyhledání podkladů k odpovědi", False),
    "answer_p50_ms": _latency("sestavení odpovědi", True),
    "answer_p95_ms": _latency("sestavení odpovědi", False),
    "tokens_in": Figure(
        "text odeslaný jazykovému modelu (tokeny)",
        "Kolik tokenů (kousků slov) asistent za celou sadu odeslal jazykovému modelu; "
        "určuje cenu. Jen v režimu s jazykovým modelem.",
        "lower",
        "tokens",
    ),
    "tokens_out": Figure(
        "text vrácený jazykovým modelem (tokeny)",
        "Kolik tokenů (kousků slov) jazykový model za celou sadu vrátil; určuje cenu.",
        "lower",
        "tokens",
    ),
    "faithfulness": Figure(
        "věrnost zdrojům podle hodnotícího modelu (1–5)",
        "Známka od jiného jazykového modelu: drží se odpověď citovaných zdrojů? Jen "
        "orientační, požadavky ji nepoužívají.",
        "higher",
        "grade",
    ),
    "relevance": Figure(
        "přiléhavost odpovědi podle hodnotícího modelu (1–5)",
        "Známka od jiného jazykového modelu: odpovídá odpověď na otázku? Jen orientační.",
        "higher",
        "grade",
    ),
    "graded": Figure(
        "odpovědi ohodnocené hodnotícím modelem",
        "Kolik odpovědí jiný jazykový model ohodnotil.",
        "",
        "count",
    ),
}

# Where an item failed, in the order of the pipeline; the report groups failing items by it.
STAGES = {
    "retrieval": (
        "vyhledávání",
        "zdroj s odpovědí nebyl mezi prvními 5 výsledky vyhledávání",
    ),
    "refusal": (
        "odmítnutí odpovědi",
        "asistent odmítl odpovědět, ačkoli zdroj s odpovědí našel, nebo odpověděl, ačkoli "
        "dokumenty odpověď nedávají",
    ),
    "sentence": (
        "výběr věty",
        "asistent našel správný zdroj, ale jeho odpověď postrádá požadované údaje nebo je "
        "nedokládá",
    ),
    "leak": (
        "únik neveřejného",
        "odpověď pro veřejnost ukázala neveřejný dokument nebo obsahuje zakázaný údaj",
    ),
}

# Why the assistant refused (`Reply.reason`).
ABSTAIN_REASONS = {
    "no_passages": "vyhledávání nenašlo nic",
    "weak_evidence": "nalezené pasáže otázku pokrývají jen slabě",
    "focus_not_found": "žádná věta nemluví o tom, na co se otázka ptá",
    "constraint_not_found": "v nalezených pasážích chybí jméno nebo číslo z otázky",
    "no_fact_of_asked_kind": "v nalezených pasážích není údaj požadovaného druhu (datum, částka…)",
    "withheld": "odpověď jazykového modelu neprošla kontrolou",
    "low_confidence": "jistota odpovědi byla pod nastavenou hranicí",
}

TAGS = {
    "acl-leak": "dotaz na neveřejné údaje",
    "amount": "částka",
    "citizen": "dotaz občana",
    "council": "usnesení zastupitelstva nebo rady",
    "count": "počet",
    "cross-lingual": "otázka v jiném jazyce než dokument",
    "date": "datum",
    "deadline": "termín",
    "definition": "vysvětlení pojmu",
    "english": "otázka v angličtině",
    "everyday": "běžný dotaz",
    "factoid": "jednoduchý údaj",
    "follow-up": "navazující otázka",
    "internal": "neveřejné dokumenty",
    "list": "výčet",
    "multi-fact": "více údajů najednou",
    "multi-hop": "spojení více zdrojů",
    "near-miss": "podobná, ale nezodpověditelná",
    "no-diacritics": "bez diakritiky",
    "ocr-scan": "naskenovaný dokument",
    "ocr-text": "text z rozpoznávání písma",
    "person": "osoba",
    "plan": "plán",
    "precision": "přesné znění",
    "prompt-injection": "pokus o zneužití",
    "resolution": "číslo usnesení",
    "review": "z lidského hodnocení",
    "staff": "dotaz úředníka",
    "unanswerable": "bez odpovědi v dokumentech",
    "vote": "hlasování",
    "where": "kde",
    "who": "kdo",
    "why": "proč",
    "yes-no": "ano/ne",
}

AUDIENCES = {"public": "veřejnost", "staff": "zaměstnanci úřadu"}

MODES = {
    "extractive": "odpovědi složené z vět dokumentů (bez jazykového modelu)",
    "llm": "odpovědi psané jazykovým modelem",
}


def figure(key: str) -> Figure | None:
    """A figure by its key, with or without the section ("answers.answer_must")."""
    return FIGURES.get(key.split(".")[-1])


def label(key: str) -> str:
    found = figure(key)
    return found.name if found else key
