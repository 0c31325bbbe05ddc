"""*ni* after a negation: English says a negation once (*no vino ni Ana*: "not even Ana came",
never "did not come neither Ana")."""

from __future__ import annotations

from tripreport.engines.apertium.stream import Token, Word
from tripreport.engines.apertium.syntax.words import copied_word, nearby, word_at

# --- rule: ni ------------------------------------------------------------------------------------

# Words that make a clause negative before a *ni* in it.
NEGATORS = frozenset({"no", "nunca", "jamás", "nadie", "nada", "tampoco"})


def neither(tokens: list[Token]) -> list[Token]:
    """*ni … ni …* is "neither … nor …" (*ni Ana ni Luis vinieron*), "either … or …" after a
    negation (*no me gusta ni el café ni el té*: "I do not like either the coffee or the tea"); a
    single *ni* after a negation is "even" (*no dijo ni una palabra*: "did not say even a word";
    *no hay ni un enchufe libre*: "there is not even a free plug").

    Not *ni siquiera* (Apertium's "not even"), not a lone *ni* with no negation before it in its
    sentence (*una dependencia que ni usamos*: the engine's)."""
    out = list(tokens)
    nis = [i for i, t in enumerate(out) if isinstance(t, Word) and t.head.lemma.lower() == "ni" and t.pos == "cnjcoo"]
    done: set[int] = set()
    for i in nis:
        if i in done or siquiera_after(out, i):
            continue
        second = next((j for j in nis if j > i and same_sentence(out, i, j)), None)
        negated = negation_before(out, i)
        if second is not None:
            done.add(second)
            if negated:
                out[i], out[second] = copied(out[i], "either"), copied(out[second], "or")
            else:
                out[second] = copied(out[second], "nor")
        elif negated:
            out[i] = copied(out[i], "even")
    return out


def copied(word: Token, english: str) -> Word:
    """``english`` in place of the *ni* ``word``."""
    assert isinstance(word, Word)
    return copied_word(english, word)


def siquiera_after(tokens: list[Token], i: int) -> bool:
    after = word_at(tokens, next(nearby(tokens, i, 1), -1))
    return after is not None and after.head.lemma.lower() == "siquiera"


def same_sentence(tokens: list[Token], i: int, j: int) -> bool:
    return not any(isinstance(t, Word) and t.pos == "sent" for t in tokens[i + 1 : j])


def negation_before(tokens: list[Token], i: int) -> bool:
    """True when a negating word stands before token ``i`` in its sentence."""
    for j in nearby(tokens, i, -1):
        word = tokens[j]
        assert isinstance(word, Word)
        if word.pos == "sent":
            return False
        if word.head.lemma.lower() in NEGATORS and word.pos in ("adv", "prn"):
            return True
    return False
