"""Helper programs: long-lived ones asked many times (a batch costs a write and a read, not a
start), and :func:`run` for a program asked once.

Apertium's tools in null-flush mode (``-z``: each NUL-ended input gives one NUL-ended
output) and Hunspell's line filter (line-buffered through ``stdbuf``). Each runs in a
process of its own for as long as the build (or ``tripreport serve``) needs it; closing
its input ends it.
"""

from __future__ import annotations

import io
import os
import subprocess
import threading
from collections.abc import Callable, Iterable
from typing import IO

from tripreport.errors import TripreportError

# Subprocesses see UTF-8 whatever the user's locale; Hunspell converts to its dictionary's encoding.
SUBPROCESS_ENV = {**os.environ, "LC_ALL": "C.UTF-8"}
_ENV = SUBPROCESS_ENV


def run(command: list[str], text: str, what: str) -> str:
    """Run ``command`` on ``text``; a missing or failing program is a one-line error."""
    try:
        result = subprocess.run(command, input=text, capture_output=True, text=True, env=SUBPROCESS_ENV, check=False)
    except OSError as err:
        raise TripreportError(f"cannot run {command[0]} ({what}): {err.strerror}") from None
    if result.returncode != 0:
        message = (result.stderr.strip().splitlines() or ["no message"])[-1]
        raise TripreportError(f"{command[0]} failed ({what}, exit {result.returncode}): {message}")
    return result.stdout


class NullFlushStream:
    """A long-lived filter in null-flush mode (``-z``): each NUL-ended input gives one NUL-ended output.

    Started once, asked many times: a batch costs a write and a read, not a process start.
    """

    def __init__(self, command: list[str], what: str) -> None:
        self.command, self.what = command, what
        self._process: subprocess.Popen[bytes] | None = None
        self._lock = threading.RLock()  # close() from inside ask() takes it again

    def start(self) -> None:
        """Start the program now (it loads while the build does other work)."""
        with self._lock:
            self._start()

    def ask(self, items: list[str]) -> list[str]:
        """The output for each of ``items`` (which must hold no NUL), in order.

        Each item goes with a newline after it: lt-proc holds back the last word of a
        chunk until something follows it. The newline is taken off the answer.
        """
        if not items:
            return []
        with self._lock:
            process = self._start()
            stdin, stdout = process.stdin, process.stdout
            # Popen's pipes without a buffer size are buffered: read1 answers what has arrived.
            assert stdin is not None and isinstance(stdout, io.BufferedReader)
            data = "".join(item.replace("\0", " ") + "\n\0" for item in items).encode("utf-8")

            def write() -> None:
                try:
                    stdin.write(data)
                    stdin.flush()
                except OSError:
                    pass  # the reader below reports the failure

            writer = threading.Thread(target=write, daemon=True)
            writer.start()
            answers: list[str] = []
            buffer = b""
            while len(answers) < len(items):
                chunk = stdout.read1(65536)
                if not chunk:
                    self.close()
                    raise TripreportError(f"{self.command[0]} stopped ({self.what})")
                buffer += chunk
                *done, buffer = buffer.split(b"\0")
                answers += [d.decode("utf-8", "replace").removesuffix("\n") for d in done]
            writer.join()
            return answers[: len(items)]

    def _start(self) -> subprocess.Popen[bytes]:
        if self._process is None or self._process.poll() is not None:
            try:
                self._process = subprocess.Popen(
                    self.command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=_ENV
                )
            except OSError as err:
                raise TripreportError(f"cannot run {self.command[0]} ({self.what}): {err.strerror}") from None
        return self._process

    def close(self) -> None:
        close_all([self])


class LineStream:
    """A long-lived line filter whose output is line-buffered through ``stdbuf`` (coreutils)."""

    def __init__(self, command: list[str], what: str) -> None:
        self.command, self.what = ["stdbuf", "-oL", *command], what
        self._process: subprocess.Popen[bytes] | None = None
        self._lock = threading.RLock()  # re-entrant, as NullFlushStream's

    def start(self) -> None:
        """Start the program now (it loads while the build does other work)."""
        with self._lock:
            self._start()

    def _start(self) -> subprocess.Popen[bytes]:
        if self._process is None or self._process.poll() is not None:
            try:
                self._process = subprocess.Popen(
                    self.command,
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,
                    env=_ENV,
                )
            except OSError as err:
                raise TripreportError(f"cannot run {self.command[2]} ({self.what}): {err.strerror}") from None
        return self._process

    def exchange(self, lines: list[str], done: Callable[[str], bool]) -> list[str]:
        """Write ``lines``, then read output lines until ``done`` says the last one ends the answer."""
        with self._lock:
            process = self._start()
            assert process.stdin is not None and process.stdout is not None
            data = "".join(line.replace("\n", " ") + "\n" for line in lines).encode("utf-8")
            writer = threading.Thread(target=_write, args=(process.stdin, data), daemon=True)
            writer.start()
            out: list[str] = []
            pending = ""
            while True:
                chunk = os.read(process.stdout.fileno(), 65536).decode("utf-8", "replace")
                if not chunk:
                    self._process = None
                    raise TripreportError(f"{self.command[2]} stopped ({self.what})")
                *lines, pending = (pending + chunk).split("\n")
                for line in lines:
                    out.append(line)
                    if done(line):
                        writer.join()
                        return out

    def close(self) -> None:
        close_all([self])


def _write(stream: IO[bytes], data: bytes) -> None:
    try:
        stream.write(data)
        stream.flush()
    except OSError:
        pass  # the reader reports the failure


def close_all(streams: Iterable[NullFlushStream | LineStream], *, kill: bool = False) -> None:
    """Stop programs together: every input closed first (each ends on its own), then each
    waited for, so they wind down side by side rather than one after another.

    ``kill``: the programs hold nothing but what they loaded (dictionaries), so they are
    killed rather than left to free it: Hunspell takes tens of milliseconds to, which a
    build would wait for. (Not for a pipeline run by a shell: its programs would outlive it.)
    """
    processes = []
    for stream in streams:
        with stream._lock:
            if stream._process is not None:
                processes.append(stream._process)
                stream._process = None
    for process in processes:
        if process.stdin:
            try:
                process.stdin.close()
            except OSError:
                pass
        if kill:
            process.kill()
    for process in processes:
        try:
            process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
