"""Nouns and adjectives: a noun modified by another (*archivo de configuración*: "configuration
file"), the neuter adjective (*lo bueno*: "the good thing"), *bien* before a participle (*bien
documentado*: "well documented")."""

from __future__ import annotations

from tripreport.engines.apertium.stream import Reading, Token, Word
from tripreport.engines.apertium.syntax.words import capitalised, neighbours, word_at

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
    unclear: *un ejemplo de datos que llegan*), by *a* (*de consul a vault*: from, to), or by another
    noun or name (the modifier is longer than one word: *la charla de* [*Kelsey Hightower*](…), whose
    first word may be a link's placeholder; a placeholder after it may be anything), and not after
    nouns whose *de* English keeps (*un montón de ideas*, *tipo de base*, *gente de Google*).
    """
    out = list(tokens)
    i = 0
    while i < len(out):
        head = word_at(out, i)
        rest = neighbours(out, i, 1, 3)
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
            or (isinstance(after, Word) and (after.pos in ("n", "np") or (after.unknown and not after.placeholder)))
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
    before = neighbours(tokens, i, -1, 1)
    return word.unknown and bool(before) and tokens[before[0]].pos == "det"  # type: ignore[union-attr]


def singular_tags(tags: tuple[str, ...]) -> tuple[str, ...]:
    return tuple("sg" if t == "pl" else t for t in tags)


# --- rule: lo bueno = the good thing ------------------------------------------------------------------

ADJECTIVE_INTERJECTIONS = frozenset({"bueno", "malo"})  # the tagger reads lo bueno's bueno as "well!"


def neuter_adjective(tokens: list[Token]) -> list[Token]:
    """*Lo bueno es que es gratis* → *la buena cosa…* ("the good thing is that it is free"): the
    neuter article and an adjective are a thing in English. Not *lo que* nor *lo* before a verb."""
    out = list(tokens)
    for i, token in enumerate(out):
        if not (isinstance(token, Word) and token.head.lemma.lower() == "lo" and token.has("det", "nt")):
            continue
        following = neighbours(out, i, 1, 1)
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


# --- rule: bien before a participle -------------------------------------------------------------------

# Verbs of feeling, whose participle is a state: bien emocionado is "very excited".
FEELINGS = frozenset(
    """emocionar asustar preocupar estresar agobiar entusiasmar impresionar sorprender cansar aburrir
    enojar enfadar molestar frustrar decepcionar""".split()
)


def well_done(tokens: list[Token]) -> list[Token]:
    """*Bien* before a participle says how it was done: *bien documentado* → "well documented", *el
    equipo estaba bien balanceado* → "well balanced" (the tagger reads it as *very*, as before an
    adjective). *Bien bueno*, *bien cansado* (the dictionary's adjective) and *bien emocionado* (a
    feeling) stay "very"."""
    if not any(isinstance(t, Word) and t.head.lemma.lower() == "bien" for t in tokens):
        return tokens
    out = list(tokens)
    for i, token in enumerate(out):
        if not (isinstance(token, Word) and token.head.lemma.lower() == "bien" and token.pos == "preadv"):
            continue
        following = neighbours(out, i, 1, 1)
        participle = word_at(out, following[0]) if following else None
        if participle is None or not (participle.pos == "vblex" and participle.has("pp")):
            continue
        if participle.head.lemma.lower() in FEELINGS:
            continue
        out[i] = token.replace_head(tags=("adv",))
    return out
