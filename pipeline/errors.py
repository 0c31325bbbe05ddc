"""The one exception type the CLI turns into a one-line message and a non-zero exit.

Every stage raises :class:`TripreportError` for problems the user can fix (a missing
file, bad YAML, no engine installed); :func:`one_line` also words the system's errors a
user can meet (a full disk, a locked file); anything else is a bug and keeps its traceback.
"""

from __future__ import annotations


class TripreportError(Exception):
    """A problem with the user's input or machine, described in one line."""


def one_line(err: Exception) -> str | None:
    """The one line for an error a user can meet, or None for a bug (which keeps its traceback)."""
    import sqlite3

    if isinstance(err, TripreportError):
        return str(err)
    if isinstance(err, OSError):
        where = f"{err.filename}: " if err.filename else ""
        also = f" (and {err.filename2})" if err.filename2 else ""
        return f"{where}{err.strerror or err}{also}"
    if isinstance(err, sqlite3.Error):
        return f"the translation memory failed: {err} (delete .tripreport/memory.sqlite to start afresh)"
    if type(err).__module__.startswith(("pypdf", "yaml")):
        return f"{type(err).__name__}: {err}"
    return None
