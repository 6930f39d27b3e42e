"""What a question asks: its language, the kinds of fact it wants (per part, when it asks
several things at once), whether it wants a list, its focus (the words that say what is asked)
and its constraints (names, numbers, the council body), from Czech morphology and the index's
statistics, not from lists of questions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.text.analysis import adjectival, fold, question_core, terms
from assistant.text.facts import asked, required
from assistant.text.numbers import MENTIONS

# The interrogative words themselves, in every form: they say how, not what.
INTERROGATIVES = frozenset(
    w
    for w in (
        "kdo koho komu kom kým co čeho čemu čem čím kdy kde kam odkud kudy proč jak kolik kolika"
        " kolikrát jaký jaká jaké jakého jakému jakém jakým jakou jací jakých jakými který která"
        " které kterého kterému kterém kterým kterou kteří kterých kterými čí zda jestli li"
    ).split()
)
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
    r"(?:,\s*|\s+)a\s+(?=(?:kolik|kdy|kde|kdo|jak|jaky|jaka|jake|jakou|od kdy|do kdy|z ceho|cim|"
    r"kudy|ktery|ktera|ktere|proc)\b)"
)
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


INTERROGATIVE_TERMS = frozenset(t for w in INTERROGATIVES for t in [*terms(w), *terms(fold(w))])
# Verb forms ("schválilo", "proběhla", "zajistit", "postupuje", "musí"): questions are phrased
# with verbs that documents rarely repeat ("schválení", "realizace"), so they weigh less.
VERB = re.compile(r"(?:[aeiouy]l[aoiy]?|[aeiyáéíěý]t|[aeiyáéíěý]ti|[eé]st|ct|uje|ují|ají|ejí)$")
AUXILIARY = frozenset("musí může mohou chce chtějí bude budou má mají lze smí jde".split())


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
    # Folding keeps the length of Czech text, so the parts found in it cut the original too.
    cuts = [0, *(x for m in PARTS.finditer(folded) for x in (m.start(), m.end())), len(core)]
    parts = [_part(core[a:b]) for a, b in zip(cuts[::2], cuts[1::2], strict=True)]
    if len(folded) != len(core) or (len(parts) > 1 and not any(p.kinds for p in parts[1:])):
        parts = [_part(core)]
    if asked_in:
        kinds = _part(question_core(asked_in))
        parts = [Part(core, kinds.kinds, kinds.required, _part(core).content)]
    content = _content(core)
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
    )
