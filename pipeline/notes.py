"""Reading the notes: find the Markdown files, decode them, split off the front matter.

This module owns everything about the input files themselves. It returns plain
:class:`Notes`; parsing the Markdown is :mod:`tripreport.document`'s job. Front matter is
read as blogs and static sites write it (YAML between ``---`` lines, or Hugo's TOML between
``+++``): the keys tripreport uses are checked, the others (``layout``, ``tags``…) ignored,
whatever their values; an author may be a mapping with a ``name`` (Jekyll) or a list of names
or of such mappings (Hugo's ``authors``), joined as a person would on each cover.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from tripreport.errors import TripreportError
from tripreport.progress import Detail, Progress, silent
from tripreport.safeyaml import NumbersAsWritten, read_yaml

DEFAULT_TITLE = "Trip report"
MAX_NOTES_MB = 5.0  # more is refused at once (TRIPREPORT_MAX_NOTES_MB raises it)


@dataclass(frozen=True)
class Meta:
    """What the front matter says about the report (all optional).

    ``title_en``, ``event_en`` and ``dates_en`` give the English cover; without them the
    title, subtitle, event and description are translated like the notes, and Spanish dates
    are put in English.
    """

    title: str = DEFAULT_TITLE
    subtitle: str = ""
    author: str = ""
    author_en: str = ""  # several authors joined in English ("Ana and Luis"), when given as a list
    event: str = ""
    description: str = ""
    dates: str = ""
    translated_by: str = ""
    title_en: str = ""
    event_en: str = ""
    dates_en: str = ""
    glossary_appendix: bool = True


# The front matter's keys and the type each takes.
META_TYPES: dict[str, type] = {f.name: bool if f.type in ("bool", bool) else str for f in fields(Meta)}
META_KEYS = tuple(META_TYPES)
# Keys that blogs write for a field of ours, used when that field is not given: Jekyll's and
# Hugo's ``date`` is the cover's dates, Hugo's ``authors`` the author.
ALIASES = {"date": "dates", "authors": "author"}
# A date with a time (``2018-11-12 10:00:00 +0100``, as Jekyll writes it): its day is enough for a cover.
_DATE_AND_TIME = re.compile(r"(\d{4}-\d{2}-\d{2})[T ]\d{1,2}:\d{2}.*")


@dataclass(frozen=True)
class Origin:
    """Where one file's body starts in the joined Markdown, and which line of the file that is."""

    offset: int  # 0-based line of the joined Markdown
    file: Path
    first_line: int  # 1-based line of the file


@dataclass(frozen=True)
class Notes:
    """The notes as one Markdown text, with their metadata and where they came from."""

    meta: Meta
    markdown: str
    sources: tuple[Path, ...] = field(default=())
    modified: dt.datetime = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    origins: tuple[Origin, ...] = field(default=())

    def locate(self, line: int) -> tuple[Path, int] | None:
        """The file and 1-based line of a 0-based line of :attr:`markdown`."""
        before = [origin for origin in self.origins if origin.offset <= line]
        if not before:
            return None
        origin = before[-1]
        return origin.file, origin.first_line + line - origin.offset

    def where(self, line: int | None) -> str:
        """``file:line`` for a 0-based line of :attr:`markdown` (the file alone without a line)."""
        found = None if line is None else self.locate(line)
        return f"{found[0]}:{found[1]}" if found else ""


def inside(path: Path, root: Path) -> bool:
    """True when ``path``, symlinks resolved, is ``root`` or within it."""
    try:
        path.resolve().relative_to(root.resolve())
        return True
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink loop
        return False


def find_note_files(path: Path, warn: Progress = silent) -> list[Path]:
    """The Markdown files making up the notes at ``path`` (a file or a folder), in name order.

    In a folder, a file that is a link to somewhere outside the folder is left out, with a
    warning: notes shared through git can carry such a link, and its target is not notes.
    """
    if not path.exists():
        raise TripreportError(
            f"{path}: notes not found; tripreport init starts a report here, "
            "or --notes names a Markdown file or a folder of them"
        )
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise TripreportError(f"{path}: not a file or a folder of notes")
    files = []
    for candidate in sorted(path.glob("*.md")):
        if not inside(candidate, path):
            warn(f"{candidate}: links outside {path}; left out")
        elif candidate.is_file():
            files.append(candidate)
    if not files:
        raise TripreportError(f"{path}: no *.md notes in this folder")
    return files


def max_notes_bytes() -> int:
    try:
        return int(float(os.environ.get("TRIPREPORT_MAX_NOTES_MB", MAX_NOTES_MB)) * 1_000_000)
    except ValueError:
        raise TripreportError("TRIPREPORT_MAX_NOTES_MB must be a number of megabytes") from None


def read_notes(path: Path, warn: Progress = silent) -> Notes:
    """Read every notes file at ``path`` as one report; front matter may come from any of them.

    Keys tripreport does not use are named once per file, as a detail (``--verbose``).
    """
    files = find_note_files(path, warn)
    total, limit = 0, max_notes_bytes()
    for file in files:
        try:
            total += file.stat().st_size
        except OSError as err:
            raise TripreportError(f"{file}: cannot read the notes ({err.strerror})") from None
        if total > limit:
            raise TripreportError(
                f"{path}: the notes are over {limit / 1e6:g} MB; split them into reports, "
                "or raise the limit with TRIPREPORT_MAX_NOTES_MB"
            )
    meta: dict[str, Any] = {}  # the front matter's values, checked against Meta's fields by split_front_matter
    bodies, origins, offset = [], [], 0
    for file in files:
        text = decode(file)
        front, body = split_front_matter(file, text)
        if front.ignored:
            warn(Detail(f"{file}: front matter keys not used: {', '.join(front.ignored)}"))
        for key, value in front.values.items():
            meta.setdefault(key, value)
        stripped = body.strip("\n")
        front_lines = text[: len(text) - len(body)].count("\n")
        leading = len(body) - len(body.lstrip("\n"))
        origins.append(Origin(offset, file, front_lines + leading + 1))
        offset += stripped.count("\n") + 2  # the body's lines, and the blank line joining the next
        bodies.append(stripped)
    markdown = "\n\n".join(bodies) + "\n"
    if not markdown.strip():
        raise TripreportError(f"{path}: the notes are empty")
    newest = max(os.stat(f).st_mtime for f in files)
    return Notes(
        meta=Meta(**meta),
        markdown=markdown,
        sources=tuple(files),
        modified=dt.datetime.fromtimestamp(int(newest), dt.UTC),
        origins=tuple(origins),
    )


def decode(file: Path) -> str:
    """The text of ``file`` as UTF-8, or a clear error naming the file and the bad byte."""
    try:
        data = file.read_bytes()
    except OSError as err:
        raise TripreportError(f"{file}: cannot read the notes ({err.strerror})") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise TripreportError(
            f"{file}:{line}: not UTF-8 text (byte 0x{data[err.start]:02x}); save the notes as UTF-8"
        ) from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n")


@dataclass(frozen=True)
class FrontMatter:
    """A file's front matter: the values of the keys tripreport uses, and the keys it ignores."""

    values: dict[str, str | bool] = field(default_factory=dict)
    ignored: tuple[str, ...] = ()


FENCES = ("---", "+++")  # YAML (Jekyll, Obsidian…), TOML (Hugo)


def split_front_matter(file: Path, text: str) -> tuple[FrontMatter, str]:
    """Split an optional front matter block off the top of ``text``: YAML between ``---``
    lines, or TOML between ``+++`` lines (Hugo). Every value used is checked for its type."""
    fence = text[:3]
    if fence not in FENCES or text[3:4] != "\n":
        return FrontMatter(), text
    end = text.find(f"\n{fence}\n", 3)
    if end < 0 and text.endswith(f"\n{fence}"):  # the file is front matter alone
        end = len(text) - 4
    if end < 0:
        raise TripreportError(f"{file}:1: front matter starts with '{fence}' but never ends")
    block, body = text[4:end], text[end + 5 :]
    if fence == "+++":
        data, key_lines = read_toml(file, block)
    else:
        data = read_yaml(block, str(file), loader=NumbersAsWritten, first_line=2) or {}
        if not isinstance(data, dict):
            raise TripreportError(f"{file}:2: front matter must be a mapping of keys to values")
        data.pop("__line__", None)
        key_lines = {key: line + 1 for key, line in data.pop("__key_lines__", {}).items()}  # block: from line 2
    return front_matter_values(file, data, key_lines), body


def read_toml(file: Path, block: str) -> tuple[dict[str, Any], dict[str, int]]:
    """TOML front matter, and the line of each top-level key (tomllib gives no positions): a
    key's own line, a dotted key's (``author.name = …``) or a table's (``[params]``, ``[[authors]]``)."""
    try:
        data = tomllib.loads(block, parse_float=str)  # a float as written: 3.10 is not 3.1
    except tomllib.TOMLDecodeError as err:
        at = re.search(r"at line (\d+)", str(err))
        last = len(block.rstrip("\n").split("\n"))  # "at end of document": its last line
        line = int(at.group(1)) + 1 if at else last + 1
        problem = re.sub(r"\s*\(at (?:line|end).*\)$", "", str(err))
        raise TripreportError(f"{file}:{line}: not valid TOML: {problem}") from None
    key_lines: dict[str, int] = {}
    in_table = False
    for number, text in enumerate(block.split("\n"), start=2):
        table = _TOML_TABLE.match(text)
        key = table or (None if in_table else _TOML_KEY.match(text))
        in_table = in_table or table is not None  # a table's own keys are not top-level ones
        if key:
            key_lines.setdefault(next(k for k in key.groups() if k is not None), number)
    return data, key_lines


_TOML_NAME = r"(?:\"([^\"]+)\"|'([^']+)'|([\w-]+))"  # the first part of a key: quoted or bare
_TOML_KEY = re.compile(rf"\s*{_TOML_NAME}\s*[=.]")
_TOML_TABLE = re.compile(rf"\s*\[\[?\s*{_TOML_NAME}")


def front_matter_values(file: Path, data: dict[Any, Any], key_lines: dict[Any, int]) -> FrontMatter:
    """The values of the keys tripreport uses, each checked; the other keys, by name."""
    values: dict[str, str | bool] = {}
    ignored = []
    # A field's own key before its alias (``dates`` before ``date``), whatever their order.
    for key, value in sorted(data.items(), key=lambda item: str(item[0]) in ALIASES):
        name = ALIASES.get(str(key), str(key))
        if name not in META_KEYS:
            ignored.append(str(key))
            continue
        if value is None or (name in values and key in ALIASES):
            continue
        where = f"{file}:{key_lines.get(key, 1)}"
        if META_TYPES[name] is bool:
            if not isinstance(value, bool):
                raise TripreportError(f"{where}: front matter {key!r} must be true or false")
            values[name] = value
        elif name == "author":
            if names := author_names(value, where, str(key)):
                values["author"] = joined(names, "y")
            if len(names) > 1:
                values.setdefault("author_en", joined(names, "and"))
        else:
            text = text_of(value)
            if text is None:
                quotes = " (put it in quotes)" if isinstance(value, bool) else ""
                raise TripreportError(
                    f"{where}: front matter {key!r} must be a piece of text, not {type(value).__name__}{quotes}"
                )
            values[name] = _DATE_AND_TIME.sub(r"\1", text) if name == "dates" and key in ALIASES else text
    return FrontMatter(values, tuple(ignored))


def text_of(value: object) -> str | None:
    """A front matter value as text (a date as YAML and TOML read it: its day), or None."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value).strip()
    return None


def author_names(value: object, where: str, key: str) -> list[str]:
    """The names an author value gives: a name, a mapping with a ``name`` (Jekyll's ``author:
    {name: …, twitter: …}``), or a list of either (Hugo's ``authors``); the other keys are left."""
    names = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, dict) and "name" not in item:
            line = item.get("__line__")  # YAML says where the mapping is (its block starts after '---'); TOML not
            at = f"{where.rsplit(':', 1)[0]}:{line + 1}" if isinstance(line, int) else where
            raise TripreportError(
                f"{at}: front matter {key!r} gives a mapping without a 'name'; write the author's name as name: …"
            )
        name = text_of(item["name"] if isinstance(item, dict) else item)
        if name is None and item is not None:
            raise TripreportError(
                f"{where}: front matter {key!r} must be a name, a mapping with a 'name', or a list of them"
            )
        if name:
            names.append(name)
    return names


# Spanish writes "e" for "y" before the sound /i/ (Ana e Inés, Luis e Hilda), but not before
# a diphthong (Eva y Iolanda, y hielo).
_I_SOUND = re.compile(r"h?[ií](?![aeiouáéíóú])", re.IGNORECASE)


def joined(names: list[str], conjunction: str) -> str:
    """Names as a person joins them: "Ana", "Ana y Luis", "Ana, Luis and Eva"."""
    if len(names) < 2:
        return "".join(names)
    if conjunction == "y" and _I_SOUND.match(names[-1]):
        conjunction = "e"
    return f"{', '.join(names[:-1])} {conjunction} {names[-1]}"
