"""Sentences that say nothing a person asked for: a heading on its own, a resolution's
formula ("Zastupitelstvo Libereckého kraje po projednání"), a vote line when no vote was
asked, a list's lead-in without its items, a fragment cut out of a table row or a sentence.
The extractive answer never quotes them; the evaluation counts answers that do."""

from __future__ import annotations

import re

from assistant.text.analysis import fold

FORMULA = re.compile(
    r"^(?:(?:rada|zastupitelstvo) libereckeho kraje )?po projednani\W*$"
    r"|^usneseni (?:c\.|cislo)\s*\S+\W*$|^(?:i|ii|iii|iv|v)\.?\W*$"
)
VOTE = re.compile(r"^hlasovani\b|\bpro \d+ ?, proti \d+|\bzdrzel[oi]? se \d+")
FIELD = re.compile(r"^[^\W\d_][^:.]{1,40}:\s\S")  # "cíl projektu: …", "Garant: Odbor …"
MARKERS = re.compile(r"(?:^|\s)[a-h]\.(?=\s|$)")
END = re.compile(r"[.!?;)\"“”»]$")
HEADING_WORDS = 12


def content_free(sentence: str, vote_asked: bool = False) -> str:
    """Why a sentence (as it stands in its passage, bullet included) has no content of its
    own, or an empty string when it has."""
    text = sentence.strip()
    bullet = text.startswith(("•", "- ", "– "))
    body = re.sub(r"^[•\-–]\s*", "", text)
    folded = fold(body)
    if not re.search(r"[^\W\d_]{2}", body):
        return "bez textu"
    if FORMULA.match(folded):
        return "formule usnesení"
    if VOTE.search(folded) and not vote_asked:
        return "hlasování"
    if body.endswith(":"):
        return "úvod výčtu"
    if len(MARKERS.findall(body)) >= 2 or re.search(r"\s[a-h]\.$", body):
        return "útržek tabulky"
    if body[:1].islower() and not FIELD.match(body) and not bullet:
        return "útržek věty"
    short = len(body.split()) <= HEADING_WORDS and not re.search(r"\d", body)
    if short and not bullet and not END.search(body) and not FIELD.match(body):
        return "nadpis"
    return ""
