"""The glossary's entries, as plain data: what a validated ``glossary.yaml`` holds."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import regex

Layer = Literal["base", "report"]
PartOfSpeech = Literal["noun", "verb", "adjective", "adverb"]
# Where an entry's Spanish is spoken: ISO 3166-1 codes of the Spanish-speaking countries.
Country = Literal[
    "ar", "bo", "cl", "co", "cr", "cu", "do", "ec", "es", "gq", "gt",
    "hn", "mx", "ni", "pa", "pe", "pr", "py", "sv", "us", "uy", "ve",
]  # fmt: skip
# Each country's name in English and in Spanish, for the glossary appendix.
COUNTRY_NAMES: dict[Country, tuple[str, str]] = {
    "ar": ("Argentina", "Argentina"),
    "bo": ("Bolivia", "Bolivia"),
    "cl": ("Chile", "Chile"),
    "co": ("Colombia", "Colombia"),
    "cr": ("Costa Rica", "Costa Rica"),
    "cu": ("Cuba", "Cuba"),
    "do": ("Dominican Republic", "República Dominicana"),
    "ec": ("Ecuador", "Ecuador"),
    "es": ("Spain", "España"),
    "gq": ("Equatorial Guinea", "Guinea Ecuatorial"),
    "gt": ("Guatemala", "Guatemala"),
    "hn": ("Honduras", "Honduras"),
    "mx": ("Mexico", "México"),
    "ni": ("Nicaragua", "Nicaragua"),
    "pa": ("Panama", "Panamá"),
    "pe": ("Peru", "Perú"),
    "pr": ("Puerto Rico", "Puerto Rico"),
    "py": ("Paraguay", "Paraguay"),
    "sv": ("El Salvador", "El Salvador"),
    "us": ("United States", "Estados Unidos"),
    "uy": ("Uruguay", "Uruguay"),
    "ve": ("Venezuela", "Venezuela"),
}
FIX_TIMEOUT = 0.5  # seconds a fix rule may take on one piece of text


@dataclass(frozen=True)
class Source:
    """Where an entry was written: the file and line, for errors and overrides."""

    file: str
    line: int
    layer: Layer = "report"

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class KeepTerm:
    """A term written verbatim in every language."""

    term: str
    ignore_case: bool = False
    note: str = ""
    source: Source | None = field(default=None, compare=False)


@dataclass(frozen=True)
class TermExample:
    """A Spanish sentence where a term entry applies, and the English it must produce there."""

    es: str
    want: str


@dataclass(frozen=True)
class ForcedTerm:
    """Spanish forms that always become one English rendering."""

    forms: tuple[str, ...]
    en: str
    note: str = ""
    family: str = ""  # the infinitive, for forms expanded from a `verbs` entry
    examples: tuple[TermExample, ...] = ()
    counter_examples: tuple[str, ...] = ()  # Spanish where it must not apply
    source: Source | None = field(default=None, compare=False)
    countries: tuple[Country, ...] = ()  # where this Spanish is spoken; () for everywhere
    unless_after: tuple[str, ...] = ()  # words that, following a form, leave it alone (al tiro | con arco)
    unless_before: tuple[str, ...] = ()  # words that, preceding a form, leave it alone


@dataclass(frozen=True)
class FixExample:
    """English as the engine writes it, and what the rule must make of it."""

    en: str
    want: str


@dataclass(frozen=True)
class FixRule:
    """An English-side rewrite for one engine's systematic mistake (``regex``, with a timeout)."""

    engine: str
    find: regex.Pattern[str]
    replace: str
    examples: tuple[FixExample, ...] = ()
    counter_examples: tuple[str, ...] = ()  # English it must leave as it is
    source: Source | None = field(default=None, compare=False)

    def apply(self, text: str) -> str:
        """``text`` rewritten; a rule that runs too long raises TimeoutError."""
        return self.find.sub(self.replace, text, timeout=FIX_TIMEOUT)


@dataclass(frozen=True)
class Sense:
    """The English a Spanish word takes (everywhere, or next to given words), chosen the way
    Apertium chooses among the senses of a word: by its lexical-selection rules.

    ``es`` is the word as the dictionary lists it (infinitive, singular); ``en`` the English
    word, added to Apertium's bilingual dictionary when it lacks it. ``after`` and ``before``
    limit it to where one of those words (or phrases) follows or precedes it; an article
    may come between ``es`` and what follows (*levantar el servidor*).
    """

    es: str
    en: str
    after: tuple[str, ...] = ()
    before: tuple[str, ...] = ()
    pos: PartOfSpeech | None = None  # which reading of ``es`` (bárbaro: the adjective); None: its first
    note: str = ""
    examples: tuple[TermExample, ...] = ()
    counter_examples: tuple[str, ...] = ()  # Spanish where ``en`` must not be chosen
    source: Source | None = field(default=None, compare=False)
    countries: tuple[Country, ...] = ()


@dataclass(frozen=True)
class Normalization:
    """An informal spelling and the standard Spanish it stands for.

    One entry of a file may give several spellings (*bacano, bacana, bacanos*; a verb's every
    form): they share its ``family`` (its first spelling, or the verb's infinitive), and the
    first of them carries the entry's note and examples. An example's ``want`` is the English
    the whole pipeline gives (the tests run it through the engine); loading checks that the
    entry applies in each example and in none of its ``counter_examples``.
    """

    informal: str
    standard: str
    source: Source | None = field(default=None, compare=False)
    family: str = ""
    note: str = ""
    examples: tuple[TermExample, ...] = ()
    counter_examples: tuple[str, ...] = ()
    countries: tuple[Country, ...] = ()
    unless_after: tuple[str, ...] = ()
    unless_before: tuple[str, ...] = ()


@dataclass(frozen=True)
class Appendix:
    """The glossary entries a report shows its readers: translated terms, then kept ones."""

    translated: tuple[ForcedTerm, ...]
    kept: tuple[KeepTerm, ...]
