"""A route's JSON answer made in the route's own thread.

After a plain ``def`` route returns, FastAPI validates the value against the route's answer
model and writes it as JSON, and for such a route it runs that validation through the thread
pool again: a second trip through the pool (two hand-overs of the GIL, a wake-up of a pool
thread) for every answer, after the route's own. A route that returns :func:`answer` of its
value gets the same bytes from the same code (the route's answer field, with the arguments
FastAPI passes it), validated and written in the thread it already runs in. The OpenAPI
document is unchanged: the route still declares its ``response_model``.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request, Response
from fastapi.exceptions import ResponseValidationError
from fastapi.routing import APIRoute


def answer(request: Request, content: Any) -> Response:
    """``content`` validated against the answer model of the route ``request`` reached and
    written as JSON, as FastAPI would after the route returns (a value the model refuses
    raises :class:`~fastapi.exceptions.ResponseValidationError`, as there)."""
    route: APIRoute = request.scope["route"]
    field = route.response_field
    assert field is not None, f"{route.path} declares no answer model"
    value, errors = field.validate(content, {}, loc=("response",))
    if errors:
        raise ResponseValidationError(errors=errors, body=content)
    body = field.serialize_json(
        value, include=route.response_model_include, exclude=route.response_model_exclude,
        by_alias=route.response_model_by_alias,
        exclude_unset=route.response_model_exclude_unset,
        exclude_defaults=route.response_model_exclude_defaults,
        exclude_none=route.response_model_exclude_none,
    )  # fmt: skip
    return Response(body, status_code=route.status_code or 200, media_type="application/json")
