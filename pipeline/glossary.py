"""The glossary: the user's say over how terms and slang are translated.

``glossary.yaml`` has four optional sections (see the README):

- ``keep``: terms never translated (``k8s``, ``Helm``); case-sensitive unless ``ignore_case``.
- ``terms``: Spanish → English pairs, each with one or more Spanish forms.
- ``normalize``: informal spellings rewritten to standard Spanish before translation.
- ``fix``: per engine, regular-expression rewrites of that engine's English output.

This module validates the file into a :class:`Glossary` and applies it to text pieces:
:meth:`Glossary.protect` turns kept and forced terms into :class:`Protected` pieces the
engine never sees, :meth:`Glossary.normalize` and :meth:`Glossary.fix` rewrite text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tripreport.document import Piece, Protected, merge_text
from tripreport.errors import TripreportError

SECTIONS = ("keep", "terms", "verbs", "normalize", "fix")

# Endings of a regular Spanish -ar verb, by the English form each one takes.
# "deployar" → stem "deploy"; "buildear" → stem "builde" (so "buildeen", "buildeó").
VERB_ENDINGS = {
    "base": ("ar", "o", "as", "amos", "an", "e", "es", "en", "emos"),
    "third": ("a",),
    "past": ("é", "aste", "ó", "aron", "aba", "abas", "aban", "ado", "ada", "ados", "adas"),
    "gerund": ("ando",),
    "object": ("arlo", "arla", "arlos", "arlas"),
}


@dataclass(frozen=True)
class KeepTerm:
    """A term written verbatim in every language."""

    term: str
    ignore_case: bool = False
    note: str = ""


@dataclass(frozen=True)
class ForcedTerm:
    """Spanish forms that always become one English rendering."""

    forms: tuple[str, ...]
    en: str
    note: str = ""
    family: str = ""  # the infinitive, for forms expanded from a `verbs` entry


@dataclass(frozen=True)
class FixRule:
    """An English-side rewrite for one engine's systematic mistake."""

    engine: str
    find: re.Pattern[str]
    replace: str


@dataclass(frozen=True)
class Appendix:
    """The glossary entries a report uses: translated terms, then kept ones."""

    translated: tuple[ForcedTerm, ...]
    kept: tuple[KeepTerm, ...]


@dataclass(frozen=True)
class Glossary:
    """A validated glossary, ready to apply."""

    keep: tuple[KeepTerm, ...] = ()
    terms: tuple[ForcedTerm, ...] = ()
    normalizations: tuple[tuple[str, str], ...] = ()
    fixes: tuple[FixRule, ...] = ()
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
        table = self._cached("normalize-table", lambda: {src.casefold(): dst for src, dst in self.normalizations})
        out, pos = [], 0
        for start, end in self._spans(text, "normalize"):
            out += [text[pos:start], match_case(text[start:end], table[text[start:end].casefold()])]
            pos = end
        return "".join(out) + text[pos:]

    def fix(self, engine: str, text: str) -> str:
        """Apply the ``fix`` rules of ``engine`` to translated text."""
        for rule in self.fixes:
            if rule.engine == engine:
                text = rule.find.sub(rule.replace, text)
        return text

    # --- matching ---------------------------------------------------------------

    def _keep_piece(self, matched: str) -> Protected:
        return Protected("keep", source=matched, target=matched)

    def _term_piece(self, matched: str) -> Protected:
        english = self._term_by_form()[matched.casefold()].en
        return Protected("term", source=matched, target=match_case(matched, english))

    def _term_by_form(self) -> dict[str, ForcedTerm]:
        return self._cached("term-by-form", lambda: {f.casefold(): t for t in self.terms for f in t.forms})

    def _cached(self, key: str, make: Any) -> Any:
        """Derived tables, built on first use (the dataclass is frozen, its cache is not)."""
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    def _replace(self, pieces: list[Piece], section: str, make) -> list[Piece]:
        out: list[Piece] = []
        for piece in pieces:
            if not isinstance(piece, str):
                out.append(piece)
                continue
            pos = 0
            for start, end in self._spans(piece, section):
                out.append(piece[pos:start])
                out.append(make(piece[start:end]))
                pos = end
            out.append(piece[pos:])
        return merge_text(out)

    def _spans(self, text: str, section: str) -> list[tuple[int, int]]:
        """Where the section's entries occur in ``text``: leftmost first, longest at a place."""
        found = sorted(
            ((m.start(), -m.end()) for pattern in self._patterns(section) for m in pattern.finditer(text)),
        )
        spans: list[tuple[int, int]] = []
        for start, negative_end in found:
            if not spans or start >= spans[-1][1]:
                spans.append((start, -negative_end))
        return spans

    def _patterns(self, section: str) -> list[re.Pattern[str]]:
        """Compiled matchers of a section: case-sensitive entries and the others apart."""
        return self._cached(f"patterns-{section}", lambda: self._compile(section))

    def _compile(self, section: str) -> list[re.Pattern[str]]:
        if section == "keep":
            alternatives = [(k.term, k.ignore_case) for k in self.keep]
        elif section == "terms":
            alternatives = [(form, True) for t in self.terms for form in t.forms]
        else:
            alternatives = [(src, True) for src, _ in self.normalizations]
        patterns = []
        for ignore_case in (False, True):
            texts = [text.lower() if ignore_case else text for text, flag in alternatives if flag == ignore_case]
            if texts:
                flags = re.IGNORECASE if ignore_case else 0
                patterns.append(re.compile(rf"(?<!\w){trie_regex(texts)}(?!\w)", flags))
        return patterns

    # --- what the report and QA need -------------------------------------------------

    def appendix(self, notes: str) -> Appendix:
        """The entries that occur in ``notes``, for the report's glossary appendix.

        A verb family shows once, as its infinitive and English base form.
        """
        used_forms = {notes[a:b].casefold() for a, b in self._spans(notes, "terms")}
        used_kept = {notes[a:b] for a, b in self._spans(notes, "keep")}
        translated: list[ForcedTerm] = []
        families: set[str] = set()
        for term in self.terms:
            if not used_forms.intersection(f.casefold() for f in term.forms) or term.family in families:
                continue
            if term.family:
                families.add(term.family)
                base = next(t for t in self.terms if t.family == term.family)
                term = ForcedTerm((term.family,), base.en, base.note)
            translated.append(term)
        kept = tuple(
            k
            for k in self.keep
            if any(k.term == u or (k.ignore_case and k.term.casefold() == u.casefold()) for u in used_kept)
        )
        return Appendix(translated=tuple(translated), kept=kept)

    @property
    def kept_terms(self) -> tuple[str, ...]:
        """Every kept term as written in the glossary."""
        return tuple(k.term for k in self.keep)


def trie_regex(texts: list[str]) -> str:
    """A regular expression matching any of ``texts``, built as a trie so it stays fast
    with hundreds of entries; at each place the longest entry is tried first."""
    trie: dict[str, Any] = {}
    for text in texts:
        node = trie
        for char in text:
            node = node.setdefault(char, {})
        node[""] = {}

    def walk(node: dict[str, Any]) -> str:
        branches = [re.escape(char) + walk(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        group = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return f"(?:{group})?"
        return group

    return "(?:" + walk(trie) + ")"


def match_case(source: str, replacement: str) -> str:
    """Give ``replacement`` the leading capital of ``source`` (``Tonces`` → ``Entonces``)."""
    if source[:1].isupper() and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement


# --- loading and validation ------------------------------------------------------------


# libyaml's parser when PyYAML has it: ten times faster on a glossary of this size.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_SafeLoader):  # type: ignore[misc, valid-type]
    """A safe loader that remembers each mapping's line and refuses duplicate keys."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        seen.add(key)
    mapping = loader.construct_mapping(node)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_glossary(path: Path) -> Glossary:
    """Read and validate ``path``; a missing file is an error, an empty one is an empty glossary."""
    if not path.is_file():
        raise TripreportError(f"{path}: glossary not found (create one, or pass --glossary)")
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)
    except UnicodeDecodeError:
        raise TripreportError(f"{path}: not UTF-8 text") from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        problem = getattr(err, "problem", None) or "invalid YAML"
        raise TripreportError(f"{where}: not valid YAML: {problem}") from None
    return parse_glossary(data, str(path))


def parse_glossary(data: Any, where: str = "glossary") -> Glossary:
    """Validate loaded YAML into a :class:`Glossary`; errors name the line and entry."""
    if data is None:
        return Glossary()
    if not isinstance(data, dict):
        raise TripreportError(f"{where}:1: the glossary must be a mapping with sections {', '.join(SECTIONS)}")
    line = data.pop("__line__", 1)
    unknown = [key for key in data if key not in SECTIONS]
    if unknown:
        raise TripreportError(f"{where}:{line}: unknown section {unknown[0]!r} (known: {', '.join(SECTIONS)})")
    keep = tuple(_keep_entry(e, where, line) for e in _as_list(data.get("keep"), "keep", where, line))
    terms = tuple(_term_entry(e, where, line) for e in _as_list(data.get("terms"), "terms", where, line))
    terms += tuple(t for e in _as_list(data.get("verbs"), "verbs", where, line) for t in _verb_entry(e, where, line))
    normalizations = _normalize_section(data.get("normalize"), where, line)
    fixes = _fix_section(data.get("fix"), where, line)
    _check_conflicts(keep, terms, normalizations, where)
    return Glossary(keep=keep, terms=terms, normalizations=normalizations, fixes=fixes)


def _as_list(value: Any, section: str, where: str, line: int) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise TripreportError(f"{where}:{line}: '{section}' must be a list of entries")
    return value


def _line(entry: Any, default: int) -> int:
    return entry.get("__line__", default) if isinstance(entry, dict) else default


def _text(value: Any, what: str, where: str, line: int) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        raise TripreportError(f"{where}:{line}: {what} must be a non-empty string")
    return value.strip()


def _keep_entry(entry: Any, where: str, line: int) -> KeepTerm:
    if not isinstance(entry, dict):
        return KeepTerm(term=_text(entry, "a 'keep' entry", where, line))
    line = _line(entry, line)
    extra = set(entry) - {"term", "ignore_case", "note", "__line__"}
    if extra:
        raise TripreportError(f"{where}:{line}: keep entry has unknown key {sorted(extra)[0]!r}")
    term = _text(entry.get("term"), "keep entry 'term'", where, line)
    ignore_case = entry.get("ignore_case", False)
    if not isinstance(ignore_case, bool):
        raise TripreportError(f"{where}:{line}: keep entry {term!r}: 'ignore_case' must be true or false")
    return KeepTerm(term, ignore_case, str(entry.get("note") or ""))


def _term_entry(entry: Any, where: str, line: int) -> ForcedTerm:
    if not isinstance(entry, dict):
        raise TripreportError(f"{where}:{line}: each 'terms' entry needs 'es' and 'en' keys")
    line = _line(entry, line)
    extra = set(entry) - {"es", "en", "note", "__line__"}
    if extra:
        raise TripreportError(f"{where}:{line}: terms entry has unknown key {sorted(extra)[0]!r}")
    raw_forms = entry.get("es")
    forms = raw_forms if isinstance(raw_forms, list) else [raw_forms]
    if not forms:
        raise TripreportError(f"{where}:{line}: terms entry: 'es' lists no Spanish form")
    forms = [_text(f, "terms entry 'es'", where, line) for f in forms]
    en = _text(entry.get("en"), f"terms entry {forms[0]!r}: 'en'", where, line)
    return ForcedTerm(tuple(forms), en, str(entry.get("note") or ""))


def _verb_entry(entry: Any, where: str, line: int) -> tuple[ForcedTerm, ...]:
    """A Spanglish -ar verb and its English: every conjugated form, each to the right English form."""
    if not isinstance(entry, dict):
        raise TripreportError(f"{where}:{line}: each 'verbs' entry needs 'es' (an -ar infinitive) and 'en'")
    line = _line(entry, line)
    extra = set(entry) - {"es", "en", "past", "gerund", "note", "__line__"}
    if extra:
        raise TripreportError(f"{where}:{line}: verbs entry has unknown key {sorted(extra)[0]!r}")
    infinitive = _text(entry.get("es"), "verbs entry 'es'", where, line)
    if not infinitive.endswith("ar") or " " in infinitive or len(infinitive) < 4:
        raise TripreportError(
            f"{where}:{line}: verbs entry {infinitive!r}: 'es' must be one -ar infinitive (deployar, checar)"
        )
    base = _text(entry.get("en"), f"verbs entry {infinitive!r}: 'en'", where, line)
    english = english_forms(base, entry.get("past"), entry.get("gerund"))
    stem, note = infinitive[:-2], str(entry.get("note") or "")
    return tuple(
        ForcedTerm(
            tuple(stem + ending for ending in endings), english[form], note if form == "base" else "", infinitive
        )
        for form, endings in VERB_ENDINGS.items()
    )


def english_forms(base: str, past: Any = None, gerund: Any = None) -> dict[str, str]:
    """Base, third person, past, gerund and with-object forms of a regular English verb."""

    def double(word: str) -> bool:  # tag → tagged, log → logging
        return bool(re.fullmatch(r".*[^aeiou][aeiou][bdglmnprt]", word)) and len(word) <= 4

    stem = base[:-1] if base.endswith("e") else base + base[-1] if double(base) else base
    third = (
        base + "es"
        if re.search(r"(s|sh|ch|x|z)$", base)
        else base[:-1] + "ies"
        if re.search(r"[^aeiou]y$", base)
        else base + "s"
    )
    return {
        "base": base,
        "third": third,
        "past": str(past) if past else (base + "d" if base.endswith("e") else stem + "ed"),
        "gerund": str(gerund) if gerund else stem + "ing",
        "object": base + " it",
    }


def _normalize_section(value: Any, where: str, line: int) -> tuple[tuple[str, str], ...]:
    if value is None:
        return ()
    if not isinstance(value, dict):
        raise TripreportError(f"{where}:{line}: 'normalize' must map informal spellings to standard ones")
    line = value.pop("__line__", line)
    return tuple(
        (_text(src, "a 'normalize' key", where, line), _text(dst, f"normalize {src!r}", where, line))
        for src, dst in value.items()
    )


def _fix_section(value: Any, where: str, line: int) -> tuple[FixRule, ...]:
    if value is None:
        return ()
    if not isinstance(value, dict):
        raise TripreportError(f"{where}:{line}: 'fix' must map engine names to lists of rules")
    line = value.pop("__line__", line)
    rules = []
    for engine, entries in value.items():
        for entry in _as_list(entries, f"fix.{engine}", where, line):
            entry_line = _line(entry, line)
            if not isinstance(entry, dict) or "find" not in entry or "replace" not in entry:
                raise TripreportError(f"{where}:{entry_line}: each fix.{engine} rule needs 'find' and 'replace'")
            find = entry["find"]  # not stripped: a leading space can be the point of a rule
            if not isinstance(find, str) or not find:
                raise TripreportError(f"{where}:{entry_line}: fix.{engine} 'find' must be a non-empty string")
            replace = entry["replace"]
            if not isinstance(replace, str):
                raise TripreportError(f"{where}:{entry_line}: fix.{engine} rule {find!r}: 'replace' must be a string")
            try:
                pattern = re.compile(find)
            except re.error as err:
                raise TripreportError(
                    f"{where}:{entry_line}: fix.{engine} rule {find!r}: bad regular expression: {err}"
                ) from None
            rules.append(FixRule(str(engine), pattern, replace))
    return tuple(rules)


def _check_conflicts(
    keep: tuple[KeepTerm, ...],
    terms: tuple[ForcedTerm, ...],
    normalizations: tuple[tuple[str, str], ...],
    where: str,
) -> None:
    kept = {k.term.casefold() if k.ignore_case else k.term for k in keep}
    if len(kept) != len(keep):
        seen: set[str] = set()
        for k in keep:
            key = k.term.casefold() if k.ignore_case else k.term
            if key in seen:
                raise TripreportError(f"{where}: keep term {k.term!r} is listed twice")
            seen.add(key)
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
                raise TripreportError(f"{where}: terms form {form!r} {verdict}")
            english_of[key] = term.en
            if form in kept or key in kept:
                raise TripreportError(f"{where}: {form!r} is both a kept term and a translated term")
    sources = [src.casefold() for src, _ in normalizations]
    for src in sources:
        if sources.count(src) > 1:
            raise TripreportError(f"{where}: normalize {src!r} is listed twice")
