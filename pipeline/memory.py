"""The translation memory: engine outputs kept in SQLite so reruns translate only what changed.

The key is the segment exactly as sent to the engine (after normalization and with
protected terms already replaced by placeholders) plus the engine's name and version.
Glossary edits that change what the engine sees (a new kept term, a normalization)
change the segment and so miss; edits applied around the engine (a term's English,
a ``fix`` rule) need no retranslation at all. Writes happen in one transaction per
batch; a file SQLite cannot read is moved aside and rebuilt, with a warning.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from tripreport.engines import Engine

SCHEMA = """
CREATE TABLE IF NOT EXISTS translations (
    engine TEXT NOT NULL,
    engine_version TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    PRIMARY KEY (engine, engine_version, source)
) WITHOUT ROWID;
"""


class TranslationMemory:
    """Engine outputs by (engine, version, segment), in one SQLite file."""

    def __init__(self, path: Path, warn: Callable[[str], None] = lambda message: None) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._connection = self._open()
        except sqlite3.DatabaseError as err:
            aside = path.with_name(f"{path.name}.corrupt-{int(time.time())}")
            path.replace(aside)
            warn(f"translation memory {path} was unreadable ({err}); moved it to {aside.name} and started afresh")
            self._connection = self._open()

    def _open(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path)
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

    def lookup(self, engine: Engine, segments: Sequence[str]) -> dict[str, str]:
        """Known translations of ``segments`` by this engine and version."""
        found: dict[str, str] = {}
        query = "SELECT source, target FROM translations WHERE engine = ? AND engine_version = ? AND source IN ({})"
        batch = list(segments)
        for start in range(0, len(batch), 500):  # stay under SQLite's variable limit
            chunk = batch[start : start + 500]
            rows = self._connection.execute(
                query.format(",".join("?" * len(chunk))), (engine.name, engine.version, *chunk)
            )
            found.update(rows)
        return found

    def store(self, engine: Engine, pairs: dict[str, str]) -> None:
        """Remember ``pairs`` (source → target), all or nothing."""
        with self._connection:
            self._connection.executemany(
                "INSERT OR REPLACE INTO translations VALUES (?, ?, ?, ?)",
                [(engine.name, engine.version, source, target) for source, target in pairs.items()],
            )

    def close(self) -> None:
        self._connection.close()

    def __enter__(self) -> TranslationMemory:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
