"""Sentence segmentation."""

from __future__ import annotations

import pytest

from tripreport.translation.segment import split_sentences


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("Hola. Qué tal!!! Bien... y tú? Fin", ["Hola.", "Qué tal!!!", "Bien...", "y tú?", "Fin"]),
        ("x ej. algo y etc. más cosas. Listo", ["x ej. algo y etc. más cosas.", "Listo"]),
        ('Uno (?) dos. "Tres." Cuatro', ["Uno (?) dos.", '"Tres."', "Cuatro"]),
        ("Ver zk0z . Cada branch zk1z es un paso.", ["Ver zk0z .", "Cada branch zk1z es un paso."]),
        ("Sin punto final", ["Sin punto final"]),
        ("", [""]),
    ],
)
def test_split_sentences(text: str, sentences: list[str]) -> None:
    pieces = split_sentences(text)
    assert [s for s, _ in pieces] == sentences
    assert "".join(s + space for s, space in pieces) == text
