"""The passive and impersonal *se*: *se usa mucho* (it is used a lot), *se necesita más memoria*
(more memory is needed), *se puede ir en metro* (you can go by subway); the pair reads the *se*
as the verb's own ("it uses a lot", "can go")."""

from __future__ import annotations

from tripreport.engines.apertium.stream import Reading, Token, Word
from tripreport.engines.apertium.syntax.aspect import cased_like
from tripreport.engines.apertium.syntax.order import noun_phrase
from tripreport.engines.apertium.syntax.subjects import clause_before, group_start
from tripreport.engines.apertium.syntax.words import (
    DURATIONS,
    TIME_NOUNS,
    capitalised,
    clitic,
    ends_clause,
    finite_verb,
    infinitive,
    lemma_of,
    neighbours,
    new_word,
    recased,
    spoken,
    word_at,
)

# Verbs that take an object and are said with *se* when who does it does not matter; verbs
# whose *se* is often their own (*caerse*, *irse*, *quedarse*, *verse*, *hacerse*) are not here.
PASSIVE = frozenset(
    """usar utilizar necesitar recomendar decir saber esperar permitir requerir ofrecer vender
    pagar cobrar incluir mostrar explicar anunciar publicar instalar configurar ejecutar escribir
    construir desarrollar compilar considerar organizar mencionar prohibir sugerir generar crear
    guardar desplegar implementar definir describir calcular compartir descargar aceptar pedir""".split()
)
# Verbs before an infinitive whose *se* is anyone's: *se puede ir* (you can go).
MODALS = frozenset({"poder", "deber", "tener"})


def passive_se(tokens: list[Token]) -> list[Token]:
    """*Se usa mucho en producción* → *es usado mucho…* ("it is used a lot in production"),
    *(más memoria) se necesita* → "more memory is needed" (the subject put first by
    :func:`.order.subject_first`), *no se sabe cuándo sale* → "it is not known when it comes out";
    *se puede usar* → "it can be used", and where the infinitive has an object or none is meant,
    *se puede ver la ciudad* → *(tú) puedes ver la ciudad* ("you can see the city").

    Only verbs that take an object (:data:`PASSIVE`); not when a noun phrase follows the verb
    (*se vendieron las entradas* had its subject moved first; *Ana se probó la chamarra* is
    her own), when a person is named before (*Ana y Luis se escriben*: to each other), nor with
    another clitic (*se me olvidó*)."""
    out = list(tokens)
    for i in reversed(range(len(out))):
        verb = word_at(out, i)
        if verb is None or not finite_verb(verb) or not verb.has("p3"):
            continue
        before = neighbours(out, i, -1, 1)
        se = out[before[0]] if before else None
        if not (isinstance(se, Word) and clitic(se) and se.has("ref", "p3")):
            continue
        lemma = lemma_of(verb)
        if lemma in MODALS and (lemma != "tener" or verb.head.tail):
            out = impersonal_modal(out, before[0], i)
        elif lemma in PASSIVE and not object_after(out, i) and not person_before(out, before[0]):
            tense_person = verb.head.tags[1:]
            number = "pl" if verb.has("pl") else "sg"
            said = [
                new_word(cased_like(se, "ser"), "vbser", *tense_person),
                new_word(lemma, "vblex", "pp", "m", number),
            ]
            out = spoken(out, before[0], i, said)
    return out


def impersonal_modal(tokens: list[Token], se: int, modal: int) -> list[Token]:
    """*Se puede usar* → *puede ser usado* ("it can be used") when the infinitive takes an object
    it does not have, and *eso se puede hacer* → *eso puede ser hecho* ("that can be done") when
    the clause names it before; else *se puede ver la ciudad* → *puedes ver la ciudad* ("you can
    see the city")."""
    verb = tokens[modal]
    assert isinstance(verb, Word)
    following = neighbours(tokens, modal, 1, 1)
    then = tokens[following[0]] if following else None
    if not isinstance(then, Word) or not infinitive(then):
        return tokens
    first = tokens[se]
    assert isinstance(first, Word)
    number = "pl" if verb.has("pl") else "sg"
    named = thing_before(tokens, se)
    if (named or lemma_of(then) in PASSIVE) and len(then.readings) == 1 and not noun_phrase(tokens, following[0]):
        be = new_word("ser", "vbser", "inf")
        done = Word(then.surface, (Reading(lemma_of(then), ("vblex", "pp", "m", number)),))
        modal_word = recased(verb, upper=True) if capitalised(first) else verb
        return spoken(tokens, se, following[0], [modal_word, be, done])
    tags = tuple("p2" if t == "p3" else "sg" if t == "pl" else t for t in verb.head.tags)
    you = Word(verb.surface, (Reading(cased_like(first, lemma_of(verb)), tags, verb.head.tail), *verb.readings[1:]))
    return spoken(tokens, se, modal, [you])


# What may follow a passive verb that is not its subject: *se usa mucho en…*, *se dice que…*.
NOT_SUBJECT = frozenset({"adv", "pr", "cnjcoo", "cnjsub", "cnjadv", "rel"})
NOUNISH = frozenset({"det", "predet", "n", "np", "num", "adj"})


def object_after(tokens: list[Token], verb: int) -> bool:
    """True when a noun (or anything but an adverb, a preposition, a conjunction or the clause's
    end) follows the verb, after at most one adverb: *se vendieron todas las entradas*, *se venden
    entradas*, *se usa mucho Terraform* (the thing is the subject, said first by
    :func:`.order.subject_first` or left as it is)."""
    following = [tokens[j] for j in neighbours(tokens, verb, 1, 2)]
    if noun_phrase(tokens, verb):
        return True
    if not following or ends_clause(following[0]):  # type: ignore[arg-type]
        return False
    first = following[0]
    assert isinstance(first, Word)
    if first.unknown or first.pos not in NOT_SUBJECT:
        return True
    then = following[1] if len(following) > 1 else None
    return first.pos == "adv" and isinstance(then, Word) and (then.unknown or then.pos in NOUNISH)


def person_before(tokens: list[Token], se: int) -> bool:
    """True when a person is named before *se* in its clause (*Ana y Luis se escriben*: to each
    other, not "are written")."""
    for j in clause_before(tokens, group_start(tokens, se)):
        word = tokens[j]
        assert isinstance(word, Word)
        if word.has("np", "ant") or (lemma_of(word) == "prpers" and word.has("tn")):
            return True
    return False


def thing_before(tokens: list[Token], se: int) -> bool:
    """True when the clause names a thing before *se*, outside a prepositional phrase and not a
    time (*eso se puede hacer*: that can be done; not *el lunes se puede ir*, *con Docker se
    puede*), or opens with a relative *que* (*lo que se puede hacer*: what can be done)."""
    in_phrase, noun = False, False
    clause = [tokens[j] for j in clause_before(tokens, group_start(tokens, se))]
    if clause and clause[0].pos == "rel" and lemma_of(clause[0]) in ("que", "lo que", "cual"):  # type: ignore[union-attr,arg-type]
        return True  # lo que se puede hacer: what can be done
    for word in clause:
        assert isinstance(word, Word)
        if ends_clause(word):
            continue
        if word.pos == "pr":
            in_phrase = True
        elif word.pos in ("n", "np") or word.unknown or (word.pos == "prn" and not clitic(word)):
            timely = word.pos == "n" and lemma_of(word) in TIME_NOUNS | DURATIONS
            noun = noun or not (in_phrase or timely)
        elif word.pos not in ("det", "adj", "num"):
            in_phrase = False
    return noun
