"""Writing output files: atomically, only when their content changed, all at once.

A file is written to a temporary name in the same folder and renamed over the old
one, so a reader (or a crash) never sees half a file; an unchanged file is left
alone so its timestamp, and anything downstream of it, stays put. A build stages every
output (:class:`Staged`) and renames them into place only when all are written, so a
build that fails midway leaves every existing output as it was.

One build writes in a report folder at a time (:func:`build_lock`, held while it reads its
state and stages and commits its outputs), so the temporary files a build killed outright
left behind can be told from another build's work in progress and removed
(:func:`remove_temporaries`).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from tripreport.errors import TripreportError

WRITTEN = "written"
UNCHANGED = "unchanged"


class Staged:
    """Outputs written to temporary files, renamed into place by :meth:`commit`, dropped on failure."""

    def __init__(self) -> None:
        self._pending: dict[Path, Path] = {}  # target -> temporary file

    def write(self, path: Path, content: str | bytes) -> str:
        """Stage ``content`` for ``path`` unless it already holds exactly that; say which."""
        data = content.encode("utf-8") if isinstance(content, str) else content
        if unchanged(path, data):
            return UNCHANGED
        self._pending[path] = temporary(path, data)
        return WRITTEN

    def commit(self, first: Path | None = None) -> None:
        """Rename every staged file into place (``first`` before the others, if staged)."""
        order = sorted(self._pending.items(), key=lambda item: item[0] != first)
        for path, temp in order:
            try:
                os.replace(temp, path)
            except OSError as err:
                raise TripreportError(f"{path}: cannot write ({err.strerror})") from None
            del self._pending[path]

    def discard(self) -> None:
        for temp in self._pending.values():
            temp.unlink(missing_ok=True)
        self._pending.clear()

    def __enter__(self) -> Staged:
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        self.discard()  # committed files are gone from the list; what is left is a failure's


def unchanged(path: Path, data: bytes) -> bool:
    """True when ``path`` is a file that holds exactly ``data``."""
    if path.is_dir():
        raise TripreportError(f"{path}: is a folder; tripreport writes a file there, so move the folder away")
    try:
        return path.read_bytes() == data
    except FileNotFoundError:
        return False
    except OSError as err:
        raise TripreportError(f"{path}: cannot read ({err.strerror})") from None


def file_text(path: Path) -> str:
    """A file's text, or "" when there is none or it cannot be read (a fingerprint's input, a last report)."""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def write_if_changed(path: Path, content: str | bytes) -> str:
    """Write ``content`` to ``path`` unless it already holds exactly that; say which."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    if unchanged(path, data):
        return UNCHANGED
    write_atomic(path, data)
    return WRITTEN


TEMPORARY_SUFFIX = ".tmp"
# The names :func:`temporary` gives: "." + the target's name + "." + mkstemp's eight random
# characters (a-z, 0-9, _) + ".tmp", as ".report.en.html.k3_9xq2a.tmp".
TEMPORARY_NAME = re.compile(r"\.(?P<target>.+)\.[a-z0-9_]{8}" + re.escape(TEMPORARY_SUFFIX))


def is_temporary(path: Path) -> bool:
    """A file :func:`temporary` made: an output on its way, not one of the report's files."""
    return TEMPORARY_NAME.fullmatch(path.name) is not None


def remove_temporaries(folder: Path, recursive: bool = False, targets: frozenset[str] | None = None) -> int:
    """Remove the temporary files of :func:`temporary`'s naming in ``folder`` (and its subfolders,
    ``recursive``; for the files named ``targets`` only, when given); how many.

    Only with :func:`build_lock` held: then none is another build's work in progress, and each
    was left by a build killed outright (kill -9, a power cut) before it renamed it into place.
    Links are neither followed nor removed, and no other file is touched.
    """
    removed = 0
    if not folder.is_dir():
        return removed
    for where, dirs, files in os.walk(folder):  # links to folders are not followed
        if not recursive:
            dirs.clear()
        for name in files:
            match = TEMPORARY_NAME.fullmatch(name)
            if match is None or (targets is not None and match["target"] not in targets):
                continue
            path = Path(where) / name
            try:
                if stat.S_ISREG(path.lstat().st_mode):
                    path.unlink()
                    removed += 1
            except FileNotFoundError:
                continue
            except OSError as err:
                raise TripreportError(f"{path}: cannot remove this temporary file ({err.strerror})") from None
    return removed


LOCK_FILE = "build.lock"
LOCK_WAIT_SECONDS = 120.0  # then the other build is taken to be stuck or very long: say so and stop


@contextlib.contextmanager
def build_lock(state: Path, progress: Callable[[str], None] = lambda message: None) -> Iterator[None]:
    """Hold the report folder's build lock (``state/build.lock``) for the block: one build writes at a time.

    ``tripreport serve`` and a ``tripreport build`` may run in one folder at once; the second
    waits for the first (saying so), for up to :data:`LOCK_WAIT_SECONDS`. The lock is the
    kernel's (``flock``): a build that dies, however it dies, holds it no more.
    """
    path = state / LOCK_FILE
    if state.exists() and not state.is_dir():
        raise TripreportError(f"{state}: not a folder (tripreport keeps its state there); move it away")
    try:
        state.mkdir(parents=True, exist_ok=True)
        handle = os.open(path, os.O_RDONLY | os.O_CREAT, 0o666)
    except OSError as err:
        raise TripreportError(f"{path}: cannot open the build lock ({err.strerror})") from None
    try:
        if not _locked(handle):
            progress("waiting for the other build in this folder to finish")
            deadline = time.monotonic() + LOCK_WAIT_SECONDS
            while not _locked(handle):
                if time.monotonic() > deadline:
                    raise TripreportError(
                        f"another build is still running in this folder after {LOCK_WAIT_SECONDS:g} s "
                        f"(it holds {path}); try again when it ends"
                    )
                time.sleep(0.1)
        yield
    finally:
        os.close(handle)  # and the lock with it


def _locked(handle: int) -> bool:
    """Take the lock if it is free; whether it is held now."""
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def temporary(path: Path, data: bytes) -> Path:
    """A temporary file beside ``path`` holding ``data`` (so a rename puts it in place at once)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise TripreportError(f"{path.parent}: not a folder") from None
    except OSError as err:
        raise TripreportError(f"{path.parent}: cannot create the folder ({err.strerror})") from None
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMPORARY_SUFFIX, dir=path.parent)
    except OSError as err:
        raise TripreportError(f"{path}: cannot write ({err.strerror})") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(name, 0o666 & ~current_umask())  # mkstemp makes 0600; outputs are for sharing
    except BaseException as err:
        os.unlink(name)
        if isinstance(err, OSError):
            raise TripreportError(f"{path}: cannot write ({err.strerror})") from None
        raise
    return Path(name)


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` through a temporary file and a rename."""
    temp = temporary(path, data)
    try:
        os.replace(temp, path)
    except OSError as err:
        temp.unlink(missing_ok=True)
        raise TripreportError(f"{path}: cannot write ({err.strerror})") from None


def user_cache() -> Path:
    """tripreport's cache folder for the user (``$XDG_CACHE_HOME/tripreport``, else
    ``~/.cache/tripreport``): compiled word senses, Argos downloads and self-test verdicts."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "tripreport"


def keep_cache(path: Path, data: bytes) -> bool:
    """Write a cache file atomically if it can be written, and say whether it was. A cache only
    saves time: a full disk or a read-only folder is not an error (a bug still is)."""
    try:
        write_atomic(path, data)
    except (OSError, TripreportError):
        return False
    return True


def current_umask() -> int:
    """The process umask (reading it means setting it, so set it straight back)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask
