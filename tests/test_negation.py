"""Negation: negative words that negate alone reach Apertium as terms; QA warns when a negation flips."""

from __future__ import annotations

import pytest

from tripreport.pieces import Protected
from tripreport.qa.checks import negated
from tripreport.translation import negation


def terms(text: str) -> list[tuple[str, str]]:
    return [(p.source, p.target) for p in negation.protect([text]) if isinstance(p, Protected)]


@pytest.mark.parametrize(
    ("spanish", "expected"),
    [
        ("Nadie sabe qué pasó.", [("Nadie", "Nobody")]),
        ("Que nadie toque mis pods.", [("nadie", "nobody")]),
        ("Ningún pod se cayó.", [("Ningún", "No")]),
        ("Ninguna de las herramientas jala.", [("Ninguna", "None")]),
        ("Ninguna herramienta jala.", [("Ninguna", "No")]),
        (
            "Ningún proveedor único lo resuelve; ninguna única herramienta tampoco.",
            [("Ningún", "No"), ("ninguna única", "no single")],
        ),
        ("Nada funciona.", [("Nada", "Nothing")]),
        ("Nada más quiero probarlo.", [("Nada más", "Just")]),
        ("No lo quitan porque nadie lo usa.", [("nadie", "nobody")]),  # a new clause
    ],
)
def test_negative_words_that_negate_alone_become_terms(spanish: str, expected: list) -> None:
    assert terms(spanish) == expected


@pytest.mark.parametrize(
    "spanish",
    [
        "No vino nadie a la plática.",  # "no … nadie": Apertium's "not … anybody" is right
        "No hay ningún problema.",
        "Sin logs no ves nada.",
        "No creo que nadie lo use.",  # "que" does not end the clause
        "Ni el speaker sabía nada.",
        "Nunca uso Helm.",  # Apertium renders "nunca" as "never" by itself
    ],
)
def test_negative_words_after_a_negation_are_left_to_the_engine(spanish: str) -> None:
    assert terms(spanish) == []


def test_protected_pieces_keep_their_place() -> None:
    kept = Protected("keep", "k8s", "k8s")
    pieces = negation.protect(["Nadie usa ", kept, " y ningún pod."])
    assert pieces[1] == " usa " and pieces[2] is kept
    assert [p.target for p in pieces if isinstance(p, Protected) and p.kind == "term"] == ["Nobody", "no"]


@pytest.mark.parametrize(
    ("text", "language", "says_no"),
    [
        ("Nadie sabe.", "es", True),
        ("Sin embargo, funcionó.", "es", False),  # "sin embargo" is "however"
        ("No hay pedo.", "es", True),
        ("Anybody knows.", "en", False),
        ("It doesn't work.", "en", True),
        ("Nobody knows.", "en", True),
    ],
)
def test_negation_is_detected_in_both_languages(text: str, language: str, says_no: bool) -> None:
    assert negated(text, language) is says_no  # type: ignore[arg-type]
