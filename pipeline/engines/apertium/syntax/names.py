"""Names: a capitalised word that goes on a name is part of it, not a word to translate."""

from __future__ import annotations

from tripreport.engines.apertium.stream import Token, Word
from tripreport.engines.apertium.syntax.words import capitalised, recased, word_at

# --- rule: names ---------------------------------------------------------------------------------

# Parts of speech that do not go on a name: in *Kubernetes En Producción* or *Kubernetes
# Básico* the capital is a title's, not a name's.
NOT_IN_NAMES = frozenset({"pr", "det", "cnjcoo", "cnjsub", "cnjadv", "prn", "rel", "adj"})


def names(tokens: list[Token]) -> list[Token]:
    """A capitalised word right after a first name, or after a capitalised word the dictionary
    does not know, goes on that name and is kept as written: *Ana Pico* (a surname, not "Ana I
    Hammer"), *Mario Bueno* (not "Mario Well"), *la Raspberry Pi Pico* (not "Pi Beak"); a word
    kept so opens the name for the next (*Juan Carlos Bueno Rico*).

    Not an article, preposition, conjunction, pronoun, adjective or participle (*Kubernetes
    Avanzado*), not a word before the name (*Torre Eiffel* is left to the engine), and nothing
    in a segment whose every longer word is capitalised (a title: *Resumen KubeCon Día Dos*).
    """
    words = [t for t in tokens if isinstance(t, Word)]
    longer = [w for w in words if len(w.surface) >= 4 and w.surface[:1].isalpha()]
    if longer and all(w.surface[:1].isupper() for w in longer):
        return tokens
    out = list(tokens)
    for i in range(2, len(out)):
        word, before = word_at(out, i), word_at(out, i - 2)
        if word is None or before is None or out[i - 1] != " " or not word.surface[:1].isupper():
            continue
        opens_name = before.has("np", "ant") or (before.unknown and before.surface[:1].isupper())
        if opens_name and not word.unknown and word.pos not in NOT_IN_NAMES and not word.has("pp"):
            out[i] = Word(word.surface)  # unknown: the engine copies it through as written
    return out


# --- rule: a person's thing ------------------------------------------------------------------------


def person_possessive(tokens: list[Token]) -> list[Token]:
    """*la charla de Ana Pico* → "Ana Pico's talk": the definite article, a noun and *de* before a
    person's name (a first name the dictionary knows, with the surnames :func:`names` kept) make
    the name's possessive, as English says it (Apertium writes "the talk of Ana Pico").

    Not a place or a thing (*la ciudad de México*, *el stand de GitLab*: the compounds' or the
    engine's), not *una charla de Ana* (a talk of hers, one of several), not a name followed by
    *y*, *de* or another name's part (*el equipo de Ana y Luis*, *la charla de Ana de Google*)."""
    out = list(tokens)
    i = 0
    while i < len(out):
        owner = person_after_de(out, i)
        if owner is None:
            i += 1
            continue
        end = owner
        while isinstance(word_at(out, end + 2), Word) and out[end + 1] == " " and kept_surname(out, end + 2):
            end += 2
        if not possessive_can_close(out, end):
            i += 1
            continue
        det, noun = i - 4, i - 2
        article, thing = word_at(out, det), word_at(out, noun)
        assert article is not None and thing is not None
        name = out[owner : end + 1]
        if capitalised(article):
            thing = recased(thing, upper=False)
        out[det : end + 1] = [*name, Word("'s"), " ", thing]
        i = det + len(name) + 3
    return out


def person_after_de(tokens: list[Token], i: int) -> int | None:
    """Where a person's first name stands, when token ``i`` is *de* after a definite article and a
    noun (``el``, " ", ``noun``, " ", ``de``, " ", name)."""
    de, article, thing = word_at(tokens, i), word_at(tokens, i - 4), word_at(tokens, i - 2)
    owner = word_at(tokens, i + 2)
    if de is None or article is None or thing is None or owner is None:
        return None
    if de.head.lemma != "de" or de.pos != "pr" or tokens[i - 1] != " " or tokens[i + 1] != " " or tokens[i - 3] != " ":
        return None
    if not (article.has("det", "def") and thing.pos == "n" and owner.has("np", "ant")):
        return None
    return i + 2


def kept_surname(tokens: list[Token], i: int) -> bool:
    """A surname :func:`names` kept: a capitalised word with no reading, after the first name."""
    word = word_at(tokens, i)
    return word is not None and word.unknown and not word.placeholder and word.surface[:1].isupper()


def possessive_can_close(tokens: list[Token], end: int) -> bool:
    """The name ends at ``end``: no *y*/*e* and another name, no *de* after it (*Ana de Google*)."""
    after = word_at(tokens, end + 2) if end + 1 < len(tokens) and tokens[end + 1] == " " else None
    if after is None:
        return True
    return not (after.pos in ("cnjcoo",) or after.head.lemma == "de" or after.has("np"))
