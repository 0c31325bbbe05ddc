"""`make bench`: run the speed and quality benchmarks and write bench/README.md.

Timings on a shared 2-core machine are noisy: read the ratios, which compare runs
made moments apart on the same machine, more than the absolute seconds.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import quality  # noqa: E402
import speed  # noqa: E402


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


def main() -> None:
    print("speed benchmarks (three cold/no-op/edit rounds)…", file=sys.stderr)
    speed_rows = speed.rows()
    print("quality benchmark…", file=sys.stderr)
    quality_rows = quality.scores() if quality.DEV_SET.is_file() else []
    lines = [
        "# Benchmarks",
        "",
        "Run with `make bench`; this file is written by `bench/run.py`.",
        "",
        f"Machine: {machine()}. Date: {dt.date.today().isoformat()}.",
        "Engine: Apertium. Input: the real notes in `seeds/`.",
        "",
        "## Speed",
        "",
        "| measure | result | target | |",
        "| --- | --- | --- | --- |",
    ]
    for row in speed_rows:
        verdict = "" if row.ok is None else ("met" if row.ok else "**missed**")
        lines.append(f"| {row.what} | {row.value} | {row.target} | {verdict} |")
    lines += [
        "",
        "Builds are separate `tripreport build` processes (medians of three). The first edit rewords",
        "one bullet: one segment is translated and one part (the day) of each PDF is laid out again.",
        "The second rewrites that bullet into two sentences without the slang word the glossary",
        "appendix listed, so the appendix's eight pages are laid out again too. The translation stage",
        "is measured in-process against one `translate_batch` call on the same unique segments.",
        "Printing is timed (median of five) in fresh processes with an empty print cache, alternating with the",
        "reference (WeasyPrint laying out and writing each edition whole, as printing did before it",
        "went part by part), so both see the machine alike; the difference is what a cold print pays",
        "for cutting its parts into the cache.",
        "",
        "## Quality",
        "",
        f"`{quality.DEV_SET.relative_to(HERE.parent.parent)}`: "
        "Spanish sentences from the notes with reference English.",
        "",
        "| system | chrF | BLEU | kept terms preserved |",
        "| --- | --- | --- | --- |",
    ]
    for s in quality_rows:
        lines.append(f"| {s.system} | {s.chrf:.1f} | {s.bleu:.1f} | {s.terms_kept}/{s.terms_total} |")
    if not quality_rows:
        lines.append(f"| (no dev set at {quality.DEV_SET}) | | | |")
    lines += ["", "Target: chrF ≥ 72 with Apertium.", ""]
    (HERE / "README.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
