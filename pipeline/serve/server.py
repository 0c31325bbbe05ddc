"""Serving the output folder on this machine: pages with the live-reload script, the rebuild
events, the review page's calls."""

from __future__ import annotations

import functools
import http.server
import json
import threading
from dataclasses import dataclass, field
from pathlib import Path

from tripreport.config import ENGLISH_HTML
from tripreport.errors import TripreportError
from tripreport.review import api
from tripreport.review.guard import Guard, Refused, is_loopback
from tripreport.review.session import ReviewSession

EVENTS_PATH = "/__tripreport/events"
KEEPALIVE_SECONDS = 15.0


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
# GENERATION is the build the page was served from: a build that ends between the page's load
# and its first event still reloads it.
LIVE_SCRIPT = """<script>/* tripreport serve: live reload (only in served pages) */
(() => {
  const key = "tripreport-scroll:" + location.pathname;
  const saved = sessionStorage.getItem(key);
  if (saved !== null) { sessionStorage.removeItem(key); addEventListener("load", () => scrollTo(0, +saved)); }
  const first = GENERATION;
  const source = new EventSource("EVENTS_PATH");
  source.addEventListener("state", (event) => {
    const state = JSON.parse(event.data);
    if (state.generation !== first) { sessionStorage.setItem(key, String(scrollY)); location.reload(); return; }
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
        generation = self.live.generation  # read before the file: a build in between reloads the page
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            self.send_error(404, "no such page (yet)")
            return
        added = LIVE_SCRIPT.replace("GENERATION", str(generation)) + (REVIEW_LINK if self.guard is not None else "")
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

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the standard library's name)
        pass  # the terminal shows builds, not requests


def start_server(
    out: Path, host: str, port: int, live: LiveState, stopping: threading.Event, review: ReviewSession
) -> tuple[http.server.ThreadingHTTPServer, Guard | None]:
    """The HTTP server on its own thread, and the review page's guard: None (no review page) when
    it listens beyond this machine."""
    handler: type[ReportHandler] = type(
        "Handler", (ReportHandler,), {"live": live, "stopping": stopping, "review": review}
    )
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
