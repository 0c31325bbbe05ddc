"""How a build tells what it is doing: a line of text, or a count of a long step.

The library only calls ``progress``; the command line decides how to show it (a live
bar on a terminal, plain lines in a log, nothing with ``--quiet``).
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


Progress = Callable[[str | Count], None]


def silent(update: str | Count) -> None:
    """Progress shown nowhere."""
