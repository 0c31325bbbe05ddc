"""`tripreport serve` benchmarks on the real notes, with Apertium.

- From saving a one-bullet edit to the English HTML updated on disk, and to all three
  PDFs updated (medians of five edits, each a second after the last settled).
- A warm Apertium segment (the long-lived null-flush pipeline) against one ``apertium``
  process per call, as batches cost before.
- ``serve`` idle: CPU used by its whole process group over ten quiet seconds.
- The review page in Chromium (Playwright): how soon it shows its passages, for the real
  notes and for a report of 10,000 bullets (and how soon it answers a key there); a save
  with Ctrl+Enter to the PO file written, the passage updated on the page, the English HTML
  and the three PDFs on disk; serve idle with the page open.

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
from scale import bullets

BULLET = "- alguien habló de un CRI proxy y no tengo idea de qué verga dijo."
IDLE_WHY = (
    "the server's threads wake to look for work: the file watcher every 50 ms (watchfiles' step, "
    "which is also how soon a save is noticed), the HTTP server every 0.5 s, the print processes "
    "every 5 s to see their parent is alive. Sampled with py-spy, nothing else runs; the sum is "
    "0.3–1.1% of a core across runs on this machine. A longer watch step would trade save-to-page "
    "latency for it."
)
OUTPUTS = ("report.en.html", "report.en.pdf", "report.es.pdf", "report.bilingual.pdf")
CHROMIUM = "/usr/bin/chromium"  # Debian's, driven by Playwright (as the tests do)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
# When the review page shows its passages, in ms since the navigation began, and when its HTML was parsed.
SHOWN = """() => ({shown: window.tripreportReviewShown,
  parsed: performance.getEntriesByType("navigation")[0].domContentLoadedEventEnd})"""


def group_cpu_seconds(group: int) -> float:
    """User and system CPU seconds of every process in a process group, from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    return sum(int(fields[11]) + int(fields[12]) for _, fields in group_stats(group)) / ticks  # utime, stime


def start_serve(folder, timeout: float = 180) -> tuple[subprocess.Popen, str, list[str]]:
    """``tripreport serve`` in ``folder``, leading a process group of its own; its address, once
    serving, and the lines it prints (as it prints them)."""
    process = subprocess.Popen(
        tripreport("serve", "--port", "0"),
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    ready, address, lines = threading.Event(), [], []

    def read() -> None:
        for line in process.stderr:  # type: ignore[union-attr]
            lines.append(line)
            if line.startswith("serving "):
                address.append(line.split()[1].rsplit("/", 1)[0])
                ready.set()

    threading.Thread(target=read, daemon=True).start()
    if not ready.wait(timeout):
        process.kill()
        raise SystemExit("bench: tripreport serve did not start")
    return process, address[0], lines


def stop_serve(process: subprocess.Popen, folder) -> None:
    os.killpg(process.pid, signal.SIGINT)
    process.wait(timeout=60)
    shutil.rmtree(folder)


def serve_latencies(edits: int = 5) -> tuple[float, float, float]:
    """Median seconds from a save to the English HTML and to all PDFs updated; idle CPU share."""
    folder = scratch("live")
    process, _, _ = start_serve(folder)
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
        stop_serve(process, folder)
    return statistics.median(html_times), statistics.median(pdf_times), idle


def load_times(page, url: str, loads: int) -> list[float]:
    """Seconds from navigating to the review page to its passages shown, for each of ``loads`` loads."""
    times = []
    for _ in range(loads):
        page.goto(url)
        page.wait_for_function("() => window.tripreportReviewShown !== undefined", timeout=120_000)
        marks = page.evaluate(SHOWN)
        times.append(max(marks["shown"], marks["parsed"]) / 1000)
    return times


def changed_since(path, started_ns: int) -> float | None:
    """Seconds from ``started_ns`` (wall clock) to ``path``'s last modification, None if it is older."""
    modified = path.stat().st_mtime_ns
    return (modified - started_ns) / 1e9 if modified > started_ns else None


def rebuilt(lines: list[str], seen: int, timeout: float = 60) -> None:
    """Wait for serve's next "rebuilt" line after the first ``seen`` of them."""
    deadline = time.monotonic() + timeout
    while sum(1 for line in lines if line.startswith("rebuilt:")) <= seen:
        if time.monotonic() > deadline:
            raise SystemExit("bench: serve did not rebuild after a save")
        time.sleep(0.01)


def review_latencies(saves: int = 5) -> dict[str, float]:
    """The review page on the real notes: loads, saves with the keyboard, idle with the page open (medians)."""
    from playwright.sync_api import sync_playwright

    folder = scratch("review")
    process, base, lines = start_serve(folder)
    found: dict[str, list[float]] = {"unit": [], "po": [], "html": [], "pdfs": []}
    try:
        time.sleep(2)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            load_times(page, f"{base}/review", 1)  # the first after the build makes the page's data
            loads = load_times(page, f"{base}/review", 5)
            for key in "jjjj":  # the first day's first bullet (after the cover's title and event, and the day)
                page.keyboard.press(key)
            for n in range(saves):
                unit = page.evaluate("document.querySelector('article.unit.current').id")
                page.keyboard.press("Enter")
                page.keyboard.press("Control+a")
                page.keyboard.type(f"A sentence a person wrote, number {n}.")
                seen = sum(1 for line in lines if line.startswith("rebuilt:"))
                started, clock = time.time_ns(), time.monotonic()
                page.keyboard.press("Control+Enter")
                page.wait_for_selector(f"#{unit}.state-reviewed")
                found["unit"].append(time.monotonic() - clock)
                rebuilt(lines, seen)
                out = folder / "output"
                found["po"].append(changed_since(folder / "translations" / "report.en.po", started) or float("inf"))
                found["html"].append(changed_since(out / "report.en.html", started) or float("inf"))
                pdfs = [changed_since(out / name, started) for name in OUTPUTS[1:]]  # those the save changed
                found["pdfs"].append(max((t for t in pdfs if t is not None), default=float("inf")))
                time.sleep(1.0)
                page.keyboard.press("j")
            time.sleep(3.0)
            cpu_before = group_cpu_seconds(process.pid)
            time.sleep(10.0)
            idle = (group_cpu_seconds(process.pid) - cpu_before) / 10.0
            browser.close()
    finally:
        stop_serve(process, folder)
    medians = {name: statistics.median(values) for name, values in found.items()}
    return {**medians, "load": statistics.median(loads), "idle": idle}


def review_at_scale(count: int = 10_000) -> dict[str, float]:
    """The review page of a report of ``count`` bullets: loads, a key, the last day brought into view."""
    from playwright.sync_api import sync_playwright

    folder = scratch("review-scale", bullets(count))
    process, base, _ = start_serve(folder, timeout=900)
    try:
        time.sleep(2)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            first = load_times(page, f"{base}/review", 1)[0]
            loads = load_times(page, f"{base}/review", 3)
            keys = []
            page.keyboard.press("j")
            for _ in range(20):
                before = page.evaluate("document.querySelector('article.unit.current').id")
                clock = time.monotonic()
                page.keyboard.press("j")
                page.wait_for_function("id => document.querySelector('article.unit.current').id !== id", arg=before)
                keys.append(time.monotonic() - clock)
            clock = time.monotonic()
            page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
            page.wait_for_function(
                "() => { const days = document.querySelectorAll('section.day');"
                " return !days[days.length - 1].classList.contains('pending'); }"
            )
            end = time.monotonic() - clock
            browser.close()
    finally:
        stop_serve(process, folder)
    return {"first": first, "load": statistics.median(loads), "key": statistics.median(keys), "end": end}


class Api:
    """The review page's calls, as its script makes them (the token read from the page)."""

    def __init__(self, base: str) -> None:
        import urllib.request

        self.base = base
        page = urllib.request.urlopen(f"{base}/review", timeout=30).read().decode("utf-8")
        found = re.search(r'name="tripreport-token" content="([^"]+)"', page)
        assert found is not None
        self.token = found.group(1)

    def __call__(self, path: str, body: dict | None = None) -> dict:
        import json
        import urllib.error
        import urllib.request

        headers = {"X-Tripreport-Token": self.token, "Origin": self.base, "Content-Type": "application/json"}
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(f"{self.base}/__tripreport/review/{path}", data, headers)
        try:
            return json.loads(urllib.request.urlopen(request, timeout=120).read())
        except urllib.error.HTTPError as err:
            raise SystemExit(f"bench: {path}: {err.code} {err.read()[:200]!r}") from None


class Seen:
    """When each text first shows in the English HTML and in the English PDF: every version of
    the two files is kept as it appears (polled every 10 ms) and read afterwards."""

    def __init__(self, out) -> None:
        self.out, self.stop = out, threading.Event()
        self.versions: list[tuple[float, str, bytes]] = []
        self.thread = threading.Thread(target=self.watch, daemon=True)
        self.thread.start()

    def watch(self) -> None:
        last: dict[str, int] = {}
        while not self.stop.is_set():
            for name in ("report.en.html", "report.en.pdf"):
                try:
                    stamp = (self.out / name).stat().st_mtime_ns
                    if last.get(name) != stamp:
                        last[name] = stamp
                        self.versions.append((time.monotonic(), name, (self.out / name).read_bytes()))
                except OSError:
                    pass
            time.sleep(0.01)

    def first(self, name: str, text: str, after: float, timeout: float = 180) -> float:
        """Seconds from ``after`` (monotonic) to the first version of ``name`` holding ``text``
        (waiting for it up to ``timeout`` seconds)."""
        from io import BytesIO

        from pypdf import PdfReader

        squeeze = lambda t: re.sub(r"[\s\x00]+", "", t)  # noqa: E731 (pypdf spaces out some letters)
        deadline, looked = time.monotonic() + timeout, 0
        while time.monotonic() < deadline:
            versions = self.versions[looked:]
            looked += len(versions)
            for at, file, data in versions:
                if file != name or at < after:
                    continue
                if name.endswith(".pdf"):
                    body = "".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)
                else:
                    body = data.decode("utf-8")
                if squeeze(text) in squeeze(body):
                    return at - after
            time.sleep(0.05)
        return float("inf")

    def close(self) -> None:
        self.stop.set()
        self.thread.join()


def cold_build(repeats: int = 3) -> float:
    """Median seconds of a cold `tripreport build` of the real notes (a fresh scratch folder each time)."""
    times = []
    for _ in range(repeats):
        folder = scratch("cold")
        started = time.monotonic()
        if subprocess.run(tripreport("build"), cwd=folder, capture_output=True).returncode != 0:
            raise SystemExit("bench: the cold build failed")
        times.append(time.monotonic() - started)
        shutil.rmtree(folder)
    return statistics.median(times)


def settled(lines: list[str], quiet: float = 2.0) -> None:
    """Wait until serve has printed nothing for ``quiet`` seconds (no build running)."""
    seen, since = len(lines), time.monotonic()
    while time.monotonic() - since < quiet:
        time.sleep(0.05)
        if len(lines) != seen:
            seen, since = len(lines), time.monotonic()


def saves_and_entry(run: int = 5, gap: float = 3.0, entry: bool = True) -> dict[str, float]:
    """Through the review page's calls on the real notes: one save; a run of ``run`` saves ``gap``
    seconds apart; a glossary entry. Seconds from each to its English in the HTML and the PDF."""
    folder = scratch("saves")
    process, base, lines = start_serve(folder)
    seen = Seen(folder / "output")
    found: dict[str, float] = {}
    try:
        settled(lines)
        api = Api(base)
        items = [u for u in api("units")["units"] if u["kind"] == "item" and "chava" not in u["es"]]
        marks = [f"A sentence a person wrote, number {n}." for n in range(run + 1)]
        times: list[float] = []
        for n, unit in enumerate(items[: run + 1]):
            if n == 1:  # the single save's build done: the run starts from a quiet serve
                found["single_pdf"] = seen.first("report.en.pdf", marks[0], times[0])
                settled(lines)
            elif n > 1:
                time.sleep(max(0.0, times[-1] + gap - time.monotonic()))
            times.append(time.monotonic())
            api("save", {"unit": unit["id"], "revision": unit["revision"], "action": "review", "english": marks[n]})
        found["run_last_pdf"] = seen.first("report.en.pdf", marks[-1], times[-1])
        html = [seen.first("report.en.html", mark, at) for mark, at in zip(marks, times, strict=True)]
        found |= {"single_html": html[0], "run_html": max(html[1:])}
        settled(lines)
        if not entry:
            return found
        chava = next(u for u in api("units")["units"] if "chava" in u["es"] and u["state"] == "machine")
        started = time.monotonic()
        api("glossary", {"unit": chava["id"], "kind": "term", "es": "chava", "en": "woman"})
        while (lesson := api("lesson")["lesson"]) is None or lesson["pending"]:
            time.sleep(0.01)
        found["entry_retranslated"] = time.monotonic() - started
        found["entry_changed"] = len(lesson["changed"])
        found["entry_pdf"] = seen.first("report.en.pdf", "Twitter woman with a", started)
    finally:
        seen.close()
        stop_serve(process, folder)
    return found


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
        apertium.engine.run_apertium(segment)
        cold.append(time.perf_counter() - started)
    engine.close()
    return statistics.median(warm) * 1000, statistics.median(cold) * 1000


def rows() -> list[Row]:
    html, pdfs, idle = serve_latencies()
    warm, cold = warm_segment()
    review = review_latencies()
    big = review_at_scale()
    found, cold_seconds = saves_and_entry(), cold_build()
    before = rows_before(html, pdfs, idle, warm, cold, review, big)
    return [*before, *saves_rows(found, cold_seconds), *entry_rows(found)]


def saves_rows(found: dict[str, float], cold: float) -> list[Row]:
    """Saves against a cold build's time, measured in the same run."""

    def share(seconds: float) -> str:
        return f"{seconds:.2f} s ({seconds / cold:.0%} of a cold build, {cold:.2f} s)"

    return [
        Row("review save → its English in the English HTML", share(found["single_html"]), "≤ 15% of cold",
            found["single_html"] <= 0.15 * cold),
        Row("review save → its English in the English PDF", share(found["single_pdf"]), "≤ 40% of cold",
            found["single_pdf"] <= 0.40 * cold),
        Row("five saves 3 s apart → each one's English in the HTML (the slowest)", share(found["run_html"]),
            "≤ 15% of cold", found["run_html"] <= 0.15 * cold),
        Row("five saves 3 s apart → the last one's English in the PDF", share(found["run_last_pdf"]),
            "≤ 40% of cold", found["run_last_pdf"] <= 0.40 * cold),
    ]  # fmt: skip


def entry_rows(found: dict[str, float]) -> list[Row]:
    """A glossary entry against one save's whole rebuild (to its PDF), measured in the same run."""
    single = found["single_pdf"]
    done = found["entry_retranslated"]
    return [
        Row(
            f"glossary entry from the page → written, and its {found['entry_changed']:.0f} machine passages "
            "translated again",
            f"{done:.2f} s ({done / single:.1f}× a save's rebuild, {single:.2f} s)",
            "≤ 2× a save's rebuild",
            done <= 2 * single,
        ),
        Row("glossary entry from the page → the English PDF with it", f"{found['entry_pdf']:.2f} s", "", None),
    ]


def rows_before(html, pdfs, idle, warm, cold, review, big) -> list[Row]:
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
        Row("review page, real notes: passages shown", f"{review['load']:.2f} s", "≤ 0.5 s", review["load"] <= 0.5),
        Row(
            "review page, 10,000 bullets: passages shown",
            f"{big['load']:.2f} s (first after a build {big['first']:.2f} s)",
            "≤ 2 s",
            max(big["load"], big["first"]) <= 2.0,
        ),
        Row("review page, 10,000 bullets: J to the next passage", f"{big['key'] * 1000:.0f} ms", "", None),
        Row("review page, 10,000 bullets: scrolled to the last day, shown", f"{big['end']:.2f} s", "", None),
        Row(
            "review save → PO file written / passage updated on the page",
            f"{review['po']:.3f} s / {review['unit']:.3f} s",
            "≤ 0.3 s",
            max(review["po"], review["unit"]) <= 0.3,
        ),
        Row("review save → English HTML on disk", f"{review['html']:.2f} s", "≤ 0.6 s", review["html"] <= 0.6),
        Row("review save → all three PDFs on disk", f"{review['pdfs']:.2f} s", "≤ 2.0 s", review["pdfs"] <= 2.0),
        Row(
            "serve idle with the review page open, whole process group",
            f"{review['idle']:.1%} of one core",
            "≤ 1%",
            review["idle"] <= 0.01,
            IDLE_WHY,
        ),
    ]


if __name__ == "__main__":
    show(rows())
