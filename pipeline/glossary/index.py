"""Finding a glossary section's forms in text: each form filed under its first word, longest first.

One pass over the text's words (a compiled ``\\w+``) and a dictionary lookup at each word
cost about the same for a hundred forms or ten thousand, and building the index is a few
milliseconds. The single trie regular expression per section it replaces took a third of a
second to compile, in every build, once the region files had given the base layer its
thousands of forms. A form matches where a regular expression ``(?<!\\w)form(?!\\w)`` would:
whole, in any case unless it is a case-sensitive kept term, the longest one at each place.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

WORD = re.compile(r"\w+")

Candidate = tuple[str, int, bool]  # the form (lowercase unless case-sensitive), its first word's offset, ignore case


@dataclass(frozen=True)
class FormIndex:
    """A section's forms by their first word (lowercase) and, for a form of several words, by its
    first two (so *qué*, the head of dozens of phrases, sends each place to the few that go on
    with the next word); each list longest first. Forms with no word character at all (rare)
    are matched by one small alternation."""

    by_head: dict[str, tuple[Candidate, ...]]
    by_pair: dict[tuple[str, str], tuple[Candidate, ...]]
    headless: re.Pattern[str] | None = None

    @classmethod
    def of(cls, forms: Iterable[tuple[str, bool]]) -> FormIndex:
        """The index of ``forms``: (form, whether it matches in any case)."""
        singles: dict[str, list[Candidate]] = {}
        pairs: dict[tuple[str, str], list[Candidate]] = {}
        headless = []
        for form, ignore_case in forms:
            words = WORD.findall(form)
            if not words:
                headless.append(re.escape(form))
                continue
            candidate = (form.lower() if ignore_case else form, form.index(words[0]), ignore_case)
            if len(words) == 1:
                singles.setdefault(words[0].lower(), []).append(candidate)
            else:
                pairs.setdefault((words[0].lower(), words[1].lower()), []).append(candidate)
        alternation = "|".join(sorted(headless, key=len, reverse=True))
        return cls(
            {head: longest_first(found) for head, found in singles.items()},
            {pair: longest_first(found) for pair, found in pairs.items()},
            re.compile(rf"(?<!\w)(?:{alternation})(?!\w)") if headless else None,
        )

    def matches(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of the longest form whole at each place it occurs, in text order."""
        words = [(m.start(), m.group().lower()) for m in WORD.finditer(text)]
        found = []
        for i, (at, word) in enumerate(words):
            place = None
            if i + 1 < len(words) and (pair := self.by_pair.get((word, words[i + 1][1]))):
                place = self.longest(text, at, pair)
            if place is None and (single := self.by_head.get(word)):
                place = self.longest(text, at, single)
            if place:
                found.append(place)
        if self.headless is not None:
            found += [(m.start(), m.end()) for m in self.headless.finditer(text)]
        return found

    @staticmethod
    def longest(text: str, at: int, candidates: tuple[Candidate, ...]) -> tuple[int, int] | None:
        """The longest candidate whose first word is the word at ``at``, whole in ``text``."""
        for form, offset, ignore_case in candidates:
            start, end = at - offset, at - offset + len(form)
            if start < 0 or end > len(text):
                continue
            piece = text[start:end]
            if (piece.lower() if ignore_case else piece) != form:
                continue
            if (start and is_word(text[start - 1])) or (end < len(text) and is_word(text[end])):
                continue
            return start, end
        return None


def longest_first(candidates: list[Candidate]) -> tuple[Candidate, ...]:
    return tuple(sorted(candidates, key=lambda c: -len(c[0])))


def is_word(char: str) -> bool:
    """Whether ``char`` is what ``\\w`` matches: a letter, a digit or the underscore."""
    return char.isalnum() or char == "_"
