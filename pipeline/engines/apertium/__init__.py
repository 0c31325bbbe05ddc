"""Apertium, the rule-based engine, and the language work done inside its pipeline.

:mod:`.engine` runs the pair (``probe``, ``load``); :mod:`.stream` reads and writes
Apertium's stream format (for the engine, the senses compiler and the lexicon alike);
:mod:`.syntax` rewrites the tagged stream where English needs more than word-for-word
transfer; :mod:`.senses` compiles the glossary's word senses to lexical selection.
"""

from tripreport.engines.apertium.engine import (
    PAIR,
    PLACEHOLDER,
    SPEC,
    ApertiumEngine,
    Pipeline,
    SharedAnalyser,
    load,
    null_flush_pipeline,
    probe,
)
from tripreport.engines.apertium.stream import escape, unescape

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
