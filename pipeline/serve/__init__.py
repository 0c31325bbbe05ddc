"""``tripreport serve``: build, serve the report on this machine, rebuild on every save.

One process for the whole session: the engine, the lexicon's helpers and the print
workers stay started between builds (:class:`tripreport.tools.Tools`), so a one-bullet
edit costs its own work, not a start-up. The notes, glossary, templates, photos and PO
file are watched with ``watchfiles`` (inotify, no polling); changes within 200 ms make
one rebuild. A change that arrives during a build cancels it (its token, checked at each
stage boundary and while the PDFs print: :mod:`tripreport.cancel`) and the build starts
again with it; outputs are staged, so a stopped build leaves what it had not put in place
as it was. The HTML is written first and open pages reload at once, keeping their scroll
position; the PDFs follow.

Pages are served from the output folder on 127.0.0.1. Only served HTML gets the small
script that listens for rebuilds (server-sent events) and shows a failed build's error
over the page; the files in the output folder are never changed for it.

``/review`` is the review page (:mod:`tripreport.review`): the English beside the Spanish,
corrected and confirmed in the browser and saved in the PO file, which makes one rebuild.
On 127.0.0.1 every request must name this machine (``Host``), against DNS rebinding.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator

from tripreport.build import build, translate_without_writing
from tripreport.cancel import Cancel, Cancelled, Overtaken
from tripreport.config import ENGLISH_HTML, BuildConfig
from tripreport.errors import one_line
from tripreport.model import BuildResult, Translated
from tripreport.progress import Count, Detail
from tripreport.review import api
from tripreport.review.session import ReviewSession
from tripreport.serve.server import LiveState, start_server
from tripreport.serve.watching import Changes, Watched, watch
from tripreport.tools import Tools

Log = Callable[[str], None]


def serve(
    config: BuildConfig,
    host: str = "127.0.0.1",
    port: int = 8000,
    log: Log = print,
    detail: Log = lambda message: None,
    on_ready: Callable[[str], None] = lambda url: None,
    stop: Cancel | None = None,
) -> None:
    """Build, serve and rebuild until Ctrl-C. ``log`` gets what the terminal shows (builds,
    errors), ``detail`` each build's progress; ``on_ready`` the address once serving.

    ``stop``: the command's token, set by Ctrl-C; serve returns once it sees it (the build
    running then stops at its next stage boundary), should the ``KeyboardInterrupt`` that
    usually ends serve at once have been swallowed."""
    live, stopping, changed = LiveState(), threading.Event(), Changes(stop)
    tools = Tools(keep_warm=True)
    watched = Watched(config)
    review = review_session(config, watched, changed)
    server = None
    try:
        config.out.mkdir(parents=True, exist_ok=True)
        server, guard = start_server(config.out, host, port, live, stopping, review)
        base = f"http://{host}:{server.server_address[1]}"
        url = f"{base}/{ENGLISH_HTML}"
        threading.Thread(
            target=watch, args=(config, changed, stopping, watched), name="tripreport-watch", daemon=True
        ).start()
        tools.printers_for(config)  # WeasyPrint loads now, not at the first edit
        rebuild(config, tools, live, changed, watched, review, log, detail)
        if changed.stop.requested():
            return
        log(f"serving {url} (Ctrl-C stops)")
        if guard is not None:
            log(f"review the English at {base}{api.PAGE}")
            prepare_review(review)
        on_ready(url)
        while not changed.stop.requested():
            if changed.wait(timeout=0.5):
                rebuild(config, tools, live, changed, watched, review, log, detail)
                if guard is not None:
                    prepare_review(review)
    finally:
        stopping.set()
        if server is not None:
            server.shutdown()
            server.server_close()
        review.close()
        tools.close(finish=False)  # serve ends only by Ctrl-C, SIGTERM or an error: editions in print are dropped


def prepare_review(review: ReviewSession) -> None:
    """The review page's data made after a build, beside serve's waiting for the next change."""
    threading.Thread(target=review.prepare, name="tripreport-review", daemon=True).start()


def review_session(config: BuildConfig, watched: Watched, changed: Changes) -> ReviewSession:
    """The review page's session: a save makes one rebuild, and its write of the PO file no other."""

    def saved() -> None:
        watched.remember_own()
        changed.set()

    return ReviewSession(config.translations, config.memory, saved, config.glossary)


def rebuild(
    config: BuildConfig,
    tools: Tools,
    live: LiveState,
    changed: Changes,
    watched: Watched,
    review: ReviewSession,
    log: Log,
    detail: Log,
) -> BuildResult | None:
    """One build (cancelled and started again as often as changes come during it); pages told
    when the HTML is ready.

    A failed build leaves the last good outputs served, and its error shown in the terminal
    and over the open pages until a build succeeds; the review page keeps the last good units."""

    def step(update: str | Count | Detail) -> None:
        if isinstance(update, str):
            detail(update)

    @contextlib.contextmanager
    def committing() -> Iterator[None]:
        # No review save while outputs go into place; one saved since this build read the PO
        # file has cancelled it (the build checks its token inside this block).
        with review.po_lock:
            yield
            watched.remember_own()  # the PO file just put in place is the build's own: no rebuild for it

    while True:
        cancel = changed.build_starts()
        started = time.monotonic()
        html_at: list[float] = []

        def html_ready(done: Translated, html_at: list[float] = html_at, started: float = started) -> None:
            html_at.append(time.monotonic() - started)
            review.update(done)
            live.publish(reload=True, error="")

        try:
            result = build_once(config, tools, step, html_ready, committing, cancel, review)
        except (Cancelled, Overtaken):  # a newer change (a save, an edit of the PO file): build with it
            if changed.stop.requested():
                return None  # …unless serve is stopping
            continue
        except Exception as err:  # noqa: BLE001  (worded as the CLI words it; a bug keeps its traceback)
            if changed.stop.requested():
                return None  # a helper program stopped by the same Ctrl-C: no error to tell
            message = one_line(err)
            if message is None:
                raise
            log(f"tripreport: error: {message}")
            live.publish(error=message)
            return None
        finally:
            changed.build_ends()
            watched.remember_own()
        if changed.is_set():
            continue
        say_built(result, html_at, time.monotonic() - started, live, log)
        return result


def say_built(result: BuildResult, html_at: list[float], seconds: float, live: LiveState, log: Log) -> None:
    """The terminal's line for a build that finished; when it found nothing changed, the pages'
    all-clear (no page needs a reload)."""
    if not html_at:
        live.publish(error="")
        log("up to date")
        return
    qa = result.qa_summary[0] if result.qa_summary else ""
    log(f"rebuilt: HTML in {html_at[0]:.2f} s, PDFs in {seconds:.2f} s. {qa}".rstrip())


def build_once(
    config: BuildConfig,
    tools: Tools,
    step: Callable[[str | Count | Detail], None],
    html_ready: Callable[[Translated], None],
    committing: Callable[[], contextlib.AbstractContextManager[None]],
    cancel: Cancel,
    review: ReviewSession,
) -> BuildResult:
    """One build with ``cancel``; when it finds nothing to do and the review page has no units
    yet (serve's first build), they are made again without writing anything."""
    result = build(config, step, tools, html_ready, committing, cancel)
    if result.translated is None and not review.ready:
        review.update(translate_without_writing(config, tools, step, cancel))
    return result
