"""What every request and answer goes through before any route: a bound on the request's body
(read before any token is looked at, so a large body with no token is never read whole), HEAD
answered wherever GET is, and the security headers.

* **Body.** A body longer than ``max_body`` bytes is refused with 413: at once when its
  ``Content-Length`` says so (nothing is read), else as soon as the bytes read pass it.
* **HEAD.** Answered as GET would be, headers only (``Content-Length`` included), on the API's
  routes and the pages alike.
* **Headers.** :data:`SECURITY_HEADERS` on every answer (where a route has not set its own):
  a Content-Security-Policy that allows scripts and styles from the server itself only (no
  inline script; inline style is allowed, for the SVG pictures and the export files), no
  framing, no sniffing, no referrer.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.exceptions import HTTPException

from govflow.web.problems import answer

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; font-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
)
_NAMES = frozenset(name for name, _ in SECURITY_HEADERS)


class TooLarge(HTTPException):
    """A request body past the limit (answered 413 by the problem handlers)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is larger than the {limit:,} bytes taken here")


class Edge:
    """The ASGI middleware described in the module docstring."""

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = _with_headers(send)
        if scope["method"] == "HEAD":
            scope = {**scope, "method": "GET"}
            send = _without_body(send)
        declared = _content_length(scope)
        if declared is not None and declared > self.max_body:
            exc = TooLarge(self.max_body)
            await answer(413, "TooLarge", str(exc.detail))(scope, receive, send)
            return
        await self.app(scope, _bounded(receive, self.max_body), send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            return int(value) if value.isdigit() else None
    return None


def _bounded(receive: Receive, limit: int) -> Receive:
    seen = 0

    async def bounded() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise TooLarge(limit)
        return message

    return bounded


def _with_headers(send: Send) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":  # a route's own value is kept
            headers = list(message.get("headers", ()))
            given = {k.lower() for k, _ in headers} & _NAMES
            message["headers"] = headers + [h for h in SECURITY_HEADERS if h[0] not in given]
        await send(message)

    return sending


def _without_body(send: Send) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.body":
            if message.get("more_body", False):
                return
            message = {"type": "http.response.body", "body": b"", "more_body": False}
        await send(message)

    return sending
