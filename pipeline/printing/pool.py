"""The print processes: forked from a server that has WeasyPrint loaded, Ctrl-C left to the build."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from tripreport.cancel import Cancel
from tripreport.errors import TripreportError
from tripreport.printing.layout import print_edition
from tripreport.printing.records import Printed
from tripreport.scratch import print_scratch

if TYPE_CHECKING:  # multiprocessing is loaded only to print
    import concurrent.futures

CANCEL_POLL = 0.02  # seconds between looks at a build's cancel token while its editions print


class PrintPool:
    """Prints editions in parallel, in processes forked from one that has WeasyPrint loaded.

    Entering the pool starts that process at once, so loading WeasyPrint (about a
    second) overlaps what the build does before it prints. With one core, editions are
    printed in this process.
    """

    # "__main__": a worker started from the `tripreport` script would import the script
    # (and with it the whole CLI) again, unless the server has.
    PRELOAD = ["__main__", "tripreport.printing.preload", "tripreport.printing.layout"]

    def __init__(self, base_dir: Path, cache: Path, workers: int | None = None, debug: bool = False) -> None:
        self.base_dir, self.cache, self.debug = base_dir, cache, debug
        self.workers = workers or os.cpu_count() or 1
        self.pool: concurrent.futures.ProcessPoolExecutor | None = None

    def __enter__(self) -> PrintPool:
        self.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *exc: object) -> None:
        self.stop(finish=exc_type is None)

    def start(self) -> None:
        """Start the print server now (it loads WeasyPrint while the caller goes on)."""
        if self.pool is None and self.workers > 1:
            import concurrent.futures
            import multiprocessing
            import multiprocessing.forkserver

            context = multiprocessing.get_context("forkserver")
            # --debug: the workers' own tracebacks are shown (the preload hides them otherwise).
            context.set_forkserver_preload(self.PRELOAD + (["tripreport.printing.tracebacks"] if self.debug else []))
            # Start the server now, without waiting for it: starting a worker would wait
            # until it has loaded WeasyPrint. It starts with Ctrl-C held back, and ignores it
            # once running, as the workers it forks do: the build handles Ctrl-C (it stops the
            # pool); they would each print a traceback.
            with interrupts_held():
                multiprocessing.forkserver.ensure_running()
            self.pool = concurrent.futures.ProcessPoolExecutor(
                self.workers, mp_context=context, initializer=worker_started
            )

    def stop(self, finish: bool = True) -> None:
        """Stop the workers: after the editions in print if ``finish``, else at once."""
        pool, self.pool = self.pool, None
        if pool is None:
            return
        if finish:
            pool.shutdown(wait=True)
            return
        # Ctrl-C or an error: no use finishing the editions in print. The pool's manager
        # thread is waited for (briefly: its workers are gone), else Python 3.11 can race it
        # at exit and print a traceback (a write to the pipe that thread closes).
        manager = getattr(pool, "_executor_manager_thread", None)
        results = getattr(pool, "_result_queue", None)
        processes = list(getattr(pool, "_processes", {}).values())
        for process in processes:
            process.terminate()
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.join(timeout=5)
        # A worker stopped halfway through sending an edition leaves the manager thread reading
        # the rest of it for good, and Python's exit waits for that thread: with the workers gone,
        # closing this process's own end of the pipe makes that read end.
        if results is not None:
            results._writer.close()
        if manager is not None:
            manager.join(timeout=5)

    def print(self, htmls: dict[str, str], cancel: Cancel | None = None) -> Iterator[tuple[str, Printed]]:
        """Yield ``(pdf name, Printed)`` for each ``{pdf name: html}``, largest first.

        With ``cancel``: once it is set, the editions in print are dropped (the workers stopped
        and new ones started, so the next build does not queue behind them) and
        :class:`~tripreport.cancel.Cancelled` is raised."""
        from concurrent.futures.process import BrokenProcessPool

        names = sorted(htmls, key=lambda n: -len(htmls[n]))  # so the cores finish together
        try:
            if self.pool is None:
                for name in names:
                    if cancel is not None:
                        cancel.check("print")
                    yield name, print_leaving_nothing(name, htmls[name], self.base_dir, self.cache)
                return
            futures = {
                name: self.pool.submit(print_leaving_nothing, name, htmls[name], self.base_dir, self.cache)
                for name in names
            }
            for name in names:
                yield name, self.result(futures[name], cancel)
        except TripreportError:
            raise
        except (OSError, EOFError, BrokenProcessPool) as err:
            hint = "; WeasyPrint needs Pango: `make system` installs it" if "cannot load library" in str(err) else ""
            raise TripreportError(f"printing the PDFs failed: {err}{hint}") from None

    def result(self, future: concurrent.futures.Future[Printed], cancel: Cancel | None) -> Printed:
        """The future's edition; if ``cancel`` is set meanwhile, the print dropped and ``Cancelled`` raised."""
        from concurrent.futures import wait

        while cancel is not None and not wait([future], timeout=CANCEL_POLL).done:
            if cancel.requested():
                self.stop(finish=False)
                self.start()
                cancel.check("print")
        return future.result()


def print_leaving_nothing(name: str, html: str, base_dir: Path, cache: Path) -> Printed:
    """:func:`print_edition` with its temporary files (WeasyPrint's fonts) removed once it is done."""
    with print_scratch():
        return print_edition(name, html, base_dir, cache)


@contextlib.contextmanager
def interrupts_held() -> Iterator[None]:
    """Ctrl-C held back (blocked, not ignored) while the block starts processes, then delivered.

    The processes inherit the blocked signal, so Ctrl-C never reaches the print server while
    it loads WeasyPrint (it would print a traceback); it ignores Ctrl-C itself once started.
    A Ctrl-C that arrives meanwhile waits, and the build sees it once the block ends: an
    ignored one would be lost, and the build would go on as if nobody had pressed it.
    """
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def worker_started() -> None:
    """In a print worker: Ctrl-C is the build's to handle (it stops the pool), so a worker
    stays quiet; and it leaves with the print server."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    exit_with_parent()


def exit_with_parent(every: float = 5.0) -> None:
    """Leave as soon as the process that started this one is gone.

    A build killed outright (SIGKILL, the kernel's out-of-memory killer) cannot stop its
    print server, and the server and its workers hold each other's pipes open: without
    this they would wait for work for ever. A look every ``every`` seconds costs nothing
    measurable while ``tripreport serve`` waits for an edit.
    """
    import threading
    import time

    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(every)
        os._exit(0)

    threading.Thread(target=watch, name="tripreport-parent-watch", daemon=True).start()
