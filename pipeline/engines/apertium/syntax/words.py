"""What the syntax rules ask of the tagger's words: parts of speech, finite verbs, person and number, neighbours."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from tripreport.engines.apertium.stream import Token, Word

VERBS = frozenset({"vblex", "vbser", "vbhaver", "vbmod"})
FINITE = frozenset({"pri", "pii", "ifi", "fti", "cni", "prs", "pis", "fts"})
PERSONS = ("p1", "p2", "p3")
# What ends a clause: punctuation, and the words that join clauses (y, pero, que, porque…).
CLAUSE_ENDS = frozenset(
    {"sent", "cm", "lpar", "rpar", "lquest", "lquot", "rquot", "guio", "cnjcoo", "cnjsub", "rel", "cnjadv"}
)
# Nouns that say when, not who: "el lunes vamos" has no subject in "el lunes".
TIME_NOUNS = frozenset(
    """lunes martes miércoles jueves viernes sábado domingo mañana tarde noche madrugada día semana
    mes año rato momento hora minuto vez fin principio final""".split()
)


def word_at(tokens: list[Token], i: int) -> Word | None:
    token = tokens[i] if 0 <= i < len(tokens) else None
    return token if isinstance(token, Word) else None


def nearby(tokens: list[Token], i: int, step: int) -> Iterator[int]:
    """The indexes of the words before (``step`` -1) or after (+1) token ``i``, nearest first, as
    they are asked for (a rule that stops at the first clause end need not walk the segment)."""
    j = i + step
    while 0 <= j < len(tokens):
        if isinstance(tokens[j], Word):
            yield j
        j += step


def neighbours(tokens: list[Token], i: int, step: int, limit: int | None = None) -> list[int]:
    """The first ``limit`` (or all) of :func:`nearby`, as a list."""
    return list(itertools.islice(nearby(tokens, i, step), limit))


def ends_clause(word: Word) -> bool:
    """Punctuation, a word that joins clauses, or a question word opening one (*me contó cómo…*)."""
    return word.pos in CLAUSE_ENDS or (word.pos == "adv" and word.has("itg"))


def finite_verb(word: Word) -> bool:
    return word.pos in VERBS and bool(FINITE & set(word.head.tags)) and any(p in word.head.tags for p in PERSONS)


def person_number(word: Word) -> tuple[str, str]:
    tags = word.head.tags
    person = next((p for p in PERSONS if p in tags), "")
    number = "pl" if "pl" in tags else "sg"
    return person, number


def clitic(word: Word) -> bool:
    """An unstressed pronoun before a verb (me, lo, se…)."""
    return word.pos == "prn" and word.has("pro")


def capitalised(word: Word) -> bool:
    return word.head.lemma[:1].isupper()


def recased(word: Word, upper: bool) -> Word:
    lemma = word.head.lemma
    first = lemma[:1].upper() if upper else lemma[:1].lower()
    return word.replace_head(lemma=first + lemma[1:]) if lemma else word
