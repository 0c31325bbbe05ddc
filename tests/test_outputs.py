"""Writing outputs: what a build killed outright left behind is removed by the next, and only
that; two builds in one folder take turns, so neither touches the other's files on their way."""

from __future__ import annotations

import contextlib
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import run_cli, start_killed_after_rename, start_signalled_at

from tripreport.outputs import is_temporary

NOTES = "# Día 1\n\nHoy vimos k8s y nadie sabía nada.\n\n# Día 2\n\nMañana más pláticas.\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "a.md").write_text(NOTES, encoding="utf-8")
    (tmp_path / "glossary.yaml").write_text("keep: [k8s]\n", encoding="utf-8")
    return tmp_path


def build(folder: Path) -> subprocess.CompletedProcess:
    return run_cli("build", "--engine", "apertium", cwd=folder)


def temporaries(folder: Path) -> list[Path]:
    """Every file under ``folder`` named as a build names its temporary files."""
    return sorted(p for p in folder.rglob("*") if is_temporary(p))


@pytest.mark.slow
def test_the_next_build_removes_what_a_killed_build_left_and_nothing_else(folder: Path) -> None:
    killed = start_killed_after_rename("output/report.en.md", "build", "--engine", "apertium", cwd=folder)
    assert killed.wait(timeout=120) == -signal.SIGKILL
    left = temporaries(folder / "output")
    assert left, "the kill left no staged output: this test no longer tests anything"
    ours = [
        folder / ".tripreport" / "print" / "report.en" / ".manifest.json.k3_9xq2a.tmp",  # in a subfolder
        folder / "translations" / ".report.en.po.a1b2c3d4.tmp",
    ]
    others = [
        folder / "output" / ".notes.tmp",  # no random part: not a name tripreport makes
        folder / "output" / "notes.a1b2c3d4.tmp",
        folder / "output" / ".report.en.html.a1b2c3d4.tmp.bak",
        folder / "output" / "fotos" / ".x.jpg.a1b2c3d4.tmp",  # output/ holds no folder of a build's
        folder / "seeds" / ".a.md.a1b2c3d4.tmp",  # an editor's, perhaps: not a folder builds write in
        folder / "translations" / ".notes.po.a1b2c3d4.tmp",  # not the PO file's
    ]
    for path in ours + others:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    outside = folder.parent / "keep-me.txt"
    outside.write_text("mine", encoding="utf-8")
    link = folder / "output" / ".link.a1b2c3d4.tmp"
    link.symlink_to(outside)

    result = build(folder)
    assert result.returncode == 0, result.stderr
    assert "temporary files a stopped build left" in result.stderr
    for where in (folder / "output", folder / ".tripreport", folder / "translations"):
        assert [p for p in temporaries(where) if p not in others and p != link] == [], where
    assert all(p.read_text(encoding="utf-8") == "x" for p in others)
    assert link.is_symlink() and outside.read_text(encoding="utf-8") == "mine"
    assert (folder / "output" / "report.en.pdf").stat().st_size > 1000


def stopped(pid: int) -> bool:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "T"


def first_line(process: subprocess.Popen, timeout: float) -> str:
    """The first line ``process`` writes to stderr, waiting at most ``timeout`` seconds."""
    ready, _, _ = select.select([process.stderr], [], [], timeout)
    assert ready, f"nothing on stderr in {timeout} s"
    return process.stderr.readline()


LOCK_WAIT = """
import sys
from tripreport import outputs
outputs.LOCK_WAIT_SECONDS = float(sys.argv.pop(1))
sys.argv[0] = "tripreport"
from tripreport.cli import main
main()
"""


@pytest.mark.slow
def test_a_second_build_waits_for_the_first_and_never_touches_its_staged_files(folder: Path) -> None:
    """The first build is stopped (SIGSTOP) while it prints, its HTML staged beside the outputs; a
    second build in the folder must wait for it, not sweep its files away as litter."""
    first = start_signalled_at(
        "tripreport.printing.pool:PrintPool.print", "SIGSTOP", "build", "--engine", "apertium", cwd=folder
    )
    second = None
    try:
        deadline = time.monotonic() + 120
        while not stopped(first.pid):
            assert first.poll() is None and time.monotonic() < deadline, first.communicate()
            time.sleep(0.05)
        staged = temporaries(folder / "output")
        assert staged, "nothing staged when the first build prints"

        impatient = subprocess.run(
            [sys.executable, "-c", LOCK_WAIT, "1", "build", "--engine", "apertium"],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert impatient.returncode == 1, impatient.stderr
        errors = [line for line in impatient.stderr.splitlines() if line.startswith("tripreport: error:")]
        assert len(errors) == 1 and "another build is still running in this folder" in errors[0], impatient.stderr

        second = subprocess.Popen(
            [sys.executable, "-m", "tripreport", "build", "--engine", "apertium"],
            cwd=folder,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert "waiting for the other build in this folder" in first_line(second, 60)
        assert all(path.exists() for path in staged)
        os.killpg(first.pid, signal.SIGCONT)
        _, first_errors = first.communicate(timeout=120)
        assert first.returncode == 0, first_errors
        _, second_errors = second.communicate(timeout=120)
        assert second.returncode == 0, second_errors
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(first.pid, signal.SIGKILL)  # only after a failure is anything left to stop
        if second is not None and second.poll() is None:
            second.kill()
    assert temporaries(folder) == []
    assert "Day 2" in (folder / "output" / "report.en.md").read_text(encoding="utf-8")
