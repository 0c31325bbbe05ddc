"""The base layer kept compiled: its files, once read and checked, as JSON in the user's cache.

Reading ``base.yaml`` and the region files is most of what loading a glossary costs (PyYAML
builds every node in Python, and the entries are then checked one by one). The same files
read by the same code always give the same entries, so a build keeps them under a key made
from both (:func:`tripreport.glossary.loading.examples_key`), and later builds, of any
report, read them back in a few milliseconds. Only a layer whose examples all passed is
kept; a file that cannot be read, or does not fit what this code writes, is ignored and the
layer read from its YAML again.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import regex

from tripreport.glossary.entries import (
    FixExample,
    FixRule,
    ForcedTerm,
    KeepTerm,
    Normalization,
    Sense,
    Source,
    TermExample,
)
from tripreport.glossary.matching import Glossary
from tripreport.outputs import keep_cache, user_cache

FORMAT = 2  # bump when what is written changes shape
SECTIONS: dict[str, type] = {
    "keep": KeepTerm,
    "terms": ForcedTerm,
    "normalizations": Normalization,
    "fixes": FixRule,
    "senses": Sense,
}


def cache_file(key: str) -> Path:
    """Where the base layer made from ``key`` is kept."""
    return user_cache() / "glossary" / f"base-{key[:24]}.json"


def read(key: str) -> Glossary | None:
    """The base layer kept under ``key``, or None (never kept, unreadable, or of another shape)."""
    try:
        data = json.loads(cache_file(key).read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("key") != key:
            return None
        sections: dict[str, Any] = {name: tuple(decode(SECTIONS[name], e) for e in data[name]) for name in SECTIONS}
        return Glossary(**sections)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, regex.error):
        return None


def keep(key: str, glossary: Glossary) -> None:
    """Keep a checked base layer under ``key``, in place of any other kept before it."""
    data = {"format": FORMAT, "key": key, **{name: [encode(e) for e in getattr(glossary, name)] for name in SECTIONS}}
    path = cache_file(key)
    if keep_cache(path, json.dumps(data, ensure_ascii=False).encode("utf-8")):
        for old in path.parent.glob("base-*.json"):  # one kept layer at a time: older code's are dead
            if old != path:
                old.unlink(missing_ok=True)


def encode(entry: Any) -> Any:
    """An entry as JSON data: the fields that differ from their defaults, by name; a source as
    [file, line, layer]; a compiled pattern as its text and flags."""
    if isinstance(entry, regex.Pattern):
        return [entry.pattern, entry.flags]
    if isinstance(entry, Source):
        return [entry.file, entry.line, entry.layer]
    if dataclasses.is_dataclass(entry) and not isinstance(entry, type):
        return {
            f.name: encode(getattr(entry, f.name))
            for f in dataclasses.fields(entry)
            if getattr(entry, f.name) != f.default or f.default is dataclasses.MISSING
        }
    if isinstance(entry, tuple):
        return [encode(item) for item in entry]
    return entry


def decode(kind: type, data: dict[str, Any]) -> Any:
    """An entry of ``kind`` from what :func:`encode` made of it (lists back to tuples)."""
    values: dict[str, Any] = {}
    for name, value in data.items():
        if name == "source":
            value = Source(*value) if value is not None else None
        elif name == "find":
            value = regex.compile(*value)
        elif name == "examples":
            example = FixExample if kind is FixRule else TermExample
            value = tuple(example(**e) for e in value)
        elif isinstance(value, list):
            value = tuple(value)
        values[name] = value
    return kind(**values)
