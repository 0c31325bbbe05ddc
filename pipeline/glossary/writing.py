"""Adding one entry to a report's ``glossary.yaml`` the way a person would write it.

ruamel.yaml reads the file in its round-trip mode (comments, order, flow style and quotes
kept) and writes it back with the entry appended to its section, in the flow style the
glossary's entries are written in (``- {es: [chamba], en: gig, examples: [...]}``). The
file's indentation is found and kept; if writing it back would change any line but the new
ones, nothing is written. The new text is read and checked by the glossary's own loader
(every entry's examples, conflicts) before it replaces the file, atomically: a refused entry
leaves the file as it was.

Values are plain strings only (no tags, no anchors); the emitter quotes any that YAML would
read as something else (``yes``, ``1e3``, ``key: value``, ``]``, ``#``, ``!tag``), and control
characters and line breaks are refused before, so a hostile string cannot close the entry,
open another section or become another type.
"""

from __future__ import annotations

import difflib
import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml

from tripreport.errors import TripreportError
from tripreport.glossary.loading import glossary_from_text
from tripreport.glossary.matching import Glossary
from tripreport.outputs import write_atomic

EntryKind = Literal["term", "keep", "sense"]
SECTION: dict[EntryKind, str] = {"term": "terms", "keep": "keep", "sense": "senses"}
MAX_VALUE = 300  # characters of one value; a passage's sentence as an example is longer: see MAX_EXAMPLE
MAX_EXAMPLE = 2_000
# (sequence indent, dash offset) a glossary may be written with: "keep:\n  - x" is (4, 2).
INDENTS = ((4, 2), (2, 0), (2, 2), (4, 0), (3, 1))
# A value written without quotes: words, spaces and sentence punctuation that means nothing to
# YAML in a flow collection (no ":", "#", ",", brackets or quotes), starting with a letter.
PLAIN = re.compile(r"[^\W\d_][\w .'¿?¡!()-]*(?<! )")


@dataclass(frozen=True)
class NewEntry:
    """An entry a person asked for: its kind, its Spanish and English, an example and a counter-example."""

    kind: EntryKind
    es: str
    en: str = ""  # a kept term has none
    example: str = ""  # a sentence where it applies (the passage it was made from)
    counter: str = ""  # a sentence where it must not apply ("" for none)
    note: str = ""


@dataclass(frozen=True)
class Added:
    """The glossary file written with the entry: its line there, the glossary it loads as, its text."""

    line: int
    glossary: Glossary
    text: str


def text_value(value: str, what: str, limit: int = MAX_VALUE) -> str:
    """One line of text for the glossary: not empty, no control character or line break, within ``limit``."""
    value = value.strip()
    if not value:
        raise TripreportError(f"{what} is empty")
    if len(value) > limit:
        raise TripreportError(f"{what} is over {limit} characters")
    if any(unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp") for c in value):
        raise TripreportError(f"{what} holds a control character or a line break")
    return value


def scalar(value: str) -> Any:
    """``value`` plain when every YAML reader (PyYAML's 1.1 rules, which read ``yes`` as true,
    too) reads it back as this very string; double-quoted otherwise."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    if PLAIN.fullmatch(value) and yaml.safe_load(value) == value:
        return value
    return DoubleQuotedScalarString(value)


def entry_data(entry: NewEntry) -> Any:
    """The entry as ruamel's round-trip data, in flow style."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    def flow(value: Any) -> Any:
        if isinstance(value, dict):
            made: Any = CommentedMap(((k, flow(v)) for k, v in value.items()))
        elif isinstance(value, list):
            made = CommentedSeq(flow(v) for v in value)
        else:
            return scalar(value)
        made.fa.set_flow_style()
        return made

    if entry.kind == "keep":
        return scalar(entry.es) if not entry.note else flow({"term": entry.es, "note": entry.note})
    data: dict[str, Any] = {"es": [entry.es] if entry.kind == "term" else entry.es, "en": entry.en}
    if entry.note:
        data["note"] = entry.note
    if entry.example:
        data["examples"] = [{"es": entry.example, "want": entry.en}]
    if entry.counter:
        data["not"] = [entry.counter]
    return flow(data)


def with_entry(text: str, entry: NewEntry, where: str) -> tuple[str, int]:
    """The glossary's text with ``entry`` appended to its section, and the entry's line (1-based)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    section = SECTION[entry.kind]
    for sequence, offset in INDENTS:
        yaml = YAML(typ="rt")
        yaml.preserve_quotes = True
        yaml.width = 1_000_000  # never fold a line
        yaml.indent(mapping=2, sequence=sequence, offset=offset)
        try:
            data = yaml.load(text)
        except YAMLError as err:
            raise TripreportError(f"{where}: not valid YAML ({str(err).splitlines()[0]}); fix it first") from None
        if data is None:  # empty, or comments only: the section is added after them
            block = io.StringIO()
            yaml.dump({section: [entry_data(entry)]}, block)
            head = text.rstrip("\n") + "\n" if text.strip() else ""
            return head + block.getvalue(), len(head.splitlines()) + 2
        if not hasattr(data, "setdefault"):
            raise TripreportError(f"{where}: the glossary is not a mapping of sections")
        entries = data.get(section)
        if entries is None:
            data[section] = entries = []
        if not isinstance(entries, list):
            raise TripreportError(f"{where}: '{section}' is not a list of entries")
        entries.append(entry_data(entry))
        follow_the_new_entry(entries)
        out = io.StringIO()
        yaml.dump(data, out)
        new_text = out.getvalue()
        inserted = only_insertions(text, new_text)
        if inserted is not None:
            return new_text, inserted
    raise TripreportError(f"{where}: cannot add the entry without rewriting other lines; add it by hand")


def follow_the_new_entry(entries: Any) -> None:
    """What followed the section's last entry (blank lines, the next section's comments) follows
    the new one; a comment at the end of that entry's own line stays on it."""
    from ruamel.yaml.tokens import CommentToken

    last = len(entries) - 2
    comments = getattr(entries, "ca", None)
    if comments is None or last not in comments.items or not comments.items[last][0]:
        return
    token = comments.items[last][0]
    own, newline, after = token.value.partition("\n") if token.value.startswith("#") else ("", "", token.value)
    if not after:
        return
    token.value = own + newline
    moved = CommentToken("\n" + after if own else after, token.start_mark, None)
    comments.items[last + 1] = [moved, None, None, None]
    if not own:
        del comments.items[last]


def only_insertions(old: str, new: str) -> int | None:
    """The last line (1-based) ``new`` inserts into ``old`` (the entry, after its section's name when
    that is new too), if inserting lines is all it does; else None."""
    before, after = old.splitlines(), new.splitlines()
    last = None
    for op, i1, i2, _, j2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        if op != "insert" or i1 != i2:
            return None
        last = j2
    return last


def add_entry(path: Path, entry: NewEntry, check: Callable[[Glossary], None] | None = None) -> Added:
    """Append ``entry`` to the glossary at ``path``, checked by the glossary's loader first (and by
    ``check``: a word sense through its engine); the file is replaced only when all of that passes."""
    try:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
    except (OSError, UnicodeDecodeError) as err:
        raise TripreportError(f"{path}: cannot read the glossary ({err})") from None
    new_text, line = with_entry(text, entry, str(path))
    glossary = glossary_from_text(new_text, str(path))  # raises, naming the file and line, on any problem
    if check is not None:
        check(glossary)
    write_atomic(path, new_text.encode("utf-8"))
    return Added(line, glossary, new_text)
