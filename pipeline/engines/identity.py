"""The identity engine: returns the Spanish unchanged.

Useful to check the document's structure and the protection round trip without
translating; never chosen by ``auto``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from tripreport import __version__
from tripreport.engines import EngineName, EngineOptions, EngineSpec, EngineStatus, PlaceholderFormat

# Unlike any text of the notes, so a round trip through it is exact.
PLACEHOLDER = PlaceholderFormat("⟦{}⟧")


class IdentityEngine:
    """Copies every segment through."""

    name = EngineName.identity
    version = __version__
    memory_key = f"identity {__version__}"
    placeholder = PLACEHOLDER
    rule_based = False
    can_degenerate = False
    repairs_unknown_words = False  # it copies the notes as written
    analyser = None
    truncated: frozenset[int] = frozenset()

    def start(self) -> None:
        """Nothing to load."""

    def translate_batch(self, segments: Sequence[str]) -> list[str]:
        return list(segments)

    def close(self) -> None:
        """Nothing runs."""


def probe() -> EngineStatus:
    return EngineStatus(EngineName.identity, True, __version__, "copies the Spanish through (for checks)")


def load(options: EngineOptions | None = None, warn: Callable[[str], None] = lambda message: None) -> IdentityEngine:
    return IdentityEngine()


SPEC = EngineSpec(EngineName.identity, PLACEHOLDER, probe, load, auto=False)
