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
shown as reviewed on the page. Idle is measured as above, with the page open.""",
    ),
    "scale": (
        "Scale",
        scale.rows,
        """Cold builds (no memory, no outputs, no print cache) in a separate process, of notes
made from the real notes' own sentences. Doubling rows compare the two sizes in one run.""",
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


def quality_section() -> list[str]:
    lines = [
        "## Quality",
        "",
        "The evaluation set: Spanish sentences from the notes with reference English, kept outside",
        "this repository (`TRIPREPORT_EVAL_SET` points `bench/quality.py` at it). It is for",
        "development: what counts is quality on informal sentences nobody tuned for, which the",
        "base-glossary row approximates (no entry written for these notes).",
        "",
        "| system | chrF | BLEU | kept terms preserved |",
        "| --- | --- | --- | --- |",
    ]
    if not quality.DEV_SET.is_file():
        return [*lines, f"| (no evaluation set at {quality.DEV_SET.name}) | | | |", ""]
    for s in quality.scores():
        lines.append(f"| {s.system} | {s.chrf:.1f} | {s.bleu:.1f} | {s.terms_kept}/{s.terms_total} |")
    return [*lines, "", "Target: chrF ≥ 75 with Apertium and the report's glossary.", ""]


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
        lines += quality_section()
    if missed(all_rows):
        lines += ["## Missed targets", "", *missed(all_rows), ""]
    if only:
        print("\n".join(lines))
        return
    (HERE / "README.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main(sys.argv[1:])
