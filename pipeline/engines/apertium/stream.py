"""Apertium's stream format, read and written in one place: words (lexical units) between blanks.

``^probamos/probar<vblex><pri><p1><pl>$ ^del/de<pr>+el<det><def><m><sg>$^./.<sent>$``: each
word is its surface form (the tagger's ``-p``), then its reading: a lemma and tags, several
joined by ``+`` (``del`` is *de* and *el*), with the invariable part of a multiword after the
tags (``darse<vblex>…# cuenta``), or ``*word`` for a word the dictionary does not know.
Anything between words is blank (spaces), kept as it is. Characters the format reserves are
escaped with ``\\`` in surfaces, lemmas and blanks alike, and stay escaped here.

The same units come out of the analyser (``lt-proc``: every reading of a word, ``/`` apart)
and the bilingual dictionary; the engine, the senses compiler and the lexicon all read them
with :func:`units`, :func:`alternatives` and :func:`reading_parts`, and write text into the
stream with :func:`escape`.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from tripreport.engines import PlaceholderFormat

# A protected span's stand-in (a term, a number, an emoticon, a link's edge): lower-case and
# unknown to the dictionaries, so Apertium copies it through untouched.
PLACEHOLDER = PlaceholderFormat("zk{}z")

_WORD = re.compile(r"\^((?:\\.|[^\\$])*)\$")  # a lexical unit: ^…$
_SLASH = re.compile(r"(?<!\\)/")
_PLUS = re.compile(r"(?<!\\)\+")
_PART = re.compile(r"((?:\\.|[^<\\])*)((?:<[^>]*>)*)(.*)", re.DOTALL)


@dataclass(frozen=True)
class Reading:
    """One lemma with its tags (``probar``, ``vblex pri p1 pl``) and a multiword's invariable tail."""

    lemma: str
    tags: tuple[str, ...]
    tail: str = ""  # "# cuenta" of darse cuenta

    def text(self) -> str:
        return self.lemma + "".join(f"<{t}>" for t in self.tags) + self.tail

    @property
    def full_lemma(self) -> str:
        """The lemma with a multiword's invariable tail, as the dictionaries write it (``dar# cuenta``)."""
        return self.lemma + self.tail


@dataclass(frozen=True)
class Word:
    """A lexical unit: what was written and how the tagger read it (no readings: unknown)."""

    surface: str
    readings: tuple[Reading, ...] = ()

    @property
    def unknown(self) -> bool:
        return not self.readings

    @property
    def placeholder(self) -> bool:
        """A protected span's stand-in (``zk3z``): it may stand for any part of speech."""
        return self.unknown and PLACEHOLDER.pattern.fullmatch(self.surface) is not None

    @property
    def head(self) -> Reading:
        """The first reading (``de`` of ``del``); an unknown word reads as itself, untagged."""
        return self.readings[0] if self.readings else Reading(self.surface, ())

    @property
    def pos(self) -> str:
        """The part of speech: the first tag of the first reading (``n``, ``vblex``, ``pr``…), or ""."""
        return self.head.tags[0] if self.head.tags else ""

    def has(self, *tags: str) -> bool:
        """True when the first reading carries every one of ``tags``."""
        return all(t in self.head.tags for t in tags)

    def replace_head(self, **changes: object) -> Word:
        """This word with its first reading changed (``lemma=…``, ``tags=…``)."""
        head = dataclasses.replace(self.head, **changes)  # type: ignore[arg-type]
        return Word(self.surface, (head, *self.readings[1:]))

    def text(self) -> str:
        """The unit as the stages after the tagger read it: readings only, no surface form."""
        if self.unknown:
            return f"^*{self.surface}$"
        return "^" + "+".join(r.text() for r in self.readings) + "$"


Token = Word | str  # a word, or the blank between two words


def parse(tagged: str) -> list[Token]:
    """The tokens of the tagger's output (with surface forms: ``apertium-tagger -p``)."""
    tokens: list[Token] = []
    pos = 0
    for match in _WORD.finditer(tagged):
        if match.start() > pos:
            tokens.append(tagged[pos : match.start()])
        parts = _SLASH.split(match.group(1), maxsplit=1)
        surface, analysis = (parts[0], parts[1]) if len(parts) == 2 else ("", parts[0])
        tokens.append(_word(surface, analysis))
        pos = match.end()
    if pos < len(tagged):
        tokens.append(tagged[pos:])
    return tokens


def _word(surface: str, analysis: str) -> Word:
    if not analysis or analysis.startswith("*"):
        return Word(surface or analysis.lstrip("*"))
    return Word(surface, reading_parts(analysis))


def units(text: str) -> list[str]:
    """The bodies of the lexical units in ``text`` (``probamos/probar<vblex>…``, without ``^`` and ``$``)."""
    return _WORD.findall(text)


def alternatives(unit: str) -> list[str]:
    """A unit's readings as text, after its surface form (the analyser gives every reading, ``/`` apart)."""
    return _SLASH.split(unit)[1:]


def reading_parts(analysis: str) -> tuple[Reading, ...]:
    """One reading's parts: ``de<pr>+el<det>…`` is *de* and *el*; a multiword's tail stays on its part."""
    readings = []
    for part in _PLUS.split(analysis):
        lemma, tags, tail = _PART.fullmatch(part).groups()  # type: ignore[union-attr]
        readings.append(Reading(lemma, tuple(re.findall(r"<([^>]*)>", tags)), tail))
    return tuple(readings)


_RESERVED = re.compile(r"([\\\[\]^$/@<>{}])")  # what apertium-destxt escapes in plain text
_ESCAPED = re.compile(r"\\(.)")


def escape(text: str) -> str:
    """Plain text in Apertium's stream format."""
    return _RESERVED.sub(r"\\\1", text)


def unescape(text: str) -> str:
    """Stream text back to plain text."""
    return _ESCAPED.sub(r"\1", text)


def dump(tokens: list[Token]) -> str:
    """The stream for the stages after the tagger."""
    return "".join(t if isinstance(t, str) else t.text() for t in tokens)


def words(tokens: list[Token]) -> list[int]:
    """The indexes of the words among ``tokens``."""
    return [i for i, t in enumerate(tokens) if isinstance(t, Word)]
