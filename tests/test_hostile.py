"""Hostile and unlucky input: one clear line and an exit code, nothing read from outside the
report folder, nothing lost, nothing left half-written, no hang."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import run_cli, start_killed_after_rename

NOTES = "# Día 1\n\nHoy vimos k8s y nadie sabía nada.\n"


def tiny(folder: Path, notes: str = NOTES, glossary: str = "keep: [k8s]\n") -> Path:
    """A small report folder: one note and a glossary."""
    (folder / "seeds").mkdir(parents=True, exist_ok=True)
    (folder / "seeds" / "a.md").write_text(notes, encoding="utf-8")
    (folder / "glossary.yaml").write_text(glossary, encoding="utf-8")
    return folder


def build(folder: Path, *args: str, env: dict[str, str] | None = None, timeout: int = 120):
    return run_cli("build", "--engine", "apertium", *args, cwd=folder, env=env, timeout=timeout)


def one_error_line(result: subprocess.CompletedProcess) -> str:
    """The run failed with exactly one error line, no traceback; that line."""
    assert result.returncode != 0, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("tripreport: error:")]
    assert len(errors) == 1, result.stderr
    return errors[0]


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


class Mounts:
    """Small tmpfs folders (a full disk on demand) and read-only bind mounts, undone afterwards."""

    def __init__(self) -> None:
        self.done: list[Path] = []

    def mount(self, *args: str) -> None:
        try:
            result = subprocess.run(["mount", *args], capture_output=True)
        except OSError:
            pytest.skip("no mount command here")
        if result.returncode != 0:
            pytest.skip(f"cannot mount here (needs root): {result.stderr.strip()}")

    def tmpfs(self, folder: Path, size: str) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        self.mount("-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder))
        self.done.append(folder)
        return folder

    def read_only(self, path: Path) -> Path:
        self.mount("--bind", str(path), str(path))
        self.done.append(path)
        self.mount("-o", "remount,ro,bind", str(path))
        return path

    def undo(self) -> None:
        for path in reversed(self.done):
            subprocess.run(["umount", "-l", str(path)], capture_output=True)


@pytest.fixture
def mounts():
    mounted = Mounts()
    yield mounted
    mounted.undo()


# --- one line for every failure ----------------------------------------------------------


def test_out_that_is_a_file(tmp_path: Path) -> None:
    folder = tiny(tmp_path)
    (folder / "handout").write_text("mine", encoding="utf-8")
    line = one_error_line(build(folder, "--out", "handout"))
    assert "handout: not a folder" in line
    assert (folder / "handout").read_text(encoding="utf-8") == "mine"


@pytest.mark.slow
def test_out_that_cannot_be_written(tmp_path: Path) -> None:
    line = one_error_line(build(tiny(tmp_path), "--out", "/proc/self"))
    assert "/proc/self" in line


def test_state_folder_that_is_a_file(tmp_path: Path) -> None:
    folder = tiny(tmp_path)
    (folder / ".tripreport").write_text("", encoding="utf-8")
    assert ".tripreport: not a folder" in one_error_line(build(folder))


@pytest.mark.slow
def test_translate_to_a_folder(tmp_path: Path) -> None:
    folder = tiny(tmp_path)
    (folder / "english").mkdir()
    result = run_cli("translate", "seeds/a.md", "--engine", "apertium", "-o", "english", cwd=folder)
    assert "english: is a folder" in one_error_line(result)


@pytest.mark.slow
def test_an_output_that_is_a_folder_changes_no_other_output(tmp_path: Path) -> None:
    folder = tiny(tmp_path)
    assert build(folder).returncode == 0
    out = folder / "output"
    (out / "report.es.html").unlink()
    (out / "report.es.html").mkdir()
    before = digests(out)
    (folder / "seeds" / "a.md").write_text(NOTES + "\n- Otra cosa más.\n", encoding="utf-8")
    assert "report.es.html: is a folder" in one_error_line(build(folder))
    assert digests(out) == before
    assert sorted(p.name for p in out.iterdir()) == sorted([*before, "report.es.html"])  # nothing staged left


@pytest.mark.parametrize("replace", [r"\9", r"\g<nope>"])
def test_fix_rule_that_names_a_missing_group(tmp_path: Path, replace: str) -> None:
    glossary = f"keep: [k8s]\nfix:\n  apertium:\n    - {{find: '(a)', replace: '{replace}'}}\n"
    line = one_error_line(build(tiny(tmp_path, glossary=glossary)))
    assert "glossary.yaml:4:" in line and "which 'find' lacks" in line


def test_fix_rules_for_an_engine_that_does_not_exist(tmp_path: Path) -> None:
    """A typo in the engine's name would make its rules never apply: an error with the line."""
    glossary = "keep: [k8s]\nfix:\n  apertuim:\n    - {find: 'the the', replace: 'the'}\n"
    line = one_error_line(build(tiny(tmp_path, glossary=glossary)))
    assert "glossary.yaml:4:" in line and "unknown engine 'apertuim'" in line and "apertium" in line


@pytest.mark.slow
def test_catastrophic_fix_rule_stops_with_its_line(tmp_path: Path) -> None:
    glossary = "keep: [k8s]\nfix:\n  apertium:\n    - {find: '(\\w|\\w\\w| )+$', replace: x}\n"
    notes = "# Día\n\n" + "a " * 40 + "!\n"  # "to to to … !": exponential backtracking for that rule
    started = time.monotonic()
    line = one_error_line(build(tiny(tmp_path, notes=notes, glossary=glossary)))
    assert "glossary.yaml:4:" in line and "takes too long" in line
    assert time.monotonic() - started < 60


@pytest.mark.parametrize(
    ("front", "message"),
    [
        ("title: [a, b]\n", "seeds/a.md:2: front matter 'title' must be a piece of text, not list"),
        (
            "title: Hola\nlayout: post\ndate: [2024]\n",
            "seeds/a.md:4: front matter 'date' must be a piece of text, not list",
        ),
        ("title = 'Hola'\n", "seeds/a.md:2: front matter must be a mapping of keys to values"),
        ("a: &a [x, x]\nb: [*a, *a]\n", "seeds/a.md:3: YAML aliases"),
        ("glossary_appendix: maybe\n", "seeds/a.md:2: front matter 'glossary_appendix' must be true or false"),
        (
            "title: Hola\nauthor:\n  twitter: ana\n",
            "seeds/a.md:4: front matter 'author' gives a mapping without a 'name'",
        ),
        ("authors:\n  - name: Ana\n  - [Luis]\n", "seeds/a.md:2: front matter 'authors' must be a name, a mapping"),
        ("title: no\n", "seeds/a.md:2: front matter 'title' must be a piece of text, not bool (put it in quotes)"),
        ("? [a, b]\n: c\n", "seeds/a.md:2: not valid YAML: a list or a mapping cannot be a key"),
    ],
)
@pytest.mark.slow
def test_front_matter_is_strict(tmp_path: Path, front: str, message: str) -> None:
    line = one_error_line(build(tiny(tmp_path, notes=f"---\n{front}---\n{NOTES}")))
    assert message in line


@pytest.mark.parametrize(
    ("front", "message"),
    [
        ('title = "Hola"\ndate = [2024]\n', "seeds/a.md:3: front matter 'date' must be a piece of text, not list"),
        ('title = "Hola"\ndraft = tru\n', "seeds/a.md:3: not valid TOML: Invalid value"),
        ("title = 'Hola'\nglossary_appendix = 'no'\n", "seeds/a.md:3: front matter 'glossary_appendix' must be"),
        ("title = 'Hola'\n[author]\ntwitter = 'ana'\n", "seeds/a.md:3: front matter 'author' gives a mapping without"),
    ],
)
@pytest.mark.slow
def test_toml_front_matter_is_strict_too(tmp_path: Path, front: str, message: str) -> None:
    line = one_error_line(build(tiny(tmp_path, notes=f"+++\n{front}+++\n{NOTES}")))
    assert message in line


def test_glossary_fields_are_strict(tmp_path: Path) -> None:
    glossary = "keep: [k8s]\nterms:\n  - {es: pedo, en: problem, note: [a, b]}\n"
    line = one_error_line(build(tiny(tmp_path, glossary=glossary)))
    assert "glossary.yaml:3: terms entry 'pedo': 'note' must be a non-empty string" in line


@pytest.mark.parametrize(
    ("glossary", "message"),
    [
        ("keep: [k8s]\nterms:\n  - {es: parce, en: buddy, country: zz}\n", "glossary.yaml:3: terms entry 'parce'"),
        ("country: [co, colombia]\nkeep: [k8s]\n", "glossary.yaml:1: 'country'"),
    ],
)
def test_an_unknown_country_is_one_line_naming_file_and_line(tmp_path: Path, glossary: str, message: str) -> None:
    line = one_error_line(build(tiny(tmp_path, glossary=glossary)))
    assert message in line and "unknown country" in line and "known: ar, bo" in line


def test_notes_over_the_size_limit_are_refused_at_once(tmp_path: Path) -> None:
    folder = tiny(tmp_path, notes="# Día\n\n" + "hola mundo y nada más\n\n" * 60_000)  # 1.4 MB
    started = time.monotonic()
    line = one_error_line(build(folder, env={"TRIPREPORT_MAX_NOTES_MB": "1"}))
    assert "over 1 MB" in line and "TRIPREPORT_MAX_NOTES_MB" in line
    assert time.monotonic() - started < 20
    assert not (folder / "output").exists()


# --- the report folder is a boundary -------------------------------------------------------


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A folder beside the report holding what must never be published."""
    folder = tmp_path / "private"
    folder.mkdir()
    (folder / "diary.md").write_text("# Secreto\n\nLa clave es zanahoria42.\n", encoding="utf-8")
    import base64

    png = base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
    )
    (folder / "face.png").write_bytes(png)
    return folder


def hostile_report(tmp_path: Path, secret: Path) -> Path:
    folder = tiny(
        tmp_path / "report",
        notes=(
            "# Día 1\n\nFotos:\n\n"
            f"![uno](../private/face.png) ![dos]({secret}/face.png) ![tres](/etc/passwd)\n\n"
            "![cuatro](http:evil.example/e.png) ![cinco](http:/evil.example/f.png) "
            "![seis](//evil.example/g.png) ![siete](HTTP://evil.example/h.png) ![ocho](%68ttp://evil.example/i.png)\n"
        ),
    )
    (folder / "seeds" / "b.md").symlink_to(secret / "diary.md")
    return folder


@pytest.mark.slow
def test_nothing_from_outside_reaches_the_outputs(tmp_path: Path, secret: Path) -> None:
    folder = hostile_report(tmp_path, secret)
    result = build(folder)
    assert result.returncode == 0, result.stderr
    assert "seeds/b.md: links outside seeds; left out" in result.stderr
    out = folder / "output"
    for path in out.iterdir():
        text = path.read_bytes()
        assert b"zanahoria42" not in text and b"Secreto" not in text, path.name
    for name in ("report.en.html", "report.es.html", "report.bilingual.html"):
        html = (out / name).read_text(encoding="utf-8")
        sources = re.findall(r"<img\b[^>]*\bsrc=\"([^\"]*)\"", html)
        assert all(src.startswith("data:") for src in sources), sources
        assert "<img" not in html  # none of these photos may be shown
    findings = (out / "qa.json").read_text(encoding="utf-8")
    for name in ("../private/face.png", "/etc/passwd"):
        assert name in findings


AUDIT = r"""
import os, sys
opened = []
def hook(event, args):
    if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
        opened.append(os.path.abspath(os.fsdecode(args[0])))
    elif event == "os.listdir" and args[0] is not None:
        opened.append(os.path.abspath(os.fsdecode(args[0])))
sys.addaudithook(hook)
os.cpu_count = lambda: 1  # print in this process, where the hook sees WeasyPrint's files
sys.argv = ["tripreport", "build", "--engine", "apertium"]
from tripreport.cli import main
try:
    main()
finally:
    with open(os.environ["OPENED_LOG"], "w") as log:
        log.write("\n".join(opened))
"""


@pytest.mark.slow
def test_no_file_outside_the_report_folder_is_opened(tmp_path: Path, secret: Path) -> None:
    """An audit hook on ``open`` lists every file the build opens: all are the report's, the
    program's (Python, packages, templates), system fonts and libraries, or caches."""
    folder = hostile_report(tmp_path, secret)
    log = tmp_path / "opened.txt"
    env = {**os.environ, "OPENED_LOG": str(log)}
    result = subprocess.run([sys.executable, "-c", AUDIT], cwd=folder, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    opened = {Path(p) for p in log.read_text(encoding="utf-8").splitlines()}
    assert opened, "the hook saw nothing"
    assert not [p for p in opened if p.is_relative_to(secret) or str(p) in ("/etc/passwd", "/etc/shadow")]
    import tripreport

    allowed = [
        folder,
        Path(sys.prefix),
        Path(sys.base_prefix),
        Path(tripreport.__file__).resolve().parent.parent,  # the package and its templates
        Path(os.environ["XDG_CACHE_HOME"]),
        Path(os.environ["ARGOS_PACKAGES_DIR"]),
        Path("/usr/share"),  # fonts, dictionaries, Apertium's data
        Path("/usr/lib"),
        Path("/etc/fonts"),
        Path("/dev"),
        Path("/proc"),
        Path(os.environ.get("TMPDIR", "/tmp")),  # ctypes.util.find_library's scratch files
    ]
    stray = sorted(str(p) for p in opened if not any(p.is_relative_to(root) for root in allowed))
    assert not [p for p in stray if not p.startswith("/etc/")], stray
    assert set(stray) <= {"/etc/ld.so.cache", "/etc/localtime", "/etc/mime.types", "/etc/apache2/mime.types"}, stray


# --- bounded work -------------------------------------------------------------------------


@pytest.mark.slow
def test_nesting_too_deep_is_flattened_and_warned_never_dropped(tmp_path: Path) -> None:
    deep = "".join("  " * i + f"- nivel {i}\n" for i in range(120))
    notes = f"# Día 1\n\n{deep}\nSigue el texto.\n\n# Día 2\n\nMañana más.\n"
    folder = tiny(tmp_path, notes=notes)
    result = build(folder)
    assert result.returncode == 0, result.stderr
    english = (folder / "output" / "report.en.html").read_text(encoding="utf-8")
    spanish = (folder / "output" / "report.es.html").read_text(encoding="utf-8")
    assert "nivel 119" in spanish and "Mañana más" in spanish and 'id="dia-2"' in spanish
    assert "Day 2" in english and "119" in english
    findings = (folder / "output" / "qa.json").read_text(encoding="utf-8")
    assert '"nesting"' in findings and "seeds/a.md:" in findings


@pytest.mark.slow
def test_eleven_levels_of_lists_keep_the_next_day(tmp_path: Path) -> None:
    deep = "".join("  " * i + f"- nivel {i}\n" for i in range(11))
    folder = tiny(tmp_path, notes=f"# Día 1\n\n{deep}\n# Día 2\n\nMañana más.\n")
    assert build(folder).returncode == 0
    spanish = (folder / "output" / "report.es.html").read_text(encoding="utf-8")
    assert "nivel 10" in spanish and 'id="dia-2"' in spanish
    assert '"nesting"' not in (folder / "output" / "qa.json").read_text(encoding="utf-8")


@pytest.mark.slow
def test_heading_ids_never_collide_with_the_templates(tmp_path: Path) -> None:
    notes = "# Glossary\n\nUna plática.\n\n# Contents\n\nAdiós.\n\n# Glossary\n\nOtra vez.\n"
    folder = tiny(
        tmp_path, notes=notes, glossary="keep: [k8s]\nterms:\n  - {es: plática, en: talk, note: a conference talk}\n"
    )
    assert build(folder).returncode == 0
    for name in ("report.en.html", "report.es.html", "report.bilingual.html"):
        html = (folder / "output" / name).read_text(encoding="utf-8")
        ids = re.findall(r'\bid="([^"]+)"', html)
        assert len(ids) == len(set(ids)), (name, ids)
        assert 'id="glossary"' in html  # the appendix keeps its own id
        for target in re.findall(r'href="#([^"]+)"', html):
            assert target in ids, (name, target)


@pytest.mark.slow
def test_text_that_looks_like_a_placeholder_is_kept(tmp_path: Path) -> None:
    folder = tiny(tmp_path, notes="# Día 1\n\nEl código zk0z y zk1z no es nada.\n")
    result = build(folder)
    assert result.returncode == 0, result.stderr
    english = (folder / "output" / "report.en.md").read_text(encoding="utf-8")
    assert "zk0z" in english and "zk1z" in english
    assert "QA: 0 errors" in result.stderr + result.stdout


# --- state: rebuilt when damaged, waited for when busy ---------------------------------------


@pytest.mark.slow
def test_a_truncated_print_cache_is_rebuilt(tmp_path: Path) -> None:
    folder = tiny(tmp_path)
    assert build(folder).returncode == 0
    for pdf in (folder / ".tripreport" / "print").glob("*/*.pdf"):
        pdf.write_bytes(pdf.read_bytes()[:2000])
    (folder / "seeds" / "a.md").write_text(NOTES + "\n# Día 2\n\nOtra cosa más.\n", encoding="utf-8")
    result = build(folder)
    assert result.returncode == 0, result.stderr
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(folder / "output" / "report.en.pdf").pages)
    assert "Day 2" in text


@pytest.mark.slow
def test_a_print_cache_that_is_a_file_is_replaced(tmp_path: Path) -> None:
    folder = tiny(tmp_path)
    (folder / ".tripreport").mkdir()
    (folder / ".tripreport" / "print").write_text("", encoding="utf-8")
    result = build(folder)
    assert result.returncode == 0, result.stderr
    assert (folder / "output" / "report.en.pdf").stat().st_size > 1000


@pytest.mark.slow
def test_a_locked_memory_is_waited_for_not_moved_aside(tmp_path: Path) -> None:
    folder = tiny(tmp_path)
    assert build(folder).returncode == 0
    (folder / "seeds" / "a.md").write_text(NOTES + "\nY otra cosa.\n", encoding="utf-8")
    holder = sqlite3.connect(folder / ".tripreport" / "memory.sqlite", isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN EXCLUSIVE")
    release = threading.Timer(3.0, lambda: holder.execute("ROLLBACK"))
    release.start()
    try:
        result = build(folder)
    finally:
        release.join()
        holder.close()
    assert result.returncode == 0, result.stderr
    assert "from memory" in result.stderr + result.stdout
    assert not list((folder / ".tripreport").glob("memory.sqlite.corrupt-*"))
    assert "1 from memory" in result.stderr + result.stdout or "2 from memory" in result.stderr + result.stdout


@pytest.mark.slow
def test_a_read_only_memory_degrades_with_a_warning(tmp_path: Path, mounts) -> None:
    folder = tiny(tmp_path)
    assert build(folder).returncode == 0
    mounts.read_only(folder / ".tripreport" / "memory.sqlite")
    (folder / "seeds" / "a.md").write_text(NOTES + "\nY otra cosa.\n", encoding="utf-8")
    result = build(folder)
    assert result.returncode == 0, result.stderr
    assert "memory.sqlite cannot be written" in result.stderr
    assert "2 from memory" in result.stdout  # still read
    assert "another thing" in (folder / "output" / "report.en.md").read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_read_only_state_folder_is_one_line(tmp_path: Path, mounts) -> None:
    folder = tiny(tmp_path)
    assert build(folder).returncode == 0
    before = digests(folder / "output")
    mounts.read_only(folder / ".tripreport")
    (folder / "seeds" / "a.md").write_text(NOTES + "\nY otra cosa.\n", encoding="utf-8")
    assert "Read-only file system" in one_error_line(build(folder))
    assert digests(folder / "output") == before


# --- full disks and Ctrl-C ------------------------------------------------------------------


@pytest.mark.slow
def test_a_full_disk_for_the_outputs_changes_nothing(tmp_path: Path, mounts) -> None:
    folder = tiny(tmp_path)
    out = mounts.tmpfs(folder / "output", "2m")
    assert build(folder).returncode == 0
    before = digests(out)
    filler = out / "filler"
    with filler.open("wb") as f:  # fill the disk
        try:
            while True:
                f.write(b"\0" * 65536)
        except OSError:
            pass
    (folder / "seeds" / "a.md").write_text(NOTES + "\n# Día 2\n\nOtra cosa más.\n", encoding="utf-8")
    line = one_error_line(build(folder))
    assert "No space left on device" in line and "output/" in line
    filler.unlink()
    assert digests(out) == before
    assert set(os.listdir(out)) == set(before)  # no staged file left behind


@pytest.mark.slow
def test_a_full_disk_for_the_state_is_one_line(tmp_path: Path, mounts) -> None:
    folder = tiny(tmp_path)
    mounts.tmpfs(folder / ".tripreport", "8k")
    line = one_error_line(build(folder))
    assert "No space left on device" in line and ".tripreport" in line


# Moments of a cold build, each as the function the build calls when it gets there.
MOMENTS = {
    "starting": "tripreport.build:read_notes",
    "starting the print server": "multiprocessing.forkserver:ensure_running",
    "translating": "tripreport.translation.translate:SegmentTranslator.translate",
    "printing": "tripreport.printing.pool:PrintPool.print",
}
STOPPED = {"SIGINT": (130, "tripreport: interrupted"), "SIGTERM": (143, "tripreport: terminated")}


@pytest.mark.slow
@pytest.mark.parametrize("signal_name", list(STOPPED))
@pytest.mark.parametrize("moment", list(MOMENTS))
def test_a_stopped_build_is_one_line_and_leaves_no_process_or_torn_output(
    tmp_path: Path, moment: str, signal_name: str
) -> None:
    """Ctrl-C (or SIGTERM) to the build's process group in each phase of a cold build, sent when the
    build calls that phase's function: a delay would land elsewhere on a loaded or a fast machine."""
    from conftest import GLOSSARY, SEEDS, start_signalled_at

    folder = tmp_path / "report"
    shutil.copytree(SEEDS, folder / "seeds")
    shutil.copy(GLOSSARY, folder / "glossary.yaml")
    build_ = start_signalled_at(MOMENTS[moment], signal_name, "build", "--engine", "apertium", cwd=folder)
    try:
        _, stderr = build_.communicate(timeout=120)
        code, last_line = STOPPED[signal_name]
        assert build_.returncode == code, stderr
        assert stderr.rstrip().endswith(last_line) and "Traceback" not in stderr, stderr
        deadline = time.monotonic() + 10
        while group_processes(build_.pid, ""):  # Apertium, Hunspell, the print server and workers all end
            assert time.monotonic() < deadline, "processes of the stopped build are still running"
            time.sleep(0.2)
        out = folder / "output"
        assert not out.exists() or not [p for p in out.iterdir() if p.name.startswith(".")]
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(build_.pid, signal.SIGKILL)  # only after a failure is anything left to stop


@pytest.mark.slow
@pytest.mark.parametrize("signal_name", list(STOPPED))
@pytest.mark.parametrize("moment", ["translating", "printing"])
def test_a_ctrl_c_python_swallows_still_stops_the_build(tmp_path: Path, moment: str, signal_name: str) -> None:
    """Python drops a KeyboardInterrupt raised in a ``__del__`` (the garbage collector runs them
    anywhere): the build still stops, at its next stage boundary, as a stop, not as an error."""
    from conftest import GLOSSARY, SEEDS, start_signalled_at

    folder = tmp_path / "report"
    shutil.copytree(SEEDS, folder / "seeds")
    shutil.copy(GLOSSARY, folder / "glossary.yaml")
    build_ = start_signalled_at(
        MOMENTS[moment], signal_name, "build", "--engine", "apertium", cwd=folder, swallowed=True
    )
    try:
        _, stderr = build_.communicate(timeout=120)
        code, last_line = STOPPED[signal_name]
        assert "Exception ignored" in stderr  # it was swallowed…
        assert build_.returncode == code, stderr  # …and the build stopped all the same
        assert stderr.rstrip().endswith(last_line), stderr
        assert not (folder / "output" / "report.en.pdf").exists()
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(build_.pid, signal.SIGKILL)


@pytest.mark.slow
def test_a_build_killed_outright_leaves_no_print_server_behind(tmp_path: Path) -> None:
    from conftest import GLOSSARY, SEEDS

    folder = tmp_path / "report"
    shutil.copytree(SEEDS, folder / "seeds")
    shutil.copy(GLOSSARY, folder / "glossary.yaml")
    # Killed once the PDFs are printed, when the print server and its workers wait for work.
    build_ = start_killed_after_rename("output/report.en.pdf", "build", "--engine", "apertium", cwd=folder)
    try:
        assert build_.wait(timeout=120) == -signal.SIGKILL
        deadline = time.monotonic() + 30  # the server looks every 5 s, then its workers
        while time.monotonic() < deadline and group_processes(build_.pid, "python"):
            time.sleep(0.2)
        assert not group_processes(build_.pid, "python"), "the print server or its workers outlived the build"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(build_.pid, signal.SIGKILL)  # whatever is left, so a failure leaves nothing running


def group_processes(group: int, named: str) -> list[int]:
    """The live processes of a process group whose command line mentions ``named``."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            command = (stat.parent / "cmdline").read_bytes().decode("utf-8", "replace")
        except OSError:
            continue
        if fields[2] == str(group) and fields[0] != "Z" and named in command:
            found.append(int(stat.parent.name))
    return found


def test_a_helper_program_that_dies_is_one_error_not_a_hang() -> None:
    from tripreport.errors import TripreportError
    from tripreport.streams import NullFlushStream

    stream = NullFlushStream(["sh", "-c", "exit 0"], "a helper that dies at once")
    outcome: list[BaseException | list[str]] = []

    def ask() -> None:
        try:
            outcome.append(stream.ask(["hola"]))
        except TripreportError as err:
            outcome.append(err)

    asking = threading.Thread(target=ask, daemon=True)
    asking.start()
    asking.join(timeout=20)
    assert not asking.is_alive(), "asking a program that died hangs"
    assert isinstance(outcome[0], TripreportError) and "stopped (a helper that dies at once)" in str(outcome[0])
