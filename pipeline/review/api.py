"""The review page's HTTP interface: the page, its scripts and styles, and its calls.

- ``GET /review``: the page (its token inside), with a policy that runs only its own script.
- ``GET /__tripreport/review/units``: every unit, as JSON.
- ``POST /__tripreport/review/save``: a person's English for a unit, or back to the machine's.
- ``POST /__tripreport/review/preview``: a person's English as the editions show it, and what
  the allow-list removed (a read, but its body can be long).
- ``GET /__tripreport/review/suggest?unit=N``: the second engine's English for a unit.
- ``GET /__tripreport/review/occurrences?es=WORDS``: the passages whose Spanish holds those words.
- ``POST /__tripreport/review/glossary``: a glossary entry made from a passage (:mod:`.teach`).
- ``GET /__tripreport/review/lesson``: that entry, and the passages its build changed.

Every call passes :class:`~tripreport.review.guard.Guard`'s checks; answers are one
:class:`Answer`, so ``serve`` only sends them. Errors are one line, in JSON.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

import jinja2

from tripreport import __version__, render
from tripreport.config import HTML_EDITIONS, pdf_of
from tripreport.review.guard import TOKEN_HEADER, Guard, Headers, Refused, json_body
from tripreport.review.session import ReviewSession

PAGE = "/review"
API = "/__tripreport/review/"
SCRIPT = "text/javascript; charset=utf-8"
# The page's script is ES modules, one per concern; review.js is the one the page loads.
MODULES = (
    "review.js",
    "review-page.js",
    "review-passages.js",
    "review-editor.js",
    "review-drafts.js",
    "review-find.js",
)
ASSETS = {
    **{f"/__tripreport/{name}": (name, SCRIPT) for name in MODULES},
    "/__tripreport/review.css": ("review.css", "text/css; charset=utf-8"),
    "/__tripreport/review-glossary.js": ("review-glossary.js", "text/javascript; charset=utf-8"),
    "/__tripreport/review-glossary.css": ("review-glossary.css", "text/css; charset=utf-8"),
}
# The page runs its own script only: even a passage that slipped past escaping could run nothing.
PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
# The keys, each with its action (the page's script reads them from the page, where they are listed).
KEYS = (
    ("j", "J", "next", "Next passage"),
    ("k", "K", "previous", "Previous passage"),
    ("n", "N", "next-unreviewed", "Next not reviewed: needs review, then QA errors, warnings, the rest"),
    ("/", "/", "search", "Search the Spanish and English (Enter: next match)"),
    ("Enter", "Enter", "edit", "Edit the English (an unsaved draft comes back)"),
    ("Ctrl+Enter", "Ctrl+Enter", "save", "Save the English as reviewed"),
    ("Escape", "Esc", "cancel", "Close the edit (what you typed stays as a draft) or the question"),
    ("c", "C", "confirm", "Confirm the machine English as it is (asks before replacing yours)"),
    ("m", "M", "machine", "Back to machine English (asks first; yours stays in the history)"),
    ("h", "H", "history", "Earlier English of the passage, to bring one back"),
)


@dataclass(frozen=True)
class Answer:
    """An HTTP answer: status, body, type, and any more headers."""

    status: int
    body: bytes
    content_type: str = "application/json; charset=utf-8"
    headers: Mapping[str, str] = field(default_factory=dict)


def is_review_path(path: str) -> bool:
    return path == PAGE or path.startswith(API) or path in ASSETS


def answer(
    session: ReviewSession,
    guard: Guard | None,
    method: str,
    path: str,
    query: str,
    headers: Headers,
    read: Callable[[int], bytes],
    events: str,
) -> Answer:
    """What the review page's paths answer; ``guard`` None: serve listens beyond this machine (no review).
    ``events`` is serve's stream of builds, which the page listens to."""
    try:
        if guard is None:
            raise Refused(403, "the review page works only when tripreport serve listens on 127.0.0.1 (the default)")
        guard.check_host(headers)
        if path in ASSETS:
            return asset(*ASSETS[path])
        if path == PAGE:
            if method != "GET":
                raise Refused(405, "the review page is read with GET")
            return page(guard, events, session.report_id)
        guard.check_api(method, headers)
        call = path.removeprefix(API)
        if (method, call) == ("GET", "units"):
            return as_json(200, session.page_data())
        if (method, call) == ("POST", "save"):
            status, data = session.save(json_body(headers, read))
            return as_json(status, data)
        if (method, call) == ("POST", "preview"):
            return as_json(200, session.preview(json_body(headers, read)))
        if (method, call) == ("GET", "suggest"):
            values = parse_qs(query).get("unit", [""])
            unit = int(values[0]) if values[0].isdigit() else None
            return as_json(200, session.suggestion(unit))
        if (method, call) == ("GET", "occurrences"):
            return as_json(200, session.occurrences(parse_qs(query).get("es", [""])[0]))
        if (method, call) == ("POST", "glossary"):
            return as_json(*session.teach(json_body(headers, read)))
        if (method, call) == ("GET", "lesson"):
            return as_json(200, {"lesson": session.lesson()})
        raise Refused(404, "no such call")
    except Refused as refused:
        return as_json(refused.status, {"error": refused.reason})


def as_json(status: int, data: dict[str, Any]) -> Answer:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return Answer(status, body, headers={"Cache-Control": "no-store"})


def page(guard: Guard, events: str, report: str) -> Answer:
    """The review page, holding this session's token and the name it keeps this report's drafts under."""
    template = environment().get_template("review.html.j2")
    html = template.render(
        token=guard.token,
        report=report,
        token_header=TOKEN_HEADER,
        api=API,
        events=events,
        keys=KEYS,
        version=__version__,
        editions=HTML_EDITIONS,
        pdfs={edition: pdf_of(name) for edition, name in HTML_EDITIONS.items()},
    )
    headers = {"Cache-Control": "no-store", "Content-Security-Policy": PAGE_POLICY, "Referrer-Policy": "no-referrer"}
    return Answer(200, html.encode("utf-8"), "text/html; charset=utf-8", headers)


def asset(name: str, content_type: str) -> Answer:
    return Answer(200, packaged(name), content_type, {"Cache-Control": "no-cache"})


@functools.lru_cache(maxsize=16)
def packaged(name: str) -> bytes:
    """A file of the packaged templates (never the report folder's: the page is tripreport's own)."""
    return (render.DEFAULT_TEMPLATES / name).read_bytes()


@functools.lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(render.DEFAULT_TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
