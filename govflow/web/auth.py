"""Signing a browser in: ``POST /login`` exchanges a token for the ``govflow_token`` cookie,
``POST /logout`` clears it (see :mod:`govflow.web.deps` for how tokens are presented).

The form a person signs in with (``GET /login``) is the pages' (:mod:`govflow.web.pages`): it
posts to ``POST /sign-in``, which sets the same cookie.
"""

from __future__ import annotations

import json
import logging
from typing import Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, ValidationError
from starlette.concurrency import run_in_threadpool

from govflow.records.tokens import shown
from govflow.web import models as m
from govflow.web.deps import COOKIE, Malformed, Refused, Service
from govflow.web.problems import responses

log = logging.getLogger(__name__)
router = APIRouter(tags=["sign-in"])


def _safe_next(value: str | None) -> str:
    """Where to go after signing in: a path on this site only (no open redirect)."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return "/"


class SignIn(BaseModel):
    """What ``POST /login`` takes, as JSON or as a form."""

    model_config = m.Strict
    token: m.Name
    next: m.Name | None = None


_SIGN_IN = {"schema": {"$ref": "#/components/schemas/SignIn"}}
_LOGIN_DOC: dict[str, Any] = {
    "requestBody": {"required": True, "content": {
        "application/json": _SIGN_IN, "application/x-www-form-urlencoded": _SIGN_IN}},
}  # fmt: skip


async def _fields(request: Request) -> SignIn:
    raw = await request.body()
    try:
        if request.headers.get("content-type", "").startswith("application/json"):
            data: Any = json.loads(raw or b"null")
        else:
            data = {k: v[-1] for k, v in parse_qs(raw.decode("utf-8"), True).items()}
    except (ValueError, UnicodeDecodeError):
        raise Malformed("the sign-in request is neither JSON nor a form") from None
    try:
        return SignIn.model_validate(data)
    except ValidationError as exc:
        raise RequestValidationError(exc.errors(include_url=False)) from None


@router.post("/login", summary="Exchange a token for a sign-in cookie (reads only)",
             openapi_extra=_LOGIN_DOC, response_model=m.SignedIn,
             responses={303: {"description": "Signed in (a form): on to `next`."},
                        **responses(413)})  # fmt: skip
async def login(request: Request, gf: Service) -> Response:
    """Body: a form or JSON with ``token`` (and ``next``, a path to go to after a form)."""
    fields = await _fields(request)
    secret = fields.token.strip()
    token = await run_in_threadpool(gf.authenticate, secret) if secret else None
    if token is None or token.revoked_at is not None:
        if secret:
            log.warning("refused a sign-in with the token %s", shown(secret))
        raise Refused(401, "the token is not valid (unknown or revoked); ask an admin for one")
    response: Response
    if request.headers.get("content-type", "").startswith("application/json"):
        response = JSONResponse({"name": token.name, "role": token.role})
    else:
        response = RedirectResponse(_safe_next(fields.next), status_code=303)
    response.set_cookie(COOKIE, secret, httponly=True, samesite="strict",
                        secure=request.url.scheme == "https")  # fmt: skip
    return response


@router.post("/logout", summary="Clear the sign-in cookie", response_model=m.SignedOut,
             responses=responses())  # fmt: skip
def logout() -> Response:
    response = JSONResponse({"signed_out": True})
    response.delete_cookie(COOKIE)
    return response
