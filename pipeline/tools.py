"""The programs a build runs: the engine, the lexicon's helpers, the print workers."""

from __future__ import annotations

from tripreport import engines, printing
from tripreport.config import BuildConfig
from tripreport.engines import Engine
from tripreport.lexicon import Lexicon
from tripreport.progress import Progress


class Tools:
    """The programs a build runs: the engine, the lexicon's helpers, the print workers.

    A build starts what it needs and stops it when done with it (the engine and lexicon
    before printing, so their memory is free for the print workers); ``tripreport serve``
    keeps one ``Tools(keep_warm=True)`` for all its builds, so each rebuild finds them
    started and warm.
    """

    def __init__(self, keep_warm: bool = False) -> None:
        self.keep_warm = keep_warm
        self.engine: Engine | None = None
        self._engine_key: tuple[engines.EngineName, engines.EngineOptions] | None = None
        self.lexicon: Lexicon | None = None
        self._lexicon_loaded = False
        self.printers: printing.PrintPool | None = None

    def engine_for(self, name: engines.EngineName, progress: Progress, options: engines.EngineOptions) -> Engine:
        """The engine ``name`` with ``options`` (the glossary's senses): the running one if it has them."""
        if self.engine is None or self._engine_key != (name, options):
            self._close_lexicon()  # it may share the old engine's analyser
            self._close_engine()
            self.engine, self._engine_key = engines.load(name, progress, options), (name, options)
        return self.engine

    def lexicon_for(self, engine: Engine) -> Lexicon | None:
        if not engine.repairs_unknown_words:
            return None
        if not self._lexicon_loaded:
            self.lexicon, self._lexicon_loaded = Lexicon.load(engine.analyser), True
        return self.lexicon

    def warm_up(self) -> None:
        """Start the engine's and the lexicon's programs, once a build knows it has work."""
        if self.engine is not None:
            self.engine.start()
        if self.lexicon is not None:
            self.lexicon.start()

    def done_translating(self) -> None:
        """The build needs the engine and the lexicon no more: stopped, unless kept warm."""
        if not self.keep_warm:
            self._close_lexicon()
            self._close_engine()

    def printers_for(self, config: BuildConfig) -> printing.PrintPool:
        """The print pool, started now if it is not (loading WeasyPrint while the build goes on)."""
        if self.printers is None:
            self.printers = printing.PrintPool(config.out, config.state / "print", debug=config.debug)
            self.printers.start()
        return self.printers

    def close(self, finish: bool = True) -> None:
        """Stop them all; without ``finish`` (a failure, Ctrl-C), the PDFs in print are dropped."""
        if self.printers is not None:
            self.printers.stop(finish)
            self.printers = None
        self._close_lexicon()
        self._close_engine()

    def _close_lexicon(self) -> None:
        if self.lexicon is not None:
            self.lexicon.close()
        self.lexicon, self._lexicon_loaded = None, False

    def _close_engine(self) -> None:
        if self.engine is not None:
            self.engine.close()
        self.engine = None
