"""What surrounds a sentence never changes its English: the same sentence plain, in emphasis or
bold, as a link's text, a list item, a heading, a table cell, a footnote or a blockquote gives
the same English (apart from the markup itself); a number written with its approximation
(``~20``, ``+300``, ``x2``) reads as the plain number does.

A property over every sentence of ``bench/develop.tsv`` and the held-out ``bench/judging.tsv`` and
``bench/judging-world.tsv``, read here as data (the behaviour is judged, never the sentences'
content), each wrapping translated in one batch in-process with the real Apertium, the lexicon
and the base glossary.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable

import pytest
from conftest import ROOT
from markdown_it.token import Token

from tripreport import render
from tripreport.document import Document, markdown_parser

pytestmark = pytest.mark.slow

SETS = (ROOT / "bench" / "develop.tsv", ROOT / "bench" / "judging.tsv", ROOT / "bench" / "judging-world.tsv")
WRAPPERS = (("em_open", "em_close"), ("strong_open", "strong_close"), ("link_open", "link_close"))


def sentences() -> list[str]:
    found = []
    for path in SETS:
        with path.open(encoding="utf-8", newline="") as handle:
            found += [row["es"] for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)]
    return found


def plain(text: str) -> str:
    """``text`` as a paragraph of its own: what Markdown would read as a block's marker escaped."""
    return re.sub(r"^([#>*+-]|\d+[.)])", r"\\\1", text)


def wraps_all(markdown: str) -> bool:
    """True when the first inline token opens what only the last one closes."""
    tokens = markdown_parser().parseInline(markdown)
    children = [c for c in (tokens[0].children or [] if tokens else []) if c.type != "text" or c.content]
    depth = 0
    for i, child in enumerate(children):
        depth += child.nesting
        if depth <= 0 and i < len(children) - 1:
            return False
    return bool(children) and children[0].nesting == 1 and depth == 0


def emphasis(text: str, marks: tuple[str, ...]) -> str:
    """``text`` wrapped in the first of ``marks`` that Markdown reads as wrapping all of it."""
    for mark in marks:
        if wraps_all(f"{mark}{text}{mark}"):
            return f"{mark}{text}{mark}"
    raise AssertionError(f"no emphasis wraps {text!r}")


def link(text: str) -> str:
    """``text`` as a link's text (a sentence with a link of its own: its text, as a link may not hold one)."""
    inner = re.sub(r"([\[\]])", r"\\\1", without_links(text))
    wrapped = f"[{inner}](https://example.com/notas)"
    assert wraps_all(wrapped), text
    return wrapped


# Each wrapping: the Markdown of one sentence (numbered, for footnotes).
WRAPPINGS: dict[str, Callable[[str, int], str]] = {
    "plain": lambda s, n: plain(s),
    "em": lambda s, n: emphasis(s, ("*", "_")),
    "strong": lambda s, n: emphasis(s, ("**", "__")),
    "link": lambda s, n: link(s),
    "list item": lambda s, n: f"- {plain(s)}",
    "heading": lambda s, n: f"## {plain(s)}",
    "table cell": lambda s, n: f"| Nota |\n| --- |\n| {plain(s).replace('|', chr(92) + '|')} |",
    "footnote": lambda s, n: f"Nota {n}[^n{n}].\n\n[^n{n}]: {plain(s)}",
    "blockquote": lambda s, n: f"> {plain(s)}",
}


Translate = Callable[[list[str]], tuple[Document, Document]]


@pytest.fixture(scope="module")
def translate(translate_notes: Callable[[str], tuple[Document, Document]]) -> Translate:
    """Notes made of ``blocks`` translated in one batch: their Spanish and English documents."""
    return lambda blocks: translate_notes("\n\n".join(blocks) + "\n")


@pytest.fixture(scope="module")
def plain_english(translate: Translate) -> dict[str, str]:
    return english_by_text(*translate([WRAPPINGS["plain"](s, n) for n, s in enumerate(sentences())]))


def english_by_text(spanish: Document, english: Document) -> dict[str, str]:
    """Each unit's English as inline Markdown, the markup wrapping all of it left out, by its Spanish text."""
    found = {}
    for es, en in zip(spanish.units, english.units, strict=True):
        found[" ".join(es.text.split())] = unwrapped(english.unit_inline(en))
    return found


def without_links(markdown: str) -> str:
    """``markdown`` with each link's text in place of the link."""
    return re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)


def unwrapped(inline: Token) -> str:
    children = [c for c in inline.children or [] if c.type != "text" or c.content]
    for opening, closing in WRAPPERS:
        if len(children) >= 2 and children[0].type == opening and children[-1].type == closing:
            children = children[1:-1]
    return render.inline_markdown(Token("inline", "", 0, children=children, content=inline.content))


@pytest.mark.parametrize("wrapping", [w for w in WRAPPINGS if w != "plain"])
def test_a_sentence_reads_the_same_whatever_surrounds_it(
    translate: Translate, plain_english: dict[str, str], wrapping: str
) -> None:
    spanish = sentences()
    assert len(spanish) > 300 and len(plain_english) == len(spanish)
    wrapped = english_by_text(*translate([WRAPPINGS[wrapping](s, n) for n, s in enumerate(spanish)]))
    if wrapping == "link":  # a link holds no link: its sentences' own links are text, plain and wrapped
        plain_english = english_by_text(*translate([plain(without_links(s)) for s in spanish]))
    differ = {text: (en, wrapped.get(text)) for text, en in plain_english.items() if en != wrapped.get(text)}
    assert not differ, (
        f"{len(differ)} of {len(spanish)} sentences read otherwise in a {wrapping}: {list(differ.items())[:5]}"
    )


APPROXIMATIONS = ("~", "+", "≈", "<", "x")
NUMBER = re.compile(r"(?<![\w.,:~+<>≈-])\d+(?![\w.,:%])")


def test_a_number_with_its_approximation_reads_as_the_plain_number(translate: Translate) -> None:
    """Each sentence with a number written once (in the Spanish and its plain English), the number
    given an approximation: its English is the plain one with the approximation before the number."""
    chosen = [s for s in sentences() if len(NUMBER.findall(s)) == 1 and s.count(NUMBER.findall(s)[0]) == 1]
    assert len(chosen) >= 10
    signs = [APPROXIMATIONS[n % len(APPROXIMATIONS)] for n in range(len(chosen))]
    approximate = [NUMBER.sub(lambda m, sign=sign: sign + m.group(), s) for s, sign in zip(chosen, signs, strict=True)]
    plain_english = list(english_by_text(*translate([plain(s) for s in chosen])).values())
    english = list(english_by_text(*translate([plain(s) for s in approximate])).values())
    differ = []
    for sentence, sign, want, got in zip(chosen, signs, plain_english, english, strict=True):
        number = NUMBER.findall(sentence)[0]
        if want.count(number) == 1 and got != want.replace(number, sign + number):
            differ.append((sentence, want, got))
    assert not differ, f"{len(differ)} of {len(chosen)} sentences read otherwise: {differ[:5]}"
