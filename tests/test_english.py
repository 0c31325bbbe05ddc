"""English already in the notes is kept as written (translation/english.py): sentences, list
items, headings, blockquote lines (with their line breaks), quoted and emphasised passages; a
Spanish sentence full of English words is still Spanish."""

from __future__ import annotations

import csv
from collections.abc import Callable

from conftest import ROOT

from tripreport import render
from tripreport.document import Document
from tripreport.lexicon import Lexicon
from tripreport.pieces import Protected
from tripreport.translation.english import keep_english

TranslateNotes = Callable[[str], tuple[Document, Document]]


def english_markdown(translate_notes: TranslateNotes, markdown: str) -> str:
    return render.to_markdown(translate_notes(markdown)[1])


def test_a_blockquote_of_english_lines_is_kept_with_its_line_breaks(translate_notes: TranslateNotes) -> None:
    markdown = "Nos dejaron dos preguntas:\n\n> How do I build a pitch?\n> What is a startup?\n"
    english = english_markdown(translate_notes, markdown)
    assert "> How do I build a pitch?\n> What is a startup?\n" in english
    assert "Nos dejaron" not in english  # the Spanish around it is translated


def test_english_headings_list_items_and_sentences_are_kept(translate_notes: TranslateNotes) -> None:
    markdown = (
        "## Lessons learned\n\n"
        "- Build, test, deploy.\n"
        "- Revisar el deploy del lunes.\n\n"
        "Thank you all for coming! Luego fuimos a comer.\n\n"
        'Nos dijo: "move fast and break things", y se fue.\n\n'
        "El lema era *less is more* y se nota.\n"
    )
    english = english_markdown(translate_notes, markdown)
    for kept in (
        "## Lessons learned",
        "- Build, test, deploy.",
        "Thank you all for coming!",
        '"move fast and break things"',
    ):
        assert kept in english
    assert "*less is more*" in english
    for spanish in ("Revisar", "Luego", "Nos dijo", "El lema"):
        assert spanish not in english


def test_spanish_full_of_english_words_is_translated(translate_notes: TranslateNotes) -> None:
    sentences = [
        "Deployamos el cluster con Helm.",
        "Hicimos rollback del release de ayer.",
        "Intro a Prometheus.",
        "Total normal.",
        "Happy hour en el bar del hotel.",
        "Distributed tracing en k8s, en particular Jaeger.",
    ]
    spanish, english = translate_notes("\n\n".join(sentences) + "\n")
    for es, en in zip(spanish.units, english.units, strict=True):
        assert render.inline_markdown(english.unit_inline(en)) != es.text


def test_no_spanish_sentence_of_the_develop_set_is_taken_for_english(translate_notes: TranslateNotes) -> None:
    """The develop set's sentences (informal Spanish, English tech words in most) judged as the build
    judges them: none is kept whole, no sentence in one is kept (an emphasised English term may be)."""
    with (ROOT / "bench" / "develop.tsv").open(encoding="utf-8", newline="") as handle:
        rows = [r["es"] for r in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)]
    spanish, _ = translate_notes("\n\n".join(r.replace("\n", " ") for r in rows) + "\n")
    with Lexicon.load() as lexicon:
        kept = keep_english([u.pieces for u in spanish.units], lexicon)
    assert len(spanish.units) == len(rows) and not kept.whole
    for unit, pieces in zip(spanish.units, kept.units, strict=True):
        spans = [p.source for p in pieces if isinstance(p, Protected) and p.kind == "foreign" and p not in unit.pieces]
        assert sum(len(s.split()) for s in spans) <= 3, (unit.text, spans)
