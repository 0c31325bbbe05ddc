"""Sentence segmentation of a text unit, done here so nothing downloads a splitter.

Runs on a unit whose URLs, emoticons, code and terms are already placeholders, so
only prose punctuation is left to judge: a sentence ends at ``.``, ``!``, ``?`` or
``…`` (repeated, as in ``!!!`` or ``...``, and with closing quotes or brackets)
followed by a space, unless the word before is a known abbreviation or the mark is a
parenthesised ``(?)`` of doubt.
"""

from __future__ import annotations

import re

ABBREVIATIONS = frozenset("a.k.a aprox dr dra ej etc p.ej pág sr sra srta ud uds vs e.g i.e approx inc no núm".split())
_BOUNDARY = re.compile(r"(?:[.!?…]+)[\"'”’)\]]*(\s+)")


def split_sentences(text: str) -> list[tuple[str, str]]:
    """Split ``text`` into ``(sentence, whitespace_after)`` pairs that rejoin to ``text``."""
    pieces: list[tuple[str, str]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        before = text[start : match.start()].rsplit(None, 1)
        last_word = before[-1].lower().lstrip("(\"'¿¡") if before else ""
        if match.group(0).startswith(".") and last_word.rstrip(".") in ABBREVIATIONS:
            continue
        if text[match.start() - 1 : match.start()] == "(":  # "(?)" marks a doubt, not an end
            continue
        end = match.start(1)
        pieces.append((text[start:end], match.group(1)))
        start = match.end()
    if start < len(text) or not pieces:
        pieces.append((text[start:], ""))
    return pieces
