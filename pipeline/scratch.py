"""The temporary directory: one folder of the command's own, and nothing left behind.

Everything a command writes to the temporary directory, and every program it starts (the
print server and workers, Apertium, Hunspell), goes into one folder,
``tripreport-<pid>-<random>`` (:func:`use_own_folder`: ``tempfile``'s default and
``TMPDIR``), removed when the command ends: normally, after an error, by Ctrl-C or SIGTERM
(the CLI turns both into exceptions, so the interpreter exits normally). A command killed
outright (``kill -9``) cannot remove it; the next command removes every such folder whose
process is gone. WeasyPrint writes each print's fonts to a ``weasyprint-*`` folder that it
removes only when that print's objects are garbage-collected, which a print worker may never
do: each print gets a folder of its own (:func:`print_scratch`), removed when it is done, so
``serve`` does not pile them up either.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import re
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

PREFIX = "tripreport-"
# A command's folder: its pid, then mkdtemp's random letters ("tripreport-senses-…" is not one).
OWN_FOLDER = re.compile(rf"{PREFIX}(\d+)-[a-z0-9_]+")
# The print server's socket goes in the temporary directory too ("…/pymp-<8>/listener-<8>"), and a
# socket's path has room for 103 bytes (macOS; 107 on Linux): a folder that leaves it no room is not made.
SOCKET_PATH = len("/pymp-12345678/listener-12345678")
MAX_SOCKET_PATH = 103


def use_own_folder() -> Path | None:
    """Make the command's temporary folder, the default for it and the programs it starts, and
    remove it at exit; remove the folders of commands killed outright. None when the system's
    temporary directory cannot be written or its path is too long for one more folder: the
    command then uses it directly, as programs do."""
    system = Path(tempfile.gettempdir())
    remove_stale(system)
    try:
        folder = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-", dir=system))
    except OSError:
        return None
    if len(os.fsencode(folder)) + SOCKET_PATH > MAX_SOCKET_PATH:
        folder.rmdir()
        return None
    # Registered before the print server loads multiprocessing, whose own exit handler (which
    # removes its folder of sockets, inside this one) must run first: handlers run last first.
    atexit.register(remove_own, folder)
    tempfile.tempdir = str(folder)
    os.environ["TMPDIR"] = str(folder)  # the programs it starts, the print server included
    return folder


def remove_own(folder: Path) -> None:
    """Remove the command's folder as it exits, a second Ctrl-C or SIGTERM held off meanwhile."""
    if threading.current_thread() is threading.main_thread():
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    remove(folder)


def remove(folder: Path) -> None:
    """Remove ``folder`` and what is in it; a file a dying print worker adds meanwhile is retried."""
    for _ in range(3):
        shutil.rmtree(folder, ignore_errors=True)
        if not os.path.lexists(folder):
            return


def remove_stale(system: Path) -> None:
    """Remove this user's command folders in ``system`` whose process is gone (killed outright)."""
    try:
        entries = list(os.scandir(system))
    except OSError:
        return
    for entry in entries:
        own = OWN_FOLDER.fullmatch(entry.name)
        if own is None or running(int(own.group(1))):
            continue
        try:
            if not entry.is_dir(follow_symlinks=False) or entry.stat(follow_symlinks=False).st_uid != os.getuid():
                continue
        except OSError:
            continue
        remove(Path(entry.path))


def running(pid: int) -> bool:
    """True unless no process ``pid`` exists (another user's process counts as running)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):
        return True
    return True


@contextlib.contextmanager
def print_scratch() -> Iterator[Path]:
    """A folder of its own as the temporary directory while printing, removed afterwards.

    WeasyPrint keeps each document's fonts in a temporary folder until its objects are
    collected; a print process would keep them, or leave them when it ends."""
    before = tempfile.tempdir
    folder = Path(tempfile.mkdtemp(prefix="print-"))
    tempfile.tempdir = str(folder)
    try:
        yield folder
    finally:
        tempfile.tempdir = before
        remove(folder)
