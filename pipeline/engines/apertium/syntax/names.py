"""Names: a capitalised word that goes on a name is part of it, not a word to translate."""

from __future__ import annotations

from tripreport.engines.apertium.stream import Token, Word
from tripreport.engines.apertium.syntax.words import word_at

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
