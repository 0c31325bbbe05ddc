"""Word order: adjectives after words Apertium cannot read move before them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tripreport.lexicon import Lexicon
from tripreport.pieces import Protected
from tripreport.translation import wordorder


@pytest.fixture(scope="module")
def lexicon() -> Iterator[Lexicon]:
    found = Lexicon.load()
    assert found is not None
    with found:  # its helper programs stop with the module
        yield found


def text_of(pieces) -> str:
    return "".join(p if isinstance(p, str) else f"[{p.source}]" for p in pieces)


def test_an_adjective_after_an_english_noun_goes_before_it(lexicon: Lexicon) -> None:
    [pieces] = wordorder.reorder([["Hace dashboards excelentes con logs."]], lexicon)
    assert text_of(pieces) == "Hace excelentes dashboards con logs."


def test_an_adjective_after_a_kept_term_goes_before_it(lexicon: Lexicon) -> None:
    [pieces] = wordorder.reorder(
        [["Los ", Protected("keep", "features", "features"), " nuevos son aburridos."]], lexicon
    )
    assert text_of(pieces) == "Los nuevos [features] son aburridos."


@pytest.mark.parametrize(
    ("spanish", "why"),
    [
        ("Un cluster físico de compus.", "físico is also a noun (physicist)"),
        ("Los pods mismos se reinician.", "mismo changes meaning with its place"),
        ("La casa nueva.", "casa is Spanish: Apertium orders it itself"),
        ("Los logs internas.", "internas is also a verb form"),
        ("La app es super rápida.", "super makes the adjective stronger: no noun"),
        ("Un cluster mega estable.", "mega likewise"),
    ],
)
def test_words_that_stay(lexicon: Lexicon, spanish: str, why: str) -> None:
    [pieces] = wordorder.reorder([[spanish]], lexicon)
    assert text_of(pieces) == spanish, why
