"""How a build tells what it is doing: a line of text, a detail, or a count of a long step.

The library only calls ``progress``; the command line decides how to show it (a live
bar on a terminal, plain lines in a log, details only with ``--verbose``, nothing with ``--quiet``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Count:
    """How far a long step has gone: ``done`` of ``total`` (segments translated, PDFs printed)."""

    what: str
    done: int
    total: int


@dataclass(frozen=True)
class Detail:
    """A line worth showing only to someone who asked for every step (front matter keys ignored)."""

    text: str

    def __str__(self) -> str:
        return self.text


Progress = Callable[[str | Count | Detail], None]


def silent(update: str | Count | Detail) -> None:
    """Progress shown nowhere."""


def plural(count: int, noun: str) -> str:
    """``1 warning``, ``3 warnings``: a count in words, for messages."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
