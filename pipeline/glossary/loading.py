"""Loading and validating glossary files, and layering the report's glossary over the base.

Every problem is one :class:`TripreportError` naming the file and line: YAML mistakes,
duplicate keys, YAML aliases (refused, so a small file cannot expand into a huge one),
unknown keys, wrong types, a term listed twice or both kept and translated, a fix rule
that does not compile or refers to a group it lacks, and any ``examples`` or ``not``
that the entry fails.

Layers: the packaged base (shorthand, slang, Spanglish verbs, Apertium fixes) comes
first; the report's ``glossary.yaml`` adds to it and wins form by form: a Spanish form,
kept term or informal spelling it lists replaces the base's, and a fix rule with the
same ``find`` replaces the base rule. ``base: false`` in the report's file leaves the
base out.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Set as AbstractSet
from importlib import resources
from pathlib import Path
from typing import Any, get_args

import regex

from tripreport.errors import TripreportError
from tripreport.glossary.entries import (
    FixExample,
    FixRule,
    ForcedTerm,
    KeepTerm,
    Layer,
    Normalization,
    PartOfSpeech,
    Sense,
    Source,
    TermExample,
)
from tripreport.glossary.matching import Glossary
from tripreport.safeyaml import LINE_KEYS, read_yaml
from tripreport.state import code_fingerprint, fingerprint
from tripreport.verbs import ar_forms, english_forms

SECTIONS = ("base", "keep", "terms", "verbs", "normalize", "senses", "fix")
BASE_GLOSSARY = "base.yaml"


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
    data = read_yaml(text, str(path))
    key = examples_key(str(path), text)
    report = parse_glossary(data, str(path), check=key not in passed)
    if isinstance(data, dict) and data.get("base", True) is False:
        return dataclasses.replace(report, examples_passed=frozenset({key}), _cache={})
    base = base_glossary(passed)
    return dataclasses.replace(layer(base, report), examples_passed=base.examples_passed | {key}, _cache={})


def base_glossary(passed: AbstractSet[str] = frozenset()) -> Glossary:
    """The packaged informal-Spanish layer every report gets (``passed``: see :func:`load_glossary`)."""
    resource = resources.files("tripreport.glossary") / BASE_GLOSSARY
    where = f"tripreport/glossary/{BASE_GLOSSARY}"
    text = resource.read_text(encoding="utf-8")
    key = examples_key(where, text)
    glossary = parse_glossary(read_yaml(text, where), where, layer="base", check=key not in passed)
    return dataclasses.replace(glossary, examples_passed=frozenset({key}), _cache={})


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
    return ForcedTerm(forms, term.en, term.note, term.family, term.examples, term.counter_examples, term.source)


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
    reader = _Reader(where, layer)
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
    _check_conflicts(keep, terms, normalizations, where)
    _check_senses(senses)
    glossary = Glossary(keep=keep, terms=terms, normalizations=normalizations, fixes=fixes, senses=senses)
    if check:
        check_examples(glossary)
    return glossary


class _Reader:
    """Validates entries of one file into the glossary's dataclasses."""

    def __init__(self, where: str, layer: Layer) -> None:
        self.where, self.layer = where, layer

    def source(self, line: int) -> Source:
        return Source(self.where, line, self.layer)

    def fail(self, line: int, message: str) -> TripreportError:
        return TripreportError(f"{self.where}:{line}: {message}")

    def as_list(self, value: Any, section: str, line: int) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(line, f"'{section}' must be a list of entries")
        return value

    def text(self, value: Any, what: str, line: int, strip: bool = True) -> str:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(line, f"{what} must be a non-empty string")
        return value.strip() if strip else value

    def optional_text(self, value: Any, what: str, line: int) -> str:
        return "" if value is None else self.text(value, what, line)

    def keys(self, entry: dict, allowed: set[str], what: str, line: int) -> None:
        extra = set(entry) - allowed - set(LINE_KEYS)
        if extra:
            raise self.fail(line, f"{what} has unknown key {sorted(map(str, extra))[0]!r}")

    def strings(self, value: Any, what: str, line: int) -> tuple[str, ...]:
        values = value if isinstance(value, list) else [] if value is None else [value]
        return tuple(self.text(v, what, line) for v in values)

    def keep(self, entry: Any, line: int) -> KeepTerm:
        if not isinstance(entry, dict):
            return KeepTerm(term=self.text(entry, "a 'keep' entry", line), source=self.source(line))
        line = entry.get("__line__", line)
        self.keys(entry, {"term", "ignore_case", "note"}, "keep entry", line)
        term = self.text(entry.get("term"), "keep entry 'term'", line)
        ignore_case = entry.get("ignore_case", False)
        if not isinstance(ignore_case, bool):
            raise self.fail(line, f"keep entry {term!r}: 'ignore_case' must be true or false")
        note = self.optional_text(entry.get("note"), f"keep entry {term!r}: 'note'", line)
        return KeepTerm(term, ignore_case, note, self.source(line))

    def term(self, entry: Any, line: int) -> ForcedTerm:
        if not isinstance(entry, dict):
            raise self.fail(line, "each 'terms' entry needs 'es' and 'en' keys")
        line = entry.get("__line__", line)
        self.keys(entry, {"es", "en", "note", "examples", "not"}, "terms entry", line)
        forms = self.strings(entry.get("es"), "terms entry 'es'", line)
        if not forms:
            raise self.fail(line, "terms entry: 'es' lists no Spanish form")
        en = self.text(entry.get("en"), f"terms entry {forms[0]!r}: 'en'", line)
        note = self.optional_text(entry.get("note"), f"terms entry {forms[0]!r}: 'note'", line)
        examples = tuple(
            TermExample(*self.example(e, "es", f"terms entry {forms[0]!r}", line))
            for e in self.as_list(entry.get("examples"), "examples", line)
        )
        counter = self.strings(entry.get("not"), f"terms entry {forms[0]!r}: 'not'", line)
        return ForcedTerm(forms, en, note, "", examples, counter, self.source(line))

    def sense(self, entry: Any, line: int) -> Sense:
        if not isinstance(entry, dict):
            raise self.fail(line, "each 'senses' entry needs 'es' (a Spanish word) and 'en' (its English)")
        line = entry.get("__line__", line)
        self.keys(entry, {"es", "en", "after", "before", "as", "note", "examples", "not"}, "senses entry", line)
        es = self.text(entry.get("es"), "senses entry 'es'", line)
        what = f"senses entry {es!r}"
        en = self.text(entry.get("en"), f"{what}: 'en'", line)
        for side, value in ((es, "es"), (en, "en")):
            if not re.fullmatch(r"[^\W\d_]+(?:[ '-][^\W\d_]+)*", side):
                raise self.fail(line, f"{what}: '{value}' must be a word (or a verb and its particle: spin up)")
        pos = entry.get("as")
        if pos is not None and pos not in get_args(PartOfSpeech):
            raise self.fail(line, f"{what}: 'as' must be one of {', '.join(get_args(PartOfSpeech))}")
        return Sense(
            es,
            en,
            after=self.strings(entry.get("after"), f"{what}: 'after'", line),
            before=self.strings(entry.get("before"), f"{what}: 'before'", line),
            pos=pos,
            note=self.optional_text(entry.get("note"), f"{what}: 'note'", line),
            examples=tuple(
                TermExample(*self.example(e, "es", what, line))
                for e in self.as_list(entry.get("examples"), "examples", line)
            ),
            counter_examples=self.strings(entry.get("not"), f"{what}: 'not'", line),
            source=self.source(line),
        )

    def example(self, entry: Any, language: str, what: str, line: int) -> tuple[str, str]:
        if not isinstance(entry, dict) or set(entry) - set(LINE_KEYS) != {language, "want"}:
            raise self.fail(line, f"{what}: each example is {{{language}: …, want: …}}")
        return (
            self.text(entry[language], f"{what}: example {language!r}", line, strip=False),
            self.text(entry["want"], f"{what}: example 'want'", line, strip=False),
        )

    def verb(self, entry: Any, line: int) -> tuple[ForcedTerm, ...] | tuple[Normalization, ...]:
        """An -ar verb: every conjugated form to the right English form (``en``), or to the same
        form of a standard Spanish verb (``standard``: ``jalar`` → ``funcionar``, so ``jaló`` → ``funcionó``)."""
        if not isinstance(entry, dict):
            raise self.fail(line, "each 'verbs' entry needs 'es' (an -ar infinitive) and 'en' or 'standard'")
        line = entry.get("__line__", line)
        self.keys(entry, {"es", "en", "standard", "past", "gerund", "note"}, "verbs entry", line)
        infinitive = self.infinitive(entry.get("es"), "verbs entry 'es'", line)
        note = self.optional_text(entry.get("note"), f"verbs entry {infinitive!r}: 'note'", line)
        forms = ar_forms(infinitive)
        if ("en" in entry) == ("standard" in entry):
            raise self.fail(line, f"verbs entry {infinitive!r}: give either 'en' (English) or 'standard' (Spanish)")
        if "standard" in entry:
            standard = self.infinitive(entry["standard"], f"verbs entry {infinitive!r}: 'standard'", line)
            return tuple(
                Normalization(form, same, self.source(line))
                for form, same in zip(forms, ar_forms(standard), strict=True)
            )
        base = self.text(entry.get("en"), f"verbs entry {infinitive!r}: 'en'", line)
        past = self.optional_text(entry.get("past"), f"verbs entry {infinitive!r}: 'past'", line) or None
        gerund = self.optional_text(entry.get("gerund"), f"verbs entry {infinitive!r}: 'gerund'", line) or None
        english = english_forms(base, past, gerund)
        return tuple(
            ForcedTerm(
                tuple(form for form, kind in forms.items() if kind == english_form),
                english[english_form],
                note if english_form == "base" else "",
                infinitive,
                source=self.source(line),
            )
            for english_form in dict.fromkeys(forms.values())
        )

    def infinitive(self, value: Any, what: str, line: int) -> str:
        infinitive = self.text(value, what, line)
        if not infinitive.endswith("ar") or " " in infinitive or len(infinitive) < 4:
            raise self.fail(line, f"{what} {infinitive!r} must be one -ar infinitive (deployar, checar)")
        return infinitive

    def normalizations(self, value: Any, line: int) -> tuple[Normalization, ...]:
        if value is None:
            return ()
        if not isinstance(value, dict):
            raise self.fail(line, "'normalize' must map informal spellings to standard ones")
        value = dict(value)
        line = value.pop("__line__", line)
        lines = value.pop("__key_lines__", {})
        return tuple(
            Normalization(
                self.text(informal, "a 'normalize' key", lines.get(informal, line)),
                self.text(standard, f"normalize {informal!r}", lines.get(informal, line)),
                self.source(lines.get(informal, line)),
            )
            for informal, standard in value.items()
        )

    def fixes(self, value: Any, line: int) -> tuple[FixRule, ...]:
        if value is None:
            return ()
        if not isinstance(value, dict):
            raise self.fail(line, "'fix' must map engine names to lists of rules")
        value = dict(value)
        line = value.pop("__line__", line)
        value.pop("__key_lines__", None)
        return tuple(
            self.fix(str(engine), entry, line)
            for engine, entries in value.items()
            for entry in self.as_list(entries, f"fix.{engine}", line)
        )

    def fix(self, engine: str, entry: Any, line: int) -> FixRule:
        line = entry.get("__line__", line) if isinstance(entry, dict) else line
        if not isinstance(entry, dict) or "find" not in entry or "replace" not in entry:
            raise self.fail(line, f"each fix.{engine} rule needs 'find' and 'replace'")
        self.keys(entry, {"find", "replace", "examples", "not"}, f"fix.{engine} rule", line)
        find = entry["find"]  # not stripped: a leading space can be the point of a rule
        if not isinstance(find, str) or not find:
            raise self.fail(line, f"fix.{engine} 'find' must be a non-empty string")
        replace = entry["replace"]
        if not isinstance(replace, str):
            raise self.fail(line, f"fix.{engine} rule {find!r}: 'replace' must be a string")
        try:
            pattern = regex.compile(find, regex.VERSION0)
        except regex.error as err:
            raise self.fail(line, f"fix.{engine} rule {find!r}: bad regular expression: {err}") from None
        bad = bad_group_reference(pattern, replace)
        if bad:
            raise self.fail(line, f"fix.{engine} rule {find!r}: 'replace' refers to {bad}, which 'find' lacks")
        what = f"fix.{engine} rule {find!r}"
        examples = tuple(
            FixExample(*self.example(e, "en", what, line))
            for e in self.as_list(entry.get("examples"), "examples", line)
        )
        counter = tuple(
            self.text(v, f"{what}: 'not'", line, strip=False) for v in self.as_list(entry.get("not"), "not", line)
        )
        return FixRule(engine, pattern, replace, examples, counter, self.source(line))


def bad_group_reference(pattern: regex.Pattern[str], replace: str) -> str | None:
    """A group ``replace`` names (``\\2``, ``\\g<name>``) that ``pattern`` does not have, if any."""
    for match in re.finditer(r"\\(\d+)|\\g<([^>]*)>", replace):
        number, name = match.groups()
        if number is not None and int(number) > pattern.groups:
            return f"group {number}"
        if name is not None:
            if name.isdigit() and int(name) > pattern.groups:
                return f"group {name}"
            if not name.isdigit() and name not in pattern.groupindex:
                return f"group {name!r}"
    return None


def check_examples(glossary: Glossary) -> None:
    """Every entry's ``examples`` must come out as it says, and its ``not`` must be left alone."""
    for rule in glossary.fixes:
        for example in rule.examples:
            got = _apply(rule, example.en)
            if got != example.want:
                raise TripreportError(
                    f"{rule.source}: fix rule {rule.find.pattern!r} turns {example.en!r} into {got!r}, "
                    f"not {example.want!r}"
                )
        for text in rule.counter_examples:
            got = _apply(rule, text)
            if got != text:
                raise TripreportError(
                    f"{rule.source}: fix rule {rule.find.pattern!r} should leave {text!r} alone but makes {got!r}"
                )
    for term in glossary.terms:
        for example in term.examples:
            renderings = _renderings(glossary, term, example.es)
            if example.want.casefold() not in {r.casefold() for r in renderings}:
                got = ", ".join(repr(r) for r in renderings) or "nothing"
                raise TripreportError(
                    f"{term.source}: terms entry {term.forms[0]!r} gives {got} in {example.es!r}, not {example.want!r}"
                )
        for text in term.counter_examples:
            if _renderings(glossary, term, text):
                raise TripreportError(f"{term.source}: terms entry {term.forms[0]!r} should not apply in {text!r}")


def _apply(rule: FixRule, text: str) -> str:
    try:
        return rule.apply(text)
    except TimeoutError:
        raise TripreportError(f"{rule.source}: fix rule {rule.find.pattern!r} takes too long on {text!r}") from None


def _renderings(glossary: Glossary, term: ForcedTerm, spanish: str) -> list[str]:
    """The English this entry puts into ``spanish`` (after kept terms and normalization, as in a build)."""
    forms = {f.casefold() for f in term.forms}
    return [
        p.target
        for p in glossary.protect([spanish])
        if not isinstance(p, str) and p.kind == "term" and p.source.casefold() in forms
    ]


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
    keep: tuple[KeepTerm, ...],
    terms: tuple[ForcedTerm, ...],
    normalizations: tuple[Normalization, ...],
    where: str,
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
