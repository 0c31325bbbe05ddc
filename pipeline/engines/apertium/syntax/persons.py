"""People: who a word names (a person, a group, a thing) and what English needs to know of it.

A person as the object of a verb takes *a* in Spanish and nothing in English (*vi a Juan*: "I saw
Juan"); a dropped third-person subject that can only be a person is the last person named (*platiqué
con una chava y me contó…*: "and she told me"); *su* is his, her, its or their as its owner is
(*el equipo publicó su código*: "their code").
"""

from __future__ import annotations

from tripreport.engines.apertium.stream import Reading, Token, Word
from tripreport.engines.apertium.syntax.subjects import clause_before, group_start, has_subject, shares_subject
from tripreport.engines.apertium.syntax.words import (
    capitalised,
    clitic,
    ends_clause,
    finite_verb,
    nearby,
    person_number,
    recased,
    word_at,
)

# Nouns for people, by lemma (their gender is the tagger's, or their article's when it is mf); not
# those tech talk also uses for things (cliente, administrador, guía: a Kafka client, a guide).
PERSON_NOUNS = frozenset(
    """persona chico chica chavo muchacho muchacha hombre mujer señor señora señorita tipo tipa amigo
    amiga compañero compañera compa colega cuate jefe jefa ponente conferencista orador oradora
    presentador presentadora organizador organizadora asistente participante invitado invitada
    desarrollador desarrolladora programador programadora ingeniero ingeniera diseñador diseñadora
    fundador fundadora director directora gerente líder usuario usuaria estudiante profesor
    profesora maestro maestra investigador investigadora experto experta autor autora creador creadora
    voluntario voluntaria vecino vecina hermano hermana esposo esposa novio novia papá mamá padre madre
    hijo hija niño niña doctor doctora periodista especialista analista representante empleado empleada
    becario becaria reclutador reclutadora entrevistador entrevistadora mesero mesera taxista dueño
    dueña arquitecto arquitecta consultor consultora""".split()
)
# Nouns that are people in the plural only: los presentes (those present), el presente (now).
PLURAL_PERSONS = frozenset({"presente"})
# English words for people the Spanish dictionary does not know (*el speaker*, *una dev*); not host, manager.
ENGLISH_PERSONS = frozenset("speaker speakers dev devs founder founders ceo cto".split())
# Nouns for a group of people: their owner's things are "their" (*el equipo publicó su código*).
GROUP_NOUNS = frozenset("equipo grupo gente comunidad banda público staff comité audiencia familia".split())


def gender(tokens: list[Token], i: int) -> str:
    """The gender of the noun at ``i`` (``m`` or ``f``), from its tags or else its article's; "" when neither says."""
    word = tokens[i]
    assert isinstance(word, Word)
    for value in ("m", "f"):
        if word.has(value):
            return value
    before = word_at(tokens, next(nearby(tokens, i, -1), -1))
    if before is not None and before.pos == "det":
        return next((v for v in ("m", "f") if before.has(v)), "")
    return ""


def kind(tokens: list[Token], i: int) -> str:
    """What the word at ``i`` names: ``person``, ``group``, ``thing``, or "" (not a noun, or no telling)."""
    word = tokens[i]
    assert isinstance(word, Word)
    lemma = word.head.lemma.lower()
    if word.pos == "np":
        return "person" if word.has("ant") else "thing"
    if word.pos == "n":
        if lemma in PERSON_NOUNS or (lemma in PLURAL_PERSONS and word.has("pl")):
            return "person"
        return "group" if lemma in GROUP_NOUNS else "thing"
    if word.unknown and word.surface.lower() in ENGLISH_PERSONS:
        return "person"
    return ""


def maybe_person(tokens: list[Token], i: int) -> bool:
    """A person, or a kept term after an article, which nothing here can tell from one (*una zk0z*:
    *una chava*); not a word the dictionary does not know (*la config*)."""
    word = tokens[i]
    assert isinstance(word, Word)
    if kind(tokens, i) == "person":
        return True
    before = word_at(tokens, next(nearby(tokens, i, -1), -1))
    return word.placeholder and before is not None and before.pos == "det"


# --- rule: the personal a -------------------------------------------------------------------------

# Verbs whose person after *a* is their direct object in English (agradecer: thank someone).
PERSON_OBJECT = frozenset(
    """agradecer saludar ver conocer invitar ayudar esperar llamar visitar felicitar escuchar buscar
    encontrar entrevistar contratar acompañar convencer extrañar preguntar apoyar recibir despedir
    abrazar admirar contactar mencionar seguir oír cuidar reunir juntar etiquetar""".split()
)
PERSON_PRONOUNS = frozenset("todo alguien nadie prpers".split())  # not uno: a uno de los talleres


def personal_a(tokens: list[Token]) -> list[Token]:
    """*A* before a person who is a verb's object goes: *agradeció a todos los presentes* →
    "thanked all the attendees", *vi a Juan* → "I saw Juan", *saludé al speaker* → "I greeted the
    speaker"; a clitic doubling the person goes too (*les agradecí a los organizadores*: "I thanked
    the organizers"). Only after verbs whose English takes the person as its object; *le escribí a
    Ana* ("wrote to Ana"), *se lo llevé a Ana* and *fuimos a Madrid* keep it, as does *a* before a
    thing (*ayudar a migrar*)."""
    if not any(isinstance(t, Word) and t.head.lemma == "a" and t.pos == "pr" for t in tokens):
        return tokens  # most segments: no a, nothing to look at
    out = list(tokens)
    for i in reversed(range(len(out))):
        verb = word_at(out, i)
        if verb is None or verb.pos != "vblex" or verb.head.lemma.lower() not in PERSON_OBJECT:
            continue
        following = next(nearby(out, i, 1), None)
        a = word_at(out, following if following is not None else -1)
        if following is None or a is None or a.head.lemma != "a" or a.pos != "pr" or not names_person(out, following):
            continue
        if len(a.readings) == 2:  # al: the article stays
            out[following] = Word(a.surface, a.readings[1:])
        elif out[following + 1 : following + 2] == [" "]:
            del out[following : following + 2]
        j = next(nearby(out, i, -1), -1)
        doubled = word_at(out, j)
        if (
            doubled is not None
            and clitic(doubled)
            and doubled.has("p3")
            and not doubled.has("ref")
            and out[j + 1 : i] == [" "]
        ):
            del out[j:i]  # les agradecí a todos: the person is said once, after the verb
            if capitalised(doubled):
                out[j] = recased(verb, upper=True)
    return out


def names_person(tokens: list[Token], a: int) -> bool:
    """True when the words after *a* (or *al*) at ``a`` name a person or a group of people: a name,
    *todos*, *alguien*, a pronoun, or a noun phrase whose noun is one (*a los organizadores*)."""
    for n, j in enumerate(nearby(tokens, a, 1)):
        word = tokens[j]
        assert isinstance(word, Word)
        if n == 0 and word.head.lemma.lower() in PERSON_PRONOUNS and word.pos in ("prn", "predet"):
            following = word_at(tokens, next(nearby(tokens, j, 1), -1))
            if following is None or following.pos != "det":
                return True
            continue  # todos los talleres: the noun says
        if n == 0 and (word.pos == "np" or (word.unknown and word.surface[:1].isupper() and not word.placeholder)):
            return word.pos != "np" or word.has("ant")
        if word.pos in ("det", "predet", "adj", "num"):
            continue
        return kind(tokens, j) in ("person", "group")  # a kept term may be a thing: invitar a la zk0z
    return False


# --- rule: a dropped subject that is a person -------------------------------------------------------

# Verbs of saying and thinking: their subject is a person.
PERSON_VERBS = frozenset(
    """decir contar hablar platicar charlar conversar explicar comentar preguntar responder contestar
    mencionar saludar opinar pensar creer recomendar sugerir prometer agradecer invitar sonreír reír
    bromear confesar admitir aclarar insistir avisar""".split()
)
PRONOUNS = {g: Reading("prpers", ("prn", "tn", "p3", g, "sg")) for g in ("m", "f")}


def person_subject(tokens: list[Token]) -> list[Token]:
    """A verb of saying or thinking in the third person singular with no subject of its own takes the
    last person named before it, as she or he: *platiqué con una chava de Google y me contó que…* →
    "and she told me that…", *vi a Juan pero no me saludó* → "but he did not greet me".

    Not when the verb shares the subject of the verb before *y* (*Ana llegó y dijo…*), has one (*que*,
    a noun), or no person with a gender was named before it in the sentence (*dice que ya está*:
    he, she or it).
    """
    if not any(isinstance(t, Word) and t.head.lemma.lower() in PERSON_VERBS for t in tokens):
        return tokens
    out = list(tokens)
    for i in reversed(range(len(out))):
        verb = word_at(out, i)
        if verb is None or not finite_verb(verb) or person_number(verb) != ("p3", "sg"):
            continue
        if verb.head.lemma.lower() not in PERSON_VERBS:
            continue
        start = group_start(out, i)
        before = clause_before(out, start)
        if has_subject(out, before, i, "p3", "sg") or shares_subject(out, before, "p3", "sg"):
            continue
        right_before = word_at(out, before[-1]) if before else None
        if right_before is not None and (right_before.pos in ("n", "np", "prn") or right_before.unknown):
            continue  # en otra charla alguien dijo: after a preposition, but the subject all the same
        named = last_person(out, start)
        if not named:
            continue
        out[start:start] = [Word("", (PRONOUNS[named],)), " "]
    return out


def last_person(tokens: list[Token], i: int) -> str:
    """The gender of the last person named before token ``i`` in its sentence, or ""."""
    for j in nearby(tokens, i, -1):
        word = tokens[j]
        assert isinstance(word, Word)
        if word.pos == "sent":
            return ""
        if maybe_person(tokens, j):
            return gender(tokens, j)
    return ""


# --- rule: su, of whom -----------------------------------------------------------------------------

# What the tagger's reading of su, sus carries for the project's bilingual section (see :data:`OWNER_ENTRIES`).
OWNER_TAGS = {"pl": "own_pl", "f": "own_f", "thing": "own_nt"}
OWNER_ENTRIES = tuple(
    f'<e><p><l>suyo<s n="det"/><s n="pos"/><s n="{tag}"/></l><r>{english}<s n="det"/><s n="pos"/></r></p></e>'
    for tag, english in (("own_pl", "their"), ("own_f", "her"), ("own_nt", "its"))
)


def possessives(tokens: list[Token]) -> list[Token]:
    """*Su* and *sus* say whose by their owner, the subject of their clause: "their" for a plural
    subject or a group (*publicaron su código*, *el equipo publicó su código*), "its" for a thing
    or a company (*la empresa cambió su logo*, *Google liberó sus modelos*), "her" for a woman
    (*Ana presentó su proyecto*). Apertium says "his" for all. The owner's tag goes on the reading,
    and the project's bilingual section (:data:`OWNER_ENTRIES`, compiled with the senses) gives the word.

    Not when the subject is *usted*, *ustedes* (your) or unknown (a kept term, *su* in the
    subject: *su charla fue buena*), nor for a man (Apertium's "his" stays).
    """
    if not any(isinstance(t, Word) and t.head.lemma.lower() == "suyo" for t in tokens):
        return tokens
    out = list(tokens)
    for i, token in enumerate(out):
        if not (isinstance(token, Word) and token.head.lemma.lower() == "suyo" and token.has("det", "pos")):
            continue
        owner = owner_of(out, i)
        if owner in OWNER_TAGS:
            tags = token.head.tags
            out[i] = token.replace_head(tags=(*tags[:2], OWNER_TAGS[owner], *tags[2:]))
    return out


def owner_of(tokens: list[Token], i: int) -> str:
    """Who owns the *su* at ``i``: ``pl``, ``f``, ``m``, ``thing`` or "" (no telling)."""
    verb = next((j for j in reversed(clause_before(tokens, i)) if finite_verb(tokens[j])), None)  # type: ignore[arg-type]
    if verb is None or person_number(tokens[verb])[0] != "p3":  # type: ignore[arg-type]
        return ""
    start = group_start(tokens, verb)
    subject = next(iter(subject_words(tokens, start)), None)
    said = word_at(tokens, subject if subject is not None else -1)
    if said is not None and said.head.lemma.lower() == "prpers":  # él, ella, ellos; usted(es): your
        return "" if said.has("mf") else "pl" if said.has("pl") else gender(tokens, subject)  # type: ignore[arg-type]
    if person_number(tokens[verb])[1] == "pl":  # type: ignore[arg-type]
        return "pl"
    if subject is None:
        return last_person(tokens, start) if tokens[verb].head.lemma.lower() in PERSON_VERBS else ""  # type: ignore[union-attr]
    what = kind(tokens, subject)
    if what == "person":
        return gender(tokens, subject)
    return {"group": "pl", "thing": "thing"}.get(what, "")


def subject_words(tokens: list[Token], start: int) -> list[int]:
    """The head of the first noun phrase (or subject pronoun) before ``start`` in its clause that is
    not after a preposition (its last noun: *el Nubank equipo*, a compound, is *equipo*), or []."""
    found: list[int] = []
    in_phrase = False
    for j in clause_before(tokens, start):
        word = tokens[j]
        assert isinstance(word, Word)
        if ends_clause(word):
            continue
        noun = word.pos in ("n", "np") or word.unknown or (word.head.lemma.lower() == "prpers" and word.has("tn"))
        if noun and not in_phrase:
            found.append(j)
        elif found:
            break
        elif word.pos == "pr":
            in_phrase = True
        elif word.pos not in ("det", "adj", "predet", "num"):
            in_phrase = False
    return found[-1:]
