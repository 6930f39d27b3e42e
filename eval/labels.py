"""Czech names of the figures, shared by reports and the gate."""

from __future__ import annotations

LABELS = {
    "hit@1": "zásah v top 1",
    "hit@3": "zásah v top 3",
    "hit@5": "zásah v top 5",
    "hit@10": "zásah v top 10",
    "recall@10": "úplnost v top 10",
    "mrr@10": "MRR@10",
    "ndcg@10": "nDCG@10",
    "answer_must": "odpovědi s požadovaným obsahem",
    "must_not_violations": "zakázané řetězce v odpovědích",
    "abstain_unanswerable": "zdržení u nezodpověditelných",
    "abstain_answerable": "zdržení u zodpověditelných (chybná)",
    "abstain_precision": "přesnost zdržení",
    "contentless": "odpovědi s větou bez obsahu",
    "answered": "zodpovězené otázky (pokrytí)",
    "wrong_given": "chybné mezi danými odpověďmi (riziko)",
    "correct_abstention": "správné rozhodnutí odpovědět / zdržet se",
    "cited_retrieved": "citace vyhledaných pasáží",
    "supported": "věty podložené citovanou pasáží",
    "support": "průměrná podloženost vět",
    "uncited": "věty bez citace",
    "internal_in_public": "interní zdroje ve veřejných výsledcích",
    "search_p50_ms": "vyhledávání p50 (ms)",
    "search_p95_ms": "vyhledávání p95 (ms)",
    "retrieve_p50_ms": "vyhledání pro odpověď p50 (ms)",
    "retrieve_p95_ms": "vyhledání pro odpověď p95 (ms)",
    "answer_p50_ms": "sestavení odpovědi p50 (ms)",
    "answer_p95_ms": "sestavení odpovědi p95 (ms)",
    "tokens_in": "tokeny na vstupu",
    "tokens_out": "tokeny na výstupu",
    "faithfulness": "věrnost (LLM soudce, 1–5)",
    "relevance": "relevance (LLM soudce, 1–5)",
    "graded": "ohodnoceno soudcem",
}


def label(key: str) -> str:
    return LABELS.get(key.split(".")[-1], key)
