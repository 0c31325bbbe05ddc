"""Writing output files: atomically, only when their content changed, all at once.

A file is written to a temporary name in the same folder and renamed over the old
one, so a reader (or a crash) never sees half a file; an unchanged file is left
alone so its timestamp, and anything downstream of it, stays put. A build stages every
output (:class:`Staged`) and renames them into place only when all are written, so a
build that fails midway leaves every existing output as it was.
"""

from __future__ import annotations

import os
import tempfile
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

    def commit(self) -> None:
        """Rename every staged file into place."""
        for path, temp in list(self._pending.items()):
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

    def __exit__(self, kind, *exc) -> None:
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


def write_if_changed(path: Path, content: str | bytes) -> str:
    """Write ``content`` to ``path`` unless it already holds exactly that; say which."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    if unchanged(path, data):
        return UNCHANGED
    write_atomic(path, data)
    return WRITTEN


TEMPORARY_SUFFIX = ".tmp"


def is_temporary(path: Path) -> bool:
    """A file :func:`temporary` made: an output on its way, not one of the report's files."""
    return path.name.startswith(".") and path.name.endswith(TEMPORARY_SUFFIX)


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
