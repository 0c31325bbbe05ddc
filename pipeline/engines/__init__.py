"""Translation engines behind one small contract, and the choice among them.

An engine translates a batch of Spanish segments to English and says who it is
(name and version, recorded in every output). Each engine module declares its
:class:`EngineSpec` as ``SPEC``: its name, placeholder, ``probe`` (is it installed? cheap,
imports nothing heavy), ``load`` (the ready :class:`Engine`; :class:`EngineOptions` carries
what it may use of the report) and whether ``auto`` may pick it. The registry names the
modules, imported when first asked, so the command line starts without loading any engine.
Adding an engine is one module and one line in :data:`ENGINE_MODULES`. What translates
the sentences an engine botches is :data:`FALLBACK` (see :mod:`.fallback`).
"""

from __future__ import annotations

import enum
import importlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from tripreport.errors import TripreportError
from tripreport.glossary.entries import FixRule, Sense

if TYPE_CHECKING:
    from tripreport.engines.apertium import SharedAnalyser


class EngineName(enum.StrEnum):
    """The names a user may ask for: ``auto`` and every engine (the command line's choices), in
    the order ``auto`` tries them (among those whose spec allows it). Each engine is the module
    ``tripreport.engines.<name>``."""

    auto = "auto"
    argos = "argos"
    apertium = "apertium"
    identity = "identity"


# name -> module, for every engine.
ENGINE_MODULES = {name: f"tripreport.engines.{name.value}" for name in EngineName if name is not EngineName.auto}
FALLBACK = EngineName.apertium  # translates what an engine that can degenerate botches
Warn = Callable[[str], None]


class Engine(Protocol):
    """What the pipeline needs of a translation engine."""

    name: EngineName
    version: str  # shown in every output
    memory_key: str  # everything its output depends on: the translation memory's key
    placeholder: PlaceholderFormat
    repairs_unknown_words: bool  # run the lexicon stage before it (not for identity)
    rule_based: bool  # gets help with negation and word order (translation.negation, translation.wordorder)
    can_degenerate: bool  # may loop or ramble: its output is checked (tripreport.engines.degenerate)

    @property
    def analyser(self) -> SharedAnalyser | None:
        """Apertium's Spanish analyser, when the engine runs one the lexicon can share."""
        ...

    def start(self) -> None:
        """Start loading, if it has anything to load early: a build calls this once it knows
        it has work (a build that finds nothing changed starts nothing)."""
        ...

    def translate_batch(self, segments: Sequence[str]) -> list[str]:
        """Translate Spanish segments to English, one output per input, in order."""
        ...

    @property
    def truncated(self) -> frozenset[int]:
        """The outputs of the last batch cut at a length limit (a neural model's; others: none)."""
        ...

    def close(self) -> None:
        """Stop whatever it runs (programs, models); a later batch starts it again."""
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

    name: EngineName
    available: bool
    version: str = ""
    detail: str = ""


@dataclass(frozen=True)
class EngineSpec:
    """What the registry knows of an engine: how to find it, load it, and when to use it."""

    name: EngineName
    placeholder: PlaceholderFormat
    probe: Callable[[], EngineStatus]
    load: Callable[[EngineOptions, Warn], Engine]
    # Asked for by name, it loads even when its probe says it is broken (its botched sentences
    # go to the fallback); None: as ``load``.
    load_by_name: Callable[[EngineOptions, Warn], Engine] | None = None
    auto: bool = True  # ``auto`` may pick it


def spec(name: EngineName) -> EngineSpec:
    """The spec of the engine called ``name`` (its module imported now, not before)."""
    if name not in ENGINE_MODULES:
        known = ", ".join(EngineName)
        raise TripreportError(f"unknown engine {name!r} (choose one of: {known})")
    found: EngineSpec = importlib.import_module(ENGINE_MODULES[name]).SPEC
    return found


def probe(name: EngineName) -> EngineStatus:
    """Status of one engine by name."""
    return spec(name).probe()


def probe_all() -> list[EngineStatus]:
    """Status of every engine, in registry order."""
    return [probe(name) for name in ENGINE_MODULES]


def check_fix_rules(rules: Iterable[FixRule]) -> None:
    """A glossary's ``fix:`` rules are for engines by name: one for an engine that does not exist
    (a typo: ``apertuim``) would never apply, so it is an error naming its file and line."""
    for rule in rules:
        if rule.engine not in ENGINE_MODULES:
            known = ", ".join(ENGINE_MODULES)
            raise TripreportError(
                f"{rule.source or 'glossary'}: fix rules for an unknown engine {rule.engine!r} (engines: {known})"
            )


def auto_candidates() -> list[EngineName]:
    """The engines ``auto`` may choose, in the order it tries them (translation engines, not identity)."""
    return [name for name in ENGINE_MODULES if spec(name).auto]


def choose(name: EngineName, warn: Warn = lambda message: None) -> EngineName:
    """Resolve ``auto`` to a real engine name; check that the chosen engine is available."""
    if name == EngineName.auto:
        candidates = auto_candidates()
        for candidate in candidates:
            status = probe(candidate)
            if status.available:
                return candidate
            if status.detail.startswith("broken"):
                warn(f"not using {candidate}: {status.detail}")
        hints = "; ".join(f"{s.name}: {s.detail}" for s in map(probe, candidates))
        raise TripreportError(f"no translation engine installed ({hints})")
    status = probe(name)
    if not status.available:
        raise TripreportError(f"engine {name!r} is not available: {status.detail}")
    return name


def placeholder_formats() -> list[PlaceholderFormat]:
    """The placeholder format of every engine (QA looks for leaked placeholders)."""
    return list({spec(name).placeholder.template: spec(name).placeholder for name in ENGINE_MODULES}.values())


def load(name: EngineName, warn: Warn = lambda message: None, options: EngineOptions | None = None) -> Engine:
    """A ready engine (``auto`` resolved); heavy libraries load here, not on import."""
    options = options or EngineOptions()
    if name != EngineName.auto and (by_name := spec(name).load_by_name) is not None:
        return by_name(options, warn)  # asked for by name: even a package that failed its self-test
    return spec(choose(name, warn)).load(options, warn)
