"""A unit as the engine sees it (translation/placeholders.py): markup, photos and breaks at a
sentence's edges set aside, placeholders glued to words written apart and glued again,
numbers as digits for a rule-based engine; and the English it makes, through Apertium."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from markdown_it.token import Token

from tripreport import render
from tripreport.document import Document
from tripreport.engines.apertium.stream import PLACEHOLDER
from tripreport.pieces import Piece, Protected
from tripreport.translation.placeholders import decode, encode

TranslateNotes = Callable[[str], tuple[Document, Document]]
EM_OPEN = Protected("markup", tokens=(Token("em_open", "em", 1),))
EM_CLOSE = Protected("markup", tokens=(Token("em_close", "em", -1),))
IMAGE = Protected("image", "El cartel", "El cartel", (Token("image", "img", 0),))
CODE = Protected("code", "npm", "npm", (Token("code_inline", "code", 0, content="npm"),))
BREAK = Protected("code", "\n", "\n", (Token("hardbreak", "br", 0),))


def english_of(pieces: list[Piece], translations: dict[str, str], digits: bool = False) -> list[Piece] | None:
    unit = encode(pieces, PLACEHOLDER, digits)
    text = unit.english(translations)
    return None if text is None else decode(text, unit, PLACEHOLDER, unit.source())


def test_markup_around_a_sentence_never_reaches_the_engine() -> None:
    pieces: list[Piece] = [EM_OPEN, "No es obligatorio.", EM_CLOSE, " Otra frase."]
    assert encode(pieces, PLACEHOLDER).segments == ["No es obligatorio.", "Otra frase."]
    english = english_of(pieces, {"No es obligatorio.": "It is not compulsory.", "Otra frase.": "Another."})
    assert english == [EM_OPEN, "It is not compulsory.", EM_CLOSE, " Another."]


def test_markup_before_the_closing_punctuation_goes_back_before_it() -> None:
    pieces: list[Piece] = ["Fue ", EM_OPEN, "genial", EM_CLOSE, "."]
    unit = encode(pieces, PLACEHOLDER)
    assert unit.segments == ["Fue zk0z genial."]
    assert english_of(pieces, {"Fue zk0z genial.": "It was zk0z great."}) == [
        "It was ",
        EM_OPEN,
        "great",
        EM_CLOSE,
        ".",
    ]


def test_a_photo_or_code_glued_to_a_word_is_written_apart_and_glued_again() -> None:
    pieces: list[Piece] = [IMAGE, "Después fuimos a comer."]
    assert encode(pieces, PLACEHOLDER).segments == ["Después fuimos a comer."]
    assert english_of(pieces, {"Después fuimos a comer.": "Afterwards we went to eat."}) == [
        IMAGE,
        "Afterwards we went to eat.",
    ]
    glued: list[Piece] = ["Usamos ", CODE, "para todo."]
    assert encode(glued, PLACEHOLDER).segments == ["Usamos zk0z para todo."]
    assert english_of(glued, {"Usamos zk0z para todo.": "We use zk0z for everything."}) == [
        "We use ",
        CODE,
        "for everything.",
    ]
    apart: list[Piece] = [IMAGE, " Después fuimos."]
    assert english_of(apart, {"Después fuimos.": "Afterwards we went."}) == [IMAGE, " Afterwards we went."]


def test_a_rule_based_engine_reads_numbers_as_digits() -> None:
    about = Protected("number", "~20", "~20")
    pieces: list[Piece] = ["Hace ", about, " minutos."]
    assert encode(pieces, PLACEHOLDER).segments == ["Hace zk0z minutos."]
    assert encode(pieces, PLACEHOLDER, digits=True).segments == ["Hace 20 minutos."]
    assert english_of(pieces, {"Hace 20 minutos.": "20 minutes ago."}, digits=True) == [about, " minutes ago."]
    # An engine that changed the number has damaged the unit: it is translated around its pieces.
    assert english_of(pieces, {"Hace 20 minutos.": "21 minutes ago."}, digits=True) is None


def test_line_breaks_end_sentences_and_are_kept() -> None:
    assert encode(["Línea uno", BREAK, "línea dos"], PLACEHOLDER).segments == ["Línea uno", "línea dos"]
    unit = encode(["Uno.\nDos y\ntres."], PLACEHOLDER)
    assert unit.segments == ["Uno.", "Dos y tres."]  # inside a sentence a soft break is a space
    assert unit.english({"Uno.": "One.", "Dos y tres.": "Two and three."}) == "One.\nTwo and three."


@pytest.mark.parametrize(
    ("markdown", "wanted", "unwanted"),
    [
        ("*No es obligatorio presentar una idea.*", "*It is not compulsory", "Is not"),
        ("[No es obligatorio presentar una idea.](https://ejemplo.org)", "[It is not compulsory", "Is not"),
        ("Hace ~20 minutos que empezó la keynote.", "~20 minutes ago", "does"),
        ("![El cartel](cartel.png)Después fuimos a comer.", "cartel.png)Afterwards we went", "Después"),
        ("Vimos [la charla](https://ejemplo.org)después fuimos a comer.", "(https://ejemplo.org)afterwards", "después"),
        ("— Ana [8 de noviembre de 2018](https://ejemplo.org)", "[8 November 2018]", "november"),
    ],
)
def test_what_surrounds_a_sentence_changes_nothing_in_apertium(
    translate_notes: TranslateNotes, markdown: str, wanted: str, unwanted: str
) -> None:
    _, english = translate_notes(markdown + "\n")
    line = render.inline_markdown(english.unit_inline(english.units[0]))
    assert wanted in line and unwanted not in line, line
