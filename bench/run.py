"""`make bench`: run every benchmark and write bench/README.md.

Timings on a shared 2-core machine are noisy: read the ratios, which compare runs
made moments apart on the same machine, more than the absolute seconds. The benchmarks
run one after another, never side by side.

`python bench/run.py speed live` runs only those sections and leaves the README alone.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import sys
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import live  # noqa: E402
import mending  # noqa: E402
import quality  # noqa: E402
import robustness  # noqa: E402
import scale  # noqa: E402
import speed  # noqa: E402
from common import Row, markdown, missed  # noqa: E402

SECTIONS: dict[str, tuple[str, Callable[[], list[Row]], str]] = {
    "speed": (
        "Speed",
        speed.rows,
        """Builds are separate `tripreport build` processes on a scratch copy of the real notes
(medians of three). The first edit rewords one bullet: one segment is translated and one
part (the day) of each PDF is laid out again. The second rewrites that bullet without the
slang word the glossary appendix listed, so the appendix is laid out again too. The
translation stage is measured in-process against one `translate_batch` call on the same
unique segments. The lexicon's cost is the difference between cold builds with and without
it (medians of seven, alternated). Printing is timed (median of five) in fresh processes with an
empty print cache, alternating with plain WeasyPrint laying out each edition whole.""",
    ),
    "live": (
        "Live preview (`tripreport serve`)",
        live.rows,
        """`serve` runs on a scratch copy of the real notes; a bullet is edited five times, a second
after the last build settled, and the time is from the save to the file's new content on
disk (medians). The warm segment is one sentence through the long-lived null-flush
Apertium pipeline, against a new `apertium` process for the same sentence. Idle is the CPU
time of the server's whole process group over ten quiet seconds.

The review page runs in Chromium (Playwright). "Passages shown" is from the navigation to
the page's passages in it (or DOMContentLoaded, if later), median of five loads (three for
10,000 bullets, the notes `bench/scale.py` makes); the first load after a build is given
apart. On the real notes five bullets are corrected in turn with the keyboard (Enter,
the new English, Ctrl+Enter), a second after the last build settled: the PO file's and the
outputs' modification times against the moment Ctrl+Enter was pressed, and the passage
shown as reviewed on the page. Idle is measured as above, with the page open.

Saves against a cold build (`tripreport build` of the real notes in a fresh folder, median of
three, in the same run): through the review page's own calls, one save, then five saves 3 s
apart (each a different bullet), and the time from each save to the first English HTML and
English PDF holding its English (every version of the two files kept as it appears, read
afterwards). A save during a build cancels it at its next stage boundary, or while its PDFs
print (the print workers' work dropped), and the next build starts with it. Then a glossary
entry from the page (*chava* → *woman*, a term over the base glossary's, in five machine
passages): from the request to serve saying which passages the build with it changed,
against one save's whole rebuild (its PDF).""",
    ),
    "scale": (
        "Scale",
        scale.rows,
        """Cold builds (no memory, no outputs, no print cache) in a separate process, of notes
made from the real notes' own sentences. Doubling rows compare the two sizes in one run.
The 8-column table is about the size of the 10,000 bullets; its cells are 30 characters,
so its narrow columns wrap into several lines each, which WeasyPrint lays out line by line
(linear in rows: cProfile's call counts double from 500 to 1,000 rows). The bilingual
edition used to hold the whole table in one of its rows, and WeasyPrint laid it out page
after page inside that row's cell, several times slower than the rows apart: it is now
split into its header and rows, as lists are into items.""",
    ),
    "robustness": (
        "Trust and robustness",
        robustness.rows,
        """Negation: each sentence of `bench/negation.tsv` (informal sentences written for this
benchmark, not from the notes) through the pipeline; the English must negate exactly when
the Spanish does. Leftovers: a cold build of the real notes; the words QA lists, and an
independent check (words Hunspell's Spanish dictionary knows and its English ones do not).
Kill -9: builds killed at a random moment (0.1–3 s), alternately cold and after an edit;
then every output must be as before or as a finished build writes it, the memory must pass
`PRAGMA integrity_check`, and the next build must write what a clean build writes (PDFs
compared by their pages' text).""",
    ),
    "mending": (
        "Mending on evidence",
        mending.rows,
        """`bench/mending-words.tsv`: 378 regional and rare Spanish words spelt right, each in an informal
sentence written for this benchmark (every Spanish-speaking country, verbs with clitics and gerunds,
augmentatives and diminutives, loanwords, stretched letters, names inside a sentence), all unknown to
Apertium's Spanish dictionary; a word counts as mended when the engine gets anything else than the
word, its capitals put right, or a reading its `accept` column names (a diminutive read as its base,
a Spanglish verb as the English verb). `bench/mending-typos.tsv`: 129 typos of fast typing (a letter
dropped, doubled, two swapped, a key beside, an accent that makes no word), each with the word meant.
Both run the real translation stage (base glossary, Apertium, the lexicon), a sentence a paragraph.""",
    ),
}


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        meminfo = Path("/proc/meminfo").read_text().splitlines()
        memory_kb = next(int(line.split()[1]) for line in meminfo if line.startswith("MemTotal"))
        memory = f"{memory_kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, StopIteration, ValueError):
        memory = "unknown RAM"
    system = f"Python {platform.python_version()}, {platform.system()} {platform.release()}"
    return f"{os.cpu_count()} cores ({cpu}), {memory}, {system}"


QUALITY_METHOD = """Five sets, each sentence through the same pipeline as the notes (a paragraph of its
own) with the packaged base glossary alone, the way any new report starts; the output is
compared as inline Markdown. **dev**: sentences from the real notes (kept outside this
repository), also with the report's own glossary. **develop**: `bench/develop.tsv`, informal
sentences written for developing the rules and entries (each variety the base glossary knows,
tagged by country and by the trouble each holds). **judging**: `bench/judging.tsv`, informal
sentences from public writing by other people (`bench/judging.md`), held out: no rule, entry or
sense was written for one. **wild**: real public notes by other authors (kept outside this
repository), held out likewise. **world**: `bench/judging-world.tsv`, informal sentences from
public writing by people from Colombia (co), Venezuela (ve), Chile (cl), Peru (pe), the Caribbean
(car), Central America (cam), Ecuador (ec) and Bolivia (bo) (`bench/judging-world.md`), held out
likewise. Raw Apertium is `apertium -u spa-eng` on the same sentences."""


# Why a held-out sentence the pipeline makes worse is so (found by turning stages off one by one).
WORSE_WHY = {
    "w100": (
        'w100: *bien hecho* is "well done" (raw: "very done", which is wrong); the reference\'s '
        '"done right" shares fewer letters with "well done" than with "very done". The rest '
        "is Apertium's in both. The pipeline's reading is the right one: chrF counts it worse."
    ),
}


def quality_why(
    set_name: str, value: float, raw: float, target: float, best: dict[tuple[str, str], quality.Scored]
) -> str:
    """What the pipeline's stages add on a held-out set, and where its errors come from."""
    gains = quality.stage_gains(set_name)
    shares = {
        name: quality.unknown_share([r["es"] for r in quality.read_set(quality.SETS[name])])
        for name in ("dev", set_name)
        if quality.SETS[name].is_file()
    }
    ours, plain = best.get(("dev", "tripreport, base glossary")), best.get(("dev", "raw `apertium -u spa-eng`"))
    parts = ", ".join(f"{stage} {gain:+.1f}" for stage, gain in gains.items())
    text = (
        f"raw Apertium scores {raw:.1f} and the pipeline {value - raw:+.1f} more ({parts}, each measured by "
        f"turning it off), where the target needs {target - raw:+.1f}. The pipeline's own knowledge acts "
        f"mostly on words Apertium does not know (glossary terms, slang, typos, cognates): "
        f"{shares[set_name]:.0%} of this set's words"
    )
    if "dev" in shares and ours and plain:
        gain = ours.chrf - plain.chrf
        text += f", against {shares['dev']:.0%} of the notes' (where the base glossary alone adds {gain:+.1f})"
    return text + (
        ". The rest is Apertium's word-by-word grammar and word choice on words it knows, which "
        "rules that must hold for unseen sentences mend only in small, safe steps (subjects, "
        "compounds, adverb order, pronominal verbs, possessives, imperatives). No statistical es→en "
        "model can be had here: the rest of the gap is in Apertium's dictionaries and transfer, word "
        "by word, and must be closed there (its bilingual section, lexical selection) or by more "
        "general rules, each safe on sentences nobody tuned for."
    )


def quality_section() -> tuple[list[str], list[Row]]:
    """The quality tables, the sentences made worse, and the rows with targets."""
    found = quality.scores()
    if not found:
        return ["## Quality", "", "(no evaluation set found)", ""], []
    lines = ["## Quality", "", "| set | system | chrF | BLEU | by variety |", "| --- | --- | --- | --- | --- |"]
    for s in found:
        varieties = ", ".join(f"{v} {c:.1f}" for v, c in s.by_variety.items())
        lines.append(f"| {s.set_name} ({s.size}) | {s.system} | {s.chrf:.1f} | {s.bleu:.1f} | {varieties} |")
    best = {(s.set_name, s.system): s for s in found}
    rows = []
    targets = [
        ("dev", "tripreport, the report's glossary", 76.0, "chrF, the notes' sentences (dev set, report glossary)"),
        ("develop", "tripreport, base glossary", 62.0, "chrF, sentences written for developing (develop set)"),
        ("judging", "tripreport, base glossary", 54.0, "chrF, held-out informal sentences (judging set)"),
        ("wild", "tripreport, base glossary", 57.0, "chrF, real notes by other authors (wild set)"),
    ]
    for set_name, system, target, what in targets:
        if (set_name, system) in best:
            raw = best[(set_name, "raw `apertium -u spa-eng`")].chrf
            value = best[(set_name, system)].chrf
            met = value >= target
            why = "" if met else quality_why(set_name, value, raw, target, best)
            rows.append(Row(what, f"{value:.1f} (raw Apertium {raw:.1f})", f"≥ {target:g}", met, why))
    world = best.get(("world", "tripreport, base glossary"))
    if world:  # no target yet: the set judges the other regions' glossary work as it lands
        raw = best[("world", "raw `apertium -u spa-eng`")].chrf
        what = "chrF, held-out informal sentences from the rest of the Spanish-speaking world (world set)"
        rows.append(Row(what, f"{world.chrf:.1f} (raw Apertium {raw:.1f})"))
    held = [s for s in found if s.set_name in quality.HELD_OUT and s.system == "tripreport, base glossary"]
    worse = [(s.set_name, *w) for s in held for w in s.worse]
    total = sum(s.size for s in held)
    rows.append(
        Row(
            f"held-out sentences worse than raw Apertium by > {quality.WORSE_BY:g} chrF",
            f"{len(worse)} of {total}",
            "0",
            not worse,
            " ".join(WORSE_WHY.get(sid, f"{sid}: not yet investigated.") for _, sid, *_ in worse),
        )
    )
    lines += ["", *markdown(rows), "", QUALITY_METHOD, ""]
    if worse:
        lines += ["Held-out sentences the pipeline makes worse than raw Apertium:", ""]
        lines += [
            f"- {name} {sid}: {raw:.0f} → {ours:.0f}: {es!r} → {mine!r}" for name, sid, raw, ours, es, mine in worse
        ]
        lines.append("")
    return lines, rows


def main(only: list[str]) -> None:
    chosen = only or list(SECTIONS)
    unknown = [name for name in chosen if name not in SECTIONS and name != "quality"]
    if unknown:
        raise SystemExit(f"bench: no section {', '.join(unknown)} (have: {', '.join(SECTIONS)}, quality)")
    lines = [
        "# Benchmarks",
        "",
        "Run with `make bench`; this file is written by `bench/run.py` (see `CONTRIBUTING.md`).",
        "",
        f"Machine: {machine()}. Date: {dt.date.today().isoformat()}. Engine: Apertium.",
        "",
    ]
    all_rows: list[Row] = []
    for name in chosen:
        if name == "quality":
            continue
        title, measure, method = SECTIONS[name]
        print(f"bench: {name}…", file=sys.stderr)
        rows = measure()
        all_rows += rows
        lines += [f"## {title}", "", *markdown(rows), "", method, ""]
        print("\n".join(markdown(rows)), file=sys.stderr)
    if not only or "quality" in only:
        print("bench: quality…", file=sys.stderr)
        quality_lines, quality_rows = quality_section()
        lines += quality_lines
        all_rows += quality_rows
    if missed(all_rows):
        lines += ["## Missed targets", "", *missed(all_rows), ""]
    if only:
        print("\n".join(lines))
        return
    (HERE / "README.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main(sys.argv[1:])
