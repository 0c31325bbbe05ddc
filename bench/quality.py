"""Translation quality: chrF and BLEU (sacrebleu) on five sets, against raw Apertium.

- **dev**: Spanish sentences from the notes with reference English (kept outside this repository:
  ``../shared/eval/dev.tsv``, or ``TRIPREPORT_EVAL_SET``), for development; scored with the
  report's ``glossary.yaml`` and with the packaged base glossary alone.
- **develop**: ``bench/develop.tsv``, informal sentences written for development (Mexico, Spain,
  the River Plate), each tagged with the family of trouble it holds.
- **judging**: ``bench/judging.tsv``, informal sentences from public writing by other people (see
  ``bench/judging.md``), held out: never looked at to write a rule.
- **wild**: real public notes by other authors (``../shared/eval/wild/sentences.tsv``), held out.
- **world**: ``bench/judging-world.tsv``, informal sentences from public writing by people from
  Colombia, Venezuela, Chile, Peru, the Caribbean, Central America, Ecuador and Bolivia (see
  ``bench/judging-world.md``), held out like the judging set.

Every set goes through the same pipeline as the notes (each sentence a paragraph of its own,
output compared as inline Markdown), with the base glossary alone unless said otherwise. A
held-out sentence the pipeline makes worse than raw ``apertium -u spa-eng`` by more than 5 chrF
is listed.

Run through `make bench` (bench/run.py), or alone: `python bench/quality.py [-v SET]`.
"""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "eval"
DEV_SET = Path(os.environ.get("TRIPREPORT_EVAL_SET", SHARED / "dev.tsv"))
SETS = {
    "dev": DEV_SET,
    "develop": ROOT / "bench" / "develop.tsv",
    "judging": ROOT / "bench" / "judging.tsv",
    "wild": SHARED / "wild" / "sentences.tsv",
    "world": ROOT / "bench" / "judging-world.tsv",
}
HELD_OUT = ("judging", "wild", "world")
WORSE_BY = 5.0  # chrF points a held-out sentence may lose to raw Apertium before it is listed


@dataclass
class Scored:
    """One system on one set: corpus scores, and the sentences it made worse than raw Apertium."""

    set_name: str
    system: str
    chrf: float
    bleu: float
    size: int
    worse: list[tuple[str, float, float, str, str]] = field(default_factory=list)  # id, raw, ours, es, ours
    by_variety: dict[str, float] = field(default_factory=dict)


def read_set(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


# Stages that can be turned off to see what each one adds (the ablation in bench/README.md).
STAGES = ("syntax rules", "word senses", "fix rules")


def pipeline_translations(
    spanish: list[str], glossary_path: Path | None = None, without: tuple[str, ...] = ()
) -> list[str]:
    """English for each sentence through tripreport's own translation stage, as inline Markdown
    (``without``: stages of :data:`STAGES` turned off)."""
    sys.path.insert(0, str(ROOT))
    import dataclasses

    from tripreport import engines, render
    from tripreport.document import parse
    from tripreport.engines.apertium import syntax
    from tripreport.glossary import base_glossary, load_glossary
    from tripreport.lexicon import Lexicon
    from tripreport.notes import read_notes
    from tripreport.translation.translate import translate_document

    with tempfile.TemporaryDirectory() as scratch:
        notes = Path(scratch) / "set.md"
        # One paragraph per sentence; escape what Markdown would read as structure.
        notes.write_text(
            "\n\n".join(re.sub(r"^([#>*+-]|\d+[.)])", r"\\\1", s) for s in spanish) + "\n", encoding="utf-8"
        )
        doc = parse(read_notes(notes))
    glossary = load_glossary(glossary_path) if glossary_path else base_glossary()
    if "word senses" in without:
        glossary = dataclasses.replace(glossary, senses=())
    if "fix rules" in without:
        glossary = dataclasses.replace(glossary, fixes=())
    rules = syntax.RULES
    if "syntax rules" in without:
        syntax.RULES = ()
    lexicon = Lexicon.load()
    engine = engines.load(engines.EngineName.apertium, options=engines.EngineOptions(glossary.senses))
    try:
        english, _ = translate_document(doc, glossary, engine, lexicon=lexicon)
    finally:
        syntax.RULES = rules
        engine.close()
        if lexicon is not None:
            lexicon.close()
    return [render.inline_markdown(english.unit_inline(u)) for u in english.units if u.image is None]


def raw_apertium(spanish: list[str]) -> list[str]:
    result = subprocess.run(
        ["apertium", "-u", "spa-eng"], input="\n\n".join(spanish), capture_output=True, text=True, check=True
    )
    return [line.strip() for line in result.stdout.strip().split("\n\n")]


def unknown_share(spanish: list[str]) -> float:
    """The share of words Apertium does not know (it marks them ``*``): where the glossary,
    the kept terms and the mending act; the rest Apertium translates by its own rules."""
    result = subprocess.run(
        ["apertium", "spa-eng"], input="\n\n".join(spanish), capture_output=True, text=True, check=True
    )
    return len(re.findall(r"\*\w", result.stdout)) / max(1, sum(len(s.split()) for s in spanish))


def stage_gains(set_name: str) -> dict[str, float]:
    """chrF points each stage adds on a set: all stages, less the score with that one off."""
    import sacrebleu

    rows = read_set(SETS[set_name])
    spanish, references = [r["es"] for r in rows], [[r["en"] for r in rows]]
    full = sacrebleu.corpus_chrf(pipeline_translations(spanish), references).score
    return {
        stage: full - sacrebleu.corpus_chrf(pipeline_translations(spanish, without=(stage,)), references).score
        for stage in STAGES
    }


def score(set_name: str, system: str, rows: list[dict[str, str]], ours: list[str], raw: list[str]) -> Scored:
    import sacrebleu

    references = [r["en"] for r in rows]
    scored = Scored(
        set_name,
        system,
        sacrebleu.corpus_chrf(ours, [references]).score,
        sacrebleu.corpus_bleu(ours, [references]).score,
        len(rows),
    )
    for row, mine, theirs, reference in zip(rows, ours, raw, references, strict=True):
        mine_chrf = sacrebleu.sentence_chrf(mine, [reference]).score
        raw_chrf = sacrebleu.sentence_chrf(theirs, [reference]).score
        if mine_chrf < raw_chrf - WORSE_BY:
            scored.worse.append((row.get("id") or row.get("doc", "?"), raw_chrf, mine_chrf, row["es"], mine))
    varieties = sorted({r["variety"] for r in rows if r.get("variety")})
    for variety in varieties:
        picked = [i for i, r in enumerate(rows) if r.get("variety") == variety]
        scored.by_variety[variety] = sacrebleu.corpus_chrf(
            [ours[i] for i in picked], [[references[i] for i in picked]]
        ).score
    return scored


def scores() -> list[Scored]:
    """Raw Apertium and tripreport on every set present (the dev set also with the report's glossary)."""
    found = []
    for name, path in SETS.items():
        if not path.is_file():
            continue
        rows = read_set(path)
        spanish = [r["es"] for r in rows]
        raw = raw_apertium(spanish)
        found.append(score(name, "raw `apertium -u spa-eng`", rows, raw, raw))
        found.append(score(name, "tripreport, base glossary", rows, pipeline_translations(spanish), raw))
        if name == "dev":
            ours = pipeline_translations(spanish, ROOT / "glossary.yaml")
            found.append(score(name, "tripreport, the report's glossary", rows, ours, raw))
    return found


if __name__ == "__main__":
    if "-v" in sys.argv:
        chosen = sys.argv[sys.argv.index("-v") + 1]
        rows = read_set(SETS[chosen])
        spanish = [r["es"] for r in rows]
        for row, ours, raw in zip(rows, pipeline_translations(spanish), raw_apertium(spanish), strict=True):
            print(f"ES  {row['es']}\nRAW {raw}\nOUT {ours}\nREF {row['en']}\n")
    for s in scores():
        varieties = "  ".join(f"{v} {c:.1f}" for v, c in s.by_variety.items())
        print(
            f"{s.set_name:<8} {s.system:<36} chrF {s.chrf:5.1f}  BLEU {s.bleu:5.1f}  worse {len(s.worse)}  {varieties}"
        )
