"""Asking a running build to stop: a token its caller holds and the build checks between stages.

``tripreport serve`` starts a build again when a newer change arrives. It asks the running
build to stop by setting that build's :class:`Cancel` (from the thread that saw the change);
the build looks at the token at its stage boundaries (inputs read, English made, outputs
rendered, before each rename into place, while it waits for the print workers) and raises
:class:`Cancelled` there. The command line's own token, set by Ctrl-C and SIGTERM
(:mod:`tripreport.cli.signals`), is looked at the same way, behind the ``KeyboardInterrupt``
that usually stops the build first. Progress is only told: stopping is never hidden in it.
Outputs are staged, so a cancelled build leaves in place what it had renamed before the
boundary where it stopped, and nothing after.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Literal

from tripreport.errors import TripreportError

# Where a build looks at its token: before each of these steps.
Stage = Literal["translate", "render", "html", "print", "pdf"]


class Cancelled(Exception):
    """The build stopped at a stage boundary because its caller asked it to."""

    def __init__(self, stage: Stage) -> None:
        super().__init__(f"build cancelled before the {stage} step")
        self.stage: Stage = stage


class Cancel:
    """One build's cancel token: ``request()`` from any thread; the build calls ``check()``.

    ``within``: a token that cancels this one too (the command's, set by Ctrl-C, around each of
    ``serve``'s builds)."""

    def __init__(self, within: Cancel | None = None) -> None:
        self._asked = threading.Event()
        self.within = within

    def request(self) -> None:
        """Ask the build to stop at its next stage boundary."""
        self._asked.set()

    def requested(self) -> bool:
        return self._is_set()

    def check(self, stage: Stage) -> None:
        """Raise :class:`Cancelled` if the build was asked to stop (``stage``: the step it would start)."""
        if self._is_set():
            raise Cancelled(stage)

    def _is_set(self) -> bool:
        return self._asked.is_set() or (self.within is not None and self.within._is_set())


class Overtaken(TripreportError):
    """A file the build read (the PO file) changed on disk before the build put its outputs in
    place: an editor's save that the build's own PO file would have overwritten. Nothing is
    renamed into place; ``serve`` starts the build again, ``tripreport build`` says so."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"{path}: changed while this build ran (saved in an editor?); this build's outputs were "
            "not put in place, so that change is kept: build again"
        )
