"""A JSON answer written in the route's own thread (:func:`govflow.web.answers.answer`) is the
answer FastAPI writes from the route's return value (``serialize_response``, as its handler
calls it), and a value the answer model refuses is refused as there. Fictional MP969."""

from __future__ import annotations

import asyncio

import pytest
from fastapi import FastAPI
from fastapi.exceptions import ResponseValidationError
from fastapi.routing import APIRoute, serialize_response
from fastapi.testclient import TestClient
from starlette.requests import Request

from govflow.web.answers import answer
from govflow.web.app import WebConfig, create_app


def _route(app: FastAPI, path: str) -> APIRoute:
    return next(r for r in app.routes if isinstance(r, APIRoute) and r.path == path)


def _fastapis(route: APIRoute, content: object) -> bytes:
    """What FastAPI's handler writes for a route that returns ``content``."""
    assert route.response_field is not None
    written = asyncio.run(serialize_response(
        field=route.response_field, response_content=content, by_alias=True,
        is_coroutine=True, dump_json=True,
    ))  # fmt: skip
    assert isinstance(written, bytes)
    return written


@pytest.mark.parametrize("as_of", ["", "?as_of=2021-06-01"], ids=["now", "as-of"])
def test_the_proposal_answer_is_the_one_fastapi_writes(demo_db_url: str, as_of: str) -> None:
    app = create_app(WebConfig(database=demo_db_url, create=False))
    gf, route = app.state.govflow, _route(app, "/api/proposals/{reference}")
    references = [r for p in gf.proposals() for r in (p.reference, *p.solutions)]
    with TestClient(app) as client:
        for reference in references:
            got = client.get(f"/api/proposals/{reference}{as_of}")
            if got.status_code == 404:  # not raised yet on the day
                continue
            day = as_of.partition("=")[2] or None
            expected = _fastapis(route, gf.proposal(reference, as_of=day).to_dict())
            assert got.status_code == 200
            assert got.content == expected
            assert got.headers["content-type"] == "application/json"
            assert got.headers["content-length"] == str(len(expected))


def test_a_value_the_model_refuses_is_refused_as_fastapi_does(demo_db_url: str) -> None:
    app = create_app(WebConfig(database=demo_db_url, create=False))
    route = _route(app, "/api/proposals/{reference}")
    good = app.state.govflow.proposal("MP901").to_dict()
    request = Request({"type": "http", "route": route})
    assert answer(request, good).body == _fastapis(route, good)
    bad = {**good, "version": "not a number"}
    with pytest.raises(ResponseValidationError) as ours:
        answer(request, bad)
    with pytest.raises(ResponseValidationError) as theirs:
        _fastapis(route, bad)
    assert ours.value.errors() == theirs.value.errors()
