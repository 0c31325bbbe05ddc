"""Reading one glossary file's entries into the glossary's dataclasses: each key, type and
pattern checked, every problem one error naming the file and line."""

from __future__ import annotations

import dataclasses
import re
from typing import Any, TypeVar, cast, get_args

import regex

from tripreport.errors import TripreportError
from tripreport.glossary.entries import (
    Country,
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
from tripreport.glossary.inflection import ar_forms, english_forms
from tripreport.safeyaml import LINE_KEYS

# Words around a form that leave it alone: what follows it, what precedes it.
UNLESS = ("unless_after", "unless_before")


class EntryReader:
    """Validates entries of one file into the glossary's dataclasses.

    ``countries``: the file's own ``country`` (a region file's), for entries that name none.
    """

    def __init__(self, where: str, layer: Layer, countries: tuple[Country, ...] = ()) -> None:
        self.where, self.layer, self.countries = where, layer, countries

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

    def country(self, value: Any, what: str, line: int) -> tuple[Country, ...]:
        """A country code or a list of them (``co``, ``[cu, pr, do]``); none given: the file's."""
        if value is None:
            return self.countries
        codes = self.strings(value, what, line)
        known = get_args(Country)
        for code in codes:
            if code not in known:
                raise self.fail(line, f"{what}: unknown country {code!r} (known: {', '.join(known)})")
        return tuple(dict.fromkeys(cast(Country, code) for code in codes))

    def term_examples(self, entry: dict, what: str, line: int) -> tuple[tuple[TermExample, ...], tuple[str, ...]]:
        """An entry's Spanish ``examples`` (with the English wanted) and its ``not``."""
        examples = tuple(
            TermExample(*self.example(e, "es", what, line))
            for e in self.as_list(entry.get("examples"), "examples", line)
        )
        return examples, self.strings(entry.get("not"), f"{what}: 'not'", line)

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
        self.keys(entry, {"es", "en", "note", "examples", "not", "country", *UNLESS}, "terms entry", line)
        forms = self.strings(entry.get("es"), "terms entry 'es'", line)
        if not forms:
            raise self.fail(line, "terms entry: 'es' lists no Spanish form")
        what = f"terms entry {forms[0]!r}"
        en = self.text(entry.get("en"), f"{what}: 'en'", line)
        note = self.optional_text(entry.get("note"), f"{what}: 'note'", line)
        examples, counter = self.term_examples(entry, what, line)
        countries = self.country(entry.get("country"), what, line)
        after, before = (self.strings(entry.get(key), f"{what}: {key!r}", line) for key in UNLESS)
        return ForcedTerm(forms, en, note, "", examples, counter, self.source(line), countries, after, before)

    def sense(self, entry: Any, line: int) -> Sense:
        if not isinstance(entry, dict):
            raise self.fail(line, "each 'senses' entry needs 'es' (a Spanish word) and 'en' (its English)")
        line = entry.get("__line__", line)
        allowed = {"es", "en", "after", "before", "as", "note", "examples", "not", "country"}
        self.keys(entry, allowed, "senses entry", line)
        es = self.text(entry.get("es"), "senses entry 'es'", line)
        what = f"senses entry {es!r}"
        en = self.text(entry.get("en"), f"{what}: 'en'", line)
        for side, value in ((es, "es"), (en, "en")):
            if not re.fullmatch(r"[^\W\d_]+(?:[ '-][^\W\d_]+)*", side):
                raise self.fail(line, f"{what}: '{value}' must be a word (or a verb and its particle: spin up)")
        pos = entry.get("as")
        if pos is not None and pos not in get_args(PartOfSpeech):
            raise self.fail(line, f"{what}: 'as' must be one of {', '.join(get_args(PartOfSpeech))}")
        examples, counter = self.term_examples(entry, what, line)
        return Sense(
            es,
            en,
            after=self.strings(entry.get("after"), f"{what}: 'after'", line),
            before=self.strings(entry.get("before"), f"{what}: 'before'", line),
            pos=pos,
            note=self.optional_text(entry.get("note"), f"{what}: 'note'", line),
            examples=examples,
            counter_examples=counter,
            source=self.source(line),
            countries=self.country(entry.get("country"), what, line),
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
        form of a standard Spanish verb (``standard``: ``jalar`` → ``funcionar``, so ``jaló`` → ``funcionó``).
        Its note and examples go with its first form (the infinitive's English, or the infinitive)."""
        if not isinstance(entry, dict):
            raise self.fail(line, "each 'verbs' entry needs 'es' (an -ar infinitive) and 'en' or 'standard'")
        line = entry.get("__line__", line)
        allowed = {"es", "en", "standard", "past", "gerund", "note", "examples", "not", "country", "except"}
        self.keys(entry, allowed, "verbs entry", line)
        infinitive = self.infinitive(entry.get("es"), "verbs entry 'es'", line)
        what = f"verbs entry {infinitive!r}"
        note = self.optional_text(entry.get("note"), f"{what}: 'note'", line)
        examples, counter = self.term_examples(entry, what, line)
        countries = self.country(entry.get("country"), what, line)
        # Forms that are other words, left out (camellar: camello, a camel, is not "I work").
        others = {f.casefold() for f in self.strings(entry.get("except"), f"{what}: 'except'", line)}
        forms = {form: kind for form, kind in ar_forms(infinitive).items() if form.casefold() not in others}
        if ("en" in entry) == ("standard" in entry):
            raise self.fail(line, f"{what}: give either 'en' (English) or 'standard' (Spanish)")
        if "standard" in entry:
            standard = self.infinitive(entry["standard"], f"{what}: 'standard'", line)
            same_forms = ar_forms(standard)
            pairs = [(form, same) for form, same in zip(ar_forms(infinitive), same_forms, strict=True) if form in forms]
            spellings = [
                Normalization(f, same, self.source(line), infinitive, countries=countries) for f, same in pairs
            ]
            return first_carries(spellings, note, examples, counter)
        base = self.text(entry.get("en"), f"{what}: 'en'", line)
        past = self.optional_text(entry.get("past"), f"{what}: 'past'", line) or None
        gerund = self.optional_text(entry.get("gerund"), f"{what}: 'gerund'", line) or None
        english = english_forms(base, past, gerund)
        terms = [
            ForcedTerm(
                tuple(form for form, kind in forms.items() if kind == english_form),
                english[english_form],
                family=infinitive,
                source=self.source(line),
                countries=countries,
            )
            for english_form in dict.fromkeys(forms.values())  # the base form first
        ]
        return first_carries(terms, note, examples, counter)

    def infinitive(self, value: Any, what: str, line: int) -> str:
        infinitive = self.text(value, what, line)
        if not infinitive.endswith("ar") or " " in infinitive or len(infinitive) < 4:
            raise self.fail(line, f"{what} {infinitive!r} must be one -ar infinitive (deployar, checar)")
        return infinitive

    def normalizations(self, value: Any, line: int) -> tuple[Normalization, ...]:
        """``normalize``: a mapping of informal spellings to standard ones, or a list of entries
        (:meth:`normalize_entry`)."""
        if value is None:
            return ()
        if isinstance(value, list):
            return tuple(n for entry in value for n in self.normalize_entry(entry, line))
        if not isinstance(value, dict):
            raise self.fail(line, "'normalize' must map informal spellings to standard ones, or list entries")
        value = dict(value)
        line = value.pop("__line__", line)
        lines = value.pop("__key_lines__", {})
        normalizations = []
        for informal, standard in value.items():
            at = lines.get(informal, line)
            spelling = self.text(informal, "a 'normalize' key", at)
            normalizations.append(
                Normalization(
                    spelling,
                    self.text(standard, f"normalize {informal!r}", at),
                    self.source(at),
                    spelling,
                    countries=self.countries,
                )
            )
        return tuple(normalizations)

    def normalize_entry(self, entry: Any, line: int) -> tuple[Normalization, ...]:
        """One listed ``normalize`` entry: ``es`` a spelling or a list of them and ``to`` their
        standard Spanish, or ``es`` a mapping of spellings to standard Spanish (``bacano: genial,
        bacanos: geniales``); with ``note``, ``country``, ``examples`` and ``not`` as other entries."""
        if not isinstance(entry, dict):
            raise self.fail(line, "each listed 'normalize' entry needs 'es' (and 'to', unless 'es' maps)")
        line = entry.get("__line__", line)
        self.keys(entry, {"es", "to", "note", "examples", "not", "country", *UNLESS}, "normalize entry", line)
        spellings = entry.get("es")
        if isinstance(spellings, dict):
            if "to" in entry:
                raise self.fail(line, "normalize entry: 'es' maps spellings to standard Spanish already; drop 'to'")
            pairs = [
                (self.text(k, "a normalize entry's spelling", line), self.text(v, f"normalize {k!r}", line))
                for k, v in spellings.items()
                if k not in LINE_KEYS
            ]
        else:
            forms = self.strings(spellings, "normalize entry 'es'", line)
            standard = self.text(entry.get("to"), f"normalize entry {forms[0] if forms else ''!r}: 'to'", line)
            pairs = [(form, standard) for form in forms]
        if not pairs:
            raise self.fail(line, "normalize entry: 'es' lists no spelling")
        what = f"normalize entry {pairs[0][0]!r}"
        note = self.optional_text(entry.get("note"), f"{what}: 'note'", line)
        examples, counter = self.term_examples(entry, what, line)
        countries = self.country(entry.get("country"), what, line)
        after, before = (self.strings(entry.get(key), f"{what}: {key!r}", line) for key in UNLESS)
        spellings = [
            Normalization(informal, standard, self.source(line), pairs[0][0], countries=countries)
            for informal, standard in pairs
        ]
        spellings = [dataclasses.replace(n, unless_after=after, unless_before=before) for n in spellings]
        return first_carries(spellings, note, examples, counter)

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


Entry = TypeVar("Entry", ForcedTerm, Normalization)


def first_carries(
    items: list[Entry], note: str, examples: tuple[TermExample, ...], counter: tuple[str, ...]
) -> tuple[Entry, ...]:
    """An entry's forms, the first carrying its note and examples (what checks and the appendix read)."""
    if not items:
        return ()
    items[0] = dataclasses.replace(items[0], note=note, examples=examples, counter_examples=counter)
    return tuple(items)


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
