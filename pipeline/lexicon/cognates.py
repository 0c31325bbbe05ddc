"""Cognates: English words a Spanish word regularly derives to, judged by an English dictionary.

Rules propose, the dictionary disposes: each rule writes candidate English words, and a
candidate stands only when Hunspell's ``en_US`` knows every word it needs (a verb also
needs its past tense, so a noun like *incentive* cannot pass for the verb *incentivar*).
The first candidate that stands wins, so rules are listed from the most to the least
certain.

- Suffixes: ``-bilidad`` → *-bility*, ``-ción`` → *-tion*, ``-ismo`` → *-ism*, ``-ura`` → *-ure*…,
  with the regular spelling shifts (``qu`` → *ch*, ``f`` → *ph*, ``i`` → *y*, ``t`` → *th*, a
  doubled consonant, a leading ``es-`` → *s-*): ``observabilidad`` → *observability*.
- Verbs, from Hunspell's lemma: ``-ar`` → *-ate*, *-e*, *-ize*, with the tense of the Spanish
  form: ``donara`` → *donated*, ``orquestar`` → *orchestrate*.
- Spanglish verbs, an English verb with Spanish endings: ``pusheamos`` → *push*,
  ``deployó`` → *deployed*.
- Nouns in ``-amiento`` as the English gerund: ``escalamiento`` → *scaling*.
- Prefixes English shares: ``micro-``, ``meta-``, ``auto-``, ``infra-``… with an English rest:
  ``metadatos`` → *metadata*.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from tripreport.glossary.inflection import AR_ENDINGS, EnglishForm, english_forms, pluralize, spanish_ar_form
from tripreport.lexicon.spelling import bare

# Spanish suffix → English suffixes, longest Spanish suffix first; applied to a singular word.
SUFFIXES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("bilidad", ("bility",)),
    ("idad", ("ity",)),
    ("dad", ("ty",)),
    ("cion", ("tion",)),
    ("sion", ("sion",)),
    ("ismo", ("ism",)),
    ("ista", ("ist",)),
    ("encia", ("ence", "ency")),
    ("ancia", ("ance", "ancy")),
    ("ente", ("ent",)),
    ("ante", ("ant",)),
    ("ico", ("ic", "ical")),
    ("ica", ("ic", "ical", "ics")),
    ("oso", ("ous",)),
    ("osa", ("ous",)),
    ("ivo", ("ive",)),
    ("iva", ("ive",)),
    ("ura", ("ure",)),
    ("ario", ("ary",)),
    ("aria", ("ary",)),
    ("able", ("able",)),
    ("ible", ("ible",)),
    ("ia", ("y",)),
    ("al", ("al",)),
    ("or", ("or",)),
)
# A bare -o/-a/-e dropped (producto → product) only for long words: short ones are false friends.
BARE_ENDING_MIN = 8
GERUND_NOUNS = ("amiento", "imiento")
# English prefixes written the same (or nearly) in Spanish; "re-" needs a longer rest.
PREFIXES = {
    "micro": "micro", "macro": "macro", "meta": "meta", "auto": "auto", "infra": "infra", "multi": "multi",
    "sub": "sub", "super": "super", "inter": "inter", "pre": "pre", "post": "post", "anti": "anti",
    "hiper": "hyper", "mega": "mega", "mini": "mini", "nano": "nano", "semi": "semi", "ultra": "ultra",
    "geo": "geo", "bio": "bio", "re": "re",
}  # fmt: skip
MIN_REST = 4
# Minimum Spanish stem length for each -ar verb rule: -ate is a strong cognate signal,
# a bare -e or nothing is not (cachar is not "cache").
VERB_RULES = (("ate", 3), ("ize", 4), ("e", 5), ("", 5))
# Verb endings nouns and adjectives have too (chango, changa, chele): a verb only after a
# verb-making stem, -iz- or -e- (paralelizas, chequea), or by a strong rule (-ate, -ize).
NOUN_LIKE_ENDINGS = frozenset(("o", "a", "as", "an", "e", "es", "en"))
SHIFTS = (("qu", "ch"), ("f", "ph"), ("i", "y"), ("t", "th"), ("c", "ch"), ("st$", "str"))


@dataclass(frozen=True)
class Candidate:
    """An English rendering and the English words that must all exist for it to stand."""

    english: str
    needs: tuple[str, ...]
    rule: str


def adverb(adjective: str) -> str:
    """English -ly adverb of an adjective (efficient → efficiently, easy → easily, simple → simply)."""
    if adjective.endswith("ic"):
        return adjective + "ally"
    if re.search(r"[^aeiou]le$", adjective):
        return adjective[:-1] + "y"
    if adjective.endswith("y"):
        return adjective[:-1] + "ily"
    return adjective + "ly"


def spellings(stem: str, limit: int = 2) -> list[str]:
    """``stem`` and its English-looking spellings, fewest changes first."""
    stem = bare(stem)
    if re.match(r"es[^aeiou]", stem):
        starts = [stem[1:], stem]  # estructura → structure, escalar → scale (not escalate)
    else:
        starts = [stem]
    found = dict.fromkeys(starts)
    frontier = list(starts)
    for _ in range(limit):
        following = []
        for text in frontier:
            for variant in _one_shift(text):
                if variant not in found:
                    found[variant] = None
                    following.append(variant)
        frontier = following
    return list(found)


def _one_shift(text: str) -> Iterator[str]:
    for spanish, english in SHIFTS:
        for match in re.finditer(spanish, text):
            yield text[: match.start()] + english + text[match.end() :]
    for match in re.finditer(r"(?<=[aeiou])([bcdfglmnprst])(?=[aeiou])", text):  # comunidad → community
        yield text[: match.start()] + match.group(1) * 2 + text[match.end() :]


def noun_candidates(word: str) -> list[Candidate]:
    """Suffix cognates of a noun or adjective; a Spanish plural needs an English plural."""
    lower = bare(word)
    forms = [(lower, False)]
    if lower.endswith("es") and len(lower) > 5:
        forms.append((lower[:-2], True))
    if lower.endswith("s") and len(lower) > 4:
        forms.append((lower[:-1], True))
    out: list[Candidate] = []
    for singular, plural in forms:
        rules = [(s, e) for s, e in SUFFIXES if singular.endswith(s) and len(singular) > len(s) + 2]
        if not rules and len(singular) >= BARE_ENDING_MIN and singular[-1] in "oae":
            rules = [(singular[-1], ("", "e"))]
        for spanish, endings in rules[:1]:
            for stem in spellings(singular[: -len(spanish)]):
                for ending in endings:
                    english = stem + ending
                    shown = pluralize(english) if plural else english
                    out.append(Candidate(shown, (shown,), f"-{spanish}"))
    return out


# -er and -ir verb endings and the English form they take (servido: served; sirviendo: serving).
PARTICIPLES: dict[str, EnglishForm] = {"ido": "past", "ida": "past", "iendo": "gerund"}


def verb_candidates(word: str, lemma: str) -> list[Candidate]:
    """Cognates of a Spanish verb form, given its lemma (``donara``, ``donar`` → *donated*)."""
    word, lemma = bare(word), bare(lemma)
    out: list[Candidate] = []
    form: EnglishForm
    if lemma.endswith("ar"):
        stem = lemma[:-2]
        form = "base" if word == lemma else spanish_ar_form(word, stem) or "base"
    elif lemma.endswith(("er", "ir")):
        stem = lemma[:-2]
        ending = word[len(stem) :] if word.startswith(stem) else ""
        form = PARTICIPLES.get(ending, "base")
    else:
        return out
    if stem.endswith("iz") and lemma.endswith("ar"):
        bases = [(s + "ize", 0) for s in spellings(stem[:-2])]
    elif stem.endswith("ific"):
        bases = [(s + "ify", 0) for s in spellings(stem[:-4])]
    else:
        # A form nouns share (chango, chante) takes only the strong rules: changar is not "change".
        ending = word[len(stem) :] if word.startswith(stem) else ""
        rules = VERB_RULES if ending not in NOUN_LIKE_ENDINGS or stem.endswith("e") else VERB_RULES[:2]
        bases = [(s + suffix, minimum) for s in spellings(stem) for suffix, minimum in rules]
    for base, minimum in bases:
        if len(stem) >= minimum:
            out.append(verb_candidate(base, form, "verb"))
    return out


def ar_lemmas(word: str) -> list[str]:
    """The -ar infinitive ``word`` would be a form of, by its longest verb ending (paralelizamos →
    paralelizar); none for an ending nouns share unless the stem makes verbs (paralelizas)."""
    endings = sorted((e for group in AR_ENDINGS.values() for e in group), key=len, reverse=True)
    ending = next((e for e in endings if word.endswith(e) and len(word) - len(e) >= 4), None)
    if ending is None:
        return []
    stem = word[: -len(ending)]
    if ending in NOUN_LIKE_ENDINGS and not stem.endswith(("iz", "e")):
        return []
    return [stem + "ar"]


def spanglish_candidates(word: str) -> list[Candidate]:
    """An English verb with Spanish -ar endings: ``pusheamos`` → *push*, ``taggeó`` → *tagged*."""
    lower = word.lower()
    out: list[Candidate] = []
    endings = sorted({e for group in AR_ENDINGS.values() for e in group}, key=len, reverse=True)
    for ending in endings:
        if not lower.endswith(ending) or len(lower) - len(ending) < 3:
            continue
        stem = lower[: -len(ending)]
        form = spanish_ar_form(lower, stem) or "base"
        bases = [stem] if len(stem) >= 4 and not stem.endswith("e") else []
        if stem.endswith("e"):  # -ear: pushear, buildear, taggear
            bases += [stem[:-1], stem]
            if len(stem) >= 3 and stem[-2] == stem[-3]:
                bases.append(stem[:-2])  # taggear → tag
        for base in bases:
            if len(base) >= 3 and re.fullmatch(r"[a-z]+", base):
                out.append(verb_candidate(base, form, "spanglish"))
    return out


def verb_candidate(base: str, form: EnglishForm, rule: str) -> Candidate:
    """The English ``form`` of ``base``, standing only if it is a verb: its past is a word too,
    or it ends in a verb-making suffix (dictionaries miss some forms of *incentivize*)."""
    forms = english_forms(base)
    evidence = () if re.search(r"(ize|ify)$", base) else (forms["past"],)
    return Candidate(forms[form], (base, *evidence), rule)


def gerund_noun_stem(word: str) -> str | None:
    """The verb stem of an ``-amiento``/``-imiento`` noun (escalamiento → escal), or None."""
    lower = bare(word)
    for ending in GERUND_NOUNS:
        if lower.endswith(ending) and len(lower) > len(ending) + 2:
            return lower[: -len(ending)]
    return None


def gerund_candidates(stem: str) -> list[Candidate]:
    """*-ing* of the verb cognate of ``stem`` (escal → scale → scaling)."""
    out = []
    for base, minimum in [(s + ending, minimum) for s in spellings(stem) for ending, minimum in VERB_RULES]:
        if len(stem) >= minimum:
            out.append(verb_candidate(base, "gerund", "-amiento"))
    return out


def prefix_split(word: str) -> tuple[str, str] | None:
    """``(english prefix, Spanish rest)`` for a word starting with a shared prefix."""
    lower = word.lower()
    for spanish in sorted(PREFIXES, key=len, reverse=True):
        rest = lower[len(spanish) :]
        if lower.startswith(spanish) and len(rest) >= (MIN_REST + 1 if spanish == "re" else MIN_REST):
            return PREFIXES[spanish], rest
    return None


def compound(prefix: str, english_rest: str) -> Candidate:
    """Prefix and English rest as one word; the rest must be English (the prefix is)."""
    rest_words = english_rest.split()
    return Candidate(prefix + english_rest, tuple(rest_words[-1:]), "prefix")


def first_standing(candidates: list[Candidate], english_knows: Callable[[str], bool]) -> Candidate | None:
    """The first candidate whose needed words the English dictionary all knows."""
    return next((c for c in candidates if c.needs and all(english_knows(w) for w in c.needs)), None)


def needed_words(candidates: list[Candidate]) -> set[str]:
    return set(itertools.chain.from_iterable(c.needs for c in candidates))
