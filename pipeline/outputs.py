"""Writing output files: atomically, and only when their content changed.

A file is written to a temporary name in the same folder and renamed over the old
one, so a reader (or a crash) never sees half a file; an unchanged file is left
alone so its timestamp, and anything downstream of it, stays put.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

WRITTEN = "written"
UNCHANGED = "unchanged"


def write_if_changed(path: Path, content: str | bytes) -> str:
    """Write ``content`` to ``path`` unless it already holds exactly that; say which."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        if path.read_bytes() == data:
            return UNCHANGED
    except FileNotFoundError:
        pass
    write_atomic(path, data)
    return WRITTEN


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` through a temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o666 & ~current_umask())  # mkstemp makes 0600; outputs are for sharing
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def current_umask() -> int:
    """The process umask (reading it means setting it, so set it straight back)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask
