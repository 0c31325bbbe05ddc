"""Degenerate translations: what a neural model that loops or rambles writes.

A broken model (Argos es→en 1.9 at int8 answers "mainstremainstre…@@") must never reach
the report. Each sentence's English is checked for the symptoms; a flagged sentence is
translated by Apertium instead and never kept in the translation memory, and when more
than a fifth of a document is flagged the model is taken for broken.
"""

from __future__ import annotations

import re

from tripreport.engines import PlaceholderFormat

REPEATS = 4  # an n-gram of 1–4 words said this many times in a row is a loop
MAX_RATIO = 3.0  # English longer than this many times the Spanish (in characters)…
SHORT_SPANISH = 20  # …with room for short sentences: at least this many characters times the ratio
BROKEN_SHARE = 0.2  # more than this share of sentences flagged: the model is broken
_SUBWORD = re.compile(r"@@|▁")
_LETTER = re.compile(r"[^\W\d_]")
_CHARACTER_LOOP = re.compile(r"(\S{3,20}?)\1{" + str(REPEATS - 1) + r",}")


def symptoms(source: str, output: str, placeholder: PlaceholderFormat, truncated: bool = False) -> list[str]:
    """What is wrong with ``output`` as a translation of ``source`` (empty if nothing)."""
    found = []
    words = re.findall(r"[\w'’@▁-]+", output.lower())
    if _LETTER.search(source) and not _LETTER.search(output):
        found.append("empty output")
    if repeated(words) or _CHARACTER_LOOP.search(output):
        found.append("repeats itself")
    if truncated:
        found.append("stopped at the length limit")
    if _SUBWORD.search(output):
        found.append("subword marks in the output")
    if len(output) > MAX_RATIO * max(len(source), SHORT_SPANISH):
        found.append(f"more than {MAX_RATIO:g}× as long as the Spanish")
    numbers = [m.group(1) for m in placeholder.pattern.finditer(output)]
    if len(numbers) != len(set(numbers)):
        found.append("a protected term repeated")
    return found


def repeated(words: list[str]) -> bool:
    """True when some run of 1–4 words comes :data:`REPEATS` times in a row."""
    for size in range(1, 5):
        for start in range(len(words) - size * REPEATS + 1):
            gram = words[start : start + size]
            if all(words[start + k * size : start + (k + 1) * size] == gram for k in range(1, REPEATS)):
                return True
    return False


def broken(flagged: int, total: int) -> bool:
    """True when so many sentences are flagged that the model itself is broken."""
    return total > 0 and flagged > BROKEN_SHARE * total
