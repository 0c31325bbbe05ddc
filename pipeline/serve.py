"""``tripreport serve``: build, serve the report on this machine, rebuild on every save.

One process for the whole session: the engine, the lexicon's helpers and the print
workers stay started between builds (:class:`tripreport.tools.Tools`), so a one-bullet
edit costs its own work, not a start-up. The notes, glossary, templates, photos and PO
file are watched with ``watchfiles`` (inotify, no polling); changes within 200 ms make
one rebuild, and a change that arrives during a build restarts it at its next step
(outputs are staged, so a stopped build leaves them as they were). The HTML is written
first and open pages reload at once, keeping their scroll position; the PDFs follow.

Pages are served from the output folder on 127.0.0.1. Only served HTML gets the small
script that listens for rebuilds (server-sent events) and shows a failed build's error
over the page; the files in the output folder are never changed for it.

``/review`` is the review page (:mod:`tripreport.review`): the English beside the Spanish,
corrected and confirmed in the browser and saved in the PO file, which makes one rebuild.
On 127.0.0.1 every request must name this machine (``Host``), against DNS rebinding.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tripreport.build import BuildResult, Translated, build, translate_without_writing
from tripreport.config import ENGLISH_HTML, BuildConfig
from tripreport.errors import TripreportError, one_line
from tripreport.outputs import is_temporary
from tripreport.progress import Count
from tripreport.review import api
from tripreport.review.guard import Guard, Refused, is_loopback
from tripreport.review.session import ReviewSession
from tripreport.state import digest
from tripreport.tools import Tools

EVENTS_PATH = "/__tripreport/events"
COALESCE_MS = 200  # changes this close together make one rebuild
KEEPALIVE_SECONDS = 15.0
Log = Callable[[str], None]


class Restart(Exception):
    """A newer change arrived: the build in progress stops at its next step."""


@dataclass
class LiveState:
    """What open pages are told: the build generation (a new one reloads them) and the last error."""

    generation: int = 0
    error: str = ""
    _changed: threading.Condition = field(default_factory=threading.Condition)

    def publish(self, *, reload: bool = False, error: str | None = None) -> None:
        with self._changed:
            if reload:
                self.generation += 1
            if error is not None:
                self.error = error
            self._changed.notify_all()

    def wait(self, seen: tuple[int, str], timeout: float) -> tuple[int, str]:
        with self._changed:
            self._changed.wait_for(lambda: (self.generation, self.error) != seen, timeout)
            return self.generation, self.error


# What served pages get before </body>: reload on a new build (scroll kept), the error overlay.
LIVE_SCRIPT = """<script>/* tripreport serve: live reload (only in served pages) */
(() => {
  const key = "tripreport-scroll:" + location.pathname;
  const saved = sessionStorage.getItem(key);
  if (saved !== null) { sessionStorage.removeItem(key); addEventListener("load", () => scrollTo(0, +saved)); }
  let first = null;
  const source = new EventSource("EVENTS_PATH");
  source.addEventListener("state", (event) => {
    const state = JSON.parse(event.data);
    if (first === null) first = state.generation;
    else if (state.generation !== first) { sessionStorage.setItem(key, String(scrollY)); location.reload(); return; }
    let box = document.getElementById("tripreport-error");
    if (!state.error) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("pre");
      box.id = "tripreport-error";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:auto 1rem 1rem 1rem;z-index:99999;margin:0;padding:1rem;" +
        "background:#fff4f4;color:#8a1c1c;border:2px solid #c33;border-radius:6px;white-space:pre-wrap;" +
        "font:14px/1.4 monospace;box-shadow:0 4px 16px rgba(0,0,0,.2)";
      document.body.appendChild(box);
    }
    box.textContent = "tripreport: the last build failed; showing the last good report.\\n" + state.error;
  });
})();
</script>
""".replace("EVENTS_PATH", EVENTS_PATH)
# What served pages get when the review page is on: a link to it (not printed).
REVIEW_LINK = f"""<style>#tripreport-review-link{{position:fixed;top:.6rem;right:.6rem;z-index:99998;
padding:.3rem .6rem;background:#fff;border:1px solid #2458a6;border-radius:4px;font:14px/1.3 sans-serif;color:#2458a6}}
@media print{{#tripreport-review-link{{display:none}}}}</style>
<a id="tripreport-review-link" href="{api.PAGE}">Review the English</a>
"""


class ReportHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the output folder; HTML pages with the live script; the event stream; the review page."""

    live: LiveState
    stopping: threading.Event
    review: ReviewSession
    guard: Guard | None = None  # None: serving beyond this machine, without the review page

    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        path, _, query = self.path.partition("?")
        if not self.host_allowed():
            return None
        if api.is_review_path(path):
            return self.send_answer(self.review_answer(path, query))
        if path == EVENTS_PATH:
            return self.events()
        if path == "/":
            self.send_response(302)
            self.send_header("Location", f"/{ENGLISH_HTML}")
            self.end_headers()
            return None
        if path.endswith(".html"):
            return self.page()
        return super().do_GET()

    def do_HEAD(self) -> None:  # noqa: N802
        if self.host_allowed():
            super().do_HEAD()

    def do_POST(self) -> None:  # noqa: N802
        path, _, query = self.path.partition("?")
        if not self.host_allowed():
            return None
        if not api.is_review_path(path):
            self.send_error(405, "only the review page takes POST")
            return None
        return self.send_answer(self.review_answer(path, query))

    def host_allowed(self) -> bool:
        """On 127.0.0.1, a request under another name (DNS rebinding) is refused."""
        if self.guard is None:
            return True
        try:
            self.guard.check_host(self.headers)
        except Refused as refused:
            self.send_error(refused.status, refused.reason)
            return False
        return True

    def review_answer(self, path: str, query: str) -> api.Answer:
        read = self.rfile.read
        return api.answer(self.review, self.guard, self.command, path, query, self.headers, read, EVENTS_PATH)

    def send_answer(self, answer: api.Answer) -> None:
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.content_type)
        self.send_header("Content-Length", str(len(answer.body)))
        for name, value in answer.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(answer.body)

    def page(self) -> None:
        file = Path(self.translate_path(self.path))
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            self.send_error(404, "no such page (yet)")
            return
        added = LIVE_SCRIPT + (REVIEW_LINK if self.guard is not None else "")
        at = text.rfind("</body>")
        body = (text[:at] + added + text[at:] if at >= 0 else text + added).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def events(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        seen: tuple[int, str] | None = None
        try:
            while not self.stopping.is_set():
                state = self.live.wait(seen, KEEPALIVE_SECONDS) if seen else (self.live.generation, self.live.error)
                if state == seen:
                    self.wfile.write(b": keep-alive\n\n")
                else:
                    data = json.dumps({"generation": state[0], "error": state[1]})
                    self.wfile.write(f"event: state\ndata: {data}\n\n".encode())
                    seen = state
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the page was closed or reloaded

    def end_headers(self) -> None:
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (the standard library's name)
        pass  # the terminal shows builds, not requests


def start_server(
    out: Path, host: str, port: int, live: LiveState, stopping: threading.Event, review: ReviewSession
) -> tuple[http.server.ThreadingHTTPServer, Guard | None]:
    """The HTTP server on its own thread, and the review page's guard: None (no review page) when
    it listens beyond this machine."""
    handler = type("Handler", (ReportHandler,), {"live": live, "stopping": stopping, "review": review})
    factory = functools.partial(handler, directory=str(out))
    try:
        server = http.server.ThreadingHTTPServer((host, port), factory)
    except OSError as err:
        raise TripreportError(f"cannot serve on {host}:{port} ({err.strerror}); pick another with --port") from None
    address, bound_port = server.server_address[:2]
    handler.guard = Guard(bound_port) if is_loopback(str(address)) else None
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="tripreport-http", daemon=True).start()
    return server, handler.guard


@dataclass
class Watched:
    """What a change to rebuilds for: the notes, glossary, templates, photos and the PO file."""

    config: BuildConfig
    own: dict[Path, str] = field(default_factory=dict)  # files the build writes, by their last digest

    def __call__(self, change, path: str) -> bool:
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


def serve(
    config: BuildConfig,
    host: str = "127.0.0.1",
    port: int = 8000,
    log: Log = print,
    detail: Log = lambda message: None,
    on_ready: Callable[[str], None] = lambda url: None,
) -> None:
    """Build, serve and rebuild until Ctrl-C. ``log`` gets what the terminal shows (builds,
    errors), ``detail`` each build's progress; ``on_ready`` the address once serving."""
    live, stopping, changed = LiveState(), threading.Event(), threading.Event()
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
        log(f"serving {url} (Ctrl-C stops)")
        if guard is not None:
            log(f"review the English at {base}{api.PAGE}")
            prepare_review(review)
        on_ready(url)
        while not stopping.is_set():
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
        tools.close()


def prepare_review(review: ReviewSession) -> None:
    """The review page's data made after a build, beside serve's waiting for the next change."""
    threading.Thread(target=review.prepare, name="tripreport-review", daemon=True).start()


def review_session(config: BuildConfig, watched: Watched, changed: threading.Event) -> ReviewSession:
    """The review page's session: a save makes one rebuild, and its write of the PO file no other."""

    def saved() -> None:
        watched.remember_own()
        changed.set()

    return ReviewSession(config.translations, config.memory, saved)


def rebuild(
    config: BuildConfig,
    tools: Tools,
    live: LiveState,
    changed: threading.Event,
    watched: Watched,
    review: ReviewSession,
    log: Log,
    detail: Log,
) -> BuildResult | None:
    """One build (restarted as often as changes come during it); pages told when the HTML is ready.

    A failed build leaves the last good outputs served, and its error shown in the terminal
    and over the open pages until a build succeeds; the review page keeps the last good units."""

    def step(update: str | Count) -> None:
        if changed.is_set():
            raise Restart
        if isinstance(update, str):
            detail(update)

    @contextlib.contextmanager
    def committing() -> Iterator[None]:
        with review.po_lock:  # no review save while outputs go into place…
            if changed.is_set():  # …and one saved since this build read the PO file makes it start again
                raise Restart
            yield
            watched.remember_own()  # the PO file just put in place is the build's own: no rebuild for it

    while True:
        changed.clear()
        started = time.monotonic()
        html_at: list[float] = []

        def html_ready(done: Translated, html_at: list[float] = html_at, started: float = started) -> None:
            html_at.append(time.monotonic() - started)
            review.update(done)
            live.publish(reload=True, error="")

        try:
            result = build(config, step, tools, html_ready, committing)
            if result.translated is None and not review.ready:  # up to date: the review page's units made again
                review.update(translate_without_writing(config, tools, step))
        except Restart:
            continue
        except Exception as err:  # noqa: BLE001  (worded as the CLI words it; a bug keeps its traceback)
            message = one_line(err)
            if message is None:
                raise
            log(f"tripreport: error: {message}")
            live.publish(error=message)
            return None
        finally:
            watched.remember_own()
        if changed.is_set():
            continue
        if not html_at:  # nothing changed: no page needs a reload
            live.publish(error="")
            log("up to date")
            return result
        qa = result.qa_summary[0] if result.qa_summary else ""
        log(f"rebuilt: HTML in {html_at[0]:.2f} s, PDFs in {time.monotonic() - started:.2f} s. {qa}".rstrip())
        return result
