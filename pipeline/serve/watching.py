"""What ``serve`` watches (the notes, glossary, templates, photos and PO file; watchfiles:
inotify, no polling), and the changes it waits on, which stop the build they arrive during."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from tripreport.cancel import Cancel
from tripreport.config import BuildConfig
from tripreport.outputs import is_temporary
from tripreport.state import digest

COALESCE_MS = 200  # changes this close together make one rebuild


@dataclass
class Watched:
    """What a change to rebuilds for: the notes, glossary, templates, photos and the PO file."""

    config: BuildConfig
    own: dict[Path, str] = field(default_factory=dict)  # files the build writes, by their last digest

    def __call__(self, change: object, path: str) -> bool:
        file = Path(path).absolute()
        root = self.config.root.absolute()
        ignored = (self.config.out, self.config.state)
        if any(file.is_relative_to(folder.absolute()) for folder in ignored):
            return False
        if is_temporary(file):
            return False  # a staged output on its way
        if file in self.own:  # the PO file: a change only when it is not what the build wrote
            try:
                return digest(file.read_bytes()) != self.own[file]
            except OSError:
                return True
        watched = [self.config.notes, self.config.glossary, self.config.templates, self.config.translations.parent]
        return file.is_relative_to(root) and any(
            file == w.absolute() or file.is_relative_to(w.absolute()) for w in watched
        )

    def remember_own(self) -> None:
        po = self.config.translations.absolute()
        try:
            self.own[po] = digest(po.read_bytes())
        except OSError:
            self.own.pop(po, None)


class Changes:
    """A change to rebuild for (an edit seen by the watcher, a save on the review page).

    Serve waits on it between builds; a change that arrives during a build also sets that
    build's cancel token, so the build stops at its next stage boundary and serve starts it
    again with the change."""

    def __init__(self, stop: Cancel | None = None) -> None:
        self._changed = threading.Event()
        self._lock = threading.Lock()
        self._running: Cancel | None = None
        self.stop = stop or Cancel()  # serve's own (Ctrl-C): it cancels every build too

    def set(self) -> None:
        with self._lock:
            self._changed.set()
            if self._running is not None:
                self._running.request()

    def is_set(self) -> bool:
        return self._changed.is_set()

    def wait(self, timeout: float) -> bool:
        return self._changed.wait(timeout)

    def build_starts(self) -> Cancel:
        """The changes so far are taken by the build that starts now: its cancel token."""
        with self._lock:
            self._changed.clear()
            self._running = Cancel(within=self.stop)
            return self._running

    def build_ends(self) -> None:
        with self._lock:
            self._running = None


def watch(config: BuildConfig, changed: Changes, stopping: threading.Event, watched: Watched) -> None:
    """Set ``changed`` on every relevant change (watchfiles: inotify, no polling)."""
    import watchfiles

    for _ in watchfiles.watch(
        config.root,
        watch_filter=watched,
        debounce=COALESCE_MS,
        step=50,
        stop_event=stopping,
        raise_interrupt=False,
    ):
        changed.set()
