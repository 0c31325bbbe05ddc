"""A passage's history: each English it had before a save of the review page replaced it, and each one saved.

The history is kept in the passage's PO entry, as translator comments (``# ``), one line
each, oldest first::

    # history 2025-06-01T10:42Z machine "The keynote was very chida."
    # history 2025-06-01T10:43Z person "The keynote was great."

In the entry, it goes wherever the entry's English goes: the build's update (as msgmerge
does) keeps an entry's translator comments, carries them with a person's English to
changed Spanish, and keeps them in obsolete entries, so a passage that comes back brings
its history back. A person's own comments stay as written, before it. The English is a JSON
string, so a line holds any text and stays one line; a line that does not read as history
is a comment, never history; the page shows history as text.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass
from typing import Literal

import polib

Who = Literal["machine", "person"]  # the engine's English, or English a person saved
LIMIT = 50  # lines kept for a passage: the oldest go first
MAX_LINE = 40_000  # characters: a longer line (a passage's English is at most 10,000) is not history
_LINE = re.compile(r'history (\d{4}-\d\d-\d\dT\d\d:\d\dZ) (machine|person) ("(?:[^"\\]|\\.)*")')
_START = re.compile(r'history \d{4}-\d\d-\d\dT\d\d:\d\dZ (?:machine|person)(?: "|$)')
MAX_WRAPPED = 200  # lines one wrapped history line may have become (10,000 characters at 78 a line is 130)
# Characters that end a line for Python's splitlines() (polib reads a file with it), beyond the
# ones JSON escapes itself.
_BREAKS = {"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


@dataclass(frozen=True)
class Past:
    """An English a passage had: the text, who wrote it, and when (UTC, to the minute)."""

    english: str
    who: Who
    when: str


def now() -> str:
    return datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%MZ")


def read(entry: polib.POEntry | None) -> list[Past]:
    """The history kept in ``entry``, oldest first."""
    return split(entry.tcomment)[1] if entry is not None and entry.tcomment else []


def split(comments: str) -> tuple[list[str], list[Past]]:
    """Translator comments as a person's own lines and the history. A history line that a PO tool
    wrapped (polib wraps comments at 78 characters by default) is read with the lines it was
    wrapped onto, joined again with the space it broke at."""
    own: list[str] = []
    found: list[Past] = []
    pending: list[str] = []  # the lines of a history line not yet closed
    for line in comments.split("\n"):
        if _START.match(line) or not pending:
            own += pending  # not history after all (another starts, or too long): comments
            pending = []
            if not _START.match(line):
                own.append(line)
                continue
        pending.append(line)
        opening_only = len(pending) == 1 and line.endswith(' "') and _START.fullmatch(line) is not None
        if (closed(line) and not opening_only) or len(pending) >= MAX_WRAPPED:
            past = parse(" ".join(pending))  # a wrap broke it at a space
            if past is None:
                own += pending
            else:
                found.append(past)
            pending = []
    own += pending
    return own, found


def closed(text: str) -> bool:
    """True when ``text`` ends with a quote that ends a JSON string (not an escaped one)."""
    body = text.removesuffix('"')
    return body != text and (len(body) - len(body.rstrip("\\"))) % 2 == 0


def parse(line: str) -> Past | None:
    """One comment line as history, or None when it is not (a person's comment, or damaged)."""
    if len(line) > MAX_LINE or not line.startswith("history "):
        return None
    match = _LINE.fullmatch(line)
    if match is None:
        return None
    try:
        english = json.loads(match.group(3))
    except ValueError:
        return None
    if not isinstance(english, str) or not english.strip():
        return None
    who: Who = "machine" if match.group(2) == "machine" else "person"
    return Past(english, who, match.group(1))


def line_of(past: Past) -> str:
    text = json.dumps(past.english, ensure_ascii=False)
    for char, escaped in _BREAKS.items():
        text = text.replace(char, escaped)
    return f"history {past.when} {past.who} {text}"


def record(entry: polib.POEntry, pasts: list[Past]) -> None:
    """``pasts`` added to the history in ``entry``, each unless it is the English recorded last;
    the person's own comments kept before it, and the last :data:`LIMIT` lines of history."""
    own, history = split(entry.tcomment) if entry.tcomment else ([], [])
    for past in pasts:
        if past.english.strip() and (not history or history[-1].english != past.english):
            history.append(past)
    entry.tcomment = "\n".join([*own, *(line_of(p) for p in history[-LIMIT:])])
