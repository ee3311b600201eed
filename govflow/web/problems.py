"""Errors as the API answers them: RFC 9457 problem details (``application/problem+json``), one
shape for every error, the library's and the framework's alike (an unknown path, a method the
path does not take, a body that is not JSON, a value that does not fit the document).

::

    {"type": "about:blank", "title": "Conflict", "status": 409,
     "detail": "Cannot advance MP960 with 'send_to_report': ...",
     "error": "TransitionNotAllowed", "reasons": ["..."], "possible": ["withdraw"]}

``title`` is the status's phrase and ``detail`` the message the command line prints after
``Error:``, in the API's terms (:func:`govflow.web.wording.api_terms`). ``error`` names the
:mod:`govflow.errors` class (``Unauthorized``/``Forbidden`` for a refused token,
``InvalidInput`` for a malformed request, ``NotFound`` for an unknown path,
``MethodNotAllowed``, ``TooLarge``, ``InternalError`` for a bug); the other keys come with the
errors that carry them: ``reasons`` and ``possible`` (TransitionNotAllowed), ``suggestions``
(UnknownReference), ``problems`` (InvalidWorkflow), ``line`` (MinutesError), ``current``
(StaleProposal: ``{"reference", "stage", "version"}``, the proposal as it is now).

**400 or 422.** A request that does not fit the OpenAPI document (a field of the wrong type, a
date not in its pattern, an unknown field, a body that is not JSON) is malformed: 400. One that
fits it but whose values the record refuses (an agenda item without its meeting, a stage the
workflow does not have, a meeting that would end before it starts) is unprocessable: 422, with
the library's message. Pages keep 400 for both (:func:`status_of`).
"""

from __future__ import annotations

import logging
import re
from http import HTTPStatus
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException

from govflow import errors
from govflow.safe_text import escape_controls
from govflow.service import Govflow
from govflow.web.deps import Malformed, Refused, SignInNeeded
from govflow.web.wording import api_terms, said

log = logging.getLogger(__name__)
MEDIA_TYPE = "application/problem+json"

#: The HTTP status of each error class; the first that an error is an instance of wins.
STATUS: tuple[tuple[type[errors.GovflowError], int], ...] = (
    (errors.NotFound, 404),
    (errors.StaleProposal, 409),
    (errors.AlreadyExists, 409),
    (errors.TransitionNotAllowed, 409),
    (errors.DatabaseUnavailable, 503),
    (errors.UnusableDatabase, 503),
    (errors.IntegrityError, 500),
)
_FRAMEWORK = {404: "NotFound", 405: "MethodNotAllowed", 413: "TooLarge", 400: "InvalidInput"}


class Current(BaseModel):
    reference: str
    stage: str
    version: int


class Problem(BaseModel):
    """An error (RFC 9457 problem details, with govflow's own members)."""

    model_config = ConfigDict(json_schema_extra={"additionalProperties": False})
    type: str = Field("about:blank", description="Always about:blank: `error` says which.")
    title: str = Field(description="The HTTP status's phrase.")
    status: int = Field(description="The HTTP status.")
    detail: str = Field(description="What was wrong and the way out, in a sentence or two.")
    error: str = Field(description="The kind of error: InvalidInput, NotFound, ...")
    reasons: list[str] | None = Field(None, description="Why the rules refuse a move.")
    possible: list[str] | None = Field(None, description="What the rules allow now.")
    suggestions: list[str] | None = Field(None, description="Near references.")
    problems: list[str] | None = Field(None, description="A definition's problems.")
    line: int | None = Field(None, description="Where a document could not be read.")
    current: Current | None = Field(None, description="The proposal as it is now.")


def status_of(exc: errors.GovflowError) -> int:
    """400 unless the error is one of :data:`STATUS` (or a refusal, 401/403)."""
    if isinstance(exc, Refused):
        return exc.status
    return next((code for kind, code in STATUS if isinstance(exc, kind)), 400)


def api_status(exc: errors.GovflowError) -> int:
    """:func:`status_of`, except that the library's refusal of a well-formed request is 422."""
    code = status_of(exc)
    return 422 if code == 400 and not isinstance(exc, Malformed) else code


def problem(status: int, error: str, detail: str, **extra: Any) -> dict[str, Any]:
    """A problem's body (see the module docstring)."""
    title = HTTPStatus(status).phrase
    found = {k: v for k, v in extra.items() if v is not None}
    return {"type": "about:blank", "title": title, "status": status,
            "detail": api_terms(detail), "error": error, **found}  # fmt: skip


def answer(status: int, error: str, detail: str, headers: dict[str, str] | None = None,
           **extra: Any) -> JSONResponse:  # fmt: skip
    """A problem as a response."""
    content = problem(status, error, detail, **extra)
    return JSONResponse(content, status_code=status, headers=headers, media_type=MEDIA_TYPE)


def _current(gf: Govflow, reference: str) -> dict[str, Any] | None:
    try:
        view = gf.proposal(reference)
    except errors.GovflowError:
        return None
    return {"reference": view.reference, "stage": view.stage, "version": view.version}


def body(exc: errors.GovflowError, status: int) -> dict[str, Any]:
    """The problem for a govflow error answered with ``status``."""
    name = type(exc).__name__
    if isinstance(exc, Refused):
        name = "Unauthorized" if exc.status == 401 else "Forbidden"
    elif isinstance(exc, Malformed):
        name = "InvalidInput"
    keys = ("reasons", "possible", "suggestions", "problems", "line")
    return problem(status, name, said(exc), **{k: getattr(exc, k, None) for k in keys})


def _govflow_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, errors.GovflowError)
    if isinstance(exc, SignInNeeded):
        return RedirectResponse(f"/login?{urlencode({'next': exc.next_path})}", status_code=303)
    status = api_status(exc)
    content = body(exc, status)
    if isinstance(exc, errors.StaleProposal):
        current = _current(request.app.state.govflow, exc.reference)
        if current is not None:
            content["current"] = current
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(content, status_code=status, headers=headers, media_type=MEDIA_TYPE)


def _where(error: dict[str, Any]) -> str:
    return ".".join(str(part) for part in error.get("loc", ()) if part != "body") or "request"


def _malformed(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    found = [f"{_where(e)}: {e.get('msg', 'invalid')}" for e in exc.errors()]
    message = escape_controls("; ".join(found) or "the request is malformed")
    return answer(400, "InvalidInput", message[:2000])


def allowed_methods(request: Request) -> list[str]:
    """Every method the OpenAPI document gives the request's path (HEAD wherever GET is); a
    path the document does not list (a page, the docs) takes GET and HEAD."""
    path = request.url.path.removeprefix(request.scope.get("root_path", ""))
    document: dict[str, Any] = request.app.openapi()
    found = {"GET"}
    for template, operations in document.get("paths", {}).items():
        if re.fullmatch(re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)), path):
            found = {method.upper() for method in operations}
            break
    if "GET" in found:
        found.add("HEAD")
    return sorted(found)


def _framework(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    status = exc.status_code
    headers = dict(exc.headers or {})
    if status == 405:
        headers["Allow"] = ", ".join(allowed_methods(request))
        path = escape_controls(request.url.path)[:200]
        detail = f"{request.method} is not a method of {path}; it takes {headers['Allow']}"
    elif status == 404:
        path = escape_controls(request.url.path)[:200]
        detail = f"no such path: {path}; /openapi.json lists the API's paths"
    else:
        detail = str(exc.detail)
    error = _FRAMEWORK.get(status, HTTPStatus(status).phrase.replace(" ", ""))
    return answer(status, error, detail, headers=headers or None)


def _internal(_request: Request, exc: Exception) -> JSONResponse:
    log.exception("internal error", exc_info=exc)
    message = f"internal error ({type(exc).__name__}); the server log has the details"
    return answer(500, "InternalError", message)


def install(app: FastAPI) -> None:
    """Answer govflow's errors, the framework's, malformed requests and bugs as problems."""
    app.add_exception_handler(errors.GovflowError, _govflow_error)
    app.add_exception_handler(RequestValidationError, _malformed)
    app.add_exception_handler(HTTPException, _framework)
    app.add_exception_handler(Exception, _internal)


_MEANING = {
    400: "Malformed: the request does not fit this document (the detail says where).",
    401: "No token where one is needed, or one that is unknown or revoked.",
    403: "The token's role is too low.",
    404: "Not found (a proposal, committee, meeting, item, action or token).",
    409: "Refused by the rules, or another write got there first, or it exists already.",
    413: "The body is larger than the server takes.",
    422: "Well-formed, but the record refuses its values (the detail says why).",
    500: "A bug: the server log has the details.",
    503: "The database cannot be reached or used.",
}


def responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """The error answers an operation documents: ``codes`` and those every operation may give
    (400 malformed, 401 a bad token, 500, 503), each a :class:`Problem`."""
    chosen = sorted({400, 401, 500, 503, *codes})
    return {code: {"model": Problem, "description": _MEANING[code]} for code in chosen}
