"""Progress on stderr: a live bar on a terminal, plain lines otherwise, nothing with --quiet."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

import typer
import typer.core

from tripreport.progress import Count, Detail

if TYPE_CHECKING:
    from rich.progress import TaskID


class Reporter:
    """Progress on stderr: a live bar on a terminal, plain lines otherwise, nothing with --quiet.

    Rich (which Typer brings) draws the bar and honours ``NO_COLOR``; counts (segments
    translated, PDFs printed) move the bar, and in plain mode only ``--verbose`` prints them.
    """

    def __init__(self, quiet: bool = False, verbose: bool = False) -> None:
        self.quiet, self.verbose = quiet, verbose
        self.bar = None
        self.tasks: dict[str, TaskID] = {}
        if not quiet and sys.stderr.isatty() and os.environ.get("TERM") != "dumb":
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            console = Console(stderr=True)
            self.bar = Progress(
                TextColumn("[progress.description]{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                console=console,
                transient=True,
            )

    def __call__(self, update: str | Count | Detail) -> None:
        if self.quiet or (isinstance(update, Detail) and not self.verbose):
            return
        if isinstance(update, Count):
            if self.bar is not None:
                if update.what not in self.tasks:
                    self.bar.start()
                    self.tasks[update.what] = self.bar.add_task(update.what, total=update.total)
                self.bar.update(self.tasks[update.what], completed=update.done, total=update.total)
            elif self.verbose:
                typer.echo(f"tripreport: {update.done}/{update.total} {update.what}", err=True)
            return
        line = f"tripreport: {update}" if isinstance(update, Detail) else f"tripreport: {update}…"  # a step goes on
        if self.bar is not None:
            self.bar.console.print(line, highlight=False, markup=False)
        else:
            typer.echo(line, err=True)

    def __enter__(self) -> Reporter:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def progress(message: str | Count | Detail) -> None:
    """Plain progress on stderr (the commands that have no --quiet)."""
    Reporter()(message)
