"""Translation quality on held-out sentences: chrF and BLEU (sacrebleu), term preservation.

Each Spanish sentence of the evaluation set (a TSV with columns id, es, en, kept outside
this repository: ``../shared/eval/dev.tsv``, or ``TRIPREPORT_EVAL_SET``) goes through the
same pipeline as the notes, as a paragraph of its own, with the project's ``glossary.yaml``,
and again with the packaged base glossary alone (what any report gets: the part of the
score that does not come from entries written for these notes). Raw ``apertium -u spa-eng``
on the same sentences is the baseline.

Run through `make bench` (bench/run.py), or alone: `python bench/quality.py [TSV]`.
"""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV_SET = Path(os.environ.get("TRIPREPORT_EVAL_SET", ROOT.parent / "shared" / "eval" / "dev.tsv"))


@dataclass
class Score:
    system: str
    chrf: float
    bleu: float
    terms_kept: int
    terms_total: int


def read_dev_set(path: Path) -> tuple[list[str], list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [r["es"] for r in rows], [r["en"] for r in rows]


def pipeline_translations(spanish: list[str], engine_name: str = "apertium", base_only: bool = False) -> list[str]:
    """English for each sentence, through tripreport's own translation stage."""
    sys.path.insert(0, str(ROOT))
    from tripreport import engines
    from tripreport.document import inline_text, parse
    from tripreport.glossary import base_glossary, load_glossary
    from tripreport.notes import read_notes
    from tripreport.translate import translate_document

    with tempfile.TemporaryDirectory() as scratch:
        notes = Path(scratch) / "dev.md"
        # One paragraph per sentence; escape what Markdown would read as structure.
        notes.write_text(
            "\n\n".join(re.sub(r"^([#>*+-]|\d+[.)])", r"\\\1", s) for s in spanish) + "\n", encoding="utf-8"
        )
        doc = parse(read_notes(notes))
    from tripreport.lexicon import Lexicon

    glossary = base_glossary() if base_only else load_glossary(ROOT / "glossary.yaml")
    english, _ = translate_document(doc, glossary, engines.load(engine_name), lexicon=Lexicon.load())
    return [inline_text(english.tokens[unit.index]) for unit in english.units]


def raw_apertium(spanish: list[str]) -> list[str]:
    result = subprocess.run(
        ["apertium", "-u", "spa-eng"], input="\n\n".join(spanish), capture_output=True, text=True, check=True
    )
    return [line.strip() for line in result.stdout.strip().split("\n\n")]


def kept_terms(spanish: list[str], english: list[str]) -> tuple[int, int]:
    """How many occurrences of the glossary's kept terms survive, of how many."""
    sys.path.insert(0, str(ROOT))
    from tripreport.glossary import load_glossary

    kept = total = 0
    for keep in load_glossary(ROOT / "glossary.yaml").keep:
        pattern = re.compile(rf"(?<!\w){re.escape(keep.term)}(?!\w)", re.IGNORECASE if keep.ignore_case else 0)
        for es, en in zip(spanish, english, strict=True):
            for form in pattern.findall(es):
                total += 1
                kept += form in en
    return kept, total


def score(system: str, spanish: list[str], hypotheses: list[str], references: list[str]) -> Score:
    import sacrebleu

    chrf = sacrebleu.corpus_chrf(hypotheses, [references]).score
    bleu = sacrebleu.corpus_bleu(hypotheses, [references]).score
    return Score(system, chrf, bleu, *kept_terms(spanish, hypotheses))


def scores(dev_set: Path = DEV_SET) -> list[Score]:
    spanish, references = read_dev_set(dev_set)
    return [
        score("raw `apertium -u spa-eng`", spanish, raw_apertium(spanish), references),
        score("tripreport, base glossary only", spanish, pipeline_translations(spanish, base_only=True), references),
        score("tripreport (apertium + glossary)", spanish, pipeline_translations(spanish), references),
    ]


if __name__ == "__main__":
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEV_SET
    if "-v" in sys.argv:
        spanish, references = read_dev_set(path)
        for es, hyp, ref in zip(spanish, pipeline_translations(spanish), references, strict=True):
            print(f"ES  {es}\nOUT {hyp}\nREF {ref}\n")
    for s in scores(path):
        print(f"{s.system:<36} chrF {s.chrf:5.1f}  BLEU {s.bleu:5.1f}  kept terms {s.terms_kept}/{s.terms_total}")
