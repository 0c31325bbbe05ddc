"""The glossary: the user's say over how terms, slang and shorthand are translated.

Two layers: a base shipped with tripreport (``base.yaml``: texting shorthand, Mexican
slang, Spanglish verbs, fixes for Apertium's systematic mistakes; and ``regions/*.yaml``,
one file per country or region) and the report's own ``glossary.yaml``, which adds to it
and overrides it form by form. Entries may name the ``country`` their Spanish is spoken in.
Sections (all optional; see the README):

- ``keep``: terms never translated (``k8s``, ``Helm``); case-sensitive unless ``ignore_case``.
- ``terms``: Spanish → English pairs, each with one or more Spanish forms.
- ``verbs``: a Spanglish -ar infinitive and its English; every conjugation gets the right form.
- ``normalize``: informal spellings rewritten as standard Spanish before translation.
- ``senses``: the English a Spanish word takes, everywhere or next to given words (Apertium's
  lexical selection: :mod:`tripreport.engines.apertium.senses`).
- ``fix``: per engine, regular-expression rewrites of that engine's English output.

:mod:`.loading` reads and validates files; :mod:`.matching` applies the result.
"""

from tripreport.glossary.entries import Appendix, FixRule, ForcedTerm, KeepTerm, Normalization, Sense
from tripreport.glossary.loading import base_glossary, layer, load_glossary, parse_glossary
from tripreport.glossary.matching import Glossary, match_case

__all__ = [
    "Appendix",
    "FixRule",
    "ForcedTerm",
    "Glossary",
    "KeepTerm",
    "Normalization",
    "Sense",
    "base_glossary",
    "layer",
    "load_glossary",
    "match_case",
    "parse_glossary",
]
