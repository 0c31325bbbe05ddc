"""Translation engines behind one small interface, and the choice among them.

An engine translates a batch of Spanish segments to English and says who it is
(name and version, recorded in every output). Each engine module offers
``probe()`` (is it installed? cheap, imports nothing heavy) and ``load(options, warn)``
(the ready :class:`Engine`; :class:`EngineOptions` carries what it may use of the
report). Adding an engine is one module and one line in
:data:`ENGINE_MODULES`.
"""

from __future__ import annotations

import enum
import importlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from tripreport.errors import TripreportError
from tripreport.glossary.entries import Sense

if TYPE_CHECKING:
    from tripreport.engines.apertium import SharedAnalyser

# name -> module; ``auto`` tries them in this order (identity is never picked by auto).
ENGINE_MODULES = {
    "argos": "tripreport.engines.argos",
    "apertium": "tripreport.engines.apertium",
    "identity": "tripreport.engines.identity",
}
AUTO_ORDER = ("argos", "apertium")
# The names a user may ask for: ``auto`` and every engine (the command line's choices).
EngineName = enum.Enum("EngineName", {name: name for name in ("auto", *ENGINE_MODULES)}, type=str)


class Engine(Protocol):
    """What the pipeline needs of a translation engine."""

    name: str
    version: str  # shown in every output
    memory_key: str  # everything its output depends on: the translation memory's key
    placeholder: PlaceholderFormat
    repairs_unknown_words: bool  # run the lexicon stage before it (not for identity)
    rule_based: bool  # gets help with negation and word order (tripreport.negation, tripreport.wordorder)
    can_degenerate: bool  # may loop or ramble: its output is checked (tripreport.degenerate)
    analyser: SharedAnalyser | None  # Apertium's Spanish analyser, when it runs one the lexicon can share

    def start(self) -> None:
        """Start loading, if it has anything to load early: a build calls this once it knows
        it has work (a build that finds nothing changed starts nothing)."""
        ...

    def translate_batch(self, segments: Sequence[str]) -> list[str]:
        """Translate Spanish segments to English, one output per input, in order."""
        ...


@dataclass(frozen=True)
class PlaceholderFormat:
    """How protected spans are written for an engine, e.g. ``zk{}z`` → ``zk3z``."""

    template: str

    def __call__(self, n: int) -> str:
        return self.template.format(n)

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        before, after = self.template.split("{}")
        return re.compile(re.escape(before) + r"(\d+)" + re.escape(after))


@dataclass(frozen=True)
class EngineOptions:
    """What a build tells an engine about the report: the glossary's word senses (Apertium
    chooses its English by them) and a folder for what it compiles from them."""

    senses: tuple[Sense, ...] = ()
    cache: Path | None = None  # where to keep what is compiled; None: the user's cache folder


@dataclass(frozen=True)
class EngineStatus:
    """Whether an engine can run here, and how to get it if not."""

    name: str
    available: bool
    version: str = ""
    detail: str = ""


def probe(name: str) -> EngineStatus:
    """Status of one engine by name."""
    return _module(name).probe()


def probe_all() -> list[EngineStatus]:
    """Status of every engine, in registry order."""
    return [probe(name) for name in ENGINE_MODULES]


def choose(name: str, warn: Callable[[str], None] = lambda message: None) -> str:
    """Resolve ``auto`` to a real engine name; check that the chosen engine is available."""
    if name == "auto":
        for candidate in AUTO_ORDER:
            status = probe(candidate)
            if status.available:
                return candidate
            if status.detail.startswith("broken"):
                warn(f"not using {candidate}: {status.detail}")
        hints = "; ".join(f"{s.name}: {s.detail}" for s in map(probe, AUTO_ORDER))
        raise TripreportError(f"no translation engine installed ({hints})")
    status = probe(name)
    if not status.available:
        raise TripreportError(f"engine {name!r} is not available: {status.detail}")
    return name


def placeholder_formats() -> list[PlaceholderFormat]:
    """The placeholder format of every engine (QA looks for leaked placeholders)."""
    return list({_module(name).PLACEHOLDER.template: _module(name).PLACEHOLDER for name in ENGINE_MODULES}.values())


def load(name: str, warn: Callable[[str], None] = lambda message: None, options: EngineOptions | None = None) -> Engine:
    """A ready engine (``auto`` resolved); heavy libraries load here, not on import."""
    options = options or EngineOptions()
    if name != "auto" and hasattr(_module(name), "load_anyway"):
        return _module(name).load_anyway(warn)  # asked for by name: even a package that failed its self-test
    return _module(choose(name, warn)).load(options, warn)


def _module(name: str):
    if name not in ENGINE_MODULES:
        known = ", ".join(["auto", *ENGINE_MODULES])
        raise TripreportError(f"unknown engine {name!r} (choose one of: {known})")
    return importlib.import_module(ENGINE_MODULES[name])
