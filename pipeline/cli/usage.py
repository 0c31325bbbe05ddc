"""Usage errors (an unknown option, a bad choice, a missing argument) as one line and exit code 2."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import typer
import typer.core

from tripreport.errors import TripreportError

# Click's UsageError, as Typer has it (its own copy of Click from 0.28, the click package before):
# found through the one Click exception Typer exports.
CLICK_USAGE_ERROR: Any = next(kind for kind in typer.BadParameter.__mro__ if kind.__name__ == "UsageError")


class UsageProblem(TripreportError):
    """A command line tripreport cannot read (an unknown option, a bad choice, a missing argument): exit 2."""


@contextlib.contextmanager
def usage_problems(group: Any = None) -> Iterator[None]:
    """Click's usage errors as one line with the hint to ``-h``, as git and ruff give them (Typer's
    own are a box of five lines or more). ``group``: the context of the group whose subcommand
    is being read, for the errors Click raises without a context of their own."""
    try:
        yield
    except CLICK_USAGE_ERROR as err:
        if type(err).__name__ == "NoArgsIsHelpError":  # no arguments at all: the help (as Typer tells it)
            raise
        message = err.format_message().rstrip(".")
        if message[:1].isupper() and not message[1:2].isupper():
            message = message[0].lower() + message[1:]
        if err.ctx is not None:
            command = err.ctx.command_path
        elif group is not None:
            command = " ".join(filter(None, [group.command_path, group.invoked_subcommand]))
        else:
            command = "tripreport"
        raise UsageProblem(f"{message}; try '{command} -h'") from None


class OneLineUsage(typer.core.TyperGroup):
    """The command group, its usage errors as one line (see :func:`usage_problems`)."""

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        with usage_problems():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: Any) -> Any:
        with usage_problems(ctx):  # a subcommand's arguments are read here
            return super().invoke(ctx)
