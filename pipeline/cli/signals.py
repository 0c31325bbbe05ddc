"""Ctrl-C and SIGTERM: raised where the main thread is, and remembered.

Python turns Ctrl-C into a ``KeyboardInterrupt`` raised wherever the main thread happens
to be, so a wait for a helper program or a print ends at once. But some places do not let
it through: raised in a ``__del__`` that the garbage collector runs (a compiled regular
expression's, say), it is printed as "Exception ignored" and the program goes on as if
nobody had pressed it; raised inside a lock's bookkeeping, it can come out as another
error. So the handlers also set :data:`STOP`, a cancel token that ``serve``'s loop and
every build look at between their stages: a Ctrl-C that was swallowed still stops the
command, at the next stage boundary, and one that came out as another error is still
reported as a stop.
"""

from __future__ import annotations

import signal
from types import FrameType

from tripreport.cancel import Cancel


class Terminated(KeyboardInterrupt):
    """SIGTERM (``kill``, a service manager, CI cancelling a job), handled as Ctrl-C is: the
    build stops its helper programs and print workers and leaves every output as it was."""


STOP = Cancel()  # set by Ctrl-C or SIGTERM; builds and serve's loop stop at their next look
_received: list[KeyboardInterrupt] = []


def install() -> None:
    """Handle Ctrl-C and SIGTERM from now on (a fresh token: one command per process, or per
    call in the tests). A signal the command was started ignoring stays ignored."""
    global STOP
    STOP = Cancel()
    _received.clear()
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, on_interrupt)
    if signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
        signal.signal(signal.SIGTERM, on_terminate)


def on_interrupt(signum: int, frame: FrameType | None) -> None:
    stop_with(KeyboardInterrupt())


def on_terminate(signum: int, frame: FrameType | None) -> None:
    stop_with(Terminated())


def stop_with(interruption: KeyboardInterrupt) -> None:
    _received.append(interruption)
    STOP.request()
    raise interruption


def received() -> KeyboardInterrupt | None:
    """The first Ctrl-C (or SIGTERM) this command got, if any: what it should stop as."""
    return _received[0] if _received else None


def stop_token() -> Cancel:
    """The token the command passes to what it runs (read when the command starts, after :func:`install`)."""
    return STOP
