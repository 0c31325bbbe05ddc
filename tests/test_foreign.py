"""What is not Spanish stays as written: channels, handles, e-mail addresses, abbreviations,
acronyms, names glued to digits, file names, versions, emoji shortcodes (pipeline/foreign.py);
a number glued to a Spanish word is read apart (translation/spacing.py).

``bench/kept.tsv`` holds the tokens, each inside a Spanish sentence written for it; the whole
list goes through the real pipeline in one batch.
"""

from __future__ import annotations

import csv
from collections.abc import Callable

import pytest
from conftest import ROOT

from tripreport import render
from tripreport.document import Document
from tripreport.pieces import Protected, protect_prose

KEPT = ROOT / "bench" / "kept.tsv"


@pytest.fixture(scope="module")
def english(translate_notes: Callable[[str], tuple[Document, Document]]) -> dict[str, str]:
    """English for the list's sentences and the counter-examples below, by Spanish sentence."""
    spanish = [r["es"] for r in kept_rows()] + [es for es, _ in TRANSLATED] + [es for es, _ in SPACED]
    _, translated = translate_notes("\n\n".join(spanish) + "\n")
    return dict(
        zip(spanish, (render.inline_markdown(translated.unit_inline(u)) for u in translated.units), strict=True)
    )


def kept_rows() -> list[dict[str, str]]:
    with KEPT.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def test_every_token_of_the_list_is_kept_as_written(english: dict[str, str]) -> None:
    rows = kept_rows()
    assert len(rows) >= 150 and len({r["token"] for r in rows}) == len(rows)
    assert all(r["token"] in r["es"] for r in rows)
    lost = [
        (r["token"], english[r["es"]]) for r in rows if english[r["es"]].count(r["token"]) < r["es"].count(r["token"])
    ]
    assert not lost, f"{len(lost)} of {len(rows)} tokens changed: {lost[:10]}"


# Spanish that looks like the kept tokens, translated as Spanish: (sentence, a word of its English).
TRANSLATED = [
    ("TODO salió bien en la demo.", "Everything"),  # TODO is English only as a marker, before a colon
    ("Lo mejor de todo: la comida.", "everything"),
    ("Trae tu laptop y/o tablet.", "and/or"),  # y/o is no path
    ("Fue el #1 del ranking.", "#1"),  # a number, not a channel
]
# A number glued to a Spanish word is read apart; a name glued to digits stays.
SPACED = [
    ("Tardó 60segundos en cargar.", "60 seconds"),
    ("Éramos 300personas en la sala.", "300 people"),
    ("Alguien citó un hilo de 4chan en la charla.", "4chan"),
    ("La gente de 37signals dejó la nube.", "37signals"),
]


@pytest.mark.parametrize(("spanish", "word"), TRANSLATED + SPACED)
def test_spanish_that_looks_like_a_kept_token_is_translated(english: dict[str, str], spanish: str, word: str) -> None:
    assert word in english[spanish]


def test_shapes_that_are_not_spanish() -> None:
    text = (
        "En #Sevilla y #100DaysOfCode con @ana_garcia, ana@ejemplo.com, C# y F#; v1.2.3, 1.0.0-beta, 1.28.x; "
        "~/.bashrc, /etc/hosts; a.k.a. e.g. i.e.; TODO: FYI btw Btw BTW tl;dr TL;DR N/A w/o. "
        "Pero no #1, y/o, 1/2, /así/, p.ej., EE.UU., todo: Todo, ni la ONU."
    )
    protected = [p.source for p in protect_prose(text) if isinstance(p, Protected) and p.kind == "foreign"]
    assert protected == [
        "#Sevilla", "#100DaysOfCode", "@ana_garcia", "ana@ejemplo.com", "C#", "F#", "v1.2.3", "1.0.0-beta",
        "1.28.x", "~/.bashrc", "/etc/hosts", "a.k.a.", "e.g.", "i.e.", "TODO:", "FYI", "btw", "Btw", "BTW",
        "tl;dr", "TL;DR", "N/A", "w/o",
    ]  # fmt: skip


def test_numbers_keep_their_approximations() -> None:
    text = "Hace ~20 minutos, +300 personas, <5 ms, ≈3 veces, x2 más rápido y 2x más barato; 5-10 y -4 no."
    numbers = [p.source for p in protect_prose(text) if isinstance(p, Protected) and p.kind == "number"]
    assert numbers == ["~20", "+300", "<5", "≈3", "x2", "2x", "5", "10", "4"]
