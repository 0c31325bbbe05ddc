"""A second engine's English for one passage: the review page's other suggestion.

When the build translates with one engine and another is installed and sound (an Argos
model that passed its self-test beside Apertium, or Apertium beside Argos), the review
page can show that engine's English for the passage being corrected. It goes through the
translation stage the build uses (glossary, placeholders, the memory), one passage at a
time, without the lexicon's helpers (they belong to the build, which may be running): what
it translated once comes from the memory after that, in this session and the next.
"""

from __future__ import annotations

import threading
from pathlib import Path

from markdown_it.token import Token

from tripreport import engines, render
from tripreport.document import Document, TextUnit, inline_pieces, markdown_parser
from tripreport.engines import Engine, EngineName
from tripreport.errors import TripreportError
from tripreport.glossary import Glossary
from tripreport.notes import Meta
from tripreport.translation.memory import TranslationMemory
from tripreport.translation.translate import translate_document


class SecondEngine:
    """The engine other than the build's, loaded on the first passage asked for and kept."""

    def __init__(self, memory: Path) -> None:
        self.memory = memory
        self._lock = threading.Lock()  # one passage at a time through the engine
        self._probing = threading.Lock()
        self._names: dict[EngineName, EngineName | None] = {}  # the build's engine → the other one, probed once
        self._engine: Engine | None = None

    def name_for(self, first: EngineName) -> EngineName | None:
        """The installed and sound engine that is not ``first``, if there is one."""
        with self._probing:
            if first not in self._names:
                self._names[first] = next(
                    (name for name in engines.auto_candidates() if name != first and engines.probe(name).available),
                    None,
                )
            return self._names[first]

    def translate(self, first: EngineName, spanish: str, glossary: Glossary) -> tuple[EngineName, str]:
        """The second engine's name and its English (inline Markdown) for ``spanish`` (inline Markdown)."""
        name = self.name_for(first)
        if name is None:
            raise TripreportError("no second engine is installed (tripreport models install es_en adds Argos)")
        with self._lock:
            if self._engine is None or self._engine.name != name:
                self._close_engine()
                self._engine = engines.load(name)
            with TranslationMemory(self.memory) as memory:
                english, report = translate_document(one_unit(spanish), glossary, self._engine, memory)
        if report.flagged_units:
            reasons = ", ".join(report.flagged_units[0])
            raise TripreportError(f"{name}'s English for this passage is degenerate ({reasons}); no suggestion")
        return name, render.inline_markdown(english.unit_inline(english.units[0]))

    def _close_engine(self) -> None:
        if self._engine is not None:
            self._engine.close()
        self._engine = None

    def close(self) -> None:
        with self._lock:
            self._close_engine()


def one_unit(spanish: str) -> Document:
    """A document of one paragraph holding ``spanish`` (a unit's inline Markdown)."""
    inline = markdown_parser().parseInline(spanish)[0]
    tokens = [Token("paragraph_open", "p", 1), inline, Token("paragraph_close", "p", -1)]
    return Document(meta=Meta(), tokens=tokens, units=[TextUnit(index=1, pieces=inline_pieces(spanish))])
