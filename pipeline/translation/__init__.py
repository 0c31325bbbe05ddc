"""The text's way to English: the translation stage and what it alone uses.

:mod:`.translate` is the stage (protect, segment, mend, translate in one batch, restore,
fix); :mod:`.segment` splits units into sentences; :mod:`.memory` remembers what an engine
said; :mod:`.negation` and :mod:`.wordorder` help a rule-based engine keep negation and
English word order. The engines it calls are :mod:`tripreport.engines`; the words it mends
before calling them, :mod:`tripreport.lexicon`.
"""

from tripreport.translation.memory import TranslationMemory
from tripreport.translation.translate import (
    SegmentEnglish,
    TranslationReport,
    translate_document,
    translate_with_fallback,
)

__all__ = ["SegmentEnglish", "TranslationMemory", "TranslationReport", "translate_document", "translate_with_fallback"]
