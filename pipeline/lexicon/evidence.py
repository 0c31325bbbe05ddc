"""Evidence about an unknown word: is it a typo to mend, or a word as written that the
dictionaries lack?

A typo is mended only on strong evidence, and a word is taken as written when its shape says
it is one (:func:`written_on_purpose`):

- a gerund, or an infinitive or imperative carrying clitics, of a verb Spanish knows or of an
  *-ear* verb, the ending new, regional and Spanglish verbs take (*cotorreando*, *chequéalo*,
  *deployarlo*: no Spanish dictionary has every form a clitic makes);
- an augmentative or diminutive of a word Spanish knows (*ideaca*: idea, *golazo*: gol,
  *futbolín*: fútbol, *momentico*: momento).

A fix must also be a word people write often (:func:`frequent`: in the list of Spanish words
used at least once a million, from wordfreq), unless the typo is long and one slip away: a long
word one slip from a known word has few neighbours to be confused with. What counts as a slip
is :func:`.spelling.plausible`'s. Hunspell ships no frequencies, and
Debian's word lists (``wspanish``) none either. Letters stretched for emphasis (*bacaaano*) are
read as the word a dictionary knows once they are cut (:mod:`.mending`); else they stay as
written, two edits or more from any word.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from tripreport.lexicon.forms import DIMINUTIVES, STEM_SPELLINGS
from tripreport.lexicon.spelling import accent_variants, bare, distance

if TYPE_CHECKING:
    from tripreport.lexicon import Lexicon

FREQUENT_WORDS = Path(__file__).with_name("frequent-es.txt")
LONG_TYPO = 9  # from this length a typo one edit from any known word is mended, frequent or not
CLITIC = r"(?:me|te|se|nos|os|lo|la|los|las|le|les)"
# A gerund, with clitics or none (cotorreando, chambeándole); any other verb form with clitics
# is an infinitive (deployarlo) or an imperative, tú or vos, accented or not as informal writing
# has it (chequéalo, pasamelo, contame, decime): the verb is what is left, plus r.
GERUND = re.compile(rf"(?:ando|iendo|yendo)(?:{CLITIC}{{1,2}})?$")
CLITICS = re.compile(rf"(?<=[aeir]){CLITIC}{{1,2}}$")
# Augmentative and diminutive endings beyond :data:`~.forms.DIMINUTIVES`, with what the word
# ends in without them (ideaca: idea, golazo: gol, problemón: problema, momentico: momento).
AUGMENTATIVES = tuple(
    (ending + number, ("o", "a", "e", ""))
    for stem in ("az", "ot", "ac", "uch", "et", "uc")
    for ending in (stem + "o", stem + "a")
    for number in ("s", "")
) + (
    ("ones", ("", "o", "a", "e")), ("onas", ("a", "o", "e")), ("ón", ("", "o", "a", "e")),
    ("on", ("", "o", "a", "e")), ("ona", ("a", "o", "e")),
    ("ines", ("", "o", "a", "e")), ("inas", ("a", "o")), ("ín", ("", "o", "a", "e")), ("ina", ("a", "o")),
    ("icos", ("os", "s")), ("icas", ("as", "s")), ("ico", ("o", "")), ("ica", ("a", "")),
    ("zote", ("",)), ("zota", ("",)), ("zazo", ("",)), ("cín", ("",)),
)  # fmt: skip
MIN_STEM = 3  # shorter stems make too many words look like a base plus an ending


@functools.cache
def _frequent_text() -> str:
    """The list as one string, a word a line: asking a few words of it is faster than a set of 35,000."""
    return "\n" + FREQUENT_WORDS.read_text(encoding="utf-8")


def frequent(word: str) -> bool:
    """True when Spanish writers use ``word`` (any of its words, in lower case) at least once a million."""
    text = _frequent_text()
    return all(f"\n{part}\n" in text for part in word.lower().split())


def good_fix(typo: str, fix: str) -> bool:
    """A fix strong enough to mend ``typo``: a frequent word, or any known one a single slip from a
    long typo (accents aside); a gerund's or a form with clitics, of a frequent verb
    (*laburándole* is not *labrándole*: labrar is rare; *trabjando* is *trabajando*), however
    long its endings make it."""
    if frequent(fix):
        return True
    if infinitives := verb_infinitives(fix):
        return any(frequent(verb) for verb in infinitives)
    return len(typo) >= LONG_TYPO and distance(bare(typo), bare(fix)) <= 1


def verb_infinitives(word: str) -> list[str]:
    """The infinitives ``word`` would be a form of, if it is shaped like a gerund, or a verb form
    with clitics (*cotorreando*: cotorrear; *pásamelo*: pasar; *decime*: decir); else none."""
    lower = bare(word)
    if (match := GERUND.search(lower)) and match.start() >= 2:
        stem = lower[: match.start()]
        return [stem + "ar"] if lower[match.start()] == "a" else [stem + "er", stem + "ir"]
    found: list[str] = []
    for match in CLITICS.finditer(lower):  # each way to cut the clitics off: pasa-me-lo, pasame-lo
        verb = lower[: match.start()]
        if len(verb) >= 3:
            found += [verb] if verb.endswith("r") else [verb + "r", verb[:-1] + "ir"]
    return list(dict.fromkeys(found))


def verb_with_clitics(word: str, knows: Callable[[str], bool]) -> bool:
    """A gerund, or an infinitive or imperative with clitics, of a verb Spanish knows, or of an
    -ear verb (new, regional and Spanglish verbs take that ending: *chambear*, *chequear*)."""
    return any(v.endswith("ear") or knows(v) for v in verb_infinitives(word))


def augmentative_bases(word: str) -> list[str]:
    """The words an augmentative or diminutive may come from: ideaca → idea, golazo → gol,
    problemón → problema, momentico → momento, futbolín → futbol, cafezote → café."""
    lower = word.lower()
    found: list[str] = []
    for ending, bases in (*DIMINUTIVES, *AUGMENTATIVES):
        if lower.endswith(ending) and len(lower) - len(ending) >= MIN_STEM:
            stem = lower[: -len(ending)]
            stems = [stem] + [stem[: -len(a)] + b for a, b in STEM_SPELLINGS if stem.endswith(a)]
            found += [s + base for s in stems for base in bases]
    return list(dict.fromkeys(found + [v for b in found for v in accent_variants(b)]))


def written_on_purpose(word: str, knows: Callable[[str], bool]) -> bool:
    """True when the shape of ``word`` says it is written as meant: a verb form with clitics, an
    augmentative or diminutive of a known word (see the module's docstring).

    ``knows``: whether Spanish (Apertium or Hunspell) knows a word."""
    if verb_with_clitics(word, knows):
        return True
    return any(knows(base) for base in augmentative_bases(word))


def shaped_on_purpose(lexicon: Lexicon, words: list[str]) -> set[str]:
    """The words whose shape says they are written as meant (:func:`written_on_purpose`):
    a verb's infinitive counts as known when Apertium or Spanish Hunspell knows it, a base word
    when Apertium reads it as a noun, adjective or adverb."""
    verbs = [v for w in words for v in verb_infinitives(w)]
    bases = [b for w in words for b in augmentative_bases(w)]
    analysis = lexicon.analyser.analyse([*verbs, *bases])
    unknown = lexicon.spanish.misspelt(verbs) if lexicon.spanish is not None else set(verbs)

    def known(word: str) -> bool:
        reading = analysis.get(word)
        if word in verbs and (word not in unknown or (reading is not None and reading.has("vblex"))):
            return True
        return reading is not None and not reading.only_name and any(reading.has(t) for t in ("n", "adj", "adv"))

    return {w for w in words if written_on_purpose(w, known)}
