"""Nothing left in the temporary directory: a build, an edit, a failed build, ``serve`` with ten
edits stopped by Ctrl-C or SIGTERM; a build killed outright leaves one folder of its own, which
the next build removes. Each test's programs get a private, empty ``TMPDIR`` to count."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import run_cli, start_signalled_at
from test_serve import Served

from tripreport.scratch import OWN_FOLDER, remove_stale

NOTES = "# Día 1\n\nHoy vimos charlas de k8s y nadie sabía nada.\n\n# Día 2\n\nFuimos a comer {}.\n"


@pytest.fixture
def temporary(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty temporary directory for the programs the test starts (a short path, as /tmp is:
    the print server's socket is made in it)."""
    folder = tmp_path_factory.mktemp("tmp")
    monkeypatch.setenv("TMPDIR", str(folder))
    return folder


@pytest.fixture
def report(tmp_path: Path) -> Path:
    folder = tmp_path / "report"
    (folder / "seeds").mkdir(parents=True)
    edit(folder, "tacos")
    (folder / "glossary.yaml").write_text("keep: [k8s]\n", encoding="utf-8")
    return folder


def edit(folder: Path, food: str) -> None:
    (folder / "seeds" / "notes.md").write_text(NOTES.format(food), encoding="utf-8")


def build(folder: Path) -> subprocess.CompletedProcess:
    return run_cli("build", "--engine", "apertium", cwd=folder)


def left_in(folder: Path) -> list[str]:
    """Everything under ``folder``, as paths relative to it."""
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))


@pytest.mark.slow
def test_a_cold_build_and_an_edit_build_leave_nothing(report: Path, temporary: Path) -> None:
    result = build(report)
    assert result.returncode == 0, result.stderr
    assert left_in(temporary) == []
    edit(report, "arepas")
    result = build(report)
    assert result.returncode == 0 and "1 translated" in result.stdout, result.stdout + result.stderr
    assert left_in(temporary) == []


@pytest.mark.slow
def test_a_build_that_fails_after_printing_leaves_nothing(report: Path, temporary: Path) -> None:
    (report / "output" / "report.en.pdf").mkdir(parents=True)  # found only when the PDFs go into place
    result = build(report)
    assert result.returncode == 1 and "report.en.pdf: is a folder" in result.stderr, result.stderr
    assert "laid out" in result.stderr  # it did print
    assert left_in(temporary) == []


@pytest.mark.slow
@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_serve_with_ten_edits_leaves_nothing_however_it_is_stopped(
    report: Path, temporary: Path, how: signal.Signals
) -> None:
    server = Served(report)
    try:
        for number in range(1, 11):
            edit(report, f"{number} tacos")
            wait_for_rebuilds(server, number + 1)
        # While it runs: its own folder alone, and no print's fonts piling up in it.
        entries = os.listdir(temporary)
        assert len(entries) == 1 and OWN_FOLDER.fullmatch(entries[0]), entries
        assert entries[0].split("-")[1] == str(server.process.pid)
        assert not [path for path in left_in(temporary) if "weasyprint" in path], left_in(temporary)
        assert server.stop(how) == 0
    finally:
        if server.process.poll() is None:
            os.killpg(server.process.pid, signal.SIGKILL)
    assert "Traceback" not in "\n".join(server.lines), server.lines
    assert left_in(temporary) == []


def wait_for_rebuilds(server: Served, count: int, timeout: float = 60) -> None:
    """Wait until ``server`` has printed ``count`` rebuilds (the first build is one)."""
    deadline = time.monotonic() + timeout
    while sum("rebuilt: " in line for line in list(server.lines)) < count:
        assert time.monotonic() < deadline and server.process.poll() is None, server.lines
        time.sleep(0.05)


@pytest.mark.slow
def test_a_build_killed_outright_leaves_one_folder_which_the_next_build_removes(report: Path, temporary: Path) -> None:
    killed = start_signalled_at("tripreport.printing.pool:PrintPool.print", "SIGKILL", "build", cwd=report)
    killed.communicate(timeout=120)
    assert killed.returncode == -signal.SIGKILL
    entries = os.listdir(temporary)
    assert len(entries) == 1 and OWN_FOLDER.fullmatch(entries[0]), entries
    assert entries[0].split("-")[1] == str(killed.pid)
    result = build(report)
    assert result.returncode == 0, result.stderr
    assert left_in(temporary) == []


@pytest.mark.slow
def test_a_temporary_directory_with_a_long_path_is_used_as_it_is(report: Path, temporary: Path) -> None:
    """Room for the print server's socket (107 bytes on Linux) but not for a folder more: builds as before."""
    long = temporary / ("x" * (70 - len(str(temporary))))
    long.mkdir()
    result = run_cli("build", "--engine", "apertium", cwd=report, env={"TMPDIR": str(long)})
    assert result.returncode == 0, result.stderr
    assert left_in(long) == []


def test_only_folders_of_commands_that_are_gone_are_removed(tmp_path: Path) -> None:
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = int(gone.stdout)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    names = {
        f"tripreport-{dead}-abc_12de": "removed",  # its command was killed outright
        f"tripreport-{os.getpid()}-abc_12de": "kept",  # a command still running
        "tripreport-senses-abc_12de": "kept",  # not a command's folder
        "tripreport-x1-abc_12de": "kept",
        "weasyprint-abc_12de": "kept",  # not ours
    }
    for name in names:
        (tmp_path / name).mkdir()
        (tmp_path / name / "font").write_bytes(b"x")
    (tmp_path / f"tripreport-{dead}-link1234").symlink_to(elsewhere)  # a link: neither it nor its target
    (elsewhere / "keep").write_bytes(b"x")
    remove_stale(tmp_path)
    for name, fate in names.items():
        assert (tmp_path / name).exists() == (fate == "kept"), name
    assert (tmp_path / f"tripreport-{dead}-link1234").is_symlink() and (elsewhere / "keep").exists()
