"""Word order: the subject after a verb with *se* put first (*se cayó el servidor*: "the server fell")."""

from __future__ import annotations

from tripreport.engines.apertium.stream import Reading, Token, Word
from tripreport.engines.apertium.syntax.subjects import clause_before, group_start, sentence_start
from tripreport.engines.apertium.syntax.words import capitalised, clitic, ends_clause, finite_verb, nearby, recased

# --- rule: the subject after a verb with se ------------------------------------------------------

NOUN_PHRASE = frozenset({"det", "adj", "n", "np", "num"})
# Verbs whose "se" + noun is not their subject: se llama Yeni (her name is), se trata de (it is about).
NOT_SUBJECT_FIRST = frozenset("llamar tratar ver notar sentir hacer poner volver".split())
# Verbs whose English says what happened to the subject in the active, as *se* does (*se cayó la
# red*: "the network went down"; *se rompió la pantalla*: "the screen broke"). Any other verb
# with *se* and the noun after it is a passive: *se usa Python* is "Python is used", never
# "Python uses"; *se canceló la charla*, "the talk was cancelled".
ERGATIVE = frozenset(
    "caer romper reiniciar colgar trabar congelar apagar encender prender abrir cerrar llenar vaciar "
    "acabar agotar terminar mover mejorar empeorar detener parar quemar secar derretir hundir "
    "desconectar ir morir caducar expirar colapsar saturar atascar bloquear arrancar".split()
)


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
        group = [w for w in out[start:i] if isinstance(w, Word)]
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
        opener = out[start]
        capital = sentence_start(out, start) and isinstance(opener, Word) and capitalised(opener)
        verb = token.head.lemma.lower()
        if verb not in ERGATIVE:
            if token.pos != "vblex" or len(group) != 1:
                # se puede usar…, se ha usado…: Apertium's "it can use" reads better than a guess;
                # se me acercó un speaker: a person's dative, no passive (a speaker came up to me)
                continue
            shift = 2 - (i - start)  # the se and its blank go, "is used" takes two more tokens
            out[start : i + 1] = passive(token, first)
            phrase = [j + shift for j in phrase]
        moved = out[phrase[0] : phrase[-1] + 1]
        del out[phrase[0] - 1 : phrase[-1] + 1]  # with the blank before it
        first, lead = out[start], moved[0]
        if capital and isinstance(first, Word):
            out[start] = recased(first, upper=False)
            if isinstance(lead, Word) and not lead.unknown:  # a term's placeholder stays as it is
                moved[0] = recased(lead, upper=True)
        out[start:start] = [*moved, " "]
        return subject_first(out)  # the next verb, in the new order
    return out


def passive(verb: Word, subject: Word) -> list[Token]:
    """*usa* (present, third person) as *es usado*, agreeing with ``subject``
    (``^ser<vbser><pri><p3><sg>$ ^usar<vblex><pp><m><sg>$``), which the transfer writes "is used"."""
    tense = tuple(t for t in verb.head.tags if t not in ("vblex",))
    gender = next((t for t in subject.head.tags if t in ("m", "f")), "m")
    number = "pl" if "pl" in verb.head.tags else "sg"
    be = Reading("ser", ("vbser", *tense))
    done = Reading(verb.head.lemma, ("vblex", "pp", gender, number))
    return [Word(verb.surface, (be,)), " ", Word(verb.surface, (done,))]


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
    for j in nearby(tokens, verb, 1):
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
