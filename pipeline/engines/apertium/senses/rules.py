"""The senses' lexical-selection rules (``.lrx``): each sense selects its English, everywhere
or next to its context words, the more specific rule winning."""

from __future__ import annotations

from collections.abc import Sequence

from tripreport.engines.apertium.senses.dictionary import escape_xml
from tripreport.engines.apertium.senses.readings import lexical_lemma, narrow
from tripreport.engines.apertium.stream import Reading
from tripreport.errors import TripreportError
from tripreport.glossary.entries import Sense

# What may come between a word and the context after it: an article, a noun before the context
# word (a compound), an enclitic pronoun (*bájate la imagen*), the *a* before a person (*al ejército*).
_ARTICLE, _NOUN, _ENCLITIC = '<match tags="det.*"/>', '<match tags="n.*"/>', '<match tags="prn.enc.*"/>'
_PERSONAL_A = '<match lemma="a" tags="pr"/>'
JOINS = ("", _ARTICLE, _ARTICLE + _NOUN, _ENCLITIC, _ENCLITIC + _ARTICLE, _PERSONAL_A + _ARTICLE)


def selection_rules(sense: Sense, head: Reading, english: str, readings: dict[str, list[Reading]]) -> list[str]:
    """The ``.lrx`` rules choosing ``english`` for the sense's word: one per context (an article may
    come between the word and what follows it), more specific rules weighing more.

    A context *de X* after a noun is also written as *X* before it, as the syntax rules turn
    *red de pesca* into the compound *pesca red* before lexical selection runs; for the same
    reason a noun may come between the article and the word after (*levantar el pruebas
    servidor*, from *el servidor de pruebas*).
    """
    moved = [a.removeprefix("de ") for a in sense.after if a.startswith("de ")]
    pairs: list[tuple[tuple[str, ...], tuple[str, ...]]] = [(sense.before, sense.after)]
    if moved and not sense.before and head.tags[0] == "n":
        pairs.append((tuple(moved), ()))
    lemma, tags, selected = escape_xml(lexical_lemma(head)), head_pattern(head), escape_xml(english)
    word = f'<match lemma="{lemma}" tags="{tags}"><select lemma="{selected}"/></match>'
    rules = []
    for befores, afters in pairs:
        for first in alternatives(befores, readings, sense) or [""]:
            for last in alternatives(afters, readings, sense) or [""]:
                weight = 1 + bool(first) + bool(last)
                for join in JOINS if last else [""]:
                    rules.append(f'<rule weight="{weight}.0">{first}{word}{join}{last}</rule>')
    return rules


def alternatives(phrases: Sequence[str], readings: dict[str, list[Reading]], sense: Sense) -> list[str]:
    """The context ``phrases`` as ``<match>`` sequences: one for all the one-word phrases (any of
    them), one for each longer phrase."""
    single = [p for p in phrases if " " not in p]
    out = [phrase_matches(p, readings, sense) for p in phrases if " " in p]
    if single:
        options = [option for word in single for option in word_matches(word, readings, sense)]
        options = list(dict.fromkeys(options))
        out.append(options[0] if len(options) == 1 else "<or>" + "".join(options) + "</or>")
    return out


def keep_defaults(
    senses: Sequence[Sense], heads: dict[Sense, Reading], offered: dict[Reading, list[tuple[str, tuple[str, ...]]]]
) -> list[str]:
    """Rules keeping the pair's own first English where only context-bound senses were given: the
    English a sense adds to the dictionary must not become the word's default elsewhere."""
    rules = []
    for head in dict.fromkeys(heads[s] for s in senses):
        if any(heads[s] == head and not s.after and not s.before for s in senses) or not offered.get(head):
            continue
        default = offered[head][0][0]
        rules.append(
            f'<rule weight="0.5"><match lemma="{escape_xml(lexical_lemma(head))}" '
            f'tags="{head_pattern(head)}"><select lemma="{escape_xml(default)}"/></match></rule>'
        )
    return rules


def phrase_matches(phrase: str, readings: dict[str, list[Reading]], sense: Sense) -> str:
    """``<match>`` elements for a context phrase, each word in any of its readings."""
    out = []
    for word in phrase.split():
        options = word_matches(word, readings, sense)
        out.append(options[0] if len(options) == 1 else "<or>" + "".join(options) + "</or>")
    return "".join(out)


# Context written as a kind of word, not a word: seguir before a gerund (sigue fallando: keeps failing).
KINDS = {
    ":gerund": "vblex.ger",
    ":infinitive": "vblex.inf",
    ":participle": "vblex.pp.*",
    ":noun": "n.*",
    ":adjective": "adj.*",
    ":number": "num.*",
    ":enclitic": "prn.enc.*",
    ":name": "np.*",
}


def word_matches(word: str, readings: dict[str, list[Reading]], sense: Sense) -> list[str]:
    """A ``<match>`` for each reading of a context word (or for a kind of word: ``:gerund``)."""
    if word.startswith(":"):
        if word not in KINDS:
            raise TripreportError(
                f"{sense.source}: senses entry {sense.es!r}: {word!r} is no kind of word (known: {', '.join(KINDS)})"
            )
        return [f'<match tags="{KINDS[word]}"/>']
    found = [r for r in readings.get(word, []) if r.tags]
    if not found:
        raise TripreportError(
            f"{sense.source}: senses entry {sense.es!r}: Apertium's dictionary does not know {word!r}, so it "
            "cannot be context"
        )
    return list(
        dict.fromkeys(f'<match lemma="{escape_xml(lexical_lemma(r))}" tags="{context_tags(r)}"/>' for r in found)
    )


def context_tags(reading: Reading) -> str:
    """The tags a context word must have: its part of speech, and a verb's form too (*nacido*, a
    participle, is not *nací*; *me*, a clitic, is not the subject *yo*); a noun or an adjective in
    any number."""
    verb = reading.tags[0].startswith("vb") and len(reading.tags) > 1 and reading.tags[1] in ("inf", "pp", "ger")
    pronoun = reading.tags[0] == "prn" and len(reading.tags) > 1  # me (unstressed) is not mí, nor yo
    return tag_pattern(reading.tags[:2] if verb or pronoun else reading.tags[:1], reading)


def head_pattern(head: Reading) -> str:
    """The tags a sense's own word must have: its part of speech; for a pronominal verb, ``pron``
    too (any tense after it); for a plural noun, its gender and number (``n.m.pl``)."""
    if not narrow(head):
        return tag_pattern(head.tags[:1], head)
    return "vblex.pron.*" if "pron" in head.tags else ".".join(head.tags)


def tag_pattern(wanted: tuple[str, ...], reading: Reading) -> str:
    """An lrx tag pattern: ``wanted`` and any tags after them (lrx's ``*`` needs at least one, so a
    word with no more tags, an adverb, is matched exactly)."""
    return ".".join(wanted) + (".*" if len(reading.tags) > len(wanted) else "")
