"""Verbs: the preterite of -amos and -imos, the involuntary *se*, *fue a* (went to), *me gusta*
(I like), *acabar de* and *soler*."""

from __future__ import annotations

from tripreport.engines.apertium.stream import Reading, Token, Word
from tripreport.engines.apertium.syntax.subjects import SUBJECTS, clause_before, group_start, sentence_start
from tripreport.engines.apertium.syntax.words import (
    PERSONS,
    capitalised,
    clitic,
    finite_verb,
    nearby,
    neighbours,
    person_number,
    recased,
    word_at,
)

# --- rule: the preterite of -amos and -imos --------------------------------------------------------

PAST_WORDS = frozenset("ayer anoche anteayer antier".split())


def preterite(tokens: list[Token]) -> list[Token]:
    """A first-person plural that is present and preterite alike (*probamos*, *subimos*) reads as
    the preterite in a sentence about the past: one with *ayer* or *anoche*, or another verb in
    the preterite (*lo probamos y jaló*) → "we tested it".

    The tagger reads such a form as the present, which it also is: *hoy probamos* and *mañana
    subimos los cambios* stay present.
    """
    out = list(tokens)
    for sentence in sentences(out):
        words = [out[j] for j in sentence]
        past = any(w.head.lemma.lower() in PAST_WORDS or w.has("ifi") for w in words)  # type: ignore[union-attr]
        if not past or any(w.head.lemma.lower() in ("mañana", "luego", "próximo") for w in words):  # type: ignore[union-attr]
            continue
        for j in sentence:
            word = out[j]
            assert isinstance(word, Word)
            if word.has("pri", "p1", "pl") and same_in_preterite(word):
                out[j] = word.replace_head(tags=tuple("ifi" if t == "pri" else t for t in word.head.tags))
    return out


def same_in_preterite(word: Word) -> bool:
    """True for a regular -ar or -ir first-person plural: its present is its preterite."""
    lemma, surface = word.head.lemma.lower(), word.surface.lower()
    return (lemma.endswith("ar") and surface == lemma[:-2] + "amos") or (
        lemma.endswith("ir") and surface == lemma[:-2] + "imos"
    )


def sentences(tokens: list[Token]) -> list[list[int]]:
    """The word indexes of each sentence (split after every full stop, question or exclamation mark)."""
    found: list[list[int]] = [[]]
    for j, token in enumerate(tokens):
        if isinstance(token, Word):
            found[-1].append(j)
            if token.pos == "sent":
                found.append([])
    return [s for s in found if s]


# --- rule: the involuntary se -------------------------------------------------------------------

# Verbs whose "se me …" says that something happened to someone: *se me olvidó* (I forgot).
INVOLUNTARY = frozenset("olvidar perder romper borrar descomponer".split())


def involuntary_se(tokens: list[Token]) -> list[Token]:
    """*Se me olvidó el cargador* → *(yo) olvidé el cargador* ("I forgot the charger"): the person
    in the dative is who did it, by accident. Only for verbs that say so (olvidar, perder,
    romper…); *se me acercó un tipo* (a guy came up to me) stays."""
    out = list(tokens)
    for i in reversed(range(len(out))):
        verb = word_at(out, i)
        if verb is None or not finite_verb(verb) or verb.head.lemma.lower() not in INVOLUNTARY:
            continue
        before = neighbours(out, i, -1, 2)
        if len(before) < 2:
            continue
        dative, se = (out[j] for j in before)
        assert isinstance(dative, Word) and isinstance(se, Word)
        if not (se.has("ref", "p3") and clitic(se) and clitic(dative) and not dative.has("ref")):
            continue
        person, number = person_number(dative)
        if (person, number) not in SUBJECTS and person != "p3":
            continue
        pronoun = SUBJECTS.get((person, number), Reading("prpers", ("prn", "tn", "p3", "m", "sg")))
        tags = tuple(person if t in PERSONS else number if t in ("sg", "pl") else t for t in verb.head.tags)
        subject = Word("", (pronoun,))
        if capitalised(se):
            subject = recased(subject, upper=True)
        out[before[1] : i + 1] = [subject, " ", recased(verb.replace_head(tags=tags), upper=False)]
    return out


# --- rule: fue a = went to -----------------------------------------------------------------------


def went(tokens: list[Token]) -> list[Token]:
    """*Fuimos a la charla*: the preterite of *ir* and of *ser* is the same word, and the tagger
    takes *ser* ("we were to the talk"); before *a* and a place or an infinitive it is *ir*
    ("we went to the talk"). Not before a time: *la reunión fue a las cinco* (was at five)."""
    out = list(tokens)
    for i, token in enumerate(out):
        if not (isinstance(token, Word) and token.head.lemma.lower() == "ser" and token.has("ifi")):
            continue
        following = neighbours(out, i, 1, 3)
        words = [out[j] for j in following]
        if not words or not isinstance(words[0], Word) or words[0].head.lemma != "a" or words[0].pos != "pr":
            continue
        if any(isinstance(w, Word) and w.pos == "num" for w in words[1:]):
            continue
        lemma = "Ir" if capitalised(token) else "ir"
        out[i] = token.replace_head(lemma=lemma, tags=("vblex", *token.head.tags[1:]))
    return out


# --- rule: me gusta = I like ------------------------------------------------------------------------

# Verbs whose subject is what pleases and whose dative is who is pleased: me gustó la charla.
EXPERIENCER = frozenset("gustar encantar".split())


def experiencer(tokens: list[Token]) -> list[Token]:
    """*Me gustó la charla* → *(yo) gusté la charla* ("I liked the talk"), *no nos ha encantado* →
    *(nosotros) no hemos encantado* ("we have not loved it"): English makes who likes the
    subject. Apertium writes "it liked me the talk". Not when *a mí*, *a ella*… names the
    person apart (left as it is)."""
    out = list(tokens)
    for i in reversed(range(len(out))):
        verb = word_at(out, i)
        if verb is None or not finite_verb(verb):
            continue
        lexical = verb
        if verb.head.lemma.lower() == "haber":  # me ha gustado
            following = neighbours(out, i, 1, 1)
            lexical = out[following[0]] if following else verb  # type: ignore[assignment]
            assert isinstance(lexical, Word)
            if not lexical.has("pp"):
                continue
        if lexical.head.lemma.lower() not in EXPERIENCER:
            continue
        before = neighbours(out, i, -1)
        if not before:
            continue
        dative = out[before[0]]
        assert isinstance(dative, Word)
        if not clitic(dative) or dative.has("ref") or dative.head.lemma.lower() != "prpers":
            continue
        start = group_start(out, i)
        clause = [out[j] for j in clause_before(out, start)]
        if any(isinstance(w, Word) and w.pos == "pr" and w.head.lemma.lower() == "a" for w in clause):
            continue  # a mí me gusta: the person is named apart
        person, number = person_number(dative)
        pronoun = SUBJECTS.get((person, number), Reading("prpers", ("prn", "tn", "p3", "m", "sg")))
        tags = tuple(person if t in PERSONS else number if t in ("sg", "pl") else t for t in verb.head.tags)
        first = out[start]
        assert isinstance(first, Word)
        subject = Word("", (pronoun,))
        if capitalised(first) and sentence_start(out, start):
            subject = recased(subject, upper=True)
        group = [
            recased(t, upper=False) for j, t in enumerate(out[start:i], start) if isinstance(t, Word) and j != before[0]
        ]
        group.append(recased(verb.replace_head(tags=tags), upper=False))
        out[start : i + 1] = [subject] + [item for word in group for item in (" ", word)]
    return out


# --- rule: acabar de, soler -------------------------------------------------------------------------

# A verb plus an infinitive that English says with an adverb: acabo de llegar (I just arrived).
PERIPHRASES = {"acabar": ("de", "recién", "ifi"), "soler": ("", "normalmente", "")}


def periphrases(tokens: list[Token]) -> list[Token]:
    """*Acabo de terminar el deploy* → *recién terminé…* ("I just finished the deploy"); *suele
    fallar* → *normalmente falla* ("it usually fails"): the infinitive takes the verb's person
    (and the preterite, after *acabar de*), an adverb says the rest. *Acabó el taller* stays."""
    out = list(tokens)
    for i in reversed(range(len(out))):
        verb = word_at(out, i)
        if verb is None or not finite_verb(verb) or verb.head.lemma.lower() not in PERIPHRASES:
            continue
        joiner, adverb, tense = PERIPHRASES[verb.head.lemma.lower()]
        following = neighbours(out, i, 1, 2)
        words = [out[j] for j in following]
        if joiner:
            if len(words) < 2 or words[0].head.lemma != joiner or words[0].pos != "pr":  # type: ignore[union-attr]
                continue
            infinitive_at = following[1]
        else:
            if not words:
                continue
            infinitive_at = following[0]
        infinitive = out[infinitive_at]
        assert isinstance(infinitive, Word)
        if not (infinitive.pos == "vblex" and infinitive.has("inf")):
            continue
        # darse cuenta keeps its "pron" and its "# cuenta"; the verb's tense and person replace "inf"
        kind = tuple(t for t in infinitive.head.tags if t != "inf")
        tags = (*kind, tense or verb.head.tags[1], *verb.head.tags[2:])
        enclitics = infinitive.readings[1:]  # terminarlo: the enclitic goes with the new verb
        finite = Word(infinitive.surface, (Reading(infinitive.head.lemma, tags, infinitive.head.tail), *enclitics))
        start = i  # a clitic before the verb (*me acabo de dar cuenta*) goes before the new verb
        for j in nearby(out, i, -1):
            if not clitic(out[j]):  # type: ignore[arg-type]
                break
            start = j
        first = out[start]
        assert isinstance(first, Word)
        upper = capitalised(first) and sentence_start(out, start)
        said = Word("", (Reading(adverb.capitalize() if upper else adverb, ("adv",)),))
        proclitics = [recased(t, upper=False) for t in out[start:i] if isinstance(t, Word)]
        out[start : infinitive_at + 1] = [said, *(x for w in [*proclitics, finite] for x in (" ", w))]
    return out
