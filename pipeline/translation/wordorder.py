"""Word order: an adjective after a word the engine cannot read goes before it.

A rule-based engine puts an English adjective before its noun only when it knows the
noun. After an English word it does not know (*dashboards chidos*) or a kept term
(*los features nuevos*) it leaves the adjective behind: "dashboards excellent". Spanish
allows the adjective before the noun, and the engine then orders the English right:
*excelentes dashboards* → "excellent dashboards". Only words Apertium knows solely as
adjectives move (*físico* is also a noun, *internas* also a verb: they stay), and not
*mismo* or *solo*, whose meaning changes with their place.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from tripreport.lexicon import WORD, Lexicon
from tripreport.pieces import Piece, Protected, merge_text

STAY = frozenset("mismo misma mismos mismas solo sola solos solas propio propia propios propias".split())
# English (or English-looking) words that informal Spanish puts before an adjective to make it
# stronger: *super rápida* is "super fast", not a noun the adjective goes before.
INTENSIFIERS = frozenset("super mega ultra hiper hyper full re requete so very really pretty too quite".split())
_FOLLOWING_WORD = re.compile(rf"^(\s+)({WORD.pattern})")


def reorder(units: list[list[Piece]], lexicon: Lexicon) -> list[list[Piece]]:
    """Every unit with adjectives moved before the kept terms and English words they follow."""
    words = {w for pieces in units for p in pieces if isinstance(p, str) for w in WORD.findall(p)}
    analysis = lexicon.analyser.analyse(words)
    unknown = [w for w in words if not analysis[w].known]
    english = lexicon.english_words(unknown)

    def adjective(word: str) -> bool:
        readings = analysis.get(word)
        if readings is None or not readings.known or word.lower() in STAY:
            return False
        return all("adj" in tags for _, tags in readings.readings)

    return [_reorder(pieces, adjective, english) for pieces in units]


def _reorder(pieces: list[Piece], adjective: Callable[[str], bool], english: set[str]) -> list[Piece]:
    out: list[Piece] = []
    for piece in pieces:
        if isinstance(piece, str):
            # A kept term, then an adjective: swap them.
            match = _FOLLOWING_WORD.match(piece)
            if (
                out
                and isinstance(out[-1], Protected)
                and out[-1].kind == "keep"
                and match
                and adjective(match.group(2))
            ):
                kept = out.pop()
                out += [match.group(2) + match.group(1), kept]
                piece = piece[match.end() :]

            piece = _swap_after_english(piece, adjective, english)
        out.append(piece)
    return merge_text(out)


def _swap_after_english(text: str, adjective: Callable[[str], bool], english: set[str]) -> str:
    """``text`` with every English word followed by an adjective written the other way round."""
    words = list(WORD.finditer(text))
    out, pos, i = [], 0, 0
    while i < len(words) - 1:
        first, second = words[i], words[i + 1]
        between = text[first.end() : second.start()]
        if (
            first.group() in english
            and first.group().lower() not in INTENSIFIERS
            and between.isspace()
            and adjective(second.group())
        ):
            out += [text[pos : first.start()], second.group(), between, first.group()]
            pos, i = second.end(), i + 2
        else:
            i += 1
    return "".join(out) + text[pos:]
