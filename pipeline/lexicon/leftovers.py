"""After translating: which words of the English are Spanish left over (for QA).

A word is Spanish when it is one of the Spanish words English dictionaries also list
(``que``, ``para``), or it is not English and Spanish knows it: Apertium's analyser or
Hunspell ``es``, the glossary's slang, a Spanish accent or suffix. Names are not Spanish.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from tripreport.lexicon import spelling
from tripreport.lexicon.dictionaries import Analysis
from tripreport.lexicon.forms import english_spellings, is_name_like

if TYPE_CHECKING:
    from tripreport.lexicon import Lexicon

# Spanish words English dictionaries also list (la, el, con, para, deja as in déjà vu…):
# Spanish whenever they are left in English prose.
SPANISH_FUNCTION_WORDS = frozenset(
    """que del los las el la lo le les con sin para por pero muy como cómo más mas hay una uno unos unas
    es son está están este esta estos estas ese esa eso esto aquí ahí donde cuando porque también
    todo todos toda todas nada nadie nunca pues entonces deja dejan dejar casa mesa hola""".split()
)
SPANISH_SUFFIX = re.compile(r"(?:ción|ciones|sión|siones|idad|idades|mente|amiento|imiento|ismo)$", re.IGNORECASE)
# Without dictionaries to ask (an engine that runs no lexicon): frequent Spanish words that
# are not also English words, and any word with a Spanish accent or ñ.
SPANISH_WORDS_NOT_ENGLISH = frozenset(
    """que del los las una unos unas por para pero muy cosas cosa también cómo qué está
    están tiene tienen hace hacer sobre entre más sin nada todo todos aquí ahí donde
    cuando porque sus eso esto esta este estos estas ese esa gente hoy ayer mañana""".split()
)
SPANISH_LETTERS = re.compile(r"\b\w*[áéíóúñ¿¡]\w*\b", re.IGNORECASE)


def spanish_words_plainly(words: Sequence[tuple[str, bool]]) -> set[str]:
    """Which of ``(word, starts_sentence)`` are Spanish, with no dictionary to ask: a frequent
    Spanish word English does not share, or a word with a Spanish letter."""
    return {w for w, _ in words if SPANISH_LETTERS.fullmatch(w) or w.lower() in SPANISH_WORDS_NOT_ENGLISH}


def spanish_words(lexicon: Lexicon, words: Sequence[tuple[str, bool]], extra: frozenset[str] = frozenset()) -> set[str]:
    """Which of ``(word, starts_sentence)`` are Spanish left in English text.

    A word is Spanish when it is one of the Spanish words English dictionaries also
    list (``que``, ``para``), or it is not English and Spanish knows it: Apertium's
    analyser or Hunspell ``es``, ``extra`` (the glossary's slang), a Spanish accent or
    suffix. Names are not Spanish: a capitalised word mid-sentence that Apertium knows
    only as a name, or that is not in lower case in any dictionary (López, María); but a
    word Apertium does not know whose accent is all that keeps it from being English is
    Spanish (*Américas*).
    """
    candidates = {w for w, _ in words if len(w) >= 2 and not is_name_like(w)}
    flagged = {w for w in candidates if w.lower() in SPANISH_FUNCTION_WORDS}
    if lexicon.english is not None:
        lexicon.english.misspelt(f for w in candidates - flagged for f in english_spellings(w))
    rest = [w for w in sorted(candidates - flagged) if not lexicon.is_english(w)]
    lower = [w.lower() for w in rest]
    analysis = lexicon.analyser.analyse([*rest, *lower])
    spanish_known = set(rest) - (lexicon.spanish.misspelt([*rest, *lower]) if lexicon.spanish else set(rest))
    mid_sentence = {w for w, starts in words if not starts}
    unaccented = {w: spelling.bare(w).capitalize() if w[:1].isupper() else spelling.bare(w) for w in rest}
    english_spelt = lexicon.english_words(u for w, u in unaccented.items() if u != w.lower() and u != w)
    for word in rest:
        known = analysis[word].known and not analysis[word].only_name
        looks_spanish = bool(re.search(r"[áéíóúñ¿¡]", word, re.IGNORECASE) or SPANISH_SUFFIX.search(word))
        if not (known or word in spanish_known or word.lower() in extra or looks_spanish):
            continue
        if not analysis[word].known and unaccented[word] in english_spelt:
            flagged.add(word)  # Américas: a Spanish spelling of an English word (Americas), not a name
            continue
        if word[:1].isupper() and word in mid_sentence and is_name(lexicon, word, analysis[word]):
            continue
        if analysis[word].only_name:
            continue
        flagged.add(word)
    return flagged


def is_name(lexicon: Lexicon, word: str, analysis: Analysis) -> bool:
    """A capitalised word that is a name: Apertium knows it only as one, or no dictionary knows it in lower case."""
    if analysis.only_name:
        return True
    lower = word.lower()
    lower_known = lexicon.analyser.analyse([lower])[lower].known
    if lexicon.spanish is not None:
        lower_known = lower_known or lexicon.spanish.knows(lower)
    return not lower_known
