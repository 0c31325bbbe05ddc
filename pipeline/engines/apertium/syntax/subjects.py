"""The dropped subject spelled out: *tienen un operador* is *(ellos) tienen un operador*, "They have an operator"."""

from __future__ import annotations

from tripreport.engines.apertium.stream import Reading, Token, Word
from tripreport.engines.apertium.syntax.words import (
    TIME_NOUNS,
    capitalised,
    clitic,
    ends_clause,
    finite_verb,
    nearby,
    person_number,
    recased,
    word_at,
)

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


# Adverbs that English puts between the subject and the verb, as Spanish puts them before the
# verb: *nunca fui* → "I never went", *ya tenemos* → "we already have", *todavía no entiendo* →
# "I still do not understand". (*Tampoco*, *apenas* say more than one thing: left out.)
BEFORE_VERB = frozenset("nunca jamás siempre ya todavía aún casi también solo sólo recién normalmente".split())


def group_start(tokens: list[Token], verb: int) -> int:
    """Where the verb's group starts: its clitics, a *no* and the adverbs English keeps after
    the subject before it (*no lo he visto*, *nunca me gustó*)."""
    start = verb
    for j in nearby(tokens, verb, -1):
        word = tokens[j]
        assert isinstance(word, Word)
        lemma = word.head.lemma.lower()
        if clitic(word) or lemma == "no" or (word.pos == "adv" and lemma in BEFORE_VERB):
            start = j
        else:
            break
    return start


def clause_before(tokens: list[Token], start: int) -> list[int]:
    """The words of the clause before ``start``, and the word that opened the clause (if any) first."""
    found = []
    for j in nearby(tokens, start, -1):
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
    earlier = next((j for j in nearby(tokens, before[0], -1) if finite_verb(tokens[j])), None)  # type: ignore[arg-type]
    if earlier is None:
        return False
    return person_number(tokens[earlier]) == (person, number)  # type: ignore[arg-type]


def clause_after(tokens: list[Token], verb: int) -> list[int]:
    found = []
    for j in nearby(tokens, verb, 1):
        word = tokens[j]
        assert isinstance(word, Word)
        if ends_clause(word):
            break
        found.append(j)
    return found


def sentence_start(tokens: list[Token], i: int) -> bool:
    """True when nothing but opening punctuation comes before token ``i`` in its sentence."""
    for j in nearby(tokens, i, -1):
        word = tokens[j]
        assert isinstance(word, Word)
        if word.pos == "sent":
            return True
        if word.pos not in ("lquest", "lquot", "lpar", "guio"):
            return False
    return True
