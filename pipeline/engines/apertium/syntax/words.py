"""What the syntax rules ask of the tagger's words: parts of speech, finite verbs, person and number, neighbours."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from tripreport.engines.apertium.stream import Reading, Token, Word

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

# Durations: what *llevar* and *hace* count (*llevo dos años*, *hace una hora*).
DURATIONS = frozenset("segundo minuto hora día semana mes año década siglo rato ratito tiempo".split())


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


def lemma_of(word: Word) -> str:
    """The first reading's lemma in lower case (the tagger capitalises a sentence's first word)."""
    return word.head.lemma.lower()


def preposition(word: Word, lemma: str) -> bool:
    """True for the bare preposition ``lemma`` (*de*, not *del*: that one is *de* and *el*)."""
    return len(word.readings) == 1 and word.pos == "pr" and lemma_of(word) == lemma


def infinitive(word: Word) -> bool:
    return word.pos in VERBS and word.has("inf")


def in_form(verb: Word, form: tuple[str, ...], lemma: str | None = None) -> Word:
    """``verb`` (an infinitive) in another form: ``form`` replaces its ``inf`` (its part of speech,
    a pronominal verb's ``pron`` and a multiword's tail stay), with its enclitics."""
    kind = tuple(t for t in verb.head.tags if t != "inf")
    head = Reading(verb.head.lemma if lemma is None else lemma, (*kind, *form), verb.head.tail)
    return Word(verb.surface, (head, *verb.readings[1:]))


def spoken(tokens: list[Token], start: int, end: int, words: list[Word]) -> list[Token]:
    """``tokens`` with tokens ``start`` to ``end`` (both included) replaced by ``words``, a blank apart."""
    spaced: list[Token] = []
    for word in words:
        spaced += [" ", word] if spaced else [word]
    return [*tokens[:start], *spaced, *tokens[end + 1 :]]


def new_word(lemma: str, *tags: str, tail: str = "") -> Word:
    """A word the rules write (no surface form: the stages after the tagger read only readings)."""
    return Word("", (Reading(lemma, tags, tail),))


def copied_word(english: str, like: Word) -> Word:
    """English a rule writes for the engine to copy as it is (no reading), capitalised as the
    Spanish word ``like`` it stands for (*A las 9*: "At 9")."""
    return Word(english[:1].upper() + english[1:] if capitalised(like) else english)


def at_clause_end(tokens: list[Token], i: int, words: list[Word]) -> list[Token]:
    """``tokens`` with ``words`` at the end of the clause token ``i`` is in (before its punctuation,
    or the *y*, *que* or *porque* that opens the next)."""
    end = next((j for j in nearby(tokens, i, 1) if ends_clause(tokens[j])), len(tokens))  # type: ignore[arg-type]
    if end > 0 and isinstance(tokens[end - 1], str):  # the blank before "y" stays before it
        end -= 1
    return [*tokens[:end], *(x for w in words for x in (" ", w)), *tokens[end:]]
