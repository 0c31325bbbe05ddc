"""The translation memory: engine outputs kept in SQLite so reruns translate only what changed.

The key is the segment exactly as it would go to the engine before any repair (after
normalization, with protected terms as placeholders) and the engine's memory key, which
names everything its output depends on (engine, version, model files, the lexicon's
dictionaries). Glossary edits that change what the engine sees miss; edits applied
around the engine (a term's English, a ``fix`` rule) need no retranslation. Machine
output only: human translations live in the PO file.

A file SQLite cannot read is moved aside and rebuilt, with a warning; a memory another
process holds is waited for (``busy_timeout``) and then a clear error, never moved aside;
a memory that cannot be written (a read-only file or folder) is used read-only, with a
warning, or not at all.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tripreport.errors import TripreportError

SCHEMA = """
CREATE TABLE IF NOT EXISTS segments (
    engine TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (engine, source)
) WITHOUT ROWID;
DROP TABLE IF EXISTS translations;
"""
BUSY_SECONDS = 10.0  # how long to wait for another build holding the memory


@dataclass(frozen=True)
class Remembered:
    """An engine's output for a segment, and notes on how it was made (JSON, the lexicon's corrections)."""

    target: str
    notes: str = ""


class TranslationMemory:
    """Engine outputs by (engine memory key, segment), in one SQLite file."""

    def __init__(self, path: Path, warn: Callable[[str], None] = lambda message: None) -> None:
        self.path, self.warn = path, warn
        self.writable = True
        self._connection: sqlite3.Connection | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except (FileExistsError, NotADirectoryError):
            raise TripreportError(f"{path.parent}: not a folder (tripreport keeps its state there)") from None
        except OSError as err:
            warn(f"cannot create {path.parent} ({err.strerror}); building without a translation memory")
            return
        if path.is_dir():
            raise TripreportError(f"{path}: is a folder, not a translation memory; move it away")
        try:
            self._connection = self._open()
        except sqlite3.OperationalError as err:
            if _busy(err):
                raise TripreportError(f"{path}: the translation memory is busy (another build?); {err}") from None
            self._read_only(err)
        except sqlite3.DatabaseError as err:
            aside = path.with_name(f"{path.name}.corrupt-{int(time.time())}")
            path.replace(aside)
            warn(f"translation memory {path} was unreadable ({err}); moved it to {aside.name} and started afresh")
            self._connection = self._open()

    def _open(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, timeout=BUSY_SECONDS)
        try:
            ok = connection.execute("PRAGMA quick_check").fetchone()
            if not ok or ok[0] != "ok":
                raise sqlite3.DatabaseError(f"integrity check failed: {ok}")
            with connection:
                connection.executescript(SCHEMA)
        except sqlite3.DatabaseError:
            connection.close()
            raise
        return connection

    def _read_only(self, err: sqlite3.Error) -> None:
        """Open the memory read-only after ``err`` stopped a write; without it if that fails too."""
        self.writable = False
        try:
            connection = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_SECONDS)
            connection.execute("SELECT 1 FROM segments LIMIT 1").fetchall()
            self._connection = connection
            self.warn(f"translation memory {self.path} cannot be written ({err}); using it read-only")
        except sqlite3.Error:
            self._connection = None
            self.warn(f"translation memory {self.path} cannot be used ({err}); building without it")

    def lookup(self, key: str, segments: Sequence[str]) -> dict[str, Remembered]:
        """Known outputs for ``segments`` under the engine memory key ``key``."""
        if self._connection is None:
            return {}
        found: dict[str, Remembered] = {}
        query = "SELECT source, target, notes FROM segments WHERE engine = ? AND source IN ({})"
        batch = list(segments)
        for start in range(0, len(batch), 500):  # stay under SQLite's variable limit
            chunk = batch[start : start + 500]
            rows = self._execute(query.format(",".join("?" * len(chunk))), (key, *chunk))
            found.update((source, Remembered(target, notes)) for source, target, notes in rows)
        return found

    def store(self, key: str, items: dict[str, Remembered]) -> None:
        """Remember ``items`` (segment → output), all or nothing."""
        if self._connection is None or not self.writable or not items:
            return
        rows = [(key, source, item.target, item.notes) for source, item in items.items()]
        try:
            with self._connection:
                self._connection.executemany("INSERT OR REPLACE INTO segments VALUES (?, ?, ?, ?)", rows)
        except sqlite3.OperationalError as err:
            if _busy(err):
                raise TripreportError(f"{self.path}: the translation memory is busy (another build?); {err}") from None
            self.writable = False
            self.warn(f"translation memory {self.path} cannot be written ({err}); this build's work is not kept")

    def _execute(self, query: str, parameters: tuple) -> list[tuple]:
        assert self._connection is not None
        try:
            return self._connection.execute(query, parameters).fetchall()
        except sqlite3.OperationalError as err:
            if _busy(err):
                raise TripreportError(f"{self.path}: the translation memory is busy (another build?); {err}") from None
            raise TripreportError(f"{self.path}: cannot read the translation memory: {err}") from None

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()

    def __enter__(self) -> TranslationMemory:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _busy(err: sqlite3.Error) -> bool:
    return any(word in str(err).lower() for word in ("locked", "busy"))
