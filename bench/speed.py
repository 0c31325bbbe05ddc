"""Speed benchmarks of `tripreport build` on the real notes, with Apertium.

Measures, in a scratch copy of the report folder:
- a cold build (no translation memory, no outputs), with its peak memory;
- a no-op rebuild;
- a rebuild after editing one bullet;
- the pipeline's translation stage against one direct engine call on the same segments.

Run through `make bench` (bench/run.py), or alone: `python bench/speed.py`.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EDITED_BULLET = ("- alguien habló de un CRI proxy y no tengo idea de qué verga dijo.", "- alguien habló de un CRI proxy muy raro. No entendí nada.")


@dataclass
class Row:
    what: str
    value: str
    target: str
    ok: bool | None


def timed_build(folder: Path) -> tuple[float, int]:
    """Wall seconds and peak RSS (MB) of one `tripreport build` process."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "build", "--engine", "apertium"],
        cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"build failed in {folder} (status {status})")
    return elapsed, usage.ru_maxrss // 1024


def scratch_report() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="tripreport-bench-"))
    shutil.copytree(ROOT / "seeds", folder / "seeds")
    shutil.copy(ROOT / "glossary.yaml", folder / "glossary.yaml")
    return folder


def build_timings(repeats: int = 3) -> dict[str, float]:
    """Median cold, no-op and one-bullet-edit build times, and the worst cold peak memory."""
    cold, noop, edit, peak = [], [], [], []
    for _ in range(repeats):
        folder = scratch_report()
        seconds, mb = timed_build(folder)
        cold.append(seconds)
        peak.append(mb)
        noop.append(timed_build(folder)[0])
        notes = folder / "seeds" / "kubecon-2017.es.md"
        notes.write_text(notes.read_text(encoding="utf-8").replace(*EDITED_BULLET), encoding="utf-8")
        edit.append(timed_build(folder)[0])
        shutil.rmtree(folder)
    return {
        "cold": statistics.median(cold),
        "noop": statistics.median(noop),
        "edit": statistics.median(edit),
        "peak_mb": max(peak),
    }


def translation_overhead(repeats: int = 5) -> tuple[float, float]:
    """Median seconds of the translation stage and of a direct engine call on its segments."""
    sys.path.insert(0, str(ROOT))
    from pipeline import engines
    from pipeline.document import parse
    from pipeline.glossary import load_glossary
    from pipeline.notes import read_notes
    from pipeline.translate import encode, needs_engine, translate_document

    engine = engines.load("apertium")
    doc = parse(read_notes(ROOT / "seeds"))
    glossary = load_glossary(ROOT / "glossary.yaml")
    segments = [
        sentence
        for unit in doc.units
        for sentence, _ in encode(glossary.protect(unit.pieces), engine.placeholder).sentences
        if needs_engine(sentence, engine.placeholder)
    ]
    segments = list(dict.fromkeys(segments))
    stage, direct = [], []
    for _ in range(repeats):
        started = time.perf_counter()
        translate_document(doc, glossary, engine)
        stage.append(time.perf_counter() - started)
        started = time.perf_counter()
        engine.translate_batch(segments)
        direct.append(time.perf_counter() - started)
    return statistics.median(stage), statistics.median(direct)


def rows() -> list[Row]:
    builds = build_timings()
    stage, direct = translation_overhead()
    cold, noop, edit = builds["cold"], builds["noop"], builds["edit"]
    return [
        Row("cold build", f"{cold:.2f} s", "", None),
        Row("no-op rebuild", f"{noop:.2f} s ({noop / cold:.0%} of cold)", "≤ 10% of cold and ≤ 1.0 s", noop <= 0.10 * cold and noop <= 1.0),
        Row("rebuild after editing one bullet", f"{edit:.2f} s ({edit / cold:.0%} of cold)", "≤ 25% of cold", edit <= 0.25 * cold),
        Row("translation stage vs direct engine call", f"{stage:.3f} s vs {direct:.3f} s ({stage / direct:.2f}×)", "≤ 1.15×", stage <= 1.15 * direct),
        Row("peak memory, cold build", f"{builds['peak_mb']} MB", "≤ 500 MB", builds["peak_mb"] <= 500),
    ]


if __name__ == "__main__":
    for row in rows():
        verdict = "" if row.ok is None else ("met" if row.ok else "MISSED")
        print(f"{row.what:<42} {row.value:<34} {row.target:<28} {verdict}")
