"""Exclamations: *¡Qué lento está el Wi-Fi!* is "How slow the Wi-Fi is!", not "What slow is…"."""

from __future__ import annotations

from tripreport.engines.apertium.stream import Token, Word
from tripreport.engines.apertium.syntax.order import noun_phrase
from tripreport.engines.apertium.syntax.subjects import sentence_start
from tripreport.engines.apertium.syntax.words import VERBS, copied_word, finite_verb, nearby, word_at

# --- rule: qué + an adjective ----------------------------------------------------------------------

LINKING_VERBS = frozenset({"ser", "estar"})


def exclamations(tokens: list[Token]) -> list[Token]:
    """*¡Qué lento está el Wi-Fi!* → "How slow the Wi-Fi is!": *qué* that opens a sentence which
    is no question, before an adjective, is "how" (the verb *ser*/*estar* after it goes after its
    subject). Not before an adjective and a noun (*¡qué buena charla!* wants "what a", *¡qué mala
    suerte!* "what": whether a noun is counted, the tags do not say).

    Not a question (*¿Qué charla viste?*, *qué* ending in "?"), not *qué* inside a sentence (*no
    sé qué pasó*), not before a noun alone or an adverb (*¡qué calor!*, *¡qué bien!*: the
    engine's, or the glossary's)."""
    out = list(tokens)
    for i, token in enumerate(out):
        if not (isinstance(token, Word) and token.head.lemma.lower() == "qué" and sentence_start(out, i)):
            continue
        if question(out, i):
            continue
        following = [j for _, j in zip(range(2), nearby(out, i, 1), strict=False)]
        adjective = word_at(out, following[0]) if following else None
        if adjective is None or adjective.pos != "adj" or out[i + 1] != " ":
            continue
        noun = word_at(out, following[1]) if len(following) > 1 else None
        if noun is not None and noun.pos == "n":
            continue  # a count noun or not (what a good talk, what bad luck): the tags do not say
        linking = noun is not None and noun.head.lemma.lower() in LINKING_VERBS and finite_verb(noun)
        if noun is not None and noun.pos in VERBS and not linking:
            continue  # qué frío hace: the weather's, not an adjective's exclamation
        out[i] = copied_word("how", token)
        if linking:
            out = verb_after_subject(out, following[1])
    return out


def question(tokens: list[Token], i: int) -> bool:
    """True when the sentence of token ``i`` opens with *¿* or ends with *?*."""
    before = [tokens[j] for j in nearby(tokens, i, -1)]
    if any(isinstance(w, Word) and w.surface == "¿" for w in before[:2]):
        return True
    for j in nearby(tokens, i, 1):
        word = tokens[j]
        if isinstance(word, Word) and word.pos == "sent":
            return word.surface == "?"
    return False


def verb_after_subject(tokens: list[Token], verb: int) -> list[Token]:
    """The linking verb at ``verb`` moved after the noun phrase that follows it (*está el Wi-Fi
    del venue* → *el Wi-Fi del venue está*), when one does."""
    phrase = noun_phrase(tokens, verb)
    if not phrase:
        return tokens
    out = list(tokens)
    moved = out[verb]
    del out[verb : verb + 2]  # the verb and its blank
    end = phrase[-1] - 2
    out[end + 1 : end + 1] = [" ", moved]
    return out
