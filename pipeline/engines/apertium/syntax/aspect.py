"""Verb phrases English says with another verb or an adverb: *dejé de usar* (I stopped using),
*volví a instalar* (I installed … again), *nos tocó esperar* (we had to wait), *llevo dos años
usando* (I have been using … for two years), *tengo ganas de ir* (I want to go)."""

from __future__ import annotations

import functools
from collections.abc import Callable

from tripreport.engines.apertium.stream import Reading, Token, Word
from tripreport.engines.apertium.syntax.order import noun_phrase
from tripreport.engines.apertium.syntax.subjects import SUBJECTS, clause_before, group_start, sentence_start
from tripreport.engines.apertium.syntax.words import (
    DURATIONS,
    VERBS,
    at_clause_end,
    capitalised,
    clitic,
    finite_verb,
    in_form,
    infinitive,
    lemma_of,
    nearby,
    neighbours,
    new_word,
    person_number,
    preposition,
    recased,
    spoken,
    word_at,
)


def verb_then(tokens: list[Token], i: int, lemmas: set[str] | frozenset[str], joiner: str) -> tuple[Word, int] | None:
    """The verb at ``i`` when its lemma is one of ``lemmas`` and ``joiner`` (a preposition, or "")
    and an infinitive follow it: the infinitive's index."""
    verb = word_at(tokens, i)
    if verb is None or verb.pos != "vblex" or lemma_of(verb) not in lemmas:
        return None
    following = neighbours(tokens, i, 1, 2 if joiner else 1)
    words = [tokens[j] for j in following]
    if joiner:
        if len(words) < 2 or not preposition(words[0], joiner):  # type: ignore[arg-type]
            return None
    elif not words:
        return None
    if not infinitive(words[-1]):  # type: ignore[arg-type]
        return None
    return verb, following[-1]


def cased_like(word: Word, lemma: str) -> str:
    """``lemma`` capitalised as ``word``'s lemma is (the tagger capitalises a sentence's first word)."""
    return lemma.capitalize() if capitalised(word) else lemma


# --- rule: dejar de + infinitive = stop + gerund ---------------------------------------------------

# Verbs English follows with a gerund where Spanish has *de* and an infinitive, and the verb the
# pair then translates as English has it: *dejé de usar* ("I left to use") is *paré usando*
# ("I stopped using"), *terminé de escribir* ("I finished to write") *acabé escribiendo*.
GERUND_AFTER = {"dejar": "parar", "parar": "parar", "terminar": "acabar"}


def stop_doing(tokens: list[Token]) -> list[Token]:
    """*Dejé de usar Windows* → "I stopped using Windows", *dejó de funcionar* → "it stopped
    working", *terminé de escribir el post* → "I finished writing the post": the infinitive after
    *de* becomes a gerund. *Dejé el cargador de repuesto* (no infinitive) stays."""
    out = list(tokens)
    for i in reversed(range(len(out))):
        found = verb_then(out, i, frozenset(GERUND_AFTER), "de")
        if found is None:
            continue
        verb, at = found
        lemma = cased_like(verb, GERUND_AFTER[lemma_of(verb)])
        out = spoken(out, i, at, [verb.replace_head(lemma=lemma), in_form(out[at], ("ger",))])  # type: ignore[arg-type]
    return out


# --- rule: volver a + infinitive = … again -------------------------------------------------------


def again(tokens: list[Token]) -> list[Token]:
    """*Volví a instalar el paquete* → *instalé el paquete de nuevo* ("I installed the package
    again"), *vuelve a fallar* → "it fails again": the infinitive takes *volver*'s form and "again"
    goes after its object. *Volví a casa* (no infinitive) stays."""
    out = list(tokens)
    for i in reversed(range(len(out))):
        found = verb_then(out, i, {"volver"}, "a")
        if found is None:
            continue
        verb, at = found
        infinitive_word = out[at]
        assert isinstance(infinitive_word, Word)
        done = in_form(infinitive_word, verb.head.tags[1:])
        done = Word(done.surface, (*done.readings, *verb.readings[1:]))  # volverlo a intentar: its clitic too
        if capitalised(verb):
            done = recased(done, upper=True)
        out = spoken(out, i, at, [done])
        phrase = noun_phrase(out, i)
        end = phrase[-1] if phrase else i
        out[end + 1 : end + 1] = [" ", new_word("de nuevo", "adv")]
    return out


# --- rule: me toca = I have to -----------------------------------------------------------------------


def have_to(tokens: list[Token]) -> list[Token]:
    """*Nos tocó hacer fila* → *(nosotros) tuvimos que hacer fila* ("we had to wait in line"): who
    the turn fell to had to do it; in the present, *me toca hablar* → *es mi turno de hablar* ("it
    is my turn to speak"). *Me tocó el asiento de atrás* (no infinitive) and *a Ana le tocó
    presentar* (the person named apart) stay."""
    out = list(tokens)
    for i in reversed(range(len(out))):
        verb = word_at(out, i)
        if verb is None or not finite_verb(verb) or lemma_of(verb) != "tocar" or not verb.has("p3"):
            continue
        before, after = neighbours(out, i, -1, 1), neighbours(out, i, 1, 1)
        if not before or not after or not infinitive(out[after[0]]):  # type: ignore[arg-type]
            continue
        dative = out[before[0]]
        assert isinstance(dative, Word)
        if not clitic(dative) or dative.has("ref") or lemma_of(dative) != "prpers":
            continue
        tense = verb.head.tags[1]
        if tense == "pri":  # me toca hablar: it is my turn to speak
            owner = POSSESSIVES.get(person_number(dative), ("suyo", "mf"))
            turn = [
                new_word(cased_like(verb, "ser"), "vbser", "pri", "p3", "sg"),
                new_word(owner[0], "det", "pos", owner[1], "sg"),
                new_word("turno", "n", "m", "sg"),
                new_word("de", "pr"),
            ]
            out = (
                spoken(out, before[0], i, turn)
                if not capitalised(dative)
                else spoken(out, before[0], i, [recased(turn[0], upper=True), *turn[1:]])
            )
            continue
        had = functools.partial(said_in, "tener", ("vbmod", tense), tail="# que")
        out = dative_as_subject(out, before[0], i, had)
    return out


def said_in(lemma: str, tags: tuple[str, ...], person: str, number: str, tail: str = "") -> list[Word]:
    """``lemma`` with ``tags`` in ``person`` and ``number``: what a dative's verb becomes."""
    return [new_word(lemma, *tags, person, number, tail=tail)]


# The possessive for a dative's person and number (*me toca*: *mi turno*), as the analyser reads it.
POSSESSIVES = {
    ("p1", "sg"): ("mío", "mf"),
    ("p2", "sg"): ("tuyo", "mf"),
    ("p1", "pl"): ("nuestro", "m"),
    ("p2", "pl"): ("vuestro", "m"),
}


def dative_as_subject(
    tokens: list[Token], dative_at: int, verb_at: int, said: Callable[[str, str], list[Word]]
) -> list[Token]:
    """The verb's group (its clitics, *no*) with the dative clitic at ``dative_at`` as the subject
    pronoun before it and the verb at ``verb_at`` replaced by ``said(person, number)`` of that
    person (*nos tocó* → *nosotros tuvimos que*); left alone when *a …* names the person apart."""
    start = group_start(tokens, verb_at)
    if any(isinstance(w, Word) and preposition(w, "a") for w in (tokens[j] for j in clause_before(tokens, start))):
        return tokens
    dative = tokens[dative_at]
    assert isinstance(dative, Word)
    person, number = person_number(dative)
    subject = Word("", (SUBJECTS.get((person, number), Reading("prpers", ("prn", "tn", "p3", "m", "sg"))),))
    first = tokens[start]
    assert isinstance(first, Word)
    if capitalised(first) and sentence_start(tokens, start):
        subject = recased(subject, upper=True)
    group = [
        recased(w, upper=False)
        for j, w in enumerate(tokens[start:verb_at], start)
        if isinstance(w, Word) and j != dative_at
    ]
    return spoken(tokens, start, verb_at, [subject, *group, *said(person, number)])


# --- rule: llevo dos años usando = I have been using … for two years --------------------------------------


def duration(tokens: list[Token], i: int) -> list[int]:
    """The word indexes of a duration right after token ``i`` (*dos años*, *una hora*, *un par de
    meses*, *media hora*), or [] when none follows."""
    found: list[int] = []
    for j in nearby(tokens, i, 1):
        word = tokens[j]
        assert isinstance(word, Word)
        lemma = lemma_of(word)
        if word.pos == "n" and lemma in DURATIONS:
            return [*found, j]
        quantity = word.pos in ("det", "num") or lemma in ("medio", "mucho", "poco")
        if len(found) > 3 or not (quantity or lemma == "par" or (preposition(word, "de") and found)):
            return []
        found.append(j)
    return []


LASTING = frozenset({"en", "sin", "con"})  # llevo dos horas en la fila, sin comer


def been_doing(tokens: list[Token]) -> list[Token]:
    """*Llevo dos años usando Kubernetes* → *he estado usando Kubernetes durante dos años* ("I have
    been using Kubernetes for two years"); *llevábamos una hora en la fila* → "we had been in line
    for an hour"; *llevábamos dos días sin dormir* → *habíamos pasado dos días sin dormir* ("we had
    spent two days without sleeping"). *Llevo dos maletas* (no duration) and *llevé una hora de
    música* stay."""
    out = list(tokens)
    for i in reversed(range(len(out))):
        verb = word_at(out, i)
        if (
            verb is None
            or not finite_verb(verb)
            or lemma_of(verb) != "llevar"
            or verb.head.tags[1] not in ("pri", "pii")
        ):
            continue
        span = duration(out, i)
        following = neighbours(out, span[-1], 1, 1) if span else []
        then = out[following[0]] if following else None
        if not isinstance(then, Word) or not (
            (then.pos in VERBS and then.has("ger"))
            or (then.pos == "pr" and lemma_of(then) in LASTING and len(then.readings) == 1)
        ):
            continue
        have = new_word(cased_like(verb, "haber"), "vbhaver", *verb.head.tags[1:])
        if lemma_of(then) == "sin":  # llevamos dos días sin dormir: we have spent two days without sleeping
            out = spoken(out, i, i, [have, new_word("pasar", "vblex", "pp", "m", "sg")])
            continue
        moved = [w for w in out[span[0] : span[-1] + 1] if isinstance(w, Word)]
        out = spoken(out, i, span[-1], [have, new_word("estar", "vblex", "pp", "m", "sg")])
        out = at_clause_end(out, i, [new_word("durante", "pr"), *(recased(w, upper=False) for w in moved)])
    return out


# --- rule: tengo ganas de = I want to -------------------------------------------------------------------

GANAS_VERBS = frozenset({"tener", "dar"})


def want(tokens: list[Token]) -> list[Token]:
    """*Tengo ganas de ir a la KubeCon* → *quiero ir…* ("I want to go to the KubeCon"), *me dieron
    ganas de reescribirlo* → *(yo) quise reescribirlo* ("I wanted to rewrite it"): *ganas* is
    wanting (the tagger reads it as *ganar*, "win"). *Tengo un plan* stays."""
    out = list(tokens)
    for i in reversed(range(len(out))):
        verb = word_at(out, i)
        if verb is None or verb.pos not in VERBS or lemma_of(verb) not in GANAS_VERBS:
            continue
        following = neighbours(out, i, 1, 3)
        words = [out[j] for j in following]
        if len(words) > 2 and words[0].surface.lower() in ("muchas", "tantas"):  # type: ignore[union-attr]
            following, words = following[1:], words[1:]
        if len(words) < 2 or words[0].surface.lower() != "ganas" or not preposition(words[1], "de"):  # type: ignore[union-attr,arg-type]
            continue
        tags = verb.head.tags[1:]
        if lemma_of(verb) == "tener":
            out = spoken(
                out, i, following[1], [Word(verb.surface, (Reading(cased_like(verb, "querer"), ("vblex", *tags)),))]
            )
            continue
        before = neighbours(out, i, -1, 1)  # me dieron ganas: who wants is the dative
        if not finite_verb(verb) or not before or not clitic(out[before[0]]) or out[before[0]].has("ref"):  # type: ignore[arg-type,union-attr]
            continue
        dative = out[before[0]]
        assert isinstance(dative, Word)
        person, number = person_number(dative)
        subject = Word("", (SUBJECTS.get((person, number), Reading("prpers", ("prn", "tn", "p3", "m", "sg"))),))
        if capitalised(dative) and sentence_start(out, before[0]):
            subject = recased(subject, upper=True)
        wanting = new_word("querer", "vblex", tags[0], person, number)
        out = spoken(out, before[0], following[1], [subject, wanting])
    return out
