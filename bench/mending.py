"""Mending on evidence: how often the lexicon turns a correct word into another, and how often
it puts a real typo right.

- Correct words: ``bench/mending-words.tsv``, regional and rare Spanish words spelt right, each
  in an informal sentence written for this benchmark (every Spanish-speaking country, verbs with
  clitics and gerunds, augmentatives and diminutives, loanwords, stretched letters, names in a
  sentence), all unknown to Apertium's Spanish dictionary, so each one reaches the lexicon.
  A word counts as mended when the lexicon gives the engine anything else: capitals put right
  and the readings its ``accept`` column lists (a diminutive read as its base) aside.
- Typos: ``bench/mending-typos.tsv``, typos of the kind fast typing makes (a letter dropped,
  doubled, two swapped, a keyboard neighbour, an accent that makes no word), each with the
  word meant; mended right when the engine gets that word.

Both run the real translation stage (base glossary, Apertium, the lexicon) over the sentences,
each a paragraph of its own, as a build does.

Run through `make bench` (bench/run.py), or alone: `python bench/mending.py [-v]`.
"""

from __future__ import annotations

import csv
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from common import ROOT, Row, show

HERE = Path(__file__).resolve().parent
WORDS = HERE / "mending-words.tsv"
TYPOS = HERE / "mending-typos.tsv"


@dataclass
class Outcome:
    """What the stage did with each listed word: its reading (None: kept as written)."""

    readings: list[str | None] = field(default_factory=list)
    listed: list[bool] = field(default_factory=list)  # kept and named by QA as an unknown word
    english: list[str] = field(default_factory=list)


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def run_stage(sentences: list[str], words: list[str]) -> Outcome:
    """Each sentence through the translation stage; what became of its word."""
    sys.path.insert(0, str(ROOT))
    from tripreport import engines, render
    from tripreport.document import parse
    from tripreport.glossary import base_glossary
    from tripreport.lexicon import Lexicon
    from tripreport.notes import read_notes
    from tripreport.translation.translate import translate_document

    with tempfile.TemporaryDirectory() as scratch:
        notes = Path(scratch) / "set.md"
        notes.write_text("\n\n".join(sentences) + "\n", encoding="utf-8")
        doc = parse(read_notes(notes))
    assert len(doc.units) == len(sentences), "one paragraph a sentence"
    glossary = base_glossary()
    lexicon = Lexicon.load()
    assert lexicon is not None, "the lexicon needs Apertium and Hunspell (make test-system installs them)"
    engine = engines.load(engines.EngineName.apertium, options=engines.EngineOptions(glossary.senses))
    try:
        english, report = translate_document(doc, glossary, engine, lexicon=lexicon)
    finally:
        engine.close()
        lexicon.close()
    outcome = Outcome()
    kept = unknown_kind()
    for i, word in enumerate(words):
        found = [c for c in report.corrections.get(i, ()) if c.word == word]
        mends = [c for c in found if c.kind != kept]
        outcome.readings.append(mends[0].replacement if mends else None)
        outcome.listed.append(any(c.kind == kept for c in found))
        outcome.english.append(render.inline_markdown(english.unit_inline(english.units[i])))
    return outcome


def unknown_kind() -> str:
    """The correction kind of a word kept for want of evidence (none before there was one)."""
    sys.path.insert(0, str(ROOT))
    from tripreport.lexicon import forms

    return getattr(forms, "KEPT", "")


def same_word(a: str, b: str) -> bool:
    return a.casefold() == b.casefold()


def correct_words(verbose: bool = False) -> tuple[int, list[str], int]:
    """(words, 'word → reading' of each mended into another, kept words listed for the reviewer)."""
    rows = read(WORDS)
    outcome = run_stage([r["sentence"] for r in rows], [r["word"] for r in rows])
    wrong = []
    for row, reading, english in zip(rows, outcome.readings, outcome.english, strict=True):
        accepted = [a.strip() for a in row["accept"].split(",") if a.strip()]
        if reading is None or same_word(reading, row["word"]) or any(same_word(reading, a) for a in accepted):
            continue
        wrong.append(f"{row['word']} → {reading} ({row['where']})")
        if verbose:
            print(f"mended: {row['word']} → {reading}: {english}", file=sys.stderr)
    kept = sum(1 for reading in outcome.readings if reading is None)
    listed = sum(outcome.listed)
    if verbose:
        print(f"kept {kept}, listed {listed}", file=sys.stderr)
    return len(rows), wrong, listed


def typos(verbose: bool = False) -> tuple[int, int, list[str]]:
    """(typos, mended to the word meant, 'typo → reading (meant)' of the others)."""
    rows = read(TYPOS)
    outcome = run_stage([r["sentence"] for r in rows], [r["typo"] for r in rows])
    missed = []
    right = 0
    for row, reading in zip(rows, outcome.readings, strict=True):
        if reading is not None and same_word(reading, row["meant"]):
            right += 1
        else:
            missed.append(f"{row['typo']} → {reading or 'kept'} ({row['meant']})")
    if verbose:
        for line in missed:
            print(f"typo: {line}", file=sys.stderr)
    return len(rows), right, missed


def by_where(wrong: list[str]) -> str:
    found: dict[str, int] = {}
    for line in wrong:
        where = re.search(r"\(([^)]*)\)$", line)
        key = where.group(1) if where else "?"
        found[key] = found.get(key, 0) + 1
    return ", ".join(f"{k} {v}" for k, v in sorted(found.items()))


def rows(verbose: bool = False) -> list[Row]:
    total, wrong, listed = correct_words(verbose)
    typo_total, right, missed = typos(verbose)
    share = len(wrong) / total
    recall = right / typo_total
    return [
        Row(
            f"correct regional or rare words mended into another word ({total} words in sentences)",
            f"{len(wrong)} ({share:.1%})" + (f": {'; '.join(wrong)}" if wrong else ""),
            "≤ 2%",
            share <= 0.02,
        ),
        Row("… correct words kept and listed by QA as unknown words", f"{listed} of {total}"),
        Row(
            f"real typos mended to the word meant ({typo_total} typos in sentences)",
            f"{right} ({recall:.1%})",
            "≥ 80%",
            recall >= 0.80,
        ),
        Row("… typos not mended to the word meant", "; ".join(missed) if missed else "0"),
    ]


if __name__ == "__main__":
    show(rows(verbose="-v" in sys.argv))
