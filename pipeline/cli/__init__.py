"""The command line: parse arguments, call the library, turn errors into messages.

Progress goes to stderr, results to stdout. A :class:`TripreportError` becomes one
line on stderr and exit code 1, a usage error exit code 2, Ctrl-C or SIGTERM the shell's
code for the signal; every command writes its temporary files in a folder of its own,
removed as it exits (:mod:`tripreport.scratch`). Nothing here knows how the report is
made. The commands are in :mod:`.commands`, usage errors in :mod:`.usage`, progress in
:mod:`.reporter`, Ctrl-C and SIGTERM in :mod:`.signals`.
"""

from __future__ import annotations

import os
import signal
import sys

import typer

from tripreport.cli import signals
from tripreport.cli.commands import app
from tripreport.cli.usage import UsageProblem
from tripreport.errors import one_line
from tripreport.scratch import use_own_folder

__all__ = ["app", "main"]


def main() -> None:
    """Entry point: run the app; every failure a user can meet is one line and an exit code."""
    debug = os.environ.get("TRIPREPORT_DEBUG", "") not in ("", "0") or "--debug" in sys.argv
    signals.install()
    use_own_folder()  # removed at exit, however the command ends but kill -9
    try:
        app()
    except UsageProblem as err:
        typer.echo(f"tripreport: error: {err}", err=True)
        sys.exit(2)
    except KeyboardInterrupt as stop:
        stopped(stop)
    except SystemExit as done:
        if (signalled := interruption(done)) is not None:  # Typer turns Ctrl-C into a silent exit 130
            stopped(signalled)
        raise
    except Exception as err:  # noqa: BLE001  (mapped to one line; --debug shows the traceback)
        if (signalled := signals.received()) is not None and not debug:  # a stop that came out as an error
            stopped(signalled)
        message = one_line(err)
        if message is None or debug:
            raise
        typer.echo(f"tripreport: error: {message}", err=True)
        sys.exit(1)


def stopped(stop: KeyboardInterrupt) -> None:
    """One line for a build stopped by a signal, and the shell's exit code for that signal."""
    if isinstance(stop, signals.Terminated):
        typer.echo("tripreport: terminated", err=True)
        sys.exit(128 + signal.SIGTERM)
    typer.echo("tripreport: interrupted", err=True)
    sys.exit(128 + signal.SIGINT)


def interruption(err: BaseException) -> KeyboardInterrupt | None:
    """The Ctrl-C (or SIGTERM) behind ``err``, if a signal caused it."""
    seen: BaseException | None = err
    while seen is not None:
        if isinstance(seen, KeyboardInterrupt):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None
