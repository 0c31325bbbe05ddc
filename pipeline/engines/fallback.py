"""The fallback engine: what translates the sentences an engine botches (a neural model that loops)."""

from __future__ import annotations

from tripreport.engines import FALLBACK, Engine, EngineOptions, load, probe


class Fallback:
    """The fallback engine, loaded only when first needed (with the options the engine had), and
    stopped when the translation stage ends (``serve`` would otherwise gather one per build).
    None where the engine is the fallback itself or the fallback is not installed."""

    def __init__(self, engine: Engine, options: EngineOptions) -> None:
        self.engine, self.options = engine, options
        self._loaded: list[Engine | None] = []

    def __call__(self) -> Engine | None:
        if not self._loaded:
            available = self.engine.name != FALLBACK and probe(FALLBACK).available
            self._loaded.append(load(FALLBACK, options=self.options) if available else None)
        return self._loaded[0]

    def close(self) -> None:
        if self._loaded and self._loaded[0] is not None:
            self._loaded[0].close()
