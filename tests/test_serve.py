"""`tripreport serve` in a real browser, `tripreport init`, and the command line's conventions."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import run_cli
from test_publish import browser  # noqa: F401  (the fixture)

from tripreport.cancel import Cancel, Cancelled, Overtaken

TRIPREPORT = Path(sys.executable).parent / "tripreport"  # the installed command
BULLETS = "".join(f"- Punto {i}: vimos cosas de k8s en la plática número {i}.\n" for i in range(60))
NOTES = f"# Día 1\n\n- Hoy aprendimos Helm.\n{BULLETS}\n# Día 2\n\nNadie llegó tarde.\n"


class Served:
    """A running `tripreport serve`, its address, and what it printed."""

    def __init__(self, folder: Path) -> None:
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [str(TRIPREPORT), "serve", "--port", "0", "--engine", "apertium"],
            cwd=folder,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,  # a process group of its own, as a terminal gives it
            env={**os.environ, "PYTHONFAULTHANDLER": "1"},  # SIGABRT prints every thread's stack
        )
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.url = self.wait_for(r"serving (http://\S+)", 120).group(1)

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, pattern: str, timeout: float) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in list(self.lines):
                if found := re.search(pattern, line):
                    return found
            if self.process.poll() is not None and not self.reader.is_alive():
                break
            time.sleep(0.05)
        raise AssertionError(f"no {pattern!r} in: {self.lines}")

    def stop(self, how: signal.Signals = signal.SIGINT, timeout: float = 60) -> int:
        """Stop it as Ctrl-C (or ``how``) does; one that does not stop fails with its threads' stacks,
        one that stops with an error with what it printed."""
        os.killpg(self.process.pid, how)  # Ctrl-C sends SIGINT to the whole foreground group
        try:
            code = self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.kill(self.process.pid, signal.SIGABRT)
            self.process.wait(timeout=30)
            self.reader.join(timeout=5)
            raise AssertionError(f"serve did not stop in {timeout} s:\n" + "\n".join(self.lines[-150:])) from None
        self.reader.join(timeout=5)
        if code != 0:  # what it printed says why (a traceback, an error line)
            raise AssertionError(f"serve exited with {code} on {how.name}:\n" + "\n".join(self.lines[-150:]))
        return code


@pytest.fixture
def served(tmp_path: Path):
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "notes.md").write_text(NOTES, encoding="utf-8")
    (tmp_path / "glossary.yaml").write_text("keep: [k8s, Helm]\n", encoding="utf-8")
    server = Served(tmp_path)
    yield tmp_path, server
    if server.process.poll() is None:
        os.killpg(server.process.pid, signal.SIGKILL)


def group_gone(pgid: int, timeout: float = 10) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False


@pytest.mark.slow
def test_an_edit_reloads_the_open_page_keeping_its_place_and_errors_show_over_it(browser, served) -> None:  # noqa: F811
    folder, server = served
    page = browser.new_page(viewport={"width": 900, "height": 600})
    page.goto(server.url)
    assert "Helm." in page.inner_text("main") and "Kubernetes" not in page.inner_text("main")
    page.evaluate("window.scrollTo(0, 900)")
    page.evaluate("window.tripreportMarker = 1")  # gone once the page reloads

    notes = folder / "seeds" / "notes.md"
    notes.write_text(NOTES.replace("Hoy aprendimos Helm.", "Hoy aprendimos Helm y Kubernetes."), encoding="utf-8")
    page.wait_for_function("document.querySelector('main').innerText.includes('Kubernetes')", timeout=15_000)
    assert page.evaluate("window.tripreportMarker") is None  # reloaded by itself…
    page.wait_for_function("window.scrollY > 700", timeout=5_000)  # …where the reader was

    glossary = folder / "glossary.yaml"
    glossary.write_text("keep: [k8s, Helm\n", encoding="utf-8")  # broken YAML
    page.wait_for_selector("#tripreport-error", timeout=15_000)
    assert "glossary.yaml" in page.inner_text("#tripreport-error")
    server.wait_for(r"error: glossary\.yaml", 10)
    assert "Kubernetes" in page.inner_text("main")  # the last good report stays
    glossary.write_text("keep: [k8s, Helm]\n", encoding="utf-8")
    page.wait_for_selector("#tripreport-error", state="detached", timeout=15_000)

    for name in ("report.en.html", "report.es.html", "report.bilingual.html"):
        assert "EventSource" not in (folder / "output" / name).read_text(encoding="utf-8")
    page.close()

    pgid = server.process.pid
    assert server.stop() == 0
    assert "Traceback" not in "\n".join(server.lines), server.lines
    assert server.lines[-1].endswith("stopped")
    assert group_gone(pgid), subprocess.run(["ps", "-o", "pid,cmd", "-g", str(pgid)], capture_output=True).stdout


@pytest.mark.slow
def test_serve_answers_only_on_this_machine_and_only_from_the_output_folder(served) -> None:
    import urllib.error
    import urllib.request

    folder, server = served
    assert server.url.startswith("http://127.0.0.1:")
    base = server.url.rsplit("/", 1)[0]
    (folder / "secret.txt").write_text("not for the web", encoding="utf-8")
    for path in ("/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt"):
        try:
            body = urllib.request.urlopen(base + path, timeout=5).read()
        except urllib.error.HTTPError as err:
            assert err.code == 404
        else:
            assert b"not for the web" not in body
    pgid = server.process.pid
    assert server.stop(signal.SIGTERM) == 0  # as a service manager stops it: as Ctrl-C does
    assert server.lines[-1].endswith("stopped") and "Traceback" not in "\n".join(server.lines), server.lines
    assert group_gone(pgid)


@pytest.mark.slow
def test_init_makes_a_report_that_builds_with_the_installed_command(tmp_path: Path) -> None:
    folder = tmp_path / "my-trip"
    made = subprocess.run([str(TRIPREPORT), "init", str(folder)], capture_output=True, text=True, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    for name in ("seeds/dia-1.md", "glossary.yaml", ".gitignore", "README.md"):
        assert (folder / name).is_file(), name
    assert "output/" in (folder / ".gitignore").read_text(encoding="utf-8")
    built = subprocess.run(
        [str(TRIPREPORT), "build", "--engine", "apertium"], capture_output=True, text=True, cwd=folder
    )
    assert built.returncode == 0, built.stderr
    english = (folder / "output" / "report.en.md").read_text(encoding="utf-8")
    assert "# Day 1" in english and "QA: 0 errors" in built.stdout
    before = (folder / "glossary.yaml").read_text(encoding="utf-8")
    again = subprocess.run([str(TRIPREPORT), "init", str(folder)], capture_output=True, text=True, cwd=tmp_path)
    assert again.returncode == 1 and "already exists" in again.stderr
    assert (folder / "glossary.yaml").read_text(encoding="utf-8") == before


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["build", "--engine", "google"], "'google' is not one of 'auto', 'argos', 'apertium', 'identity'"),
        (["build", "--paper", "a5"], "'a5' is not one of 'a4', 'letter'"),
        (["build", "--frobnicate"], "no such option"),
    ],
)
@pytest.mark.slow
def test_usage_errors_exit_2_and_list_the_choices(tmp_path: Path, args: list[str], expected: str) -> None:
    result = run_cli(*args, cwd=tmp_path, env={"NO_COLOR": "1", "COLUMNS": "200"})
    assert result.returncode == 2
    assert expected in result.stderr, result.stderr


@pytest.mark.slow
def test_help_is_h_too_and_quiet_prints_nothing_on_success(tmp_path: Path) -> None:
    short, long = run_cli("build", "-h", cwd=tmp_path), run_cli("build", "--help", cwd=tmp_path)
    assert short.returncode == 0 and short.stdout == long.stdout and "--quiet" in short.stdout
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "a.md").write_text("# Día 1\n\nHola.\n", encoding="utf-8")
    (tmp_path / "glossary.yaml").write_text("", encoding="utf-8")
    quiet = run_cli("build", "-q", "--engine", "apertium", cwd=tmp_path)
    assert quiet.returncode == 0 and quiet.stdout == "" and quiet.stderr == ""
    verbose = run_cli("build", "-v", "--force", "--engine", "apertium", cwd=tmp_path)
    assert verbose.returncode == 0 and "stages: parse" in verbose.stdout


# --- a build's cancel token (what serve sets when a change arrives during a build) ---------------


class CancelAt(Cancel):
    """A token asked at one stage boundary (or, with "printing", while the editions print)."""

    def __init__(self, stage: str) -> None:
        super().__init__()
        self.stage, self.seen = stage, []

    def check(self, stage) -> None:  # type: ignore[no-untyped-def]
        self.seen.append(stage)
        if stage == self.stage:
            self.request()
        super().check(stage)

    def requested(self) -> bool:
        if self.stage == "printing":  # asked while the print workers lay out the editions
            self.request()
        return super().requested()


def in_process_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """A small report in ``tmp_path`` (the current folder), to build in this process: its notes'
    path, its config, and tools kept warm between builds (the caller closes them)."""
    from tripreport.config import BuildConfig
    from tripreport.tools import Tools

    (tmp_path / "seeds").mkdir()
    notes = tmp_path / "seeds" / "notes.md"
    notes.write_text(NOTES, encoding="utf-8")
    (tmp_path / "glossary.yaml").write_text("keep: [k8s, Helm]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return notes, BuildConfig(engine="apertium"), Tools(keep_warm=True)


@pytest.mark.slow
@pytest.mark.parametrize("stage", ["render", "html", "printing", "pdf"])
def test_a_cancelled_build_stops_at_that_stage_and_the_next_one_finishes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stage: str
) -> None:
    from tripreport.build import build

    notes, config, tools = in_process_report(tmp_path, monkeypatch)
    out = tmp_path / "output"
    try:
        build(config, tools=tools, html_ready=lambda done: None)
        before = {p.name: p.read_bytes() for p in out.iterdir()}
        notes.write_text(NOTES.replace("Nadie llegó tarde.", "Nadie llegó temprano."), encoding="utf-8")
        token = CancelAt(stage)
        with pytest.raises(Cancelled) as stopped:
            build(config, tools=tools, html_ready=lambda done: None, cancel=token)
        assert stopped.value.stage == ("print" if stage == "printing" else stage)
        after = {p.name: p.read_bytes() for p in out.iterdir()}
        html_in_place = stage in ("printing", "pdf")  # past the HTML's rename into place
        assert (after["report.en.html"] != before["report.en.html"]) is html_in_place
        assert (
            "early" in after["report.en.md"].decode()
            if html_in_place
            else after["report.en.md"] == before["report.en.md"]
        )
        assert all(after[name] == before[name] for name in before if name.endswith(".pdf"))
        assert not [p for p in out.iterdir() if p.name not in before]  # nothing staged left behind

        result = build(config, tools=tools, html_ready=lambda done: None)  # the same tools: the print pool works
    finally:
        tools.close()
    assert result.translated is not None
    pdfs = {p.name: p.read_bytes() for p in out.iterdir() if p.name.endswith(".pdf")}
    assert len(pdfs) == 3 and all(pdfs[name] != before[name] for name in pdfs)


@pytest.mark.slow
def test_a_po_file_saved_in_an_editor_during_a_build_is_never_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """serve's watcher sees an editor's save of the PO file a moment after it lands; a build about
    to rename its outputs into place then must not put its own PO file over it."""
    import contextlib

    import polib

    from tripreport.build import build
    from tripreport.cancel import Overtaken

    notes, config, tools = in_process_report(tmp_path, monkeypatch)
    po_path, english = tmp_path / "translations" / "report.en.po", tmp_path / "output" / "report.en.md"
    try:
        build(config, tools=tools, html_ready=lambda done: None)
        before = english.read_bytes()
        notes.write_text(NOTES.replace("Nadie llegó tarde.", "Nadie llegó temprano."), encoding="utf-8")

        @contextlib.contextmanager
        def an_editor_saves_meanwhile():  # type: ignore[no-untyped-def]
            po = polib.pofile(str(po_path))
            entry = po.find("Hoy aprendimos Helm.")
            entry.msgstr, entry.flags = "Today we finally learned Helm.", []  # as a PO editor saves a review
            po.save()
            yield

        with pytest.raises(Overtaken, match="changed while this build ran"):
            build(config, tools=tools, html_ready=lambda done: None, committing=an_editor_saves_meanwhile)
        assert polib.pofile(str(po_path)).find("Hoy aprendimos Helm.").msgstr == "Today we finally learned Helm."
        assert english.read_bytes() == before  # nothing of that build in place
        build(config, tools=tools, html_ready=lambda done: None)  # the next build takes the editor's English
    finally:
        tools.close()
    text = english.read_text(encoding="utf-8")
    assert "Today we finally learned Helm." in text and "early" in text


@pytest.mark.slow
def test_a_po_file_saved_while_the_outputs_go_into_place_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The build looks at the PO file, then renames its outputs into place: its own PO file goes
    first, so an editor's save that lands while the others are renamed is not put under it."""
    import polib

    from tripreport.build import build

    notes, config, tools = in_process_report(tmp_path, monkeypatch)
    po_path = tmp_path / "translations" / "report.en.po"
    replace, saved = os.replace, []

    def an_editor_saves_meanwhile(source, target, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(target).endswith("report.en.html") and not saved:  # an output renamed after the look
            po = polib.pofile(str(po_path))
            entry = po.find("Hoy aprendimos Helm.")
            entry.msgstr, entry.flags = "Today we finally learned Helm.", []
            po.save()
            saved.append(True)
        return replace(source, target, *args, **kwargs)

    try:
        build(config, tools=tools, html_ready=lambda done: None)
        notes.write_text(NOTES.replace("Nadie llegó tarde.", "Nadie llegó temprano."), encoding="utf-8")
        monkeypatch.setattr(os, "replace", an_editor_saves_meanwhile)
        with contextlib.suppress(Overtaken):  # the next look (the PDFs') sees the save: serve builds again
            build(config, tools=tools, html_ready=lambda done: None)
    finally:
        tools.close()
    assert saved
    assert polib.pofile(str(po_path)).find("Hoy aprendimos Helm.").msgstr == "Today we finally learned Helm."


@pytest.mark.slow
def test_a_glossary_saved_while_a_build_runs_is_used_by_the_next_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """serve's watcher tells of a save 200 ms after it lands, when a short build may have ended: that
    build recorded the glossary as it was on disk at its end, so the next one found "nothing changed"
    and the entry was lost until another edit (a review-page test met it). A build records the
    inputs it read."""
    import tripreport.build as recipe

    notes, config, tools = in_process_report(tmp_path, monkeypatch)
    glossary, english = tmp_path / "glossary.yaml", tmp_path / "output" / "report.en.md"
    render_texts = recipe.render_texts

    def saved_meanwhile(*args, **kwargs):  # type: ignore[no-untyped-def]
        glossary.write_text("keep: [k8s, Helm]\nterms:\n  - {es: [plática], en: session}\n", encoding="utf-8")
        return render_texts(*args, **kwargs)

    try:
        recipe.build(config, tools=tools, html_ready=lambda done: None)
        notes.write_text(NOTES.replace("Nadie llegó tarde.", "Nadie llegó temprano."), encoding="utf-8")
        monkeypatch.setattr(recipe, "render_texts", saved_meanwhile)
        recipe.build(config, tools=tools, html_ready=lambda done: None)  # made with the glossary it read
        assert "session" not in english.read_text(encoding="utf-8")
        monkeypatch.setattr(recipe, "render_texts", render_texts)
        result = recipe.build(config, tools=tools, html_ready=lambda done: None)
    finally:
        tools.close()
    assert result.translated is not None  # not "nothing changed since the last build"
    assert "in the session number 7" in english.read_text(encoding="utf-8")


@pytest.mark.slow
def test_ctrl_c_while_the_pdfs_print_stops_serve_without_finishing_them(tmp_path: Path) -> None:
    """Ctrl-C drops the editions in print at once: a big report's PDFs take minutes on a busy
    machine, and waiting for them made Ctrl-C seem to hang. The print workers save each edition
    they finish in the print cache, so the cache must still hold the first build's prints."""
    notes = tmp_path / "seeds" / "notes.md"
    notes.parent.mkdir()
    long_day = "".join(f"- Punto {i}: vimos cosas de k8s en la plática número {i}.\n" for i in range(600))
    notes.write_text(f"# Día 1\n\n{long_day}", encoding="utf-8")
    (tmp_path / "glossary.yaml").write_text("keep: [k8s, Helm]\n", encoding="utf-8")
    server = Served(tmp_path)
    try:
        cache = {path: path.read_bytes() for path in (tmp_path / ".tripreport" / "print").glob("*/manifest.json")}
        assert len(cache) == 3, cache
        notes.write_text(f"# Día 2\n\n{long_day}", encoding="utf-8")
        english = tmp_path / "output" / "report.en.html"
        deadline = time.monotonic() + 60
        while "Day 2" not in english.read_text(encoding="utf-8"):  # the HTML is in place: the PDFs print
            assert time.monotonic() < deadline, server.lines
            time.sleep(0.02)
        assert server.stop() == 0
    finally:
        if server.process.poll() is None:
            os.killpg(server.process.pid, signal.SIGKILL)
    assert server.lines[-1] == "tripreport: stopped" and "Traceback" not in "\n".join(server.lines), server.lines
    assert {path: path.read_bytes() for path in cache} == cache  # no edition of the second build finished


@pytest.mark.slow
@pytest.mark.parametrize(
    "moment",
    ["tripreport.translation.translate:SegmentTranslator.translate", "tripreport.serve.watching:Changes.wait"],
    ids=["during-the-first-build", "waiting-for-changes"],
)
def test_a_ctrl_c_python_swallows_still_stops_serve(tmp_path: Path, moment: str) -> None:
    """Python drops a KeyboardInterrupt raised in a ``__del__`` (the garbage collector runs them
    anywhere; CI met one as a serve that never stopped): serve stops all the same, in a build at
    its next stage boundary, and waiting for changes at its next look."""
    from conftest import start_signalled_at

    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "notes.md").write_text(NOTES, encoding="utf-8")
    (tmp_path / "glossary.yaml").write_text("keep: [k8s, Helm]\n", encoding="utf-8")
    serve = start_signalled_at(
        moment, "SIGINT", "serve", "--port", "0", "--engine", "apertium", cwd=tmp_path, swallowed=True
    )
    try:
        _, stderr = serve.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(serve.pid, signal.SIGKILL)
        raise AssertionError(f"serve did not stop: {serve.communicate()[1]}") from None
    assert "Exception ignored" in stderr  # it was swallowed…
    assert serve.returncode == 0 and stderr.rstrip().endswith("tripreport: stopped"), stderr  # …and serve stopped
    assert group_gone(serve.pid), "serve's helper programs outlived it"


@pytest.mark.slow
def test_a_page_opened_while_a_build_ends_reloads_with_it(browser, tmp_path: Path) -> None:  # noqa: F811
    """A build that puts new HTML in place between a page's load and its first event reloads
    the page (it knows the build it was served from), else it showed the old report for good."""
    from tripreport.review.session import ReviewSession
    from tripreport.serve.server import EVENTS_PATH, LiveState, start_server

    english = tmp_path / "report.en.html"
    english.write_text("<html><body><main>old report</main></body></html>", encoding="utf-8")
    live, stopping = LiveState(), threading.Event()
    session = ReviewSession(tmp_path / "report.en.po", tmp_path / "memory.sqlite")
    server, _ = start_server(tmp_path, "127.0.0.1", 0, live, stopping, session)
    page = browser.new_page()
    try:

        def a_build_ends_first(route) -> None:  # type: ignore[no-untyped-def]
            english.write_text("<html><body><main>new report</main></body></html>", encoding="utf-8")
            live.publish(reload=True)
            route.continue_()

        page.route(f"**{EVENTS_PATH}", a_build_ends_first, times=1)  # the reloaded page's go straight through
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/report.en.html")
        page.wait_for_function("document.querySelector('main').innerText === 'new report'", timeout=15_000)
    finally:
        page.close()
        stopping.set()
        server.shutdown()
        server.server_close()
