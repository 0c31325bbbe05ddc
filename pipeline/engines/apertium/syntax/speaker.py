"""The speaker's imperfect: *llegué tarde porque no encontraba el salón* is "because I did not find"."""

from __future__ import annotations

from tripreport.engines.apertium.stream import Token, Word
from tripreport.engines.apertium.syntax.subjects import clause_before, group_start, has_subject
from tripreport.engines.apertium.syntax.verbs import EXPERIENCER, sentences
from tripreport.engines.apertium.syntax.words import clitic, ends_clause, finite_verb, person_number

# --- rule: the speaker's imperfect ------------------------------------------------------------------

# Tenses whose first and third person singular are one form: encontraba, tenía, podría.
SHARED_FORMS = frozenset({"pii", "cni"})
# Verbs whose subject is nearly always a person (not estar, costar, funcionar: porque estaba barato).
PERSON_VERBS = frozenset("tener poder querer saber conocer encontrar necesitar pensar creer entender venir".split())
# Conjunctions after which a sentence goes on about the one who spoke before them.
SAME_SPEAKER = frozenset("porque pero cuando aunque".split())


def speaker_imperfect(tokens: list[Token]) -> list[Token]:
    """*Llegué tarde porque no encontraba el salón*: the imperfect and the conditional have one form
    for *yo* and for *él*, *ella* (*encontraba*, *tenía*), and the tagger reads the third person
    ("because it did not find the room"). After *porque*, *pero*, *cuando* or *aunque*, with no
    subject of its own, in a sentence whose last verb before it is said by *yo*, it is *yo*'s
    ("because I did not find the room"); the subjects rule then writes the pronoun.

    Only verbs whose subject is a person (*tener*, *poder*, *encontrar*…), never *estar* or
    *costar* (*lo compré porque estaba barato*); not after a verb of liking (*me gustó el hotel
    porque tenía vista al mar*: the hotel had it), with a subject (*porque el metro no pasaba*) or
    with *se* (*porque no se podía*).
    """
    if not any(isinstance(t, Word) and t.head.lemma.lower() in PERSON_VERBS for t in tokens):
        return tokens
    out = list(tokens)
    for sentence in sentences(out):
        last: Word | None = None  # the last verb whose person is its own
        for j in sentence:
            word = out[j]
            assert isinstance(word, Word)
            if not finite_verb(word):
                continue
            if not (SHARED_FORMS & set(word.head.tags)):
                last = word
                continue
            if person_number(word) == ("p3", "sg") and said_by_speaker(out, j, last):
                out[j] = word.replace_head(tags=tuple("p1" if t == "p3" else t for t in word.head.tags))
            else:
                last = None  # whose it is the tagger cannot tell: the next one stays too
    return out


def said_by_speaker(tokens: list[Token], i: int, last: Word | None) -> bool:
    """True when the verb at ``i`` goes on about *yo*, the subject of ``last`` (see above)."""
    verb = tokens[i]
    assert isinstance(verb, Word)
    if last is None or person_number(last) != ("p1", "sg") or last.head.lemma.lower() in EXPERIENCER:
        return False
    if verb.head.lemma.lower() not in PERSON_VERBS:
        return False
    start = group_start(tokens, i)
    if any(isinstance(w, Word) and clitic(w) and w.has("ref", "p3") for w in tokens[start:i]):
        return False  # se podía, se sabía: no one's
    before = clause_before(tokens, start)
    opener = tokens[before[0]] if before else None
    if not (isinstance(opener, Word) and ends_clause(opener) and opener.head.lemma.lower() in SAME_SPEAKER):
        return False
    return not has_subject(tokens, before, i, "p3", "sg")
