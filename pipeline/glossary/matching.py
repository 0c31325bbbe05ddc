"""Applying a glossary: protecting terms, normalizing spellings, fixing an engine's English.

:meth:`Glossary.protect` turns kept and forced terms into :class:`Protected` pieces the
engine never sees, :meth:`Glossary.normalize` rewrites informal spellings as standard
Spanish, and :meth:`Glossary.fix` rewrites an engine's English. Matching is on whole
words, through an index of each section's forms by their first word
(:mod:`tripreport.glossary.index`), so thousands of entries cost little: at each place the
longest entry wins, unless words around it leave it alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from tripreport.errors import TripreportError
from tripreport.glossary.entries import Appendix, FixRule, ForcedTerm, KeepTerm, Normalization, Sense
from tripreport.glossary.index import FormIndex
from tripreport.pieces import Piece, Protected, merge_text

Section = Literal["keep", "terms", "normalize"]


@dataclass(frozen=True)
class Glossary:
    """A validated glossary (the packaged base layer and the report's own), ready to apply."""

    keep: tuple[KeepTerm, ...] = ()
    terms: tuple[ForcedTerm, ...] = ()
    normalizations: tuple[Normalization, ...] = ()
    fixes: tuple[FixRule, ...] = ()
    senses: tuple[Sense, ...] = ()
    # Keys of the files whose examples all came out right (see loading.examples_key): a
    # build remembers them, and the next load of the same files does not run them again.
    examples_passed: frozenset[str] = field(default=frozenset(), compare=False, repr=False)
    _cache: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    # --- applying ---------------------------------------------------------------

    def protect(self, pieces: list[Piece]) -> list[Piece]:
        """Replace kept terms, then normalize, then replace forced terms, in prose pieces."""
        pieces = self.protect_kept(pieces)
        pieces = [self.normalize(p) if isinstance(p, str) else p for p in pieces]
        return self._replace(pieces, "terms", self._term_piece)

    def protect_kept(self, pieces: list[Piece]) -> list[Piece]:
        """Replace only the kept terms with protected pieces."""
        return self._replace(pieces, "keep", self._keep_piece)

    def normalize(self, text: str) -> str:
        """Rewrite informal spellings as whole words, keeping a leading capital."""
        table = self._cached(
            "normalize-table", lambda: {n.informal.casefold(): n.standard for n in self.normalizations}
        )
        out, pos = [], 0
        for start, end in self.spans(text, "normalize"):
            out += [text[pos:start], match_case(text[start:end], table[text[start:end].casefold()])]
            pos = end
        return "".join(out) + text[pos:]

    def fix(self, engine: str, text: str) -> str:
        """Apply the ``fix`` rules of ``engine`` to translated text."""
        for rule in self.fixes:
            if rule.engine == engine:
                try:
                    text = rule.apply(text)
                except TimeoutError:
                    raise TripreportError(
                        f"{rule.source}: fix rule {rule.find.pattern!r} takes too long "
                        f"(on {text[:60]!r}…); simplify its regular expression"
                    ) from None
        return text

    def term_for(self, form: str) -> ForcedTerm | None:
        """The entry a Spanish form belongs to."""
        return self._term_by_form().get(form.casefold())

    # --- matching ---------------------------------------------------------------

    def _keep_piece(self, matched: str) -> Protected:
        return Protected("keep", source=matched, target=matched)

    def _term_piece(self, matched: str) -> Protected:
        english = match_case(matched, self._term_by_form()[matched.casefold()].en)
        # A form written with its punctuation (vale, as "okay", not the verb) keeps it.
        mark = matched[len(matched.rstrip(",.;:!?")) :]
        if mark and not english.endswith(mark):
            english += mark
        return Protected("term", source=matched, target=english)

    def _term_by_form(self) -> dict[str, ForcedTerm]:
        return self._cached("term-by-form", lambda: {f.casefold(): t for t in self.terms for f in t.forms})

    def _cached(self, key: str, make: Any) -> Any:
        """Derived tables, built on first use (the dataclass is frozen, its cache is not)."""
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    def _replace(self, pieces: list[Piece], section: Section, make: Callable[[str], Protected]) -> list[Piece]:
        out: list[Piece] = []
        for piece in pieces:
            if not isinstance(piece, str):
                out.append(piece)
                continue
            pos = 0
            for start, end in self.spans(piece, section):
                out.append(piece[pos:start])
                out.append(make(piece[start:end]))
                pos = end
            out.append(piece[pos:])
        return merge_text(out)

    def spans(self, text: str, section: Section) -> list[tuple[int, int]]:
        """Where the section's entries occur in ``text``: leftmost first, longest at a place;
        not where an entry's ``unless_after`` words follow or ``unless_before`` words precede."""
        found = sorted(self._index(section).matches(text), key=lambda span: (span[0], -span[1]))
        vetoes = self._vetoes(section)
        spans: list[tuple[int, int]] = []
        for start, end in found:
            if spans and start < spans[-1][1]:
                continue
            veto = vetoes.get(text[start:end].casefold()) if vetoes else None
            if veto and (
                (veto[0] and veto[0].match(text, end)) or (veto[1] and veto[1].search(text, max(0, start - 80), start))
            ):
                continue
            spans.append((start, end))
        return spans

    def _vetoes(self, section: Section) -> dict[str, tuple[re.Pattern[str] | None, re.Pattern[str] | None]]:
        """The forms of a section that some words around them leave alone, with those words as
        patterns: one matched where the form ends, one searched just before where it starts."""

        def make() -> dict[str, tuple[re.Pattern[str] | None, re.Pattern[str] | None]]:
            entries: list[ForcedTerm | Normalization] = []
            if section == "terms":
                entries = [t for t in self.terms if t.unless_after or t.unless_before]
            elif section == "normalize":
                entries = [n for n in self.normalizations if n.unless_after or n.unless_before]
            table = {}
            for entry in entries:
                after = _words(entry.unless_after, r"\s*(?:{})(?!\w)")
                before = _words(entry.unless_before, r"(?<!\w)(?:{})\s*$")
                forms = entry.forms if isinstance(entry, ForcedTerm) else (entry.informal,)
                table.update({form.casefold(): (after, before) for form in forms})
            return table

        return self._cached(f"vetoes-{section}", make)

    def _index(self, section: Section) -> FormIndex:
        """The section's forms, filed for matching (kept terms in their case unless ``ignore_case``)."""

        def make() -> FormIndex:
            if section == "keep":
                return FormIndex.of((k.term, k.ignore_case) for k in self.keep)
            if section == "terms":
                return FormIndex.of((form, True) for t in self.terms for form in t.forms)
            return FormIndex.of((n.informal, True) for n in self.normalizations)

        return self._cached(f"index-{section}", make)

    # --- what the report and QA need -------------------------------------------------

    def appendix(self, notes: str) -> Appendix:
        """The entries that occur in ``notes`` and have something to tell a reader (a note).

        A verb family shows once, as its infinitive and English base form.
        """
        used_forms = {notes[a:b].casefold() for a, b in self.spans(notes, "terms")}
        used_kept = {notes[a:b] for a, b in self.spans(notes, "keep")}
        translated: list[ForcedTerm] = []
        families: set[str] = set()
        for term in self.terms:
            if not used_forms.intersection(f.casefold() for f in term.forms) or term.family in families:
                continue
            if term.family:
                families.add(term.family)
                base = next(t for t in self.terms if t.family == term.family)
                term = ForcedTerm((term.family,), base.en, base.note, countries=base.countries)
            if term.note:
                translated.append(term)
        kept = tuple(
            k
            for k in self.keep
            if k.note and any(k.term == u or (k.ignore_case and k.term.casefold() == u.casefold()) for u in used_kept)
        )
        return Appendix(translated=tuple(translated), kept=kept)

    @property
    def spanish_forms(self) -> frozenset[str]:
        """Single-word Spanish forms the glossary knows (slang, shorthand): Spanish if left in English."""
        forms = [f for t in self.terms for f in t.forms] + [n.informal for n in self.normalizations]
        return frozenset(f.casefold() for f in forms if " " not in f)

    @property
    def kept_terms(self) -> tuple[str, ...]:
        """Every kept term as written in the glossary."""
        return tuple(k.term for k in self.keep)


def _words(words: tuple[str, ...], template: str) -> re.Pattern[str] | None:
    """``template`` around an alternation of ``words`` (whole words, any case), or None for no words."""
    if not words:
        return None
    return re.compile(template.format("|".join(map(re.escape, words))), re.IGNORECASE)


def match_case(source: str, replacement: str) -> str:
    """Give ``replacement`` the leading capital of ``source`` (``Tonces`` → ``Entonces``), the
    first letter's, past any opening punctuation (``¡Pilas`` → ``Watch out``)."""
    first = next((c for c in source if c.isalnum()), "")
    at = next((i for i, c in enumerate(replacement) if c.isalnum()), None)
    if first.isupper() and at is not None and replacement[at].islower():
        return replacement[:at] + replacement[at].upper() + replacement[at + 1 :]
    return replacement
