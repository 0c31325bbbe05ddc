"""Instructions: a verb that reads as *he installs* and as *install!* is the imperative where the
sentence says so (*instala Docker y corre el script*: "Install Docker and run the script")."""

from __future__ import annotations

from tripreport.engines.apertium.stream import Token, Word
from tripreport.engines.apertium.syntax.verbs import sentences
from tripreport.engines.apertium.syntax.words import ends_clause, nearby, word_at

# --- rule: the imperative ----------------------------------------------------------------------------

# Verbs whose tú imperative is not their third person (haz, pon, ven…): the tagger sees those apart.
OWN_IMPERATIVE = ("decir", "hacer", "poner", "salir", "tener", "venir")
# Adverbs that may open an instruction (*primero instala…*, *luego corre…*).
STEP_ADVERBS = frozenset(
    "primero luego después despues ahora también tambien nomás nomas solo sólo ya antes finalmente entonces".split()
)
OBJECT_START = frozenset({"det", "n", "np", "num", "predet"})
# What may open the clause of an instruction: the sentence's start, a comma, y, a bracket or a dash.
MAIN_CLAUSE_OPENERS = frozenset({"sent", "cm", "cnjcoo", "lpar", "guio", "lquot", "lquest"})


def imperative(tokens: list[Token]) -> list[Token]:
    """A third-person present that opens its clause with no subject (*instala*, *corre*) is the *tú*
    imperative when the sentence says it is an instruction: another verb in it is an imperative
    (*instala Docker y córrelo*), it speaks to *tú* with a verb or *tu* after it (*si quieres
    probarlo, instala la extensión*; *revisa tus logs*), or it is a list of steps, two or more
    such verbs followed by their objects (*instala Docker, corre el script y revisa los logs*).

    Not a verb with a clitic or *no* before it (*se va*, *no instala*: an imperative takes them
    after, or the subjunctive), nor one opening a clause inside another (*que te permite*,
    *porque significa*), one whose imperative is another word (*hace*, *pone*), nor a list
    whose objects are someone's (*abre su laptop y revisa su correo*: he opens his…).
    """
    if not any(isinstance(t, Word) and t.pos == "vblex" and t.has("pri", "p3", "sg") for t in tokens):
        return tokens
    out = list(tokens)
    for sentence in sentences(out):
        candidates = [j for j in sentence if could_be_imperative(out, j)]
        if not candidates:
            continue
        words = [out[j] for j in sentence]
        told = any(isinstance(w, Word) and (w.has("imp") or speaks_to_you(w)) for w in words) or any(
            yours_after(out, j) for j in candidates
        )
        steps = sum(takes_object(out, j) for j in candidates) >= 2 and not any(
            isinstance(w, Word) and w.head.lemma.lower() == "suyo" for w in words
        )
        if not (told or steps):
            continue
        for j in candidates:
            verb = out[j]
            assert isinstance(verb, Word)
            tags = tuple("imp" if t == "pri" else "p2" if t == "p3" else t for t in verb.head.tags)
            out[j] = verb.replace_head(tags=tags)
    return out


def could_be_imperative(tokens: list[Token], i: int) -> bool:
    """A third-person singular present (not *ser*, *estar*, *haber*, a modal or a verb with an
    imperative of its own) that opens its clause: nothing before it but adverbs of steps."""
    verb = tokens[i]
    if not (isinstance(verb, Word) and verb.has("pri", "p3", "sg") and verb.pos == "vblex"):
        return False
    lemma = verb.head.lemma.lower()
    if lemma in ("estar", "ir", "hay") or lemma.endswith(OWN_IMPERATIVE):
        return False
    for j in nearby(tokens, i, -1):
        word = tokens[j]
        assert isinstance(word, Word)
        if ends_clause(word):
            if word.pos not in MAIN_CLAUSE_OPENERS:
                return False  # que permite, porque significa: a clause inside another
            break
        if not (word.pos == "adv" and word.head.lemma.lower() in STEP_ADVERBS):
            return False
    following = word_at(tokens, next(nearby(tokens, i, 1), -1))
    return following is None or not following.has("np", "ant")  # llega Ana: Ana is the subject


def speaks_to_you(word: Word) -> bool:
    """A verb of *tú* in the indicative (*si quieres…*). Not *te*, nor *tu* away from the verb:
    informal Spanish says *te permite tener tus templates* of anyone (it lets you), in sentences
    that are no instructions; nor the subjunctive, which a plural noun may be read as (*reportes*)."""
    return (
        word.has("p2", "sg")
        and word.pos in ("vblex", "vbmod", "vbser")
        and bool({"pri", "ifi", "pii", "fti"} & set(word.head.tags))
    )


def yours_after(tokens: list[Token], i: int) -> bool:
    """True when the verb at ``i`` is followed by *tu* or *tus* (*revisa tus logs*)."""
    following = word_at(tokens, next(nearby(tokens, i, 1), -1))
    return following is not None and following.head.lemma.lower() == "tuyo"


def takes_object(tokens: list[Token], i: int) -> bool:
    """True when a noun phrase (or a kept term) follows the verb at ``i`` right away."""
    following = word_at(tokens, next(nearby(tokens, i, 1), -1))
    return following is not None and (following.pos in OBJECT_START or following.unknown)
