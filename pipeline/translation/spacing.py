"""A number glued to a Spanish word is read apart from it: *60segundos* is *60 segundos*, "60 seconds".

Fast typing drops the space between a number and its unit or noun; the engine then reads one
unknown token and writes it back half translated ("60seconds"). The space goes back only when
the letters are a word Apertium's Spanish analyser knows (not only as a name): a name glued to
digits stays as written (*4chan*, *37signals*, *Web3*, *K8s*).
"""

from __future__ import annotations

import re

from tripreport.lexicon import Lexicon
from tripreport.pieces import Piece

_GLUED = re.compile(r"(?<![\w.,])(\d+)([^\W\d_]{3,})(?!\w)")


def spaced(units: list[list[Piece]], lexicon: Lexicon | None) -> list[list[Piece]]:
    """``units`` with each number glued to a Spanish word written apart from it."""
    if lexicon is None:
        return units
    words = {m.group(2) for pieces in units for p in pieces if isinstance(p, str) for m in _GLUED.finditer(p)}
    if not words:
        return units
    analysis = lexicon.analyser.analyse(words)
    spanish = {w for w in words if w.islower() and analysis[w].known and not analysis[w].only_name}

    def apart(match: re.Match[str]) -> str:
        return f"{match.group(1)} {match.group(2)}" if match.group(2) in spanish else match.group()

    return [[_GLUED.sub(apart, p) if isinstance(p, str) else p for p in pieces] for pieces in units]
