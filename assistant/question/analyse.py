"""What a question asks: its language, the kinds of fact it wants (per part, when it asks
several things at once), whether it wants a list, its focus (the words that say what is asked)
and its constraints (names, numbers, the council body), from Czech morphology and the index's
statistics, not from lists of questions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.text.analysis import (
    INTERROGATIVE_TERMS,
    adjectival,
    fold,
    question_core,
    stopwords,
    terms,
)
from assistant.text.facts import asked, required
from assistant.text.numbers import MENTIONS

# A plural interrogative asks for several things ("Jaké společnosti…", "Ve kterých školách…").
PLURAL = re.compile(
    r"\b(jake|ktere|jakymi|kterymi|kterych|jakych|kteri|jaci|ktera mista|kde vsude|cim vsim)\b"
    r"|\b(jaka|ktera) \w+(eni|ani|ti)\b"  # neuter plural: "Jaká školení…", "Která opatření…"
)
LIST_VERBS = re.compile(r"\b(vyjmenuj\w*|seznam\w*|prehled\w*|jmenuj\w*)\b")
YES_NO = re.compile(
    r"^(je|jsou|byl[aoiy]?|bude|budou|ma|maji|mel[aoiy]?|musi|muze|mohou|lze|dostane|dostanou"
    r"|plati|existuje|bezi|funguje|podporuje|pocita|nabizi|chysta|hodla)\b"
)
DEFINITION = re.compile(
    r"^(co je|co jsou|co znamena|co to je|co je to|co byl[ao]?|kdo je|kdo byl[ao]?)\b"
    r"(?! \w+(im|em|ou|ym|yni)\b)"  # "Kdo je vedoucím odboru…?" asks who holds a role
)
VOTE = re.compile(r"\b(hlasoval\w*|hlasovani|pro hlasoval\w*|proti\b|zdrzel\w*)")
WHO = re.compile(r"^(kdo|koho|komu|s kym|kym)\b|\b(ktery|ktera|kteri) (radni|clen|zastupitel)")
WHERE = re.compile(r"\b(kde|kam|odkud|na jake adrese|ve kterem (meste|obci|objektu))\b")
APPROVAL = re.compile(r"\b(schval\w*|rozhod\w*|prijal\w*|projedn\w*|souhlasil\w*|usnes\w*)")
PARTS = re.compile(
    r"(?:,\s*|\s+)a\s+(?=(?:(?:o|na|do|od|za|pro|po|s|se|z|ze|u|v|ve|k|ke)\s+)?"
    r"(?:kolik|kolikrat|kdy|kde|kam|odkud|kudy|kdo|koho|komu|kym|jak|jaky|jaka|jake|jakou|jakym"
    r"|z ceho|cim|ktery|ktera|ktere|kterou|proc)\b)"
)
CARRIED = re.compile(r"\s\([^()]*\)$")
# Words of one language only ("to", "do", "on", "by", "kde" are Czech too).
ENGLISH = frozenset(
    "the is are was were what which who whom when where why how many much does did of in"
    " for and with from region regional".split()
)
ENGLISH_FUNCTION = ENGLISH - {"region", "regional"}  # "region" is a Czech word too
SLOVAK = frozenset("aký aká aké ktorý ktorá koľko kedy prečo sú môže ďakujem".split())


def language(question: str) -> str:
    words = re.findall(r"[^\W\d_]+", question.lower())
    if not words:
        return "cs"
    if sum(w in ENGLISH for w in words) / len(words) >= 0.25:
        return "en"
    if any(w in SLOVAK for w in words) or re.search(r"[ľĺŕäô]", question.lower()):
        return "sk"
    return "cs"


@dataclass(frozen=True)
class Part:
    """One thing a question asks; a question such as "Kolik to stojí a do kdy …?" has two."""

    text: str
    kinds: tuple[str, ...]
    required: tuple[str, ...]
    content: tuple[str, ...] = ()


@dataclass(frozen=True)
class QuestionAnalysis:
    question: str
    language: str
    parts: tuple[Part, ...]
    wants_list: bool
    yes_no: bool
    definition: bool
    vote: bool
    who: bool
    where: bool
    approval: bool
    bodies: tuple[str, ...]
    content: tuple[str, ...]  # the question's terms without interrogatives and frame words
    names: tuple[str, ...] = field(default=())  # proper names and numbers it names
    nouns: frozenset[str] = frozenset()  # of the names, the terms of nouns ("Liberci", not "-cký")
    verbs: frozenset[str] = frozenset()  # of the content, the terms of verb forms
    noun: str = ""  # what the (first) interrogative asks about ("Která firma…"), folded
    counts_noun: bool = False  # it asks how many of it ("Kolik žáků…")

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(k for p in self.parts for k in p.kinds))


DATE_TOKEN = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _names(question: str) -> list[str]:
    """Proper names and numbers the question names: capitalised words not opening it, acronyms,
    figures, dates and resolution numbers (each as the terms the index holds; a date as one)."""
    dates = [t for t in terms(question) if DATE_TOKEN.match(t)]
    if dates:
        question = DATES.sub(" ", question)
    out = list(dates)
    tokens = re.findall(r"[^\W_]+(?:[/.-][^\W_]+)*", question)
    for i, token in enumerate(tokens):
        if re.fullmatch(r"\d[\d/]*[a-zA-Z]*", token) or (
            token[:1].isupper() and (i > 0 or token.isupper()) and len(token) > 1
        ):
            out.extend(terms(token))
    return list(dict.fromkeys(t for t in out if t not in INTERROGATIVE_TERMS))


def _nouns(question: str) -> frozenset[str]:
    """Terms of the capitalised nouns ("v Liberci"), which an adjective ("Libereckého") of the
    same stem does not satisfy."""
    capitalised = re.findall(r"[^\W\d_]+", question)
    return frozenset(t for w in capitalised if w[:1].isupper() and not adjectival(w)
                     for t in terms(w))  # fmt: skip


DATES = re.compile(r"\b\d{1,2}\.\s?(?:\d{1,2}\.|[^\W\d_]+)\s?\d{4}\b")


# Verb forms ("schválilo", "proběhla", "zajistit", "postupuje", "musí"): questions are phrased
# with verbs that documents rarely repeat ("schválení", "realizace"), so they weigh less.
VERB = re.compile(r"(?:[aeiouy]l[aoiy]?|[aeiyáéíěý]t|[aeiyáéíěý]ti|[eé]st|ct|uje|ují|ají|ejí)$")
AUXILIARY = frozenset(
    "musí může mohou můžu chce chci chtějí bude budou má mají lze smí jde jít jet mít být dát"
    " vzít".split()
)


def _content(text: str) -> list[str]:
    kept = " ".join(w for w in text.split() if w.lower().strip("?!.,:;") not in ENGLISH_FUNCTION)
    return [t for t in terms(kept) if t not in INTERROGATIVE_TERMS]


# "-ý", "-é", "-ých"… end adjectives, not verbs (unlike "-á", "-í": "používá", "stojí").
HARD_ADJECTIVE = re.compile(r"(ý|é|ého|ému|ém|ým|ých|ými|ího|ímu|ích|ími)$")
AGENT = re.compile(r"tel(é|ů|i|e)?$")  # "obyvatel", "ředitelé": nouns, not "dělal"


def verb_terms(text: str) -> frozenset[str]:
    """Terms of the words of a question that look like verbs by their ending; a word after an
    adjective is its noun ("jazykový model", "nový hotel")."""
    out = set()
    previous = ""
    for word in re.findall(r"[^\W\d_]+", text):
        lower = word.lower()
        auxiliary = lower in AUXILIARY or lower.removeprefix("ne") in AUXILIARY
        noun = bool(HARD_ADJECTIVE.search(previous)) or AGENT.search(lower)
        if auxiliary or (len(lower) > 4 and word[:1].islower() and VERB.search(lower) and not noun):
            out.update(terms(word))
        previous = lower
    return frozenset(out)


# Interrogatives that ask about a noun ("Která firma…", "Kolik žáků…"): the noun is what the
# answer must be about; a sentence on the right matter without it answers something else.
ASKS_NOUN = re.compile(
    r"^(kolik|kolika|ktery|ktera|ktere|kterou|kterym|kterych|kteri|kterymi|kteremu|ktereho"
    r"|jaky|jaka|jake|jakou|jakym|jakych|jaci|jakymi|jakemu|jakeho)$"
)
PREPOSITIONS = frozenset(
    "v ve na do z ze od k ke s se u o po pro za pri pred mezi nad pod vcetne bez krome"
    " podle".split()
)
# Words between the interrogative and its noun that are not it: the copula and price verbs.
LINKING = frozenset(
    "je jsou byl byla bylo byli byly bude budou ma maji mel mela melo meli stoji stal stala stalo"
    " stat cini cinil cinila se si to ten ta tu vsechny vsech vsichni celkem dohromady asi"
    " priblizne presne zhruba".split()
)
# Nouns that only repeat the kind of fact asked ("Kolik lidí…" is answered by "3 700 uživatelů",
# "Jaká je výše…" by an amount): the kind check covers them.
KIND_NOUNS = frozenset(
    "pocet poctu vyse castka castku cena cenu penez penize korun lidi lide osob osoby clovek"
    " datum den dne rok roku termin doba dobu cas casu duvod zpusob procent krat adresa adrese"
    " adresu usneseni usnesenim cislo cisla dny dnech dni cast casti podil podilu".split()
)
# What an organisation is asked as; a sentence naming one answers it ("Jizerská doprava, s. r. o.").
ORGANISATION_NOUNS = frozenset(
    "firma firmy firmu spolecnost spolecnosti dodavatel dodavatele zhotovitel zhotovitele"
    " dopravce provozovatel provozovatele".split()
)


# A verb's personal ending ("zaplatíme", "zaplatí", "dali"), or a noun's ("obcí") that cannot
# be told from it: either way the check is left out.
PERSON_ENDING = re.compile(r"(íme|eme|áme|ete|íte|ate|í|li|ly|la|lo)$")


def asked_noun(question: str) -> tuple[str, bool]:
    """The noun the question's interrogative asks about, folded ("Která stavební firma…" →
    "firma"), or "" when it asks a kind of fact only ("Kolik lidí…", "Kdy…"); and whether it
    asks how many of it there are ("Kolik žáků…", not "Kolik činí příspěvek…")."""
    tokens = re.findall(r"[^\W\d_]+", question)
    folded = [fold(t).lower() for t in tokens]
    # The question opens with it ("Která…", "Ve kterých…"); later it is a relative pronoun
    # ("text, který vznikl…") or a second question's.
    start = 1 if folded[:1] and folded[0] in PREPOSITIONS else 0
    if len(folded) <= start or not ASKS_NOUN.match(folded[start]):
        return "", False
    direct = folded[start].startswith("kolik")
    following = tokens[start + 1 : start + 6]
    for i, word in enumerate(following):
        lower, plain = word.lower(), fold(word).lower()
        if plain in PREPOSITIONS:
            return "", False  # "Kolik činí v návrhu…": what follows is where, not what
        if plain in LINKING or plain in stopwords():
            direct = False  # "Kolik stojí permanentka": its price, not a count of them
            continue
        if plain in KIND_NOUNS:
            return "", False
        if verb_terms(word) or word[:1].isupper():
            return "", False  # "Kolik podalo…", "Který Liberec…": no noun asked about
        if lower.endswith("á") and i == 0 and folded[start].startswith("kolik"):
            return "", False  # "Kolik přispívá kraj…": a verb; after a linking word an adjective
        later = following[i + 1 : i + 2]
        # "stavební firma", but "radní odpovídá": before a verb's ending it is the noun.
        adjective = HARD_ADJECTIVE.search(lower) or lower.endswith("á") or adjectival(word) or (
            re.search(r"[nc]í$", lower) and later and not verb_terms(later[0])
            and not re.search(r"[áíeě]$", later[0]) and fold(later[0]).lower() not in stopwords()
        )  # fmt: skip
        if adjective:
            continue
        return ("", False) if PERSON_ENDING.search(lower) else (plain, direct)
    return "", False


def _part(text: str) -> Part:
    folded = fold(text)
    kinds = asked(folded)
    needed = required(kinds)
    if VOTE.search(folded):  # "Jak rada hlasovala o dotaci?" asks for the vote, not an amount
        needed = [k for k in needed if k == "number"]
    return Part(text, tuple(kinds), tuple(needed), tuple(_content(text)))


def analyse(
    question: str, asked_in: str | None = None, spoken: str | None = None
) -> QuestionAnalysis:
    """The analysis of a question; of a translated one, with its language and the kinds of fact
    it asks for read from the question as it was asked (`asked_in`). `spoken` is that language
    when the caller knows it already."""
    core = question_core(question).strip()
    folded = fold(core)
    # The topic a follow-up carries over ("… široká? (cyklostezka Turnov)") is every part's,
    # not the last one's.
    carried = CARRIED.search(core)
    end = carried.start() if carried else len(core)
    # Folding keeps the length of Czech text, so the parts found in it cut the original too.
    cuts = [0, *(x for m in PARTS.finditer(folded, 0, end) for x in (m.start(), m.end()))]
    cuts.append(end if len(cuts) > 1 else len(core))
    parts = [_part(core[a:b]) for a, b in zip(cuts[::2], cuts[1::2], strict=True)]
    # A later part asks something of its own when it names a kind of fact or a thing ("… a
    # kdo je jeho partner?"); "… a jak?" alone asks nothing the first part does not.
    if len(parts) > 1 and carried:
        first = parts[0]
        parts[0] = Part(first.text, first.kinds, first.required,
                        (*first.content, *_content(carried.group())))  # fmt: skip
    if len(folded) != len(core) or (
        len(parts) > 1 and not any(p.kinds or p.content for p in parts[1:])
    ):
        parts = [_part(core)]
    if asked_in:
        kinds = _part(question_core(asked_in))
        parts = [Part(core, kinds.kinds, kinds.required, _part(core).content)]
    content = _content(core)
    noun, counts = asked_noun(parts[0].text) if not asked_in else ("", False)
    return QuestionAnalysis(
        question=question,
        language=spoken or language(asked_in or question),
        parts=tuple(parts),
        wants_list=bool(PLURAL.search(folded) or LIST_VERBS.search(folded)),
        yes_no=bool(YES_NO.match(folded)),
        definition=bool(DEFINITION.match(folded)),
        vote=bool(VOTE.search(folded)),
        who=bool(WHO.search(folded)),
        where=bool(WHERE.search(folded)),
        approval=bool(APPROVAL.search(folded)),
        bodies=tuple(b for b, rx in MENTIONS.items() if rx.search(folded)),
        content=tuple(dict.fromkeys(content)),
        names=tuple(_names(core)),
        nouns=_nouns(core),
        verbs=verb_terms(core),
        noun=noun,
        counts_noun=counts,
    )
