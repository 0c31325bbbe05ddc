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

from tripreport.review import history

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
    page.wait_for_selector(f"#{unit} textarea", state="detached")  # the save answered (keys leave the editor)
    page.wait_for_selector(f"#{unit}.state-reviewed")
    return unit


def answers(page, count: int) -> None:
    """Wait until the page has had ``count`` answers to saves."""
    page.wait_for_function("n => (window.tripreportAnswers || 0) >= n", arg=count)


def entries_at(folder: Path) -> dict[str, polib.POEntry]:
    """The live PO entries by their note's file:line."""
    return {":".join(e.occurrences[0]): e for e in polib.pofile(str(folder / PO)) if not e.obsolete and e.occurrences}


def rebuilds(server: Served) -> int:
    return sum(1 for line in server.lines if line.startswith("rebuilt:"))


def rebuilt_since(server: Served, before: int, timeout: float = 120) -> None:
    """Wait until serve has finished a rebuild after the first ``before`` (HTML and PDFs written)."""
    deadline = time.monotonic() + timeout
    while rebuilds(server) <= before:
        assert time.monotonic() < deadline, server.lines
        time.sleep(0.05)


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


@pytest.mark.slow
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


@pytest.mark.slow
def test_a_key_pressed_while_a_save_is_answered_is_not_lost(browser, served_small) -> None:  # noqa: F811
    """C on one passage, then J and C on the next before the first save's answer: the second
    waits its turn (it was dropped, the page busy with the first)."""
    folder, server = served_small
    page, problems = open_review(browser, server)
    slow_saves = """() => { const real = window.fetch;
      window.fetch = async (url, options) => {
        if (String(url).endsWith("save")) await new Promise((done) => setTimeout(done, 1500));
        return real(url, options); }; }"""
    page.evaluate(slow_saves)
    press(page, "j", "j", "c")  # the first day's heading, then its first bullet: confirmed
    first = current(page)
    press(page, "j", "c")  # no wait for the answer
    second = current(page)
    assert second != first
    for unit in (first, second):
        page.wait_for_selector(f"#{unit}.state-reviewed", timeout=15_000)
    entries = polib.pofile(str(folder / PO))
    for spanish in ("Hoy aprendimos Helm.", "Nadie sabe qué pasó con el cluster."):
        assert "fuzzy" not in entries.find(spanish).flags
    assert problems == []


# --- the Spanish changes under a reviewed passage ---------------------------------------------------


@pytest.mark.slow
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
    rebuilt_since(server, before)
    settle(server)
    assert rebuilds(server) == before + 1  # the save made one rebuild, and its own write no second one

    notes = folder / "seeds" / "notas.md"
    before = rebuilds(server)
    notes.write_text(NOTES.replace("con el cluster.", "con el cluster de pruebas."), encoding="utf-8")
    page.wait_for_selector(f"#{unit}.state-needs-review", timeout=60_000)
    assert page.inner_text(f"#{unit} .earlier-text") == "Nobody knows what broke the cluster."
    assert "pruebas" in page.inner_text(f"#{unit} .diff ins")
    assert current(page) == unit and page.evaluate("window.tripreportMarker") == 1  # the same page, same place
    rebuilt_since(server, before)
    settle(server)
    bilingual = (folder / "output" / "report.bilingual.html").read_text(encoding="utf-8")
    assert len(re.findall(r'<tr class="[^"]*review-needs-review"', bilingual)) == 1 and "needs review" in bilingual
    pdf = " ".join(p.extract_text() for p in PdfReader(folder / "output" / "report.bilingual.pdf").pages)
    assert "needs review" in plain(pdf)

    press(page, "c")  # confirm the machine's English for the new Spanish: it asks first, as it replaces mine
    page.wait_for_selector(f"#{unit} .ask")
    assert "Nobody knows what broke the cluster." in page.inner_text(f"#{unit} .ask")
    assert "state-needs-review" in page.get_attribute(f"#{unit}", "class")
    press(page, "c")
    page.wait_for_selector(f"#{unit}.state-reviewed")
    settle(server)
    bilingual = (folder / "output" / "report.bilingual.html").read_text(encoding="utf-8")
    assert not re.findall(r'<tr class="[^"]*review-needs-review"', bilingual)
    press(page, "m", "m")  # and back to the machine (asked, and answered with the key again)
    page.wait_for_selector(f"#{unit}.state-machine")
    assert problems == []


@pytest.mark.slow
def test_a_save_after_the_po_file_changed_on_disk_is_refused_and_the_typed_text_stays(
    browser,  # noqa: F811
    served_small,
) -> None:
    folder, server = served_small
    page, problems = open_review(browser, server)
    press(page, "j", "j")
    correct(page, "Today we learned Helm.")  # a save that works first: its notice must not outlive the refusal
    page.wait_for_function("() => document.getElementById('notice').textContent.startsWith('Saved as reviewed')")
    press(page, "j", "Enter")
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
    # The refusal is told at the top too (not the earlier "Saved as reviewed."), and beside the passage.
    assert page.inner_text("#notice").startswith("not saved") and "draft" in page.inner_text("#notice")
    assert page.get_attribute("#notice", "data-kind") == "error"
    assert page.inner_text(f"#{unit} .outcome").startswith("not saved")
    entry = next(e for e in polib.pofile(str(folder / PO)) if e.msgid == "Nadie sabe qué pasó con el cluster.")
    assert entry.msgstr == "Changed in a text editor."
    press(page, "Control+Enter")  # again: still refused, the text still there
    answers(page, 3)
    assert page.input_value(f"#{unit} textarea") == "My careful English."
    assert polib.pofile(str(folder / PO)).find("Nadie sabe qué pasó con el cluster.").msgstr != "My careful English."
    # Nothing typed is lost: a reload keeps it as a draft, and Enter goes on with it over the new English.
    page.reload()
    page.wait_for_selector(f"#{unit}.has-draft")
    press(page, "j", "j", "j")
    assert current(page) == unit and "My careful English." in page.inner_text(f"#{unit} .draft-note")
    press(page, "Enter")
    page.wait_for_selector(f"#{unit} textarea:focus")
    assert page.input_value(f"#{unit} textarea") == "My careful English."
    press(page, "Control+Enter")
    page.wait_for_function("id => document.querySelector(`#${id} .en`).textContent === 'My careful English.'", arg=unit)
    assert polib.pofile(str(folder / PO)).find("Nadie sabe qué pasó con el cluster.").msgstr == "My careful English."
    assert page.locator(".has-draft").count() == 0 and page.evaluate("localStorage.length") == 0
    kept = [p.english for p in history.read(polib.pofile(str(folder / PO)).find("Nadie sabe qué pasó con el cluster."))]
    assert kept[-2:] == ["Changed in a text editor.", "My careful English."]  # the text editor's is in the history
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


@pytest.mark.slow
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
        # The form's answer has loaded in its frame (serve's, so another origin's: its address cannot be read).
        evil.wait_for_function(
            "() => { try { return frames.sink.location.href !== 'about:blank'; } catch (e) { return true; } }"
        )
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
    assert "removed from this English (as every edition does): <script> with its content" in page.inner_text(
        f"#{unit} .removed"
    )
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


@pytest.mark.slow
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


# --- nothing typed or saved is lost -------------------------------------------------------------------

NUMBERED = NOTES.replace("Nadie sabe qué pasó con el cluster.", "Vimos 3 charlas sobre el cluster.")


@pytest.mark.slow
def test_typed_english_survives_a_reload_and_a_closed_browser_tab_as_a_draft(browser, served_small) -> None:  # noqa: F811
    folder, server = served_small
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.goto(review_url(server))
    page.wait_for_selector("article.unit")
    press(page, "j", "j", "Enter")
    unit = current(page)
    page.wait_for_selector(f"#{unit} textarea:focus")
    press(page, "Control+a")
    page.keyboard.type("Today we finally learned Helm")
    page.reload()  # mid-edit, no question asked
    page.wait_for_selector(f"#{unit}.has-draft")
    assert "unsaved draft" in page.inner_text("#notice") and "1 unsaved draft" in page.inner_text("#progress")
    press(page, "j", "j")
    press(page, "Enter")
    page.wait_for_selector(f"#{unit} textarea:focus")
    assert page.input_value(f"#{unit} textarea") == "Today we finally learned Helm"
    page.keyboard.type(", twice")
    page.close()  # the tab is gone (a crash, a closed window): the draft is in the browser
    page = context.new_page()
    page.goto(review_url(server))
    page.wait_for_selector(f"#{unit}.has-draft")
    press(page, "j", "j", "Enter")
    page.wait_for_selector(f"#{unit} textarea:focus")
    assert page.input_value(f"#{unit} textarea") == "Today we finally learned Helm, twice"
    press(page, "Escape")  # closing keeps it too, and says so
    assert "kept as a draft" in page.inner_text(f"#{unit} .outcome")
    press(page, "Enter", "Control+Enter")
    page.wait_for_selector(f"#{unit}.state-reviewed:not(.has-draft)")
    assert polib.pofile(str(folder / PO)).find("Hoy aprendimos Helm.").msgstr == "Today we finally learned Helm, twice"
    assert page.evaluate("localStorage.length") == 0  # saved: no draft left
    context.close()


@pytest.mark.slow
def test_m_and_c_ask_before_they_replace_a_persons_english_and_the_history_brings_it_back(
    browser,  # noqa: F811
    tmp_path: Path,
) -> None:
    server = Served(small(tmp_path, NUMBERED))
    try:
        page, problems = open_review(browser, server)
        press(page, "j", "j", "j")
        unit = correct(page, "We saw three talks about the cluster.")
        before = (tmp_path / PO).read_bytes()
        press(page, "m")
        page.wait_for_selector(f"#{unit} .ask")
        assert "We saw three talks about the cluster." in page.inner_text(f"#{unit} .ask")
        assert (tmp_path / PO).read_bytes() == before and "state-reviewed" in page.get_attribute(f"#{unit}", "class")
        press(page, "Escape")  # keep mine
        assert page.locator(".ask").count() == 0 and page.inner_text(f"#{unit} .outcome") == "Kept your English."
        press(page, "m", "j", "k", "m")  # a move forgets the question: M after it asks again
        page.wait_for_selector(f"#{unit} .ask")
        assert "state-reviewed" in page.get_attribute(f"#{unit}", "class")
        press(page, "m")
        page.wait_for_selector(f"#{unit}.state-machine")
        press(page, "h")  # the history: the machine's English, then mine; Enter on "Bring it back"
        page.wait_for_selector(f"#{unit} .history[open] button:focus")
        items = page.locator(f"#{unit} .history-list li").all_inner_texts()
        assert "We saw three talks about the cluster." in items[0] and items[1].startswith("machine")
        press(page, "Enter")
        page.wait_for_selector(f"#{unit} textarea")
        assert page.input_value(f"#{unit} textarea") == "We saw three talks about the cluster."
        press(page, "Control+Enter")
        page.wait_for_selector(f"#{unit}.state-reviewed")
        assert polib.pofile(str(tmp_path / PO)).find("Vimos 3 charlas sobre el cluster.").msgstr == (
            "We saw three talks about the cluster."
        )

        # C on a passage that needs review asks too, and the earlier English stays in its history.
        notes = tmp_path / "seeds" / "notas.md"
        notes.write_text(NUMBERED.replace("3 charlas", "4 charlas"), encoding="utf-8")
        page.wait_for_selector(f"#{unit}.state-needs-review", timeout=60_000)
        press(page, "c")
        page.wait_for_selector(f"#{unit} .ask")
        assert "your earlier English" in page.inner_text(f"#{unit} .ask")
        press(page, "c")
        page.wait_for_selector(f"#{unit}.state-reviewed")
        press(page, "h")
        page.wait_for_selector(f"#{unit} .history[open]")
        assert "We saw three talks about the cluster." in page.inner_text(f"#{unit} .history-list")
        assert problems == []
    finally:
        assert server.stop() == 0


@pytest.mark.slow
def test_a_build_that_redraws_the_passage_leaves_the_keyboard_on_the_button_it_was_on(
    browser,  # noqa: F811
    tmp_path: Path,
) -> None:
    """A build that ends while a passage's history is open draws the passage again. The button that
    had the keyboard keeps it: Enter brings back that English. (It fell to the page, where Enter
    opens the editor on the machine's English: a CI run met it after M.)"""
    server = Served(small(tmp_path, NUMBERED))
    try:
        page, problems = open_review(browser, server)
        press(page, "j", "j", "j")
        unit = correct(page, "We saw three talks about the cluster.")
        press(page, "m", "m")
        page.wait_for_selector(f"#{unit}.state-machine")
        page.wait_for_function(f"() => !document.querySelector('#{unit} .en em.pending')")  # its English shown
        press(page, "h")
        page.wait_for_selector(f"#{unit} .history[open] button:focus")
        assert "We saw three talks" in page.evaluate("document.activeElement.closest('li').innerText")
        glossary = tmp_path / "glossary.yaml"
        glossary.write_text("keep: [k8s, Helm]\nterms:\n  - {es: [charlas], en: sessions}\n", encoding="utf-8")
        page.wait_for_function(
            f"() => document.querySelector('#{unit} .en').innerText.includes('sessions')"
        )  # drawn anew
        assert page.evaluate(f"document.activeElement.matches('#{unit} .history button')")
        press(page, "Enter")
        page.wait_for_selector(f"#{unit} textarea")
        assert page.input_value(f"#{unit} textarea") == "We saw three talks about the cluster."
        assert problems == []
    finally:
        assert server.stop() == 0


@pytest.mark.slow
def test_a_spanish_edit_undone_brings_the_review_back_on_the_page_and_in_every_edition(
    browser,  # noqa: F811
    tmp_path: Path,
) -> None:
    server = Served(small(tmp_path, NUMBERED))
    try:
        page, problems = open_review(browser, server)
        press(page, "j", "j", "j")
        unit = correct(page, "We saw three talks about the cluster, all good.")
        notes = tmp_path / "seeds" / "notas.md"
        notes.write_text(NUMBERED.replace("3 charlas", "4 charlas"), encoding="utf-8")
        page.wait_for_selector(f"#{unit}.state-needs-review", timeout=60_000)
        before = rebuilds(server)
        notes.write_text(NUMBERED, encoding="utf-8")  # the edit undone
        page.wait_for_selector(f"#{unit}.state-reviewed", timeout=60_000)
        assert page.inner_text(f"#{unit} .en") == "We saw three talks about the cluster, all good."
        english = browser.new_page()
        english.goto(server.url)
        english.wait_for_function("document.querySelector('main').innerText.includes('all good')", timeout=60_000)
        rebuilt_since(server, before)
        settle(server)
        out = tmp_path / "output"
        for name in ("report.en.md", "report.en.html", "report.bilingual.html"):
            assert "We saw three talks about the cluster, all good." in (out / name).read_text(encoding="utf-8"), name
        pdf = plain(" ".join(p.extract_text() for p in PdfReader(out / "report.en.pdf").pages))
        assert "all good" in pdf
        assert not re.findall(r'<tr class="[^"]*review-needs-review"', (out / "report.bilingual.html").read_text())
        assert problems == []
    finally:
        assert server.stop() == 0


# --- what the page shows --------------------------------------------------------------------------------

LONG = (
    "".join(
        f"\n# Día {day}\n\n"
        + "".join(f"- En la charla {day}.{n} hablamos de redes y de bases de datos.\n" for n in range(25))
        for day in range(1, 5)
    ).replace("charla 2.20 hablamos de redes", "charla 2.20 hablamos de redes" + ", de colas, de cachés y de logs" * 12)
    + "- Al final comimos tlayudas con Ana.\n"
)


def header_bottom_and_top_of(page, unit: str) -> tuple[float, float]:
    return page.evaluate(
        "id => [document.getElementById('top').getBoundingClientRect().bottom,"
        " document.getElementById(id).getBoundingClientRect().top]",
        unit,
    )


@pytest.mark.slow
def test_search_finds_passages_not_drawn_yet_and_the_current_one_is_never_under_the_header(
    browser,  # noqa: F811
    tmp_path: Path,
) -> None:
    server = Served(small(tmp_path, LONG))
    try:
        page, problems = open_review(browser, server)
        total = page.evaluate("document.querySelectorAll('section.day').length")
        assert total == 4 and page.locator("text=tlayudas").count() == 0  # the last day is not drawn yet
        press(page, "/")
        assert page.evaluate("document.activeElement.id") == "search"
        page.keyboard.type("TLAYUDAS")  # case and accents aside
        page.wait_for_function("() => document.getElementById('search-count').textContent === '1 passage'")
        press(page, "Enter")
        page.wait_for_function("() => document.querySelector('article.unit.current')?.innerText.includes('tlayudas')")
        assert page.inner_text("#search-count") == "1 of 1 passage"
        assert page.locator("article.unit.current mark.found").count() >= 1
        top, unit_top = header_bottom_and_top_of(page, current(page))
        assert unit_top >= top - 1
        press(page, "Escape")  # back to the passages: the keys work again
        press(page, "Enter")
        page.wait_for_selector("article.unit.current textarea:focus")
        press(page, "Control+Enter")
        page.wait_for_selector("article.unit.current.state-reviewed")
        top, unit_top = header_bottom_and_top_of(page, current(page))
        assert unit_top >= top - 1  # saved: the passage is still in view below the header

        # J → Enter → Ctrl+Enter on a passage whose editor is taller than the window: saved, the passage
        # is brought back into view below the header, not left under it.
        page.set_viewport_size({"width": 1200, "height": 600})
        page.evaluate("window.scrollTo(0, 0)")
        press(page, "/", "Control+a")
        page.keyboard.type("charla 2.19 ")
        press(page, "Enter", "Escape", "j", "Enter")
        page.wait_for_selector("article.unit.current textarea:focus")
        assert "de colas, de cachés" in page.inner_text("article.unit.current .es")
        press(page, "Control+Enter")
        page.wait_for_selector("article.unit.current.state-reviewed")
        top, unit_top = header_bottom_and_top_of(page, current(page))
        assert unit_top >= top - 1

        # A day: only its passages, and J stays in it.
        page.select_option("#day-filter", label="Día 3 (26)")
        assert page.locator("section.day:not([hidden])").count() == 1
        assert page.inner_text("article.unit.current .es") == "Día 3"  # its first passage
        press(page, "j")
        assert page.inner_text("article.unit.current .es").startswith("En la charla 3.0 ")
        press(page, "k", "k")
        assert "No more passages before this one" in page.inner_text("#notice")
        assert problems == []
    finally:
        assert server.stop() == 0


@pytest.mark.slow
def test_on_a_phone_the_header_is_small_and_the_editor_takes_the_screen(browser, served_small) -> None:  # noqa: F811
    folder, server = served_small
    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page.goto(review_url(server))
    page.wait_for_selector("article.unit")
    header = page.evaluate("document.getElementById('top').getBoundingClientRect().height")
    assert header <= 120, header
    assert not page.is_visible("#state-filter")  # behind the button
    page.click("#more-toggle")
    assert page.is_visible("#state-filter") and page.is_visible("#search")
    page.click("#more-toggle")
    page.locator("article.unit .en").nth(1).click()
    page.wait_for_selector("textarea")
    box = page.evaluate("JSON.stringify(document.querySelector('article.unit.editing').getBoundingClientRect())")
    assert json.loads(box)["width"] == 390 and json.loads(box)["height"] == 844
    assert page.evaluate("document.querySelector('textarea').getBoundingClientRect().height") >= 0.35 * 844


@pytest.mark.slow
def test_the_counts_agree_and_n_goes_by_urgency(browser, served_small) -> None:  # noqa: F811
    folder, server = served_small
    page = browser.new_page(viewport={"width": 1200, "height": 900})

    def unit(n: int, state: str = "machine", levels: tuple[str, ...] = (), mended: bool = False) -> dict:
        flags = [{"level": level, "kind": "negation", "message": "m", "subject": ""} for level in levels]
        return {"id": n, "key": f"k{n}", "day": 0, "kind": "item", "where": "", "es": f"uno {n}",
                "state": state, "revision": "r", "english": f"one {n}", "flags": flags, "terms": [],
                "mended": [{"written": "a", "read": "b", "reading": "a typo"}] if mended else []}  # fmt: skip

    units = [unit(0, mended=True), unit(1, levels=("warning",)), unit(2, "reviewed"), unit(3, levels=("error",)),
             unit(4, "needs-review"), unit(5), unit(6, "reviewed", ("warning",))]  # fmt: skip
    data = {"title": "t", "engine": "apertium", "days": [{"title": ""}], "terms": [], "units": units, "report": [],
            "counts": {}, "poError": None, "second": None}  # fmt: skip
    page.route("**/__tripreport/review/units", lambda route: route.fulfill(json=data))
    page.goto(review_url(server))
    page.wait_for_selector("article.unit")
    assert page.inner_text("#progress").startswith("2 of 7 reviewed, 3 flagged, 1 needs review")
    assert "Flagged by QA (3)" in page.inner_text("#flag-filter")  # the same count: QA's findings only
    assert "Notes: words mended (1)" in page.inner_text("#flag-filter")
    assert page.locator("#unit-0 .flags").count() == 0 and page.locator("#unit-0 .mended").count() == 1
    order = []
    for _ in range(6):
        press(page, "n")
        order.append(page.evaluate("+document.querySelector('article.unit.current').dataset.id"))
    assert order == [4, 3, 1, 0, 5, 4]  # needs review, QA error, warning, then the rest in order; round again
    page.click("#state-filter [data-value='reviewed']")
    press(page, "n")
    assert "5 not reviewed in all" in page.inner_text("#notice")  # not "Every passage is reviewed."
