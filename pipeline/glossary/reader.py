"""Reading one glossary file's entries into the glossary's dataclasses: each key, type and
pattern checked, every problem one error naming the file and line."""

from __future__ import annotations

import re
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
from tripreport.glossary.inflection import ar_forms, english_forms
from tripreport.safeyaml import LINE_KEYS


class EntryReader:
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
