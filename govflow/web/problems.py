"""Errors as the API answers them: the same messages as the CLI's ``Error: ...`` line, with the
error's class and its details as data, and an HTTP status that says which kind of no it is.

::

    {"error": "TransitionNotAllowed", "message": "Cannot advance MP960 with ...",
     "reasons": ["..."], "possible": ["withdraw"]}

``error`` is the :mod:`govflow.errors` class (``Unauthorized``/``Forbidden`` for a refused
token, ``InvalidInput`` for a malformed request, ``InternalError`` for a bug); the other keys
come with the errors that carry them: ``reasons`` and ``possible`` (TransitionNotAllowed),
``suggestions`` (UnknownReference), ``problems`` (InvalidWorkflow), ``line`` (MinutesError),
``current`` (StaleProposal: ``{"reference", "stage", "version"}``, the proposal as it is now).
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response

from govflow import errors
from govflow.safe_text import escape_controls
from govflow.service import Govflow
from govflow.web.deps import Refused, SignInNeeded

log = logging.getLogger(__name__)

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


def status_of(exc: errors.GovflowError) -> int:
    """400 unless the error is one of :data:`STATUS` (or a refusal, 401/403)."""
    if isinstance(exc, Refused):
        return exc.status
    return next((code for kind, code in STATUS if isinstance(exc, kind)), 400)


def body(exc: errors.GovflowError) -> dict[str, Any]:
    """The error's JSON body (see the module docstring)."""
    name = type(exc).__name__
    if isinstance(exc, Refused):
        name = "Unauthorized" if exc.status == 401 else "Forbidden"
    out: dict[str, Any] = {"error": name, "message": str(exc)}
    for key in ("reasons", "possible", "suggestions", "problems", "line"):
        value = getattr(exc, key, None)
        if value is not None:
            out[key] = value
    return out


def _current(gf: Govflow, reference: str) -> dict[str, Any] | None:
    try:
        view = gf.proposal(reference)
    except errors.GovflowError:
        return None
    return {"reference": view.reference, "stage": view.stage, "version": view.version}


def _govflow_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, errors.GovflowError)
    if isinstance(exc, SignInNeeded):
        return RedirectResponse(f"/login?{urlencode({'next': exc.next_path})}", status_code=303)
    content = body(exc)
    if isinstance(exc, errors.StaleProposal):
        content["current"] = _current(request.app.state.govflow, exc.reference)
    headers = {"WWW-Authenticate": "Bearer"} if status_of(exc) == 401 else None
    return JSONResponse(content, status_code=status_of(exc), headers=headers)


def _where(error: dict[str, Any]) -> str:
    return ".".join(str(part) for part in error.get("loc", ()) if part != "body") or "request"


def _malformed(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    found = [f"{_where(e)}: {e.get('msg', 'invalid')}" for e in exc.errors()]
    message = escape_controls("; ".join(found) or "the request is malformed")
    return JSONResponse({"error": "InvalidInput", "message": message}, status_code=400)


def _internal(_request: Request, exc: Exception) -> JSONResponse:
    log.exception("internal error", exc_info=exc)
    message = f"internal error ({type(exc).__name__}); the server log has the details"
    return JSONResponse({"error": "InternalError", "message": message}, status_code=500)


def install(app: FastAPI) -> None:
    """Answer govflow's errors, malformed requests and bugs in the shapes above."""
    app.add_exception_handler(errors.GovflowError, _govflow_error)
    app.add_exception_handler(RequestValidationError, _malformed)
    app.add_exception_handler(Exception, _internal)
