"""What the benchmarks share: a measured row, a scratch report folder, the build command."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

# Started in the background by a shell without job control (`make bench &`, nohup), the bench
# inherits SIGINT ignored, and so would the `serve` it stops with SIGINT: give it the default.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

ROOT = Path(__file__).resolve().parent.parent
REPRODUCIBLE = {"SOURCE_DATE_EPOCH": "1512604800"}  # the same inputs give the same outputs


def tripreport(command: str = "build", *args: str) -> list[str]:
    """The command line of a tripreport run with Apertium, in this Python."""
    return [sys.executable, "-m", "tripreport", command, "--engine", "apertium", *args]


def start_build(folder: Path, env: dict[str, str] | None = None) -> subprocess.Popen:
    """A quiet ``tripreport build`` in ``folder``, leading a process group of its own (its print
    workers are in it: measured, or killed, together)."""
    return subprocess.Popen(
        tripreport("build"),
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        env=env,
    )


def group_stats(group: int) -> list[tuple[Path, list[str]]]:
    """``(/proc/PID, the fields of its stat after the name)`` of every process in a process group."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        if len(fields) > 2 and fields[2] == str(group):  # the process group
            found.append((stat.parent, fields))
    return found


def scratch(prefix: str, notes: dict[str, str] | None = None) -> Path:
    """A new report folder: the real notes (or ``notes``, file name to text) and the glossary."""
    folder = Path(tempfile.mkdtemp(prefix=f"tripreport-{prefix}-"))
    if notes is None:
        # copied as new files: the cover's date is the notes' last edit, and an old one would
        # make an edit today change the cover too
        shutil.copytree(ROOT / "seeds", folder / "seeds", copy_function=shutil.copy)
    else:
        (folder / "seeds").mkdir()
        for name, text in notes.items():
            (folder / "seeds" / name).write_text(text, encoding="utf-8")
    shutil.copy(ROOT / "glossary.yaml", folder / "glossary.yaml")
    return folder


@dataclass
class Row:
    what: str
    value: str
    target: str = ""
    ok: bool | None = None  # None: a reference value, no target
    why: str = ""  # what is known of the cause, and the change that would meet the target, if missed

    @property
    def verdict(self) -> str:
        return "" if self.ok is None else ("met" if self.ok else "**missed**")


def markdown(rows: list[Row]) -> list[str]:
    """The rows as a Markdown table."""
    lines = ["| measure | result | target | |", "| --- | --- | --- | --- |"]
    return lines + [f"| {r.what} | {r.value} | {r.target} | {r.verdict} |" for r in rows]


def show(rows: list[Row]) -> None:
    """The rows on the terminal, when a benchmark runs alone."""
    width = max(len(r.what) for r in rows)
    for r in rows:
        print(f"{r.what:<{width}}  {r.value}  {r.target}  {r.verdict.strip('*')}")


def missed(rows: list[Row]) -> list[str]:
    """A paragraph for each missed target: why, and what would meet it."""
    return [
        f"- **{r.what}** ({r.value}; target {r.target}): {r.why or 'not yet investigated.'}"
        for r in rows
        if r.ok is False
    ]
