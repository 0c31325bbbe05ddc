"""The impersonal *hace*: time ago (*hace dos años*: "two years ago") and the weather (*hace
frío*: "it is cold"), which the pair translates as "it does"."""

from __future__ import annotations

from tripreport.engines.apertium.stream import Token, Word
from tripreport.engines.apertium.syntax.aspect import cased_like, duration
from tripreport.engines.apertium.syntax.words import (
    capitalised,
    ends_clause,
    finite_verb,
    lemma_of,
    neighbours,
    new_word,
    preposition,
    recased,
    spoken,
    word_at,
)

# --- rule: hace dos años = two years ago --------------------------------------------------------------

# Durations the analyser reads as one adverb, said as the words the sense "ago" follows.
LONG_TIMES = {
    "un rato": [("uno", ("det", "ind", "m", "sg")), ("rato", ("n", "m", "sg"))],
    "mucho tiempo": [("uno", ("det", "ind", "m", "sg")), ("largo", ("adj", "m", "sg")), ("tiempo", ("n", "m", "sg"))],
    "mucho": [("uno", ("det", "ind", "m", "sg")), ("largo", ("adj", "m", "sg")), ("tiempo", ("n", "m", "sg"))],
}


def impersonal_hace(word: Word | None) -> bool:
    return word is not None and finite_verb(word) and lemma_of(word) == "hacer" and word.has("p3", "sg")


def ago(tokens: list[Token]) -> list[Token]:
    """*Lo usé hace años* → *lo usé años atrás*, "I used it years ago" (*atrás* after a duration
    is "ago", a word sense); *desde hace dos años* → *durante dos años* ("for two years"). The pair
    has a rule for *hace* and a number only ("it does a year"). Not before *que* (*hace un año que
    no voy*: another construction), nor *hace frío*, *hace lo que puede*."""
    out = list(tokens)
    for i in reversed(range(len(out))):
        verb = word_at(out, i)
        if not impersonal_hace(verb) or not verb.has("pri"):  # type: ignore[union-attr]
            continue
        assert verb is not None
        span = duration(out, i)
        following = neighbours(out, i, 1, 2)
        said = LONG_TIMES.get(lemma_of(out[following[0]])) if following and not span else None  # type: ignore[arg-type]
        if said is not None:
            then = out[following[1]] if len(following) > 1 else None
            if isinstance(then, Word) and lemma_of(then) == "que":
                continue  # hace mucho que no voy: another construction
            counted = out[following[0]]
            assert isinstance(counted, Word)
            if lemma_of(counted) == "mucho" and isinstance(then, Word) and not ends_clause(then):
                continue  # hace mucho por la comunidad: does a lot
            out = spoken(out, following[0], following[0], [new_word(lemma, *tags) for lemma, tags in said])
            span = [following[0], following[0] + 2 * len(said) - 2]
        if not span:
            continue
        after = neighbours(out, span[-1], 1, 1)
        if after and lemma_of(out[after[0]]) == "que":  # type: ignore[arg-type]
            continue
        moved = [w for w in out[span[0] : span[-1] + 1] if isinstance(w, Word)]
        before = neighbours(out, i, -1, 1)
        if before and preposition(out[before[0]], "desde"):  # type: ignore[arg-type]
            since = out[before[0]]
            assert isinstance(since, Word)
            out = spoken(out, before[0], span[-1], [new_word(cased_like(since, "durante"), "pr"), *moved])
            continue
        if capitalised(verb):
            moved[0] = recased(moved[0], upper=True)
        out = spoken(out, i, span[-1], [*moved, new_word("atrás", "adv")])
    return out


# --- rule: hace frío = it is cold ---------------------------------------------------------------------------

# The weather *hace*, and the adjective English says it with (*hace sol*: it is sunny).
WEATHER = {"frío": "frío", "calor": "caliente", "sol": "soleado", "viento": "ventoso", "fresco": "fresco"}
DEGREES = {"mucho": "muy", "muchísimo": "muy", "bastante": "bastante", "demasiado": "demasiado"}


def weather(tokens: list[Token]) -> list[Token]:
    """*Hace frío* → *está frío* ("it is cold"), *hacía mucho calor* → *estaba muy caliente* ("it
    was very hot"). *Hace un frío tremendo* (an article: the noun goes on) and *hace falta* stay."""
    out = list(tokens)
    for i in reversed(range(len(out))):
        verb = word_at(out, i)
        if not impersonal_hace(verb):
            continue
        assert verb is not None
        following = neighbours(out, i, 1, 3)
        words = [out[j] for j in following]
        degree = None
        if len(words) > 1 and lemma_of(words[0]) in DEGREES:  # type: ignore[arg-type]
            degree = DEGREES[lemma_of(words[0])]  # type: ignore[arg-type]
            following, words = following[1:], words[1:]
        if not words or lemma_of(words[0]) not in WEATHER or words[0].pos not in ("n", "adj"):  # type: ignore[union-attr,arg-type]
            continue
        if len(words) > 1 and words[1].pos in ("n", "adj"):  # type: ignore[union-attr]
            continue
        adjective = WEATHER[lemma_of(words[0])]  # type: ignore[arg-type]
        said = [new_word(cased_like(verb, "estar"), "vblex", *verb.head.tags[1:])]
        if degree:
            said.append(new_word(degree, "preadv"))
        said.append(new_word(adjective, "adj", "mf" if adjective.endswith("e") else "m", "sg"))
        out = spoken(out, i, following[0], said)
    return out
