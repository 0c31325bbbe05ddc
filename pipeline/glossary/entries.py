"""The glossary's entries, as plain data: what a validated ``glossary.yaml`` holds."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import regex

Layer = Literal["base", "report"]
PartOfSpeech = Literal["noun", "verb", "adjective", "adverb"]
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


@dataclass(frozen=True)
class Normalization:
    """An informal spelling and the standard Spanish it stands for."""

    informal: str
    standard: str
    source: Source | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Appendix:
    """The glossary entries a report shows its readers: translated terms, then kept ones."""

    translated: tuple[ForcedTerm, ...]
    kept: tuple[KeepTerm, ...]
