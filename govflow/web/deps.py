"""What routes depend on: the database, the caller and the role a route needs.

* :func:`service` gives the application's :class:`~govflow.service.Govflow` (one per process,
  opened by :func:`govflow.web.app.create_app`). Each call on it is its own transaction, as in
  the Python API; a route that makes several calls wraps them in ``gf.transaction()``. Routes
  are plain ``def`` functions: FastAPI runs them in its thread pool, and the store keeps one
  transaction per thread.
* :func:`caller` says who is calling: a token's name and role, or :data:`ANONYMOUS`. A token
  that is unknown or revoked is refused at once (401), whatever the route.
* :func:`require` makes a dependency that refuses a caller below a role: 401 without a token,
  403 with a token of a lower role. Writes need ``secretariat``, tokens and settings ``admin``.
* :func:`reader` is for the JSON API's reads: anyone when the ``reading`` setting is
  ``public``, a token of any role when it is ``token`` (else 401).
* :func:`page_reader` is the same for the pages, except that a browser without a token is sent
  to sign in (303 to ``/login?next=<the page>``) rather than answered 401. A page route takes
  ``who: PageReader`` (and ``gf: Service``).

How a token is presented
    ``Authorization: Bearer gft_...`` on any request. A browser, which cannot add that header
    to a link, posts the token once to ``POST /login`` (a form with a ``token`` field, or JSON
    ``{"token": ...}``); the answer sets the ``govflow_token`` cookie (HttpOnly,
    ``SameSite=Strict``, ``Secure`` when served over HTTPS) and ``POST /logout`` clears it. The
    cookie is honoured for reads only (``GET`` and ``HEAD``): a write needs the header, so no
    other site can make a browser write (no CSRF). There is no ``?token=`` form: query strings
    end up in access logs, browser history and ``Referer`` headers.

Secrets are never logged: a refusal is logged with the token's first characters only
(:func:`govflow.records.tokens.shown`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi import Path as InPath
from starlette.concurrency import run_in_threadpool

from govflow.errors import GovflowError, InvalidInput
from govflow.records.tokens import may, shown
from govflow.service import Govflow

log = logging.getLogger(__name__)

COOKIE = "govflow_token"
_READS = frozenset({"GET", "HEAD"})


class SignInNeeded(GovflowError):
    """A page that needs a token, asked for without one: answered by a redirect to ``/login``
    that comes back to ``next`` (a path on this site)."""

    def __init__(self, next_path: str) -> None:
        self.next_path = next_path
        super().__init__(f"{next_path} needs a token: sign in at /login")


class Malformed(InvalidInput):
    """A request the web layer itself finds malformed: 400 in the API too (where the library's
    refusal of a well-formed request is 422)."""


class Refused(GovflowError):
    """A caller without the right to do what they asked: ``status`` 401 (no valid token) or
    403 (a token whose role is too low)."""

    def __init__(self, status: int, message: str) -> None:
        self.status = status
        super().__init__(message)


@dataclass(frozen=True)
class Caller:
    """Who made a request: a token's name and role, or nobody (``role`` None)."""

    name: str | None = None
    role: str | None = None

    def may(self, needed: str) -> bool:
        """Whether this caller has ``needed`` or a higher role."""
        return self.role is not None and may(self.role, needed)


ANONYMOUS = Caller()


async def service(request: Request) -> Govflow:
    """The application's Govflow (a dependency that reads nothing runs on the event loop: a
    plain ``def`` one is a trip through the thread pool on every request)."""
    gf: Govflow = request.app.state.govflow
    return gf


Service = Annotated[Govflow, Depends(service)]


def _secret(request: Request) -> str | None:
    header = request.headers.get("authorization")
    if header is not None:
        scheme, _, value = header.partition(" ")
        if scheme.lower() != "bearer" or not value.strip():
            raise Refused(401, "the Authorization header must be `Bearer <token>`")
        return value.strip()
    if request.method in _READS:
        return request.cookies.get(COOKIE) or None
    return None


def caller(request: Request, gf: Service) -> Caller:
    """The caller a request's token names (:data:`ANONYMOUS` without one); 401 for a token
    that is unknown or revoked."""
    secret = _secret(request)
    if secret is None:
        return ANONYMOUS
    token = gf.authenticate(secret)
    if token is None or token.revoked_at is not None:
        what = "unknown" if token is None else f"revoked ({token.name})"
        log.warning("refused a token %s: %s", shown(secret), what)
        raise Refused(401, "the token is not valid (unknown or revoked); ask an admin for one")
    return Caller(token.name, token.role)


async def _caller(request: Request) -> Caller:
    """:func:`caller` as a dependency: an anonymous request is answered on the event loop; a
    token is looked up in the thread pool, as every read of the database is. (The Govflow is
    taken as :func:`service` gives it, not as a sub-dependency: each is solved per request.)"""
    if _secret(request) is None:
        return ANONYMOUS
    return await run_in_threadpool(caller, request, request.app.state.govflow)


Who = Annotated[Caller, Depends(_caller)]


def require(role: str) -> Callable[[Request], Awaitable[Caller]]:
    """A dependency that lets through callers with ``role`` or higher: 401 without a token,
    403 with a lower one."""

    async def needs(request: Request) -> Caller:
        who = await _caller(request)  # not ``Who``: a dependency of a dependency is solved too
        if who.role is None:
            raise Refused(401, f"this needs a token with the {role} role: send "
                               "`Authorization: Bearer <token>`")  # fmt: skip
        if not who.may(role):
            raise Refused(403, f"the token {who.name!r} has the {who.role} role; this needs "
                               f"{role}")  # fmt: skip
        return who

    needs.__name__ = f"require_{role}"
    return needs


def reader(who: Who, gf: Service) -> Caller:
    """A caller allowed to read: anyone when reading is ``public``, else a token (any role)."""
    if who.role is None and gf.reading() != "public":
        raise Refused(401, "reading needs a token here: send `Authorization: Bearer <token>` "
                           "or sign in at /login")  # fmt: skip
    return who


def page_reader(request: Request, who: Who, gf: Service) -> Caller:
    """:func:`reader` for a page: without a token where reading needs one, a redirect to sign
    in (:class:`SignInNeeded`) rather than a 401."""
    if who.role is None and gf.reading() != "public":
        wanted = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise SignInNeeded(wanted)
    return who


def check_reference(request: Request, value: str, where: str) -> str:
    """``value``, when it is a reference as the API takes them (the pattern the OpenAPI
    document gives, :meth:`govflow.workflow.references.Grammar.pattern`); else a 400."""
    pattern: re.Pattern[str] = request.app.state.reference_pattern
    if pattern.fullmatch(value) is None or len(value) > 40:
        raise Malformed(f"{where}: {value[:60]!r} is not a proposal reference as the API takes "
                        "them (in capitals, like MP122 or SECMP0122; /openapi.json has the "
                        "pattern)")  # fmt: skip
    return value


async def _path_reference(
    request: Request, reference: Annotated[str, InPath(max_length=40)]
) -> str:
    return check_reference(request, reference, "reference")


Reference = Annotated[str, Depends(_path_reference)]
Reader = Annotated[Caller, Depends(reader)]
PageReader = Annotated[Caller, Depends(page_reader)]
Secretariat = Annotated[Caller, Depends(require("secretariat"))]
Admin = Annotated[Caller, Depends(require("admin"))]
