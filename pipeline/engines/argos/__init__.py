"""Argos Translate, the neural engine: an installed es→en package run with CTranslate2.

:mod:`.translator` runs a package; :mod:`.verdict` judges whether one can be trusted (known bad
versions, a self-test); :mod:`.store` keeps the packages themselves, on disk and in the index
(no engine code: ``tripreport models`` loads nothing heavy).
"""

from __future__ import annotations

from tripreport.engines import EngineName, EngineOptions, EngineSpec, EngineStatus, Warn
from tripreport.engines.argos import store
from tripreport.engines.argos.translator import PLACEHOLDER, ArgosEngine
from tripreport.engines.argos.verdict import best_package
from tripreport.errors import TripreportError

INSTALL_HINT = "install the es→en model with: tripreport models install es_en (needs internet once)"

__all__ = ["INSTALL_HINT", "PLACEHOLDER", "SPEC", "ArgosEngine", "load", "load_by_name", "probe"]


def probe() -> EngineStatus:
    packages = store.spanish_english_packages()
    if not packages:
        return EngineStatus(EngineName.argos, False, detail=f"no es→en package installed; {INSTALL_HINT}")
    package, passed_over = best_package()
    if package is None:
        reasons = "; ".join(f"{p.label}: {v.reason}" for p, v in passed_over)
        return EngineStatus(
            EngineName.argos,
            False,
            detail=f"broken: {reasons} (tripreport models install es_en==VERSION for another version)",
        )
    note = f"; passed over broken {', '.join(p.label for p, _ in passed_over)}" if passed_over else ""
    return EngineStatus(EngineName.argos, True, package.label, f"{package.path}{note}")


def load_by_name(options: EngineOptions, warn: Warn) -> ArgosEngine:
    """The best package, or when every one failed its self-test, the newest with a warning: asked for
    by name, it runs, and its degenerate sentences go to the fallback engine."""
    package, passed_over = best_package()
    if package is None and passed_over:
        package, verdict = passed_over[0]
        reason = f"failed its self-test ({verdict.reason})"
        warn(f"argos package {package.label} {reason}; degenerate sentences go to apertium")
    if package is None:
        raise TripreportError(f"engine 'argos' is not available: no es→en package; {INSTALL_HINT}")
    return ArgosEngine(package)


def load(options: EngineOptions | None = None, warn: Warn = lambda message: None) -> ArgosEngine:
    """The best sound package (the report's word senses are Apertium's; a model has its own)."""
    package, passed_over = best_package()
    if package is None:
        if passed_over:
            reasons = "; ".join(f"{p.label}: {v.reason}" for p, v in passed_over)
            raise TripreportError(f"engine 'argos' is not available: every es→en package is broken ({reasons})")
        raise TripreportError(f"engine 'argos' is not available: no es→en package; {INSTALL_HINT}")
    return ArgosEngine(package)


SPEC = EngineSpec(EngineName.argos, PLACEHOLDER, probe, load, load_by_name)
