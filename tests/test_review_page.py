"""The review page of `tripreport serve` in a real browser (Chromium through Playwright), keyboard first."""

from __future__ import annotations

import html
import http.server
import json
import os
import re
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import polib
import pytest
from conftest import run_cli
from pypdf import PdfReader
from test_publish import browser  # noqa: F401  (the fixture)
from test_serve import Served

PO = Path("translations/report.en.po")
NOTES = """# Día 1

- Hoy aprendimos Helm.
- Nadie sabe qué pasó con el cluster.

# Día 2

Un párrafo final sobre k8s.
"""


def small(folder: Path, notes: str = NOTES) -> Path:
    (folder / "seeds").mkdir(exist_ok=True)
    (folder / "seeds" / "notas.md").write_text(notes, encoding="utf-8")
    (folder / "glossary.yaml").write_text("keep: [k8s, Helm]\n", encoding="utf-8")
    return folder


@pytest.fixture
def served_small(tmp_path: Path):
    server = Served(small(tmp_path))
    yield tmp_path, server
    if server.process.poll() is None:
        os.killpg(server.process.pid, signal.SIGKILL)


def review_url(server: Served) -> str:
    return server.url.rsplit("/", 1)[0] + "/review"


def open_review(browser, server: Served):  # noqa: F811
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.goto(review_url(server))
    page.wait_for_selector("article.unit")
    return page, problems


def press(page, *keys: str) -> None:
    for key in keys:
        page.keyboard.press(key)


def current(page) -> str:
    return page.evaluate("document.querySelector('article.unit.current').id")


def correct(page, english: str) -> str:
    """Enter, replace the English, Ctrl+Enter: what a person types. The unit's element id."""
    unit = current(page)
    press(page, "Enter")
    page.wait_for_selector(f"#{unit} textarea:focus")
    press(page, "Control+a")
    page.keyboard.type(english)
    press(page, "Control+Enter")
    page.wait_for_selector(f"#{unit}.state-reviewed")
    return unit


def entries_at(folder: Path) -> dict[str, polib.POEntry]:
    """The live PO entries by their note's file:line."""
    return {":".join(e.occurrences[0]): e for e in polib.pofile(str(folder / PO)) if not e.obsolete and e.occurrences}


def rebuilds(server: Served) -> int:
    return sum(1 for line in server.lines if line.startswith("rebuilt:"))


def settle(server: Served, seconds: float = 2.0, timeout: float = 120) -> None:
    """Wait until serve has printed no new line for ``seconds``."""
    deadline = time.monotonic() + timeout
    seen, since = len(server.lines), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.1)
        if len(server.lines) != seen:
            seen, since = len(server.lines), time.monotonic()
        elif time.monotonic() - since >= seconds:
            return
    raise AssertionError(f"serve never settled: {server.lines}")


def plain(text: str) -> str:
    return " ".join(text.split())


# --- correcting and confirming with the keyboard --------------------------------------------------


def test_the_keyboard_corrects_three_passages_and_confirms_one_and_every_edition_uses_them(
    browser,  # noqa: F811
    report_dir: Path,
) -> None:
    server = Served(report_dir)
    try:
        page, problems = open_review(browser, server)
        assert page.locator("textarea").count() == 0  # no editor open at the start
        press(page, "j")
        assert current(page) == page.evaluate("document.querySelector('article.unit').id")  # J: the first one
        press(page, "j", "j", "j")  # the cover's title and event, the first day's heading, its first bullet
        machine_before = entries_at(report_dir)
        wanted = {}
        for english in (
            "This afternoon there were lightning talks: 5-minute talks on many different subjects.",
            "Codefresh: users run their code in different environments to test it, with k8s.",
            "Someone spoke about how to contribute to k8s.",
        ):
            unit = correct(page, english)
            wanted[page.inner_text(f"#{unit} .where")] = english
            press(page, "j")
        confirmed = current(page)
        where = page.inner_text(f"#{confirmed} .where")
        press(page, "c")
        page.wait_for_selector(f"#{confirmed}.state-reviewed")
        wanted[where] = machine_before[where].msgstr  # the machine's English, as it was

        english_page = browser.new_page()
        english_page.goto(server.url)
        for english in wanted.values():
            english_page.wait_for_function(
                "text => document.querySelector('main').innerText.replace(/\\s+/g, ' ').includes(text)",
                arg=plain(english),
                timeout=60_000,
            )
        settle(server)
        found = entries_at(report_dir)
        for at, english in wanted.items():
            assert found[at].msgstr == english and "fuzzy" not in found[at].flags and found[at].previous_msgid is None
        assert sum(1 for e in found.values() if "fuzzy" not in e.flags) == 4
        msgfmt = ["msgfmt", "--check-format", "-o", "/dev/null", str(report_dir / PO)]
        check = subprocess.run(msgfmt, capture_output=True)
        assert check.returncode == 0, check.stderr
        page.wait_for_function("() => document.getElementById('progress').innerText.startsWith('4 of')")
        progress = page.inner_text("#progress")
        assert problems == []
    finally:
        assert server.stop() == 0

    result = run_cli("build", "--engine", "apertium", "--json", "--force", cwd=report_dir)  # a separate process
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout.splitlines()[-1])
    assert summary["reviewed"] == 4
    assert progress.startswith(f"4 of {summary['units']} reviewed, {summary['flagged']} flagged"), progress
    out = report_dir / "output"
    editions = {"report.en.md": (out / "report.en.md").read_text(encoding="utf-8")}
    for name in ("report.en.html", "report.bilingual.html"):  # their text, as a reader sees it
        editions[name] = html.unescape(re.sub(r"<[^>]+>", "", (out / name).read_text(encoding="utf-8")))
    for pdf in ("report.en.pdf", "report.bilingual.pdf"):
        editions[pdf] = " ".join(page.extract_text() for page in PdfReader(out / pdf).pages)
    for name, text in editions.items():
        for english in wanted.values():  # spaces aside: a PDF's lines break after "5-"
            assert "".join(english.split()) in "".join(text.split()), (name, english)


# --- the Spanish changes under a reviewed passage ---------------------------------------------------


def test_changed_spanish_turns_a_reviewed_passage_into_needs_review_in_place_and_in_the_bilingual_edition(
    browser,  # noqa: F811
    served_small,
) -> None:
    folder, server = served_small
    assert f"review the English at {review_url(server)}" in server.lines
    english_page = browser.new_page()
    english_page.goto(server.url)
    assert english_page.get_attribute("#tripreport-review-link", "href") == "/review"

    page, problems = open_review(browser, server)
    page.evaluate("window.tripreportMarker = 1")  # gone if the page reloads
    settle(server)
    before = rebuilds(server)
    press(page, "j", "j", "j")
    unit = correct(page, "Nobody knows what broke the cluster.")
    deadline = time.monotonic() + 60
    while rebuilds(server) == before and time.monotonic() < deadline:
        time.sleep(0.05)
    settle(server)
    assert rebuilds(server) == before + 1  # the save made one rebuild, and its own write no second one

    notes = folder / "seeds" / "notas.md"
    notes.write_text(NOTES.replace("con el cluster.", "con el cluster de pruebas."), encoding="utf-8")
    page.wait_for_selector(f"#{unit}.state-needs-review", timeout=60_000)
    assert page.inner_text(f"#{unit} .earlier-text") == "Nobody knows what broke the cluster."
    assert "pruebas" in page.inner_text(f"#{unit} .diff ins")
    assert current(page) == unit and page.evaluate("window.tripreportMarker") == 1  # the same page, same place
    settle(server)
    bilingual = (folder / "output" / "report.bilingual.html").read_text(encoding="utf-8")
    assert len(re.findall(r'<tr class="[^"]*review-needs-review"', bilingual)) == 1 and "needs review" in bilingual
    pdf = " ".join(p.extract_text() for p in PdfReader(folder / "output" / "report.bilingual.pdf").pages)
    assert "needs review" in plain(pdf)

    press(page, "c")  # confirm the machine's English for the new Spanish
    page.wait_for_selector(f"#{unit}.state-reviewed")
    settle(server)
    bilingual = (folder / "output" / "report.bilingual.html").read_text(encoding="utf-8")
    assert not re.findall(r'<tr class="[^"]*review-needs-review"', bilingual)
    press(page, "m")  # and back to the machine
    page.wait_for_selector(f"#{unit}.state-machine")
    assert problems == []


def test_a_save_after_the_po_file_changed_on_disk_is_refused_and_the_typed_text_stays(
    browser,  # noqa: F811
    served_small,
) -> None:
    folder, server = served_small
    page, problems = open_review(browser, server)
    press(page, "j", "j", "j", "Enter")
    unit = current(page)
    page.wait_for_selector(f"#{unit} textarea:focus")
    press(page, "Control+a")
    page.keyboard.type("My careful English.")
    po = polib.pofile(str(folder / PO))  # meanwhile, a text editor saves the same entry
    for entry in po:
        if entry.msgid == "Nadie sabe qué pasó con el cluster.":
            entry.msgstr, entry.flags = "Changed in a text editor.", []
    po.save()
    press(page, "Control+Enter")
    page.wait_for_function(
        "id => (document.querySelector(`#${id} .editor-message`) || {}).textContent?.includes('not saved')",
        arg=unit,
    )
    assert page.input_value(f"#{unit} textarea") == "My careful English."
    assert page.inner_text(f"#{unit} .en") == "Changed in a text editor."  # the unit shows the new state
    assert "state-reviewed" in page.get_attribute(f"#{unit}", "class")
    entry = next(e for e in polib.pofile(str(folder / PO)) if e.msgid == "Nadie sabe qué pasó con el cluster.")
    assert entry.msgstr == "Changed in a text editor."
    press(page, "Control+Enter")  # again: still refused, the text still there
    time.sleep(0.5)
    assert page.input_value(f"#{unit} textarea") == "My careful English."
    assert polib.pofile(str(folder / PO)).find("Nadie sabe qué pasó con el cluster.").msgstr != "My careful English."
    press(page, "Escape")
    assert page.locator("textarea").count() == 0
    assert [p for p in problems if "409 (Conflict)" not in p] == []  # the browser logs each refusal


# --- only the author can write ----------------------------------------------------------------


ATTACK = """<!DOCTYPE html><html><body><iframe name="sink"></iframe>
<form id="f" method="POST" action="TARGET/__tripreport/review/save" enctype="text/plain" target="sink">
<input name='{"unit": 1, "revision": "x", "action": "review", "english": "pwned", "x": "' value='"}'></form>
<script>
const body = JSON.stringify({unit: 1, revision: "none", action: "review", english: "pwned"});
const done = [];
fetch("TARGET/__tripreport/review/save", {method: "POST", mode: "no-cors", body,
  headers: {"Content-Type": "text/plain"}}).then(() => done.push("simple"), () => done.push("simple failed"));
fetch("TARGET/__tripreport/review/save", {method: "POST", body,
  headers: {"Content-Type": "application/json", "X-Tripreport-Token": "guessed"}})
  .then(() => done.push("cors"), () => done.push("cors failed"));
fetch("TARGET/__tripreport/review/units", {headers: {"X-Tripreport-Token": "guessed"}})
  .then((r) => r.text()).then((t) => done.push("read " + t), () => done.push("read failed"));
document.getElementById("f").submit();
window.attackDone = done;
</script></body></html>"""


def test_only_the_served_page_can_write(browser, served_small) -> None:  # noqa: F811
    folder, server = served_small
    base = server.url.rsplit("/", 1)[0]
    port = base.rsplit(":", 1)[1]
    settle(server)
    before = (folder / PO).read_bytes()
    seen = rebuilds(server)

    # Another site open in the same browser (another origin: another port).
    class Attacker(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            body = ATTACK.replace("TARGET", base).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    attacker = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Attacker)
    threading.Thread(target=attacker.serve_forever, daemon=True).start()
    try:
        evil = browser.new_page()
        evil.goto(f"http://localhost:{attacker.server_address[1]}/")
        evil.wait_for_function("window.attackDone && window.attackDone.length === 3", timeout=15_000)
        results = evil.evaluate("window.attackDone")
        assert "cors failed" in results and "read failed" in results, results  # the browser itself refused them
        time.sleep(1.0)
    finally:
        attacker.shutdown()

    # The same from outside a browser: no token, a foreign Origin, a foreign Host (DNS rebinding).
    served_page = urllib.request.urlopen(review_url(server)).read().decode()
    token = re.search(r'name="tripreport-token" content="([^"]+)"', served_page)
    assert token is not None
    body = json.dumps({"unit": 1, "revision": "none", "action": "review", "english": "pwned"}).encode()
    good = {"Content-Type": "application/json", "Origin": base, "X-Tripreport-Token": token.group(1)}
    for changed in (
        {"X-Tripreport-Token": None},
        {"Origin": "http://evil.example"},
        {"Host": f"evil.example:{port}", "Origin": f"http://evil.example:{port}"},
    ):
        sent = {k: v for k, v in {**good, **changed}.items() if v is not None}
        request = urllib.request.Request(base + "/__tripreport/review/save", data=body, headers=sent, method="POST")
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        assert refused.value.code == 403, changed
    assert (folder / PO).read_bytes() == before  # byte for byte
    assert rebuilds(server) == seen
    for path in ("/review", "/report.en.html", "/__tripreport/events"):  # nor read under a rebound name
        request = urllib.request.Request(base + path, headers={"Host": f"evil.example:{port}"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        assert refused.value.code == 403, path

    # The page itself can, and a <script> in a person's English is raw HTML the notes' allow-list
    # drops (with its content), there as in the editions: it never runs.
    page, problems = open_review(browser, server)
    press(page, "j", "j")
    unit = correct(page, "We learned Helm <script>window.pwned = 1</script> **today**.")
    assert page.inner_text(f"#{unit} .en") == "We learned Helm today."
    assert page.evaluate("window.pwned") is None
    deadline = time.monotonic() + 60
    while "We learned Helm" not in (folder / "output" / "report.en.html").read_text(encoding="utf-8"):
        assert time.monotonic() < deadline, server.lines
        time.sleep(0.1)
    settle(server)
    assert "window.pwned" not in (folder / "output" / "report.en.html").read_text(encoding="utf-8")
    english = browser.new_page()
    english.goto(server.url)
    assert "We learned Helm today." in english.inner_text("main")
    assert english.evaluate("window.pwned") is None
    assert problems == []


# --- a broken build ---------------------------------------------------------------------------


def test_a_broken_build_keeps_the_review_page_working_on_the_last_good_units(
    browser,  # noqa: F811
    served_small,
) -> None:
    folder, server = served_small
    page, problems = open_review(browser, server)
    (folder / "glossary.yaml").write_text("keep: [k8s, Helm\n", encoding="utf-8")
    page.wait_for_selector("#build-error:not([hidden])", timeout=60_000)
    assert "glossary.yaml" in page.inner_text("#build-error")
    press(page, "j", "j")
    correct(page, "Today we learned Helm, properly.")
    entry = polib.pofile(str(folder / PO)).find("Hoy aprendimos Helm.")
    assert entry.msgstr == "Today we learned Helm, properly." and "fuzzy" not in entry.flags
    (folder / "glossary.yaml").write_text("keep: [k8s, Helm]\n", encoding="utf-8")
    page.wait_for_selector("#build-error[hidden]", state="attached", timeout=60_000)
    english = browser.new_page()
    english.goto(server.url)
    english.wait_for_function("document.querySelector('main').innerText.includes('properly')", timeout=60_000)
    assert problems == []
