"""Pronominal verbs: a reflexive clitic makes the verb its pronominal one (*nos sentamos*: "we sat")."""

from __future__ import annotations

from tripreport.engines.apertium.stream import Token, Word
from tripreport.engines.apertium.syntax.words import (
    VERBS,
    capitalised,
    clitic,
    finite_verb,
    nearby,
    neighbours,
    person_number,
    recased,
    word_at,
)

# --- rule: pronominal verbs ------------------------------------------------------------------------

# Verbs whose clitic belongs to the infinitive, gerund or participle after them (*me voy a sentar*,
# *nos estamos quedando*, *me he sentado*), with the words that may come between.
AUXILIARIES = {
    "estar": (),
    "ir": ("a",),
    "poder": (),
    "querer": (),
    "deber": (),
    "soler": (),
    "necesitar": (),
    "pensar": (),
    "tener": ("que",),
    "haber": (),
    "volver": ("a",),
    "empezar": ("a",),
    "acabar": ("de",),
    "dejar": ("de",),
}
NON_FINITE = ("inf", "ger", "pp")
# The forms *ser* shares with *ir* (fue, fuimos, fuera…): after a reflexive clitic it is *irse*.
SHARED_WITH_IR = frozenset({"ifi", "pis", "fts"})
# Sentar and sentir share forms (*me siento*); a manner after it says *sentirse* (I feel tired), a
# place *sentarse* (I sit here). Each verb's present, by surface form: person and number.
PRESENT = {
    "sentir": {"siento": ("p1", "sg"), "sientes": ("p2", "sg"), "siente": ("p3", "sg"), "sentimos": ("p1", "pl"),
               "sienten": ("p3", "pl")},
    "sentar": {"siento": ("p1", "sg"), "sientas": ("p2", "sg"), "sienta": ("p3", "sg"), "sentamos": ("p1", "pl"),
               "sientan": ("p3", "pl")},
}  # fmt: skip
MANNER = frozenset("bien mal mejor peor así raro como tan muy súper medio".split())
PLACE = frozenset("en junto frente delante detrás adelante atrás aquí acá allí allá ahí hasta".split())


def pronominal(tokens: list[Token]) -> list[Token]:
    """A verb with a reflexive clitic of its own person is its pronominal verb: *nos sentamos* →
    *sentar* tagged ``pron`` ("we sat", not "we seated us"), *me quedé* ("I stayed"), *siéntate*,
    *vamos a sentarnos*; Apertium's transfer then drops the clitic, and the senses give the
    pronominal verb its English (*sentarse*: sit). After *estar*, *ir a*, *poder*… the clitic is the
    infinitive's or gerund's (*nos estamos quedando*), and after *haber* the clitic just goes (*me
    he quedado*: a participle tagged ``pron`` would lose its ending); *se fue* is *irse*, not
    *ser*; *me siento cansado* is *sentirse*, *me siento aquí* *sentarse*.

    Not a clitic of another person (*me dijeron*, *nos quiere ver*), nor *se* that is not next to
    the verb (*se lo dio*: *se* stands for *le*) or before a noun phrase (*se pueden levantar
    cosas*: a passive).
    """
    if not any(
        isinstance(t, Word) and any(r.tags[:1] == ("prn",) and "tn" not in r.tags for r in t.readings) for t in tokens
    ):
        return tokens  # no clitic: nothing is reflexive
    out = list(tokens)
    for i in reversed(range(len(out))):  # from the end: a clitic taken out moves only what was done
        token = out[i]
        if not isinstance(token, Word) or token.pos not in VERBS:
            continue
        if finite_verb(token):
            with_clitic_before(out, i)
        elif token.pos == "vblex" and len(token.readings) == 2 and enclitic_reflexive(out, i):
            verb = made_pronominal(out, i)
            if not verb.has("imp"):  # the transfer drops an imperative's reflexive, not an infinitive's
                verb = Word(verb.surface, verb.readings[:1])
            out[i] = verb
    return out


def with_clitic_before(out: list[Token], i: int) -> None:
    """The finite verb at ``i`` (or the infinitive after it) made pronominal when a reflexive clitic
    comes before it; ``out`` is changed in place."""
    token = out[i]
    assert isinstance(token, Word)
    if token.pos == "vbser" and not SHARED_WITH_IR & set(token.head.tags):
        return  # se es…: ser is never pronominal
    before = next(nearby(out, i, -1), None)
    pronoun = word_at(out, before if before is not None else -1)
    if before is None or pronoun is None or not reflexive(pronoun, token):
        return
    target = lexical_verb(out, i)
    if target == i and token.pos in ("vbmod", "vbhaver"):
        return  # a modal with no infinitive after it: nothing to tag
    if pronoun.has("ref") and object_follows(out, target):
        return  # se pueden levantar cosas: the things are raised, nobody gets up
    participle = out[target].has("pp")  # type: ignore[union-attr]
    if not participle:  # a participle tagged pron loses its ending in the transfer ("has fall")
        out[target] = made_pronominal(out, target)
    if target != i and out[before + 1 : i] == [" "] and not pronoun.has("ref"):
        del out[before:i]  # the transfer keeps it before an auxiliary (se, it leaves out itself)
        if capitalised(pronoun):
            out[before] = recased(token, upper=True)


def object_follows(tokens: list[Token], i: int) -> bool:
    """True when a noun phrase comes right after the verb at ``i`` (with *se*, the passive's subject)."""
    following = word_at(tokens, next(nearby(tokens, i, 1), -1))
    return following is not None and (following.pos in ("det", "n", "np", "num", "predet") or following.unknown)


def reflexive(pronoun: Word, verb: Word) -> bool:
    """True for a clitic of the verb's own person and number (*se* for any third person)."""
    if not clitic(pronoun) or pronoun.has("enc"):
        return False
    person, number = person_number(verb)
    if pronoun.has("ref", "p3"):
        return person == "p3"
    return pronoun.has(person, number) and person in ("p1", "p2")


def enclitic_reflexive(tokens: list[Token], i: int) -> bool:
    """True for one enclitic of the verb's own person: an imperative's (*siéntate*), or an
    infinitive's or gerund's agreeing with a verb of its sentence (*vamos a sentarnos*, *fíjate
    antes de irte*; not *quiere vernos*), or *se*."""
    verb = tokens[i]
    assert isinstance(verb, Word)
    enclitic = Word("", verb.readings[1:])
    if enclitic.pos != "prn" or not enclitic.has("enc"):
        return False
    if verb.has("imp"):
        person, number = person_number(verb)
        return enclitic.has("ref") or enclitic.has(person, number)
    if not any(t in verb.head.tags for t in ("inf", "ger")):
        return False
    if enclitic.has("ref", "p3"):
        return True
    person, number = person_number(enclitic)
    return person in ("p1", "p2") and any(
        agrees(tokens, j, person, number) for step in (-1, 1) for j in sentence_words(tokens, i, step)
    )


def sentence_words(tokens: list[Token], i: int, step: int) -> list[int]:
    """The words before (``step`` -1) or after (+1) token ``i`` up to its sentence's end."""
    found = []
    for j in nearby(tokens, i, step):
        if tokens[j].pos == "sent":  # type: ignore[union-attr]
            break
        found.append(j)
    return found


def agrees(tokens: list[Token], j: int, person: str, number: str) -> bool:
    """True for a finite verb or an imperative of ``person`` and ``number`` at ``j``."""
    word = tokens[j]
    assert isinstance(word, Word)
    return (finite_verb(word) or (word.pos == "vblex" and word.has("imp"))) and person_number(word) == (person, number)


def lexical_verb(tokens: list[Token], i: int) -> int:
    """The verb a clitic before ``i`` belongs to: ``i``, or the infinitive, gerund or participle of
    the auxiliary at ``i`` (*voy a sentarme*… *me voy a sentar*)."""
    verb = tokens[i]
    assert isinstance(verb, Word)
    joiners = AUXILIARIES.get(verb.head.lemma.lower())
    after = next(nearby(tokens, i, 1), -1)
    gerund = word_at(tokens, after)
    if verb.head.lemma.lower() == "ir" and gerund is not None and gerund.has("ger"):
        return after if len(gerund.readings) == 1 else i  # se fueron creando
    if joiners is None or (verb.head.lemma.lower() == "ir" and not verb.has("pri") and not verb.has("pii")):
        return i  # me fui a dormir: irse; only voy a, iba a say what will be
    joiners = tuple(j for j in joiners if verb.head.tail != f"# {j}")  # tienen que: one word to the tagger
    following = neighbours(tokens, i, 1, len(joiners) + 1)
    words = [w for w in (word_at(tokens, j) for j in following) if w is not None]
    if len(words) != len(joiners) + 1 or any(w.head.lemma != joiner for w, joiner in zip(words, joiners, strict=False)):
        return i
    last = words[-1]
    wanted = {"haber": "pp", "estar": "ger"}.get(verb.head.lemma.lower(), "inf")
    return following[-1] if last.pos == "vblex" and last.has(wanted) and len(last.readings) == 1 else i


def made_pronominal(tokens: list[Token], i: int) -> Word:
    """The verb at ``i`` tagged ``pron`` (*ser* read as *ir*, *sentar* or *sentir* as what follows asks)."""
    verb = tokens[i]
    assert isinstance(verb, Word)
    if verb.has("pron"):
        return verb
    lemma, tags = verb.head.lemma, verb.head.tags
    if verb.pos == "vbser":
        lemma = "Ir" if lemma[:1].isupper() else "ir"
    lemma, tags = sentar_or_sentir(tokens, i, lemma, tags)
    return verb.replace_head(lemma=lemma, tags=("vblex", "pron", *tags[1:]))


def sentar_or_sentir(tokens: list[Token], i: int, lemma: str, tags: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    """*Sentar* or *sentir*, as the word after the verb asks: a manner (*bien*, an adjective) or a place."""
    if lemma.lower() not in PRESENT:
        return lemma, tags
    following = word_at(tokens, next(nearby(tokens, i, 1), -1))
    if following is None:
        return lemma, tags
    word = following.head.lemma.lower()
    if following.pos == "adj" or following.has("pp") or word in MANNER:
        wanted = "sentir"
    elif word in PLACE:
        wanted = "sentar"
    else:
        return lemma, tags
    surface = tokens[i].surface.lower()  # type: ignore[union-attr]
    if wanted == lemma.lower() or surface not in PRESENT[wanted]:
        return lemma, tags
    person, number = PRESENT[wanted][surface]
    cased = wanted.capitalize() if lemma[:1].isupper() else wanted
    return cased, (tags[0], "pri", person, number)
