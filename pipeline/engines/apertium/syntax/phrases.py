"""Phrases the pair reads word by word: *tanto X como Y* (both X and Y), *como media hora* (about
half an hour), *estábamos muertos* (we were dead, not "died"), *desde mañana* (from tomorrow),
*hace falta* (is needed)."""

from __future__ import annotations

import functools

from tripreport.engines.apertium.stream import Reading, Token, Word
from tripreport.engines.apertium.syntax.aspect import cased_like, dative_as_subject, said_in
from tripreport.engines.apertium.syntax.order import noun_phrase
from tripreport.engines.apertium.syntax.subjects import group_start, sentence_start
from tripreport.engines.apertium.syntax.words import (
    DURATIONS,
    capitalised,
    clitic,
    finite_verb,
    infinitive,
    lemma_of,
    nearby,
    neighbours,
    new_word,
    person_number,
    recased,
    spoken,
    word_at,
)

# --- rule: tanto X como Y = both X and Y -------------------------------------------------------------------

# What may open the X of *tanto X como Y*: an article, a name, a preposition, a pronoun (*tanto
# en Madrid como en Sevilla*, *tanto ella como yo*). A bare noun is a quantity (*tanto trabajo
# como tú*: as much work as you).
BOTH_OPENERS = frozenset({"det", "np", "pr", "prn"})


def both_and(tokens: list[Token]) -> list[Token]:
    """*Tanto el frontend como el backend están en Go* → *ambos el frontend y el backend…* ("both
    the frontend and the backend are in Go"). *Trabajo tanto como tú* and *tanto trabajo como
    antes* (comparisons) stay."""
    out = list(tokens)
    for i, token in enumerate(out):
        if not (isinstance(token, Word) and lemma_of(token) == "tanto" and token.pos in ("adv", "det", "prn")):
            continue
        following = neighbours(out, i, 1, 1)
        opener = out[following[0]] if following else None
        if not isinstance(opener, Word) or not (opener.pos in BOTH_OPENERS or opener.unknown):
            continue
        if opener.pos == "prn" and opener.has("pro"):  # tanto lo quería: a clitic, not "both"
            continue
        como = None
        for k, j in enumerate(nearby(out, following[0], 1)):
            word = out[j]
            assert isinstance(word, Word)
            if k > 10 or word.pos in ("sent", "cnjsub") or lemma_of(word) == "tanto":
                break
            if lemma_of(word) == "como" and word.pos != "vblex":
                como = j
                break
        if como is None:
            continue
        out[i] = new_word(cased_like(token, "ambos"), "prn", "tn", "m", "pl")
        out[como] = new_word("y", "cnjcoo")
    return out


# --- rule: como media hora = about half an hour -------------------------------------------------------------

# Words before which *como* is a comparison, not "about": *tan rápido como dos*, *igual que*.
COMPARISONS = frozenset("tan tanto tanta tantos tantas igual mismo misma así".split())
# What a quantity counts after an article (*como una hora*, *como un kilo*); *como un niño* is "like".
MEASURES = DURATIONS | frozenset("kilo kilómetro metro litro cuadra par persona".split())


def about(tokens: list[Token]) -> list[Token]:
    """*Esperamos como media hora* → *alrededor de media hora* ("around half an hour"), *éramos como
    20* → "we were around 20". *Como un niño* (like a kid), *tan rápido como 2 servidores* and
    *como* the verb stay."""
    out = list(tokens)
    for i, token in enumerate(out):
        if not (
            isinstance(token, Word)
            and lemma_of(token) == "como"
            and token.pos in ("cnjadv", "pr", "adv", "cnjsub", "rel")
        ):
            continue
        before = neighbours(out, i, -1, 3)
        if not before or any(lemma_of(out[j]) in COMPARISONS for j in before):  # type: ignore[arg-type]
            continue  # first, *como dos tacos* may be the verb (I eat)
        following = neighbours(out, i, 1, 2)
        words = [out[j] for j in following]
        if not words or not isinstance(words[0], Word):
            continue
        first, second = words[0], words[1] if len(words) > 1 else None
        counted = isinstance(second, Word) and lemma_of(second) in MEASURES
        if not (first.pos == "num" or (lemma_of(first) in ("uno", "medio") and counted)):
            continue
        out[i] = Word(token.surface, (Reading(cased_like(token, "alrededor de"), ("pr",)),))
    return out


# --- rule: estar muerto = be dead ------------------------------------------------------------------------

# Participles English says with an adjective of its own after *estar*: *muerto* is "dead" (the
# tagger reads *morir*, "died"), *abierto* "open" (not "opened").
ADJECTIVE_PARTICIPLES = {"morir": "muerto", "abrir": "abierto"}
STATES = frozenset({"estar", "quedar", "seguir"})
DEGREE_WORDS = frozenset("muy re bien medio totalmente completamente súper casi todavía aún ya".split())


def participle_adjectives(tokens: list[Token]) -> list[Token]:
    """*Al final del día estábamos muertos* → "we were dead"; *el bar estaba abierto* → "the bar was
    open": after *estar*, the participle is the adjective. *Ha muerto* and *lo han abierto* stay."""
    out = list(tokens)
    for i, token in enumerate(out):
        if not (isinstance(token, Word) and token.pos == "vblex" and token.has("pp")):
            continue
        adjective = ADJECTIVE_PARTICIPLES.get(lemma_of(token))
        if adjective is None:
            continue
        verb = next((j for j in nearby(out, i, -1) if lemma_of(out[j]) not in DEGREE_WORDS), None)  # type: ignore[arg-type]
        if verb is None or lemma_of(out[verb]) not in STATES:  # type: ignore[arg-type]
            continue
        agreement = token.head.tags[2:]
        out[i] = Word(token.surface, (Reading(adjective, ("adj", *agreement)),))
    return out


# --- rule: desde mañana = from tomorrow ---------------------------------------------------------------------

# Prepositions after which a bare *mañana* is the day, not the morning (*desde la mañana* is).
UNTIL = frozenset({"desde", "hasta", "para", "a partir de"})


def tomorrow(tokens: list[Token]) -> list[Token]:
    """*A partir de mañana usamos Terraform* → "from tomorrow", *hasta mañana* → "until tomorrow":
    the tagger reads a bare *mañana* after a preposition as the noun ("morning"). With an article
    (*desde la mañana*, *en la mañana*) it is the morning."""
    out = list(tokens)
    for i, token in enumerate(out):
        if not (isinstance(token, Word) and token.pos == "n" and lemma_of(token) == "mañana"):
            continue
        before = neighbours(out, i, -1, 1)
        if before and out[before[0]].pos == "pr" and lemma_of(out[before[0]]) in UNTIL:  # type: ignore[union-attr,arg-type]
            out[i] = Word(token.surface, (Reading("mañana", ("adv",)),))
    return out


# --- rule: hace falta = is needed ---------------------------------------------------------------------------


def needed(tokens: list[Token]) -> list[Token]:
    """*Me hace falta un cargador* → *(yo) necesito un cargador* ("I need a charger"); *hace falta
    que alguien lo revise* → *alguien necesita revisar…* ("someone needs to check"); *no hace falta
    registrarse* → *(tú) no necesitas registrarte* ("you do not need to register"); *hace falta
    más documentación* → *más documentación es necesaria* ("more documentation is necessary").
    *Falta una hora* and *la falta de tiempo* stay."""
    out = list(tokens)
    for i in reversed(range(len(out))):
        verb = word_at(out, i)
        if verb is None or not finite_verb(verb) or lemma_of(verb) != "hacer" or not verb.has("p3"):
            continue
        following = neighbours(out, i, 1, 2)
        if not following or out[following[0]].surface.lower() != "falta":  # type: ignore[union-attr]
            continue  # (the tagger reads it as a noun, or as the adjective *falto* before an infinitive)
        lack, tense = following[0], verb.head.tags[1]
        then = word_at(out, following[1]) if len(following) > 1 else None
        before = neighbours(out, i, -1, 1)
        dative = out[before[0]] if before else None
        if isinstance(dative, Word) and clitic(dative) and not dative.has("ref") and lemma_of(dative) == "prpers":
            out = spoken(out, i, lack, [verb])  # the verb and "falta" as one, then said by who needs
            needs = functools.partial(said_in, "necesitar", ("vblex", tense))
            out = dative_as_subject(out, before[0], i, needs)
        elif then is not None and lemma_of(then) == "que":
            out = needing_clause(out, i, following[1])
        elif then is not None and infinitive(then):  # anyone's need: you (don't) need to
            out = spoken(out, i, lack, [new_word(cased_like(verb, "necesitar"), "vblex", tense, "p2", "sg")])
        else:
            out = needed_thing(out, i, lack)
    return out


def needing_clause(tokens: list[Token], verb_at: int, que: int) -> list[Token]:
    """*(No) hace falta que alguien revise X* → *alguien (no) necesita revisar X*: the clause's
    subject needs to do what its verb says. Left alone when a clitic goes with the verb."""
    subject: list[Word] = []
    for j in nearby(tokens, que, 1):
        word = tokens[j]
        assert isinstance(word, Word)
        if finite_verb(word) and (word.has("prs") or word.has("pis")):
            break
        if len(subject) > 3 or not (word.pos in ("det", "n", "np", "adj", "num") or word.unknown or word.pos == "prn"):
            return tokens
        if clitic(word):
            return tokens
        subject.append(word)
    else:
        return tokens
    verb = tokens[verb_at]
    assert isinstance(verb, Word)
    start = group_start(tokens, verb_at)
    group = [w for w in tokens[start:verb_at] if isinstance(w, Word)]
    first = tokens[start]
    assert isinstance(first, Word)
    if subject and capitalised(first) and sentence_start(tokens, start):
        subject[0], group[:1] = recased(subject[0], upper=True), [recased(w, upper=False) for w in group[:1]]
    person, number = person_number(word)
    needs = new_word(
        cased_like(verb, "necesitar") if not subject and not group else "necesitar",
        "vblex",
        verb.head.tags[1],
        person,
        number,
    )
    done = Word(word.surface, (Reading(lemma_of(word), (word.pos, "inf")),))
    return spoken(tokens, start, j, [*subject, *group, needs, done])


def needed_thing(tokens: list[Token], verb_at: int, lack: int) -> list[Token]:
    """*Hace falta más documentación* → *más documentación es necesaria*; *no hace falta* → *no es necesario*."""
    verb = tokens[verb_at]
    assert isinstance(verb, Word)
    number = "pl" if verb.has("pl") else "sg"
    said = [new_word(cased_like(verb, "ser"), "vbser", *verb.head.tags[1:]), new_word("necesario", "adj", "m", number)]
    phrase = noun_phrase(tokens, lack)
    if not phrase:
        return spoken(tokens, verb_at, lack, said)
    out = list(tokens)
    start = group_start(out, verb_at)
    moved = [w for w in out[phrase[0] : phrase[-1] + 1] if isinstance(w, Word)]
    first = out[start]
    assert isinstance(first, Word)
    if capitalised(first) and sentence_start(out, start):
        moved[0] = recased(moved[0], upper=True)
        said[0] = recased(said[0], upper=False)
        out[start] = recased(first, upper=False)
    group = [w for w in out[start:verb_at] if isinstance(w, Word)]
    return spoken(out, start, phrase[-1], [*moved, *group, *said])
