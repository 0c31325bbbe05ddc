"""What ``serve`` watches: the notes, glossary, templates, photos and PO file (watchfiles:
inotify, no polling)."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

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


def watch(config: BuildConfig, changed: threading.Event, stopping: threading.Event, watched: Watched) -> None:
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
