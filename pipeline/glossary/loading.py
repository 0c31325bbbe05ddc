"""Loading and validating glossary files, and layering the report's glossary over the base.

Every problem is one :class:`TripreportError` naming the file and line: YAML mistakes,
duplicate keys, YAML aliases (refused, so a small file cannot expand into a huge one),
unknown keys, wrong types, a term listed twice or both kept and translated, a fix rule
that does not compile or refers to a group it lacks, and any ``examples`` or ``not``
that the entry fails.

Layers: the packaged base (shorthand, slang, Spanglish verbs, Apertium fixes: ``base.yaml``
and the region files in ``regions/``, read as one) comes first; the report's
``glossary.yaml`` adds to it and wins form by form: a Spanish form, kept term or informal
spelling it lists replaces the base's, and a fix rule with the same ``find`` replaces the
base rule. ``base: false`` in the report's file leaves the base out.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Set as AbstractSet
from importlib import resources
from pathlib import Path
from typing import Any

from tripreport.errors import TripreportError
from tripreport.glossary import compiled
from tripreport.glossary.checking import check_examples
from tripreport.glossary.entries import (
    ForcedTerm,
    KeepTerm,
    Layer,
    Normalization,
    Sense,
)
from tripreport.glossary.matching import Glossary
from tripreport.glossary.reader import EntryReader
from tripreport.safeyaml import read_yaml
from tripreport.state import code_fingerprint, fingerprint

SECTIONS = ("base", "country", "keep", "terms", "verbs", "normalize", "senses", "fix")
BASE_GLOSSARY = "base.yaml"
REGIONS = "regions"  # the base layer's files of one country's (or region's) Spanish each


def load_glossary(path: Path, passed: AbstractSet[str] = frozenset()) -> Glossary:
    """The base layer and the report's glossary at ``path``; a missing file is an error.

    ``passed``: keys of files whose examples all came out right before (a last build's
    :attr:`Glossary.examples_passed`). A file with one of those keys is the same text read
    by the same code, so its examples are not run again (they cost a no-op build a tenth
    of its time); any other file's are.
    """
    if not path.is_file():
        raise TripreportError(f"{path}: glossary not found (create one, or pass --glossary)")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise TripreportError(f"{path}: not UTF-8 text") from None
    except OSError as err:
        raise TripreportError(f"{path}: cannot read the glossary ({err.strerror})") from None
    return glossary_from_text(text, str(path), passed)


def glossary_from_text(text: str, where: str, passed: AbstractSet[str] = frozenset()) -> Glossary:
    """The base layer and a report's glossary written as ``text`` (``where``: its file, for errors)."""
    data = read_yaml(text, where)
    key = examples_key(where, text)
    report = parse_glossary(data, where, check=key not in passed)
    if isinstance(data, dict) and data.get("base", True) is False:
        return dataclasses.replace(report, examples_passed=frozenset({key}), _cache={})
    base = base_glossary(passed)
    return dataclasses.replace(layer(base, report), examples_passed=base.examples_passed | {key}, _cache={})


def base_glossary(passed: AbstractSet[str] = frozenset()) -> Glossary:
    """The packaged informal-Spanish layer every report gets: ``base.yaml`` and the region
    files beside it, one glossary whose entries are checked together (``passed``: see
    :func:`load_glossary`; the layer's files have one key between them)."""
    texts = base_files()
    key = examples_key(" ".join(where for where, _ in texts), "\0".join(text for _, text in texts))
    glossary = compiled.read(key)  # kept only once its examples passed
    if glossary is None:
        glossary = combine(
            [parse_glossary(read_yaml(text, where), where, "base", check=False) for where, text in texts]
        )
        if key not in passed:
            check_examples(glossary)
        compiled.keep(key, glossary)
    return dataclasses.replace(glossary, examples_passed=frozenset({key}), _cache={})


def base_files() -> list[tuple[str, str]]:
    """The base layer's files as (name, text): ``base.yaml``, then each region's file by name."""
    folder = resources.files("tripreport.glossary")
    regions = sorted((f for f in (folder / REGIONS).iterdir() if f.name.endswith(".yaml")), key=lambda f: f.name)
    files = [(f"tripreport/glossary/{BASE_GLOSSARY}", folder / BASE_GLOSSARY)]
    files += [(f"tripreport/glossary/{REGIONS}/{f.name}", f) for f in regions]
    return [(where, resource.read_text(encoding="utf-8")) for where, resource in files]


def combine(parts: list[Glossary]) -> Glossary:
    """The entries of several files of one layer side by side, checked as one file's are: a
    form listed twice, or hidden by another file's normalizing, is an error naming its line."""
    glossary = Glossary(
        keep=tuple(k for part in parts for k in part.keep),
        terms=tuple(t for part in parts for t in part.terms),
        normalizations=tuple(n for part in parts for n in part.normalizations),
        fixes=tuple(r for part in parts for r in part.fixes),
        senses=tuple(s for part in parts for s in part.senses),
    )
    if len(parts) > 1:
        _check_conflicts(glossary.keep, glossary.terms, glossary.normalizations)
        _check_senses(glossary.senses)
    return glossary


def examples_key(where: str, text: str) -> str:
    """What a file's examples' outcome depends on: its name (in their messages), its text, and the code."""
    return fingerprint([where, text, code_fingerprint()])


def layer(base: Glossary, report: Glossary) -> Glossary:
    """``report`` over ``base``: whatever Spanish the report's file mentions, in any section
    (a kept term, a term's form, an informal spelling), it decides; same for fix rules by ``find``."""
    taken = {f.casefold() for t in report.terms for f in t.forms}
    taken |= {k.term.casefold() for k in report.keep}
    taken |= {n.informal.casefold() for n in report.normalizations}
    terms = []
    for term in base.terms:
        forms = tuple(f for f in term.forms if f.casefold() not in taken)
        if forms:
            terms.append(term if forms == term.forms else _with_forms(term, forms))
    keep = [k for k in base.keep if k.term.casefold() not in taken]
    normalizations = [n for n in base.normalizations if n.informal.casefold() not in taken]
    replaced = {(r.engine, r.find.pattern) for r in report.fixes}
    fixes = [r for r in base.fixes if (r.engine, r.find.pattern) not in replaced]
    told = {s.es.casefold() for s in report.senses}  # a word the report gives senses for: its senses only
    senses = [s for s in base.senses if s.es.casefold() not in told]
    return Glossary(
        keep=(*keep, *report.keep),
        terms=(*terms, *report.terms),
        normalizations=(*normalizations, *report.normalizations),
        fixes=(*fixes, *report.fixes),
        senses=(*senses, *report.senses),
    )


def _with_forms(term: ForcedTerm, forms: tuple[str, ...]) -> ForcedTerm:
    return dataclasses.replace(term, forms=forms)


def parse_glossary(data: Any, where: str = "glossary", layer: Layer = "report", check: bool = True) -> Glossary:
    """Validate loaded YAML into a :class:`Glossary`; errors name the line and entry.

    ``check``: run the entries' examples (only a file known to pass them is read without).
    """
    if data is None:
        return Glossary()
    if not isinstance(data, dict):
        raise TripreportError(f"{where}:1: the glossary must be a mapping with sections {', '.join(SECTIONS[1:])}")
    data = dict(data)
    line = data.pop("__line__", 1)
    key_lines = data.pop("__key_lines__", {})
    unknown = [key for key in data if key not in SECTIONS]
    if unknown:
        line = key_lines.get(unknown[0], line)
        raise TripreportError(f"{where}:{line}: unknown section {unknown[0]!r} (known: {', '.join(SECTIONS)})")
    if not isinstance(data.get("base", True), bool):
        raise TripreportError(f"{where}:{line}: 'base' must be true or false")
    reader = EntryReader(where, layer)
    reader.countries = reader.country(data.get("country"), "'country'", key_lines.get("country", line))
    keep = tuple(reader.keep(e, line) for e in reader.as_list(data.get("keep"), "keep", line))
    terms = tuple(reader.term(e, line) for e in reader.as_list(data.get("terms"), "terms", line))
    verbs = [reader.verb(e, line) for e in reader.as_list(data.get("verbs"), "verbs", line)]
    # A form listed in `terms` wins over the same form generated from a verb (caché: cache, not caught).
    listed = {f.casefold() for term in terms for f in term.forms}
    for entries in verbs:
        for verb_term in entries:
            if isinstance(verb_term, ForcedTerm):
                forms = tuple(f for f in verb_term.forms if f.casefold() not in listed)
                terms += (_with_forms(verb_term, forms),) if forms else ()
    normalizations = reader.normalizations(data.get("normalize"), line)
    written = {n.informal.casefold() for n in normalizations}  # likewise: platicas, the talks
    normalizations += tuple(
        n for entries in verbs for n in entries if isinstance(n, Normalization) and n.informal.casefold() not in written
    )
    fixes = reader.fixes(data.get("fix"), line)
    senses = tuple(reader.sense(e, line) for e in reader.as_list(data.get("senses"), "senses", line))
    _check_conflicts(keep, terms, normalizations)
    _check_senses(senses)
    glossary = Glossary(keep=keep, terms=terms, normalizations=normalizations, fixes=fixes, senses=senses)
    if check:
        check_examples(glossary)
    return glossary


def _check_senses(senses: tuple[Sense, ...]) -> None:
    """One English for a word in one context: a second is a contradiction, not a choice."""
    seen: dict[tuple[str, tuple[str, ...], tuple[str, ...]], Sense] = {}
    for sense in senses:
        key = (sense.es.casefold(), tuple(sorted(sense.after)), tuple(sorted(sense.before)))
        if key in seen and seen[key].en != sense.en:
            raise TripreportError(
                f"{sense.source}: senses entry {sense.es!r} is {seen[key].en!r} at {seen[key].source} in the same "
                f"context; give one of them 'after' or 'before' words"
            )
        seen[key] = sense


def _check_conflicts(
    keep: tuple[KeepTerm, ...], terms: tuple[ForcedTerm, ...], normalizations: tuple[Normalization, ...]
) -> None:
    seen_keep: dict[str, KeepTerm] = {}
    for k in keep:
        key = k.term.casefold() if k.ignore_case else k.term
        if key in seen_keep:
            raise TripreportError(f"{k.source}: keep term {k.term!r} is listed twice")
        seen_keep[key] = k
    kept = set(seen_keep) | {k.term.casefold() for k in keep if k.ignore_case}
    english_of: dict[str, str] = {}
    for term in terms:
        for form in term.forms:
            key = form.casefold()
            if key in english_of:
                verdict = (
                    "is listed twice"
                    if english_of[key] == term.en
                    else f"maps to both {english_of[key]!r} and {term.en!r}"
                )
                raise TripreportError(f"{term.source}: terms form {form!r} {verdict}")
            english_of[key] = term.en
            if form in kept or key in kept:
                raise TripreportError(f"{term.source}: {form!r} is both a kept term and a translated term")
    sources: set[str] = set()
    for normalization in normalizations:
        key = normalization.informal.casefold()
        if key in sources:
            raise TripreportError(f"{normalization.source}: normalize {normalization.informal!r} is listed twice")
        sources.add(key)
    # Normalizing runs before terms are matched: a spelling inside a longer term would hide it.
    normalized = re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, sorted(sources, key=len, reverse=True)))})(?!\w)")
    for term in terms if sources else ():
        for form in term.forms:
            hidden = normalized.search(form.casefold())
            if " " in form and hidden and hidden.group(0) != form.casefold():
                raise TripreportError(
                    f"{term.source}: terms form {form!r} can never match: normalize rewrites {hidden.group(0)!r} first"
                )
