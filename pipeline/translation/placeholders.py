"""A unit as the engine sees it: protected pieces as placeholders, split into sentences, and back.

:func:`encode` writes each protected piece as the engine's placeholder (``zk3z``) and splits
the text into sentences. What surrounds a sentence never reaches the engine, so a sentence
gets the same English plain, in emphasis, in a link's text or after a photo: markup, photos
and line breaks at a sentence's edges are set aside (its ``lead`` and ``trail``, put back
around its English), a placeholder glued to a word is written apart from it (and glued again
in the English), and a rule-based engine reads numbers as their digits (*hace ~20 minutos*
as *hace 20 minutos*: "~20 minutes ago"). :func:`decode` puts the pieces back, or says the
engine damaged them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from tripreport.engines import PlaceholderFormat
from tripreport.pieces import NUMBER_VALUE, Piece, Protected, merge_text
from tripreport.translation.segment import split_sentences

_OPENING = re.compile(r"[¡¿]*")  # Spanish opening marks stay with the words, before a sentence's markup
_CLOSING = re.compile(r"[.!?…:;,]*$")  # closing punctuation after a sentence's markup (*genial*.)
_DIGITS = re.compile(rf"(?<![\w.,:]){NUMBER_VALUE.pattern}(?![\w]|[.,:]\d)")


@dataclass(frozen=True)
class Sentence:
    """One sentence: what the engine translates, and what stands around it."""

    text: str  # what the engine gets (numbers as digits for a rule-based engine)
    space: str = ""  # the whitespace after it in the unit (a newline: a line break kept)
    lead: str = ""  # placeholders before its words (markup, photos, breaks): never sent to the engine
    trail: str = ""  # the same after its words
    inner: bool = False  # the trail stood before the closing punctuation (*genial*.)
    numbers: tuple[tuple[str, str], ...] = ()  # (placeholder, digits) of each number the engine reads

    def around(self, english: str) -> str:
        """The sentence's ``english`` with its lead and trail where they stood."""
        if self.inner and (found := _CLOSING.search(english)) and found.group():
            return self.lead + english[: found.start()] + self.trail + english[found.start() :]
        return self.lead + english + self.trail

    def with_placeholders(self, english: str) -> str | None:
        """``english`` (of :attr:`text`) with each number back as its placeholder; None when one is
        missing (the engine changed it)."""
        left = [(digits, mark) for mark, digits in self.numbers]
        restored = renumbered(english, left)
        return None if left else restored


def renumbered(text: str, numbers: list[tuple[str, str]]) -> str:
    """``text`` with numbers written as digits replaced, in order, by what ``numbers`` gives for
    their digits (``(digits, replacement)``, each used once and taken off the list)."""

    def back(match: re.Match[str]) -> str:
        found = next((i for i, (digits, _) in enumerate(numbers) if digits == match.group()), None)
        return match.group() if found is None else numbers.pop(found)[1]

    return _DIGITS.sub(back, text) if numbers else text


@dataclass
class EncodedUnit:
    """A unit as the engine sees it: sentences with placeholders, and what they stand for."""

    sentences: list[Sentence]
    protected: list[Protected]
    glued_before: frozenset[int] = field(default=frozenset())  # placeholders glued to the word before
    glued_after: frozenset[int] = field(default=frozenset())  # …and to the word after

    @property
    def segments(self) -> list[str]:
        """What the engine translates, in order."""
        return [s.text for s in self.sentences]

    def source(self) -> str:
        """The unit as written for the engine, every piece a placeholder."""
        return "".join(s.around(s.with_placeholders(s.text) or s.text) + s.space for s in self.sentences)

    def english(self, translations: Mapping[str, str]) -> str | None:
        """The unit's English, given each segment's; None when the engine changed a number."""
        parts = []
        for s in self.sentences:
            english = s.with_placeholders(translations.get(s.text, s.text))
            if english is None:
                return None
            parts.append(s.around(english) + s.space)
        return "".join(parts)


def encode(pieces: list[Piece], placeholder: PlaceholderFormat, digits: bool = False) -> EncodedUnit:
    """Write protected pieces as numbered placeholders and split into sentences (``digits``:
    numbers as their digits, for an engine that reads and keeps them).

    Text of the notes that looks like a placeholder (``zk0z``) travels as one too, so it
    comes back as written and is never taken for another.
    """
    text, protected, before, after = written(literal_placeholders(pieces, placeholder), placeholder)
    edges = {placeholder(i) for i, p in enumerate(protected) if at_edge(p)}
    breaks = {placeholder(i) for i, p in enumerate(protected) if is_break(p)}
    numbers = {placeholder(i): value for i, p in enumerate(protected) if digits and (value := number_value(p))}
    sentences = [
        peeled(sentence, space, edges, numbers, placeholder)
        for chunk in split_at_breaks(text, breaks, placeholder)
        for sentence, space in split_sentences(chunk)
    ]
    return EncodedUnit(sentences, protected, frozenset(before), frozenset(after))


def written(pieces: list[Piece], placeholder: PlaceholderFormat) -> tuple[str, list[Protected], set[int], set[int]]:
    """The unit's text with placeholders, its protected pieces, and which placeholders were glued
    to the word before or after (they are written apart from it)."""
    parts: list[str] = []
    protected: list[Protected] = []
    before: set[int] = set()
    after: set[int] = set()
    for i, piece in enumerate(pieces):
        if isinstance(piece, str):
            parts.append(piece)
            continue
        n = len(protected)
        protected.append(piece)
        following = pieces[i + 1] if i + 1 < len(pieces) else ""
        glued_left = bool(parts) and parts[-1][-1:].isalnum()
        glued_right = isinstance(following, Protected) or following[:1].isalnum()
        # Markup hugs its text; spaces keep the placeholder a word of its own for the engine.
        left = " " if glued_left or piece.closes or is_break(piece) else ""
        right = " " if glued_right or piece.opens or is_break(piece) else ""
        parts.append(f"{left}{placeholder(n)}{right}")
        if glued_left or is_break(piece):
            before.add(n)
        if glued_right and not piece.opens or is_break(piece):
            after.add(n)
    return "".join(parts), protected, before, after


def at_edge(piece: Protected) -> bool:
    """Markup, a photo, a line break or a site generator's directive (not a Liquid value, ``{{ x }}``,
    which stands for words): set aside at a sentence's edge (no word of it)."""
    directive = piece.kind == "template" and not re.match(r"\{\{[^<%]", piece.source)
    return piece.kind in ("markup", "image") or piece.opens or piece.closes or is_break(piece) or directive


def is_break(piece: Protected) -> bool:
    """A hard line break (``\\`` or two spaces at a line's end): it ends a sentence."""
    return any(t.type == "hardbreak" for t in piece.tokens)


def number_value(piece: Protected) -> str:
    """The digits an engine reads for a number piece (``20`` of ``~20``, ``5`` of ``5ms``), or ""."""
    if piece.kind != "number":
        return ""
    found = NUMBER_VALUE.search(piece.source)
    return found.group() if found else ""


def split_at_breaks(text: str, breaks: set[str], placeholder: PlaceholderFormat) -> list[str]:
    """``text`` in chunks, each hard break ending one."""
    chunks, start = [], 0
    for match in placeholder.pattern.finditer(text):
        if match.group() in breaks:
            chunks.append(text[start : match.end()])
            start = match.end()
    chunks.append(text[start:])
    return [c for c in chunks if c] or [""]


def peeled(
    sentence: str, space: str, edges: set[str], numbers: dict[str, str], placeholder: PlaceholderFormat
) -> Sentence:
    """The sentence with the edge placeholders at its start and end set aside, its numbers as digits."""
    opening = _OPENING.match(sentence).group()  # type: ignore[union-attr]
    rest, lead = sentence[len(opening) :], ""
    while (found := placeholder.pattern.match(rest.lstrip())) and found.group() in edges:
        cut = len(rest) - len(rest.lstrip()) + found.end()
        lead, rest = lead + rest[:cut], rest[cut:]
    if lead:  # the space after the markup is its own (a photo, then a space, then words)
        cut = len(rest) - len(rest.lstrip())
        lead, rest = lead + rest[:cut], rest[cut:]
    closing = _CLOSING.search(rest).group()  # type: ignore[union-attr]
    body, trail = rest[: len(rest) - len(closing)], ""
    while (found := _last(placeholder.pattern, body.rstrip())) and found.group() in edges:
        cut = len(body[: found.start()].rstrip())  # with the space before it
        trail, body = body[cut:] + trail, body[:cut]
    if not trail:
        body, closing = body + closing, ""
    text = " ".join((opening + body + closing).split())  # a line break inside a sentence is a space
    marks = (m.group() for m in placeholder.pattern.finditer(text))
    found_numbers = tuple((mark, numbers[mark]) for mark in marks if mark in numbers)
    for mark, value in found_numbers:
        text = text.replace(mark, value, 1)
    return Sentence(text, space, lead, trail, bool(closing) and bool(trail), found_numbers)


def _last(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """The placeholder that ends ``text``, if one does."""
    matches = list(pattern.finditer(text))
    return matches[-1] if matches and matches[-1].end() == len(text) else None


def literal_placeholders(pieces: list[Piece], placeholder: PlaceholderFormat) -> list[Piece]:
    """``pieces`` with text that looks like a placeholder (``zk0z``) as a piece of its own."""
    out: list[Piece] = []
    for piece in pieces:
        if not isinstance(piece, str) or not placeholder.pattern.search(piece):
            out.append(piece)
            continue
        pos = 0
        for match in placeholder.pattern.finditer(piece):
            out += [piece[pos : match.start()], Protected("literal", match.group(0), match.group(0))]
            pos = match.end()
        out.append(piece[pos:])
    return merge_text(out)


PLACEMENT_TOLERANCE = 0.5  # a placeholder may move this share of the unit's length, not more


def decode(
    text: str, unit: EncodedUnit, placeholder: PlaceholderFormat, source: str | None = None
) -> list[Piece] | None:
    """Pieces for translated ``text``, or ``None`` if any placeholder is missing, repeated, or (given
    the ``source`` it came from) far from where it stood: a model that moved a term from the start
    of a unit to its end has garbled it."""
    protected = unit.protected
    found = [int(m.group(1)) for m in placeholder.pattern.finditer(text)]
    if sorted(found) != list(range(len(protected))):
        return None
    if source and not plausibly_placed(source, text, placeholder):
        return None
    pieces: list[Piece] = []
    marks: dict[int, int] = {}  # position in pieces -> placeholder number
    pos = 0
    for match in placeholder.pattern.finditer(text):
        pieces.append(text[pos : match.start()])
        marks[len(pieces)] = int(match.group(1))
        pieces.append(protected[int(match.group(1))])
        pos = match.end()
    pieces.append(text[pos:])
    for i, n in marks.items():
        piece = protected[n]
        if piece.opens or n in unit.glued_after:
            strip(pieces, i + 1, _LEADING_SPACES)
        if piece.closes or n in unit.glued_before:
            strip(pieces, i - 1, _TRAILING_SPACES)
    return merge_text(pieces)


def strip(pieces: list[Piece], i: int, side: re.Pattern[str]) -> None:
    """Take the spaces (not a line break: it stays) off one side of the text at ``pieces[i]``."""
    if 0 <= i < len(pieces) and isinstance(pieces[i], str):
        pieces[i] = side.sub("", str(pieces[i]))


_LEADING_SPACES = re.compile(r"^[^\S\n]+")
_TRAILING_SPACES = re.compile(r"[^\S\n]+$")


def plausibly_placed(source: str, text: str, placeholder: PlaceholderFormat) -> bool:
    """True when every placeholder sits near the same share of ``text`` as of ``source``."""

    def places(value: str) -> dict[str, float]:
        return {m.group(0): m.start() / max(len(value), 1) for m in placeholder.pattern.finditer(value)}

    before, after = places(source), places(text)
    return all(abs(after[mark] - share) <= PLACEMENT_TOLERANCE for mark, share in before.items() if mark in after)
