"""Apertium, the rule-based engine, and the language work done inside its pipeline.

:mod:`.engine` runs the pair (``probe``, ``load``); :mod:`.stream` reads the tagger's
stream format; :mod:`.syntax` rewrites the tagged stream where English needs more than
word-for-word transfer.
"""

from tripreport.engines.apertium.engine import (
    PAIR,
    PLACEHOLDER,
    SPEC,
    ApertiumEngine,
    Pipeline,
    SharedAnalyser,
    escape,
    load,
    null_flush_pipeline,
    probe,
    unescape,
)

__all__ = [
    "PAIR",
    "PLACEHOLDER",
    "SPEC",
    "ApertiumEngine",
    "Pipeline",
    "SharedAnalyser",
    "escape",
    "load",
    "null_flush_pipeline",
    "probe",
    "unescape",
]
