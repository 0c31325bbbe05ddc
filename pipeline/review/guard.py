"""Who may use the review page: only the page ``tripreport serve`` served, in the author's browser.

The review page can write the PO file, so every request to its interface must show that
it comes from that page:

- **Host**: the name the browser used is this machine's own (``127.0.0.1`` or ``localhost``
  with serve's port). A site that points its own name at 127.0.0.1 (DNS rebinding) sends
  its own name, and is refused.
- **Origin**: when the browser says which page sent a request, it is this server. A page on
  another site open in the same browser cannot pass (CSRF).
- **Token**: a random value made for each serve session, written only into the served
  review page and sent back in the ``X-Tripreport-Token`` header (a header, which another
  site's page cannot set on a request here without the server's consent, and which no
  cookie or address carries along).

Bodies are JSON, with a size limit. Serving on an address others can reach turns the
review page off: there, anyone who can open it could write.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

TOKEN_HEADER = "X-Tripreport-Token"
MAX_BODY = 64 * 1024  # bytes: a passage's English is a few hundred
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")


def new_token() -> str:
    return secrets.token_urlsafe(32)


def is_loopback(address: str) -> bool:
    """True when ``address`` (the address serve listens on, as the socket reports it) is this machine only."""
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


class Headers(Protocol):
    """A request's headers: what ``http.server`` gives (an ``email.message.Message``) or a dict."""

    def get(self, name: str, /) -> str | None: ...


class Refused(Exception):
    """A request the review interface does not answer: its HTTP status and a one-line reason."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass(frozen=True)
class Guard:
    """The checks for one serve session: its port and its token."""

    port: int
    token: str = field(default_factory=new_token, repr=False)

    @property
    def hosts(self) -> frozenset[str]:
        """The ``Host`` values a browser on this machine sends to serve."""
        return frozenset(f"{name}:{self.port}" for name in LOOPBACK_NAMES)

    def check_host(self, headers: Headers) -> None:
        """Refuse a request made under any other name than this machine's (DNS rebinding)."""
        if (headers.get("Host") or "").lower() not in self.hosts:
            raise Refused(403, "refused: tripreport serve answers only to 127.0.0.1 and localhost")

    def check_origin(self, headers: Headers, required: bool) -> None:
        """Refuse a request a page on another site sent; ``required``: refuse one that does not say."""
        origin = headers.get("Origin")
        if origin is None:
            if required:
                raise Refused(403, "refused: the request does not say which page sent it")
        elif origin.lower() != f"http://{(headers.get('Host') or '').lower()}":
            raise Refused(403, "refused: sent by a page on another site")
        if headers.get("Sec-Fetch-Site") not in (None, "same-origin"):
            raise Refused(403, "refused: sent by a page on another site")

    def check_token(self, headers: Headers) -> None:
        """Refuse a request without this session's token in its header."""
        sent = headers.get(TOKEN_HEADER) or ""
        if not hmac.compare_digest(sent.encode("utf-8", "replace"), self.token.encode("ascii")):
            raise Refused(403, "refused: no valid token (reload the review page)")

    def check_api(self, method: str, headers: Headers) -> None:
        """Every check for a call to the review interface; a write must say where it comes from."""
        self.check_host(headers)
        self.check_origin(headers, required=method != "GET")
        self.check_token(headers)


def json_body(headers: Headers, read: Callable[[int], bytes]) -> dict[str, Any]:
    """The JSON object a request carries, read with ``read(n)`` only when its size is allowed."""
    if "chunked" in (headers.get("Transfer-Encoding") or "").lower():
        raise Refused(411, "a body must say its length")
    if (headers.get("Content-Type") or "").split(";")[0].strip().lower() != "application/json":
        raise Refused(415, "the body must be JSON (Content-Type: application/json)")
    length = headers.get("Content-Length")
    if length is None or not length.isdigit():
        raise Refused(411, "a body must say its length")
    if int(length) > MAX_BODY:
        raise Refused(413, f"the body is over {MAX_BODY // 1024} KB")
    try:
        data = json.loads(read(int(length)).decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise Refused(400, "the body is not JSON") from None
    if not isinstance(data, dict):
        raise Refused(400, "the body must be a JSON object")
    return data
