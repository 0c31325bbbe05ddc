"""Checking a glossary's entries against their own ``examples`` and ``not``, as it loads.

A fix rule is run on its English examples. A term, a verb, a normalization is matched in
its Spanish examples as a build would match it (kept terms first, then normalizing, then
terms): a term must give the English its example wants, a normalization must apply; none
may apply in its counter-examples. The English a normalization finally gives depends on the
engine, so the tests run those examples through it (``tests/test_glossary_examples.py``).
"""

from __future__ import annotations

from tripreport.errors import TripreportError
from tripreport.glossary.entries import FixRule, ForcedTerm, Normalization, Source
from tripreport.glossary.matching import Glossary


def check_examples(glossary: Glossary) -> None:
    """Every entry's ``examples`` must come out as it says, and its ``not`` must be left alone."""
    for rule in glossary.fixes:
        _check_fix(rule)
    entries: dict[tuple[str, Source | None], set[str]] = {}  # an entry's forms, by its family and line
    for term in glossary.terms:
        entries.setdefault((term.family or term.forms[0], term.source), set()).update(map(str.casefold, term.forms))
    for term in glossary.terms:
        if term.examples or term.counter_examples:
            _check_term(glossary, term, entries[(term.family or term.forms[0], term.source)])
    entries = {}
    for n in glossary.normalizations:
        entries.setdefault((n.family or n.informal, n.source), set()).add(n.informal.casefold())
    for n in glossary.normalizations:
        if n.examples or n.counter_examples:
            _check_normalization(glossary, n, entries[(n.family or n.informal, n.source)])


def _check_fix(rule: FixRule) -> None:
    for example in rule.examples:
        got = _apply(rule, example.en)
        if got != example.want:
            raise TripreportError(
                f"{rule.source}: fix rule {rule.find.pattern!r} turns {example.en!r} into {got!r}, not {example.want!r}"
            )
    for text in rule.counter_examples:
        got = _apply(rule, text)
        if got != text:
            raise TripreportError(
                f"{rule.source}: fix rule {rule.find.pattern!r} should leave {text!r} alone but makes {got!r}"
            )


def _check_term(glossary: Glossary, term: ForcedTerm, forms: set[str]) -> None:
    what = f"{'verbs' if term.family else 'terms'} entry {(term.family or term.forms[0])!r}"
    for wanted in term.examples:
        renderings = _renderings(glossary, forms, wanted.es)
        given = {r.casefold() for r in renderings} | {r.casefold().rstrip(",.;:!?") for r in renderings}
        if wanted.want.casefold() not in given:
            got = ", ".join(repr(r) for r in renderings) or "nothing"
            raise TripreportError(f"{term.source}: {what} gives {got} in {wanted.es!r}, not {wanted.want!r}")
    for text in term.counter_examples:
        if _renderings(glossary, forms, text):
            raise TripreportError(f"{term.source}: {what} should not apply in {text!r}")


def _check_normalization(glossary: Glossary, normalization: Normalization, spellings: set[str]) -> None:
    what = f"normalize entry {normalization.family or normalization.informal!r}"
    for wanted in normalization.examples:
        if not _normalized(glossary, spellings, wanted.es):
            raise TripreportError(f"{normalization.source}: {what} does not apply in {wanted.es!r}")
    for text in normalization.counter_examples:
        found = _normalized(glossary, spellings, text)
        if found:
            raise TripreportError(f"{normalization.source}: {what} should not apply in {text!r} ({found[0]!r})")


def _apply(rule: FixRule, text: str) -> str:
    try:
        return rule.apply(text)
    except TimeoutError:
        raise TripreportError(f"{rule.source}: fix rule {rule.find.pattern!r} takes too long on {text!r}") from None


def _renderings(glossary: Glossary, forms: set[str], spanish: str) -> list[str]:
    """The English an entry of these (casefolded) forms puts into ``spanish``, after kept terms
    and normalization, as in a build."""
    return [
        p.target
        for p in glossary.protect([spanish])
        if not isinstance(p, str) and p.kind == "term" and p.source.casefold() in forms
    ]


def _normalized(glossary: Glossary, spellings: set[str], spanish: str) -> list[str]:
    """Which of an entry's (casefolded) ``spellings`` a build rewrites in ``spanish``."""
    prose = [p for p in glossary.protect_kept([spanish]) if isinstance(p, str)]
    return [t[a:b] for t in prose for a, b in glossary.spans(t, "normalize") if t[a:b].casefold() in spellings]
