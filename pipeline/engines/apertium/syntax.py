"""Spanish syntax the English needs spelled out, mended in the tagger's stream before transfer.

Apertium's transfer works on short chunks of words, so some things Spanish leaves to the
reader come out wrong in English: the dropped subject (*lo probamos* → "We try it", but
*tienen un operador* → "Have an operator"), a noun modified by another (*archivo de
configuración* → "archive of configuration", not "configuration file"), the preterite
that *-amos* shares with the present (*ayer lo probamos* → "we try it yesterday"), and
the involuntary *se* (*se me olvidó* → "it forgot me"). Each rule below reads the
tagger's analysis of one segment (lemma, part of speech, person, tense) and rewrites it as
Spanish that says the same thing explicitly, which Apertium then translates right:
*(nosotros) lo probamos*, *configuración archivo*, *(yo) olvidé*.

The rules run in the order of :data:`RULES`, each a small named function; each has its
examples and counter-examples in ``tests/test_syntax.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tripreport.engines.apertium.stream import Reading, Token, Word

RULES_VERSION = "1"  # bump when a rule changes its output: the translation memory then misses

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


@dataclass(frozen=True)
class Rule:
    """A named rewrite of one segment's tokens."""

    name: str
    apply: Callable[[list[Token]], list[Token]]


def word_at(tokens: list[Token], i: int) -> Word | None:
    token = tokens[i] if 0 <= i < len(tokens) else None
    return token if isinstance(token, Word) else None


def neighbours(tokens: list[Token], i: int, step: int) -> list[int]:
    """The indexes of the words before (``step`` -1) or after (+1) token ``i``, nearest first."""
    found = []
    j = i + step
    while 0 <= j < len(tokens):
        if isinstance(tokens[j], Word):
            found.append(j)
        j += step
    return found


def ends_clause(word: Word) -> bool:
    return word.pos in CLAUSE_ENDS


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


# --- rule: subjects -----------------------------------------------------------------------------

# The subject pronoun for a verb's person and number (the tagger's own reading of yo, tú…).
SUBJECTS = {
    ("p1", "sg"): Reading("prpers", ("prn", "tn", "p1", "mf", "sg")),
    ("p1", "pl"): Reading("prpers", ("prn", "tn", "p1", "m", "pl")),
    ("p2", "sg"): Reading("prpers", ("prn", "tn", "p2", "mf", "sg")),
    ("p2", "pl"): Reading("prpers", ("prn", "tn", "p2", "m", "pl")),
    ("p3", "pl"): Reading("prpers", ("prn", "tn", "p3", "m", "pl")),
}


def subjects(tokens: list[Token]) -> list[Token]:
    """A finite verb with no subject in its clause gets its pronoun: *tienen un operador* →
    *ellos tienen…* ("They have an operator"), *pero no lo he visto* → *pero yo no lo he visto*
    ("but I have not seen it").

    First and second person always (their subject can only be a pronoun), third plural only
    when nothing before the verb in the clause can be its subject (a noun, a name, a term,
    a relative *que*) and no plural noun follows it (*llegaron los speakers*); never third
    singular, whose subject (he, she, it) the verb does not tell.
    """
    out = list(tokens)
    for i in reversed(range(len(out))):
        word = word_at(out, i)
        if word is None or not finite_verb(word):
            continue
        person, number = person_number(word)
        if (person, number) not in SUBJECTS:
            continue
        start = group_start(out, i)
        before = clause_before(out, start)
        if has_subject(out, before, i, person, number) or shares_subject(out, before, person, number):
            continue
        out[start:start] = [Word("", (SUBJECTS[(person, number)],)), " "]
        first = word_at(out, start + 2)
        if first is not None and capitalised(first) and sentence_start(out, start):
            out[start] = recased(out[start], upper=True)  # type: ignore[arg-type]
            out[start + 2] = recased(first, upper=False)
    return out


def group_start(tokens: list[Token], verb: int) -> int:
    """Where the verb's group starts: its clitics and a *no* before it (*no lo he visto*)."""
    start = verb
    for j in neighbours(tokens, verb, -1):
        word = tokens[j]
        assert isinstance(word, Word)
        if clitic(word) or word.head.lemma.lower() == "no":
            start = j
        else:
            break
    return start


def clause_before(tokens: list[Token], start: int) -> list[int]:
    """The words of the clause before ``start``, and the word that opened the clause (if any) first."""
    found = []
    for j in neighbours(tokens, start, -1):
        word = tokens[j]
        assert isinstance(word, Word)
        found.append(j)
        if ends_clause(word):
            break
    return list(reversed(found))


def has_subject(tokens: list[Token], before: list[int], verb: int, person: str, number: str) -> bool:
    """True when the clause names the verb's subject (or might: then the rule stays out)."""
    clause = [tokens[j] for j in before]
    after = [tokens[j] for j in clause_after(tokens, verb)]
    if any(w.head.lemma.lower() == "prpers" and w.has("tn", person) for w in clause + after):  # type: ignore[union-attr]
        return True  # yo, nosotros, ustedes… said already
    if person != "p3":
        return False
    opener = clause[0] if clause and ends_clause(clause[0]) else None  # type: ignore[arg-type]
    if opener is not None and opener.pos == "rel":  # type: ignore[union-attr]
        return True  # los pods que fallaron: que is the subject
    in_phrase = False  # after a preposition: what follows is its object, not the subject
    for word in clause:
        assert isinstance(word, Word)
        if word is opener:
            continue
        if word.pos == "pr":
            in_phrase = True
        elif word.pos in ("n", "np", "num", "det") or word.unknown or (word.pos == "prn" and not clitic(word)):
            if not in_phrase and not (word.pos == "n" and word.head.lemma.lower() in TIME_NOUNS):
                return True
        elif word.pos != "adj":
            in_phrase = False
    following = next((w for w in after if isinstance(w, Word) and w.pos not in ("adv",)), None)
    return following is not None and following.pos in ("det", "n") and following.has("pl")


def shares_subject(tokens: list[Token], before: list[int], person: str, number: str) -> bool:
    """True for a verb after *y*, *o* or *pero* whose person and number are the last verb's: the
    two share their subject (*cambiaron la agenda y movieron la charla*: "they changed the
    agenda and moved the talk"); *dice que sí, pero no lo he visto* changes person."""
    if not before or tokens[before[0]].pos != "cnjcoo":  # type: ignore[union-attr]
        return False
    earlier = next((j for j in neighbours(tokens, before[0], -1) if finite_verb(tokens[j])), None)  # type: ignore[arg-type]
    if earlier is None:
        return False
    return person_number(tokens[earlier]) == (person, number)  # type: ignore[arg-type]


def clause_after(tokens: list[Token], verb: int) -> list[int]:
    found = []
    for j in neighbours(tokens, verb, 1):
        word = tokens[j]
        assert isinstance(word, Word)
        if ends_clause(word):
            break
        found.append(j)
    return found


def sentence_start(tokens: list[Token], i: int) -> bool:
    """True when nothing but opening punctuation comes before token ``i`` in its sentence."""
    for j in neighbours(tokens, i, -1):
        word = tokens[j]
        assert isinstance(word, Word)
        if word.pos == "sent":
            return True
        if word.pos not in ("lquest", "lquot", "lpar", "guio"):
            return False
    return True


# --- rule: noun compounds ------------------------------------------------------------------------

# Nouns whose "de" is "of" in English too: quantities, containers, kinds, parts, people.
NOT_COMPOUNDS = frozenset(
    """montón chorro cantidad número par mitad parte resto mayoría grupo serie conjunto lista bola pila
    mogollón puñado docena millón millar cientos miles taza vaso botella copa plato caja bolsa kilo litro
    pedazo trozo poco tipo clase forma manera modo especie falta exceso fin principio final inicio medio
    gente persona amigo compañero miembro representante fundador autor creador hijo hija padre madre
    nombre idea cosa hora vez día ejemplo muestra""".split()
)
# Modifiers too vague to go before a noun (*el status de cosas*: "the status of things").
VAGUE = frozenset("cosa cosas algo todo nada".split())


def compounds(tokens: list[Token]) -> list[Token]:
    """A noun modified by a bare noun after *de* becomes an English compound: *el archivo de
    configuración* → *el configuración archivo* ("the configuration file"), *un cluster de
    pruebas* → "a test cluster" (the modifier in the singular, as English has it); the noun may
    be an English one after an article (*el chart de helm*: "the helm chart").

    Not when the second noun has an article (*la mitad de los incidentes*), is followed by
    an adjective, a relative clause or another bare *de* (which noun they belong to is
    unclear: *un ejemplo de datos que llegan*), or by *a* (*de consul a vault*: from, to), and not after
    nouns whose *de* English keeps (*un montón de ideas*, *tipo de base*, *gente de Google*).
    """
    out = list(tokens)
    i = 0
    while i < len(out):
        head = word_at(out, i)
        rest = neighbours(out, i, 1)[:3]
        if head is None or not noun_after_article(out, i) or len(rest) < 2 or head.head.lemma.lower() in NOT_COMPOUNDS:
            i += 1
            continue
        de, modifier = (out[j] for j in rest[:2])
        assert isinstance(de, Word) and isinstance(modifier, Word)
        after = out[rest[2]] if len(rest) > 2 else None
        if (
            de.readings != (Reading("de", ("pr",)),)
            or not (modifier.pos == "n" or modifier.unknown)
            or len(modifier.readings) > 1
            or modifier.head.lemma.lower() in VAGUE
            or (isinstance(after, Word) and (after.pos in ("adj", "rel", "cnjsub") or after.readings == de.readings))
            or (isinstance(after, Word) and after.pos == "pr" and after.head.lemma in ("a", "hasta"))
            or not all(out[j] == " " for j in range(i + 1, rest[1]) if not isinstance(out[j], Word))
        ):
            i += 1
            continue
        singular = modifier if modifier.unknown else modifier.replace_head(tags=singular_tags(modifier.head.tags))
        out[i : rest[1] + 1] = [singular, " ", head]
        i += 3
    return out


def noun_after_article(tokens: list[Token], i: int) -> bool:
    """A noun, or a word the dictionary does not know right after an article (*el chart*, *un
    stand*: an English noun, or a term kept as written)."""
    word = word_at(tokens, i)
    if word is None:
        return False
    if word.pos == "n":
        return True
    before = neighbours(tokens, i, -1)[:1]
    return word.unknown and bool(before) and tokens[before[0]].pos == "det"  # type: ignore[union-attr]


def singular_tags(tags: tuple[str, ...]) -> tuple[str, ...]:
    return tuple("sg" if t == "pl" else t for t in tags)


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
        before = neighbours(out, i, -1)[:2]
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
        following = neighbours(out, i, 1)[:3]
        words = [out[j] for j in following]
        if not words or not isinstance(words[0], Word) or words[0].head.lemma != "a" or words[0].pos != "pr":
            continue
        if any(isinstance(w, Word) and w.pos == "num" for w in words[1:]):
            continue
        lemma = "Ir" if capitalised(token) else "ir"
        out[i] = token.replace_head(lemma=lemma, tags=("vblex", *token.head.tags[1:]))
    return out


# --- rule: the subject after a verb with se ------------------------------------------------------

NOUN_PHRASE = frozenset({"det", "adj", "n", "np", "num"})
# Verbs whose "se" + noun is not their subject: se llama Yeni (her name is), se trata de (it is about).
NOT_SUBJECT_FIRST = frozenset("llamar tratar ver notar sentir hacer poner volver".split())


def subject_first(tokens: list[Token]) -> list[Token]:
    """*Se cayó la red del hotel* → *la red del hotel se cayó* ("the hotel network went down"): a
    verb with *se* and nothing before it takes the noun phrase after it, agreeing in number, as
    its subject, which English puts first (Apertium would write "it fell the network").

    Not when something before the verb can be the subject (*el nodo se reinició solo*), nor
    when what follows does not agree (*se vendieron las entradas*… does; *se habló de Kafka*,
    a preposition, is no subject)."""
    out = list(tokens)
    for i, token in enumerate(out):
        if not isinstance(token, Word) or not finite_verb(token) or not token.has("p3"):
            continue
        if token.head.lemma.lower() in NOT_SUBJECT_FIRST:
            continue
        start = group_start(out, i)
        group = [out[j] for j in range(start, i) if isinstance(out[j], Word)]
        if not any(w.has("ref", "p3") for w in group):
            continue
        clause = [out[j] for j in clause_before(out, start)]
        if any(
            w.pos in ("n", "np", "det", "num") or w.unknown or (w.pos == "prn" and not clitic(w))
            for w in clause
            if isinstance(w, Word) and not ends_clause(w)
        ):
            continue
        phrase = noun_phrase(out, i)
        if not phrase:
            continue
        first = out[phrase[0]]
        assert isinstance(first, Word)
        if ("pl" in first.head.tags) != ("pl" in token.head.tags) and "sp" not in first.head.tags:
            continue
        moved = out[phrase[0] : phrase[-1] + 1]
        del out[phrase[0] - 1 : phrase[-1] + 1]  # with the blank before it
        if sentence_start(out, start) and isinstance(out[start], Word) and capitalised(out[start]):  # type: ignore[arg-type]
            out[start] = recased(out[start], upper=False)  # type: ignore[arg-type]
            if not moved[0].unknown:  # type: ignore[union-attr]  (a term's placeholder stays as it is)
                moved[0] = recased(moved[0], upper=True)  # type: ignore[arg-type]
        out[start:start] = [*moved, " "]
        return subject_first(out)  # the next verb, in the new order
    return out


def agrees(adjective: Word, noun: Word) -> bool:
    """True when an adjective's gender and number can be the noun's (mf and sp go with either)."""
    for values, either in ((("m", "f"), "mf"), (("sg", "pl"), "sp")):
        mine = next((t for t in adjective.head.tags if t in values), either)
        theirs = next((t for t in noun.head.tags if t in values), either)
        if either not in (mine, theirs) and mine != theirs:
            return False
    return True


def noun_phrase(tokens: list[Token], verb: int) -> list[int]:
    """The token indexes of the noun phrase right after ``verb`` (article, adjectives, nouns, a
    *de* phrase of its own: *la red del hotel*), or [] when none follows."""
    found: list[int] = []
    noun: Word | None = None
    after_de = False
    for j in neighbours(tokens, verb, 1):
        word = tokens[j]
        assert isinstance(word, Word)
        if word.pos == "adj" and noun is not None and not agrees(word, noun):
            break  # producción justo ahora: "justo" is not the noun's
        if word.pos in NOUN_PHRASE or word.unknown:
            noun = word if word.pos in ("n", "np") or word.unknown else noun
            found.append(j)
        elif word.head.lemma == "de" and noun is not None and not after_de:
            after_de = True
            found.append(j)
        else:
            break
    while found and tokens[found[-1]].head.lemma == "de":  # type: ignore[union-attr]
        found.pop()
    if (
        noun is None
        or not found
        or any(not all(tokens[k] == " " for k in range(a + 1, b)) for a, b in zip(found, found[1:], strict=False))
    ):
        return []
    return found


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
            following = neighbours(out, i, 1)[:1]
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


# --- rule: lo bueno = the good thing ------------------------------------------------------------------

ADJECTIVE_INTERJECTIONS = frozenset({"bueno", "malo"})  # the tagger reads lo bueno's bueno as "well!"


def neuter_adjective(tokens: list[Token]) -> list[Token]:
    """*Lo bueno es que es gratis* → *la buena cosa…* ("the good thing is that it is free"): the
    neuter article and an adjective are a thing in English. Not *lo que* nor *lo* before a verb."""
    out = list(tokens)
    for i, token in enumerate(out):
        if not (isinstance(token, Word) and token.head.lemma.lower() == "lo" and token.has("det", "nt")):
            continue
        following = neighbours(out, i, 1)[:1]
        if not following:
            continue
        adjective = out[following[0]]
        assert isinstance(adjective, Word)
        lemma = adjective.head.lemma.lower()
        if not (adjective.pos == "adj" or (adjective.pos == "ij" and lemma in ADJECTIVE_INTERJECTIONS)):
            continue
        article = Word("", (Reading("El" if capitalised(token) else "el", ("det", "def", "f", "sg")),))
        gender = "mf" if adjective.has("mf") else "f"  # interesante is both; bueno becomes buena
        feminine = Word(adjective.surface, (Reading(lemma, ("adj", gender, "sg")),))
        out[i : following[0] + 1] = [article, " ", feminine, " ", Word("", (Reading("cosa", ("n", "f", "sg")),))]
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
        following = neighbours(out, i, 1)[:2]
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
        tags = (infinitive.head.tags[0], tense or verb.head.tags[1], *verb.head.tags[2:])
        clitics = infinitive.readings[1:]  # terminarlo: the enclitic goes with the new verb
        finite = Word(infinitive.surface, (Reading(infinitive.head.lemma, tags), *clitics))
        said = Word("", (Reading(adverb.capitalize() if capitalised(verb) else adverb, ("adv",)),))
        out[i : infinitive_at + 1] = [said, " ", finite]
    return out


RULES: tuple[Rule, ...] = (
    Rule("involuntary se", involuntary_se),
    Rule("experiencer", experiencer),
    Rule("neuter adjective", neuter_adjective),
    Rule("periphrases", periphrases),
    Rule("subject first", subject_first),
    Rule("went", went),
    Rule("preterite", preterite),
    Rule("compounds", compounds),
    Rule("subjects", subjects),
)


def apply(tokens: list[Token], rules: tuple[Rule, ...] | None = None) -> list[Token]:
    """Every rule (of :data:`RULES`, or ``rules``) in turn over one segment's tokens."""
    for rule in RULES if rules is None else rules:
        tokens = rule.apply(tokens)
    return tokens
