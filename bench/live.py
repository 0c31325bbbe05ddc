"""`tripreport serve` benchmarks on the real notes, with Apertium.

- From saving a one-bullet edit to the English HTML updated on disk, and to all three
  PDFs updated (medians of five edits, each a second after the last settled).
- A warm Apertium segment (the long-lived null-flush pipeline) against one ``apertium``
  process per call, as batches cost before.
- ``serve`` idle: CPU used by its whole process group over ten quiet seconds.

Run through `make bench` (bench/run.py), or alone: `python bench/live.py`.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time

from common import ROOT, Row, group_stats, scratch, show, tripreport

BULLET = "- alguien habló de un CRI proxy y no tengo idea de qué verga dijo."
IDLE_WHY = (
    "the server's threads wake to look for work: the file watcher every 50 ms (watchfiles' step, "
    "which is also how soon a save is noticed), the HTTP server every 0.5 s, the print processes "
    "every 5 s to see their parent is alive. Sampled with py-spy, nothing else runs; the sum is "
    "0.3–1.1% of a core across runs on this machine. A longer watch step would trade save-to-page "
    "latency for it."
)
OUTPUTS = ("report.en.html", "report.en.pdf", "report.es.pdf", "report.bilingual.pdf")


def group_cpu_seconds(group: int) -> float:
    """User and system CPU seconds of every process in a process group, from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    return sum(int(fields[11]) + int(fields[12]) for _, fields in group_stats(group)) / ticks  # utime, stime


def serve_latencies(edits: int = 5) -> tuple[float, float, float]:
    """Median seconds from a save to the English HTML and to all PDFs updated; idle CPU share."""
    folder = scratch("live")
    process = subprocess.Popen(
        tripreport("serve", "--port", "0"),
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    ready = threading.Event()

    def read() -> None:
        for line in process.stderr:  # type: ignore[union-attr]
            if line.startswith("serving "):
                ready.set()

    threading.Thread(target=read, daemon=True).start()
    if not ready.wait(180):
        process.kill()
        raise SystemExit("bench: tripreport serve did not start")
    time.sleep(2)
    notes = folder / "seeds" / "kubecon-2017.es.md"
    html_times, pdf_times = [], []
    try:
        for n in range(edits):
            before = {name: (folder / "output" / name).stat().st_mtime_ns for name in OUTPUTS}
            text = notes.read_text(encoding="utf-8")
            edited = re.sub(r"qué verga dijo\.(?: \(\d+\))?", f"qué verga dijo. ({n})", text, count=1)
            started = time.monotonic()
            notes.write_text(edited, encoding="utf-8")
            seen: dict[str, float] = {}
            while len(seen) < len(OUTPUTS) and time.monotonic() - started < 60:
                for name in OUTPUTS:
                    if name not in seen and (folder / "output" / name).stat().st_mtime_ns != before[name]:
                        seen[name] = time.monotonic() - started
                time.sleep(0.005)
            html_times.append(seen.get("report.en.html", float("inf")))
            pdf_times.append(max(seen.values()) if len(seen) == len(OUTPUTS) else float("inf"))
            time.sleep(1.0)
        time.sleep(2.0)
        cpu_before = group_cpu_seconds(process.pid)
        time.sleep(10.0)
        idle = (group_cpu_seconds(process.pid) - cpu_before) / 10.0
    finally:
        os.killpg(process.pid, signal.SIGINT)
        process.wait(timeout=30)
        shutil.rmtree(folder)
    return statistics.median(html_times), statistics.median(pdf_times), idle


def warm_segment(repeats: int = 20) -> tuple[float, float]:
    """Median milliseconds of one segment through the warm pipeline and through a new apertium process."""
    sys.path.insert(0, str(ROOT))
    from tripreport.engines import apertium

    engine = apertium.load()
    segment = "Para poder enchufar crear y configurar cosas con zk0z, hay operators."
    engine.translate_batch([segment])  # started and loaded
    warm, cold = [], []
    for _ in range(repeats):
        started = time.perf_counter()
        engine.translate_batch([segment])
        warm.append(time.perf_counter() - started)
        started = time.perf_counter()
        apertium.run_apertium(segment)
        cold.append(time.perf_counter() - started)
    engine.close()
    return statistics.median(warm) * 1000, statistics.median(cold) * 1000


def rows() -> list[Row]:
    html, pdfs, idle = serve_latencies()
    warm, cold = warm_segment()
    return [
        Row("serve: save → English HTML on disk", f"{html:.2f} s", "≤ 0.5 s", html <= 0.5),
        Row("serve: save → all three PDFs on disk", f"{pdfs:.2f} s", "≤ 2.0 s", pdfs <= 2.0),
        Row("a warm Apertium segment (vs a new process)", f"{warm:.1f} ms (vs {cold:.0f} ms)", "≤ 20 ms", warm <= 20),
        Row(
            "serve idle, whole process group",
            f"{idle:.1%} of one core",
            "≤ 1%",
            idle <= 0.01,
            IDLE_WHY,
        ),
    ]


if __name__ == "__main__":
    show(rows())
