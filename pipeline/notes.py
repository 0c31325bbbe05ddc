"""Reading the notes: find the Markdown files, decode them, split off the front matter.

This module owns everything about the input files themselves. It returns plain
:class:`Notes`; parsing the Markdown is :mod:`tripreport.document`'s job.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from tripreport.errors import TripreportError

META_KEYS = ("title", "author", "event", "dates", "translated_by")
DEFAULT_TITLE = "Trip report"


@dataclass(frozen=True)
class Meta:
    """What the front matter says about the report (all optional)."""

    title: str = DEFAULT_TITLE
    author: str = ""
    event: str = ""
    dates: str = ""
    translated_by: str = ""


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


def find_note_files(path: Path) -> list[Path]:
    """The Markdown files making up the notes at ``path`` (a file or a folder), in name order."""
    if not path.exists():
        raise TripreportError(f"{path}: notes not found (give a Markdown file or a folder of them)")
    if path.is_file():
        return [path]
    files = sorted(p for p in path.glob("*.md") if p.is_file())
    if not files:
        raise TripreportError(f"{path}: no *.md notes in this folder")
    return files


def read_notes(path: Path) -> Notes:
    """Read every notes file at ``path`` as one report; front matter may come from any of them."""
    files = find_note_files(path)
    meta: dict[str, str] = {}
    bodies, origins, offset = [], [], 0
    for file in files:
        text = decode(file)
        front, body = split_front_matter(file, text)
        for key, value in front.items():
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
    data = file.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise TripreportError(
            f"{file}:{line}: not UTF-8 text (byte 0x{data[err.start]:02x}); save the notes as UTF-8"
        ) from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n")


def split_front_matter(file: Path, text: str) -> tuple[dict[str, str], str]:
    """Split an optional ``---`` YAML block off the top of ``text``."""
    if not text.startswith("---\n"):
        return {}, text
    end = text.find("\n---\n", 3)
    if end < 0:
        raise TripreportError(f"{file}:1: front matter starts with '---' but never ends")
    block, body = text[4:end], text[end + 5 :]
    try:
        data = yaml.safe_load(block) or {}
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        raise TripreportError(f"{file}:{line}: front matter is not valid YAML") from None
    if not isinstance(data, dict):
        raise TripreportError(f"{file}:2: front matter must be a mapping of keys to values")
    unknown = sorted(set(map(str, data)) - set(META_KEYS))
    if unknown:
        raise TripreportError(f"{file}: unknown front matter key {unknown[0]!r} (known: {', '.join(META_KEYS)})")
    return {key: str(value) for key, value in data.items() if value is not None}, body
