"""What every request meets before a route, and the one error contract after: bodies bounded
before any token is read, HEAD wherever GET is, security headers on every answer, problems
(never ``{"detail"}``) for every error, 400 (never 500) for input no database can keep, on
SQLite and PostgreSQL alike, and logs that escape what clients typed.

DP960 is an invented proposal (the fictional number the docs use), not a real one.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import pytest

from govflow.errors import InvalidInput
from govflow.web.app import max_body_from
from govflow.web.edge import SECURITY_HEADERS, Edge
from govflow.web.logs import EscapeControls
from tests.conftest import Api


def _problem(response: Any, status: int, error: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert (body["type"], body["status"], body["error"]) == ("about:blank", status, error)
    assert body["detail"] and "--" not in body["detail"]
    return body


def _raise(api: Api) -> None:
    body = {"reference": "DP960", "title": "Firmware retry limits", "on": "2021-03-01"}
    assert api.post("/api/proposals", body).status_code == 201


# -- bodies --------------------------------------------------------------------------------------
def test_a_body_over_the_limit_is_refused_before_its_token_is_looked_at(api: Api) -> None:
    big = b"{" + b" " * (1024 * 1024) + b"}"
    answer = api.client.post("/api/proposals", content=big,
                             headers={"Content-Type": "application/json"})  # fmt: skip
    assert "the request body is larger than" in _problem(answer, 413, "TooLarge")["detail"]


def test_a_declared_length_over_the_limit_is_answered_without_reading_the_body() -> None:
    reads: list[int] = []
    sent: list[dict[str, Any]] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        raise AssertionError("the route was reached")

    async def receive() -> dict[str, Any]:
        reads.append(1)
        return {"type": "http.request", "body": b"x" * 1000, "more_body": True}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/api/proposals", "headers":
             [(b"content-length", b"300000000")], "query_string": b""}  # fmt: skip
    asyncio.run(Edge(app, max_body=1000)(scope, receive, send))
    assert reads == []
    assert sent[0]["status"] == 413


def test_the_limit_comes_from_govflow_max_body() -> None:
    assert max_body_from(None) == 1024 * 1024
    assert max_body_from("2048") == 2048
    with pytest.raises(InvalidInput, match="GOVFLOW_MAX_BODY='1 MB' is not a number of bytes"):
        max_body_from("1 MB")


def test_a_streamed_body_is_cut_off_at_the_limit(api: Api) -> None:
    def chunks() -> Any:
        for _ in range(2048):
            yield b" " * 1024

    answer = api.client.post("/api/proposals", content=chunks(), headers=api.auth("secretariat"))
    _problem(answer, 413, "TooLarge")
    assert api.gf.proposals() == []


# -- HEAD and headers ----------------------------------------------------------------------------
@pytest.mark.parametrize("path", ["/api/proposals/DP960", "/api/committees", "/", "/docs",
                                  "/proposals/DP960", "/openapi.json"])  # fmt: skip
def test_head_is_answered_wherever_get_is_without_a_body(api: Api, path: str) -> None:
    _raise(api)
    got, head = api.client.get(path), api.client.head(path)
    assert head.status_code == got.status_code == 200
    assert head.content == b""
    assert head.headers["content-length"] == got.headers["content-length"]


@pytest.mark.parametrize("path", ["/api/proposals", "/", "/docs", "/api/nowhere", "/static/x"])
def test_every_answer_carries_the_security_headers(api: Api, path: str) -> None:
    answer = api.client.get(path)
    for name, value in SECURITY_HEADERS:
        assert answer.headers[name.decode()] == value.decode()
    assert "script-src 'self';" in answer.headers["content-security-policy"]
    assert (
        "'unsafe-inline'"
        not in answer.headers["content-security-policy"].split("script-src")[1].split(";")[0]
    )


# -- the framework's errors as problems ----------------------------------------------------------
def test_an_unknown_path_is_a_problem_not_a_detail(api: Api) -> None:
    body = _problem(api.client.get("/api/nowhere"), 404, "NotFound")
    assert body["detail"].startswith("no such path: /api/nowhere")


def test_a_method_the_path_does_not_take_is_405_allowing_every_route_of_the_path(api: Api) -> None:
    answer = api.client.delete("/api/committees", headers=api.auth("secretariat"))
    _problem(answer, 405, "MethodNotAllowed")
    assert answer.headers["allow"] == "GET, HEAD, POST"
    patched = api.client.put("/api/committees/CSC")
    assert patched.headers["allow"] == "PATCH"
    assert api.client.post("/api/proposals/DP960/next").headers["allow"] == "GET, HEAD"


def test_a_body_that_is_not_json_is_a_400(api: Api) -> None:
    answer = api.client.post("/api/proposals", content=b"{not json",
                             headers={**api.auth("secretariat"),
                                      "Content-Type": "application/json"})  # fmt: skip
    assert "JSON" in _problem(answer, 400, "InvalidInput")["detail"]


# -- input no database keeps: 400 on every back end, nothing written ----------------------------
BAD_BODIES = {
    "nul-in-title": ("/api/proposals", '{"reference": "DP961", "title": "a\\u0000b"}'),
    "surrogate-in-title": ("/api/proposals", '{"reference": "DP961", "title": "a\\ud800b"}'),
    "nul-in-note": ("/api/proposals/DP960/advance", '{"trigger": "submit", "note": "\\u0000"}'),
    "huge-version": ("/api/proposals/DP960/advance",
                     '{"trigger": "submit", "expected_version": 100000000000000000000000}'),
    "huge-seq": ("/api/proposals/DP960/corrections", '{"seq": 1e300, "note": "n"}'),
    "date-past-range": ("/api/proposals/DP960/advance", '{"to": "withdrawn", "on": "2100-01-01"}'),
    "date-not-iso": ("/api/proposals", '{"reference": "DP961", "title": "t", "on": "31/12/2021"}'),
    "start-25-99": ("/api/meetings", '{"code": "CSC_3", "on": "2021-05-25", "start_time": "25:9"}'),
    "lead-days": ("/api/committees", '{"code": "XWG", "name": "x", "paper_lead_days": -1}'),
    "flag-as-number": ("/api/proposals", '{"reference": "DP961", "title": "t", "urgent": 1}'),
    "long-title": ("/api/proposals", json.dumps({"reference": "DP961", "title": "x" * 5000})),
    "reference-form": ("/api/proposals", '{"reference": "dp 961 !", "title": "t"}'),
}  # fmt: skip


@pytest.mark.parametrize(("path", "raw"), BAD_BODIES.values(), ids=BAD_BODIES.keys())
def test_a_body_no_database_keeps_is_a_400_and_nothing_is_written(
    api: Api, path: str, raw: str
) -> None:
    _raise(api)
    headers = {**api.auth("secretariat"), "Content-Type": "application/json"}
    answer = api.client.post(path, content=raw.encode(), headers=headers)
    _problem(answer, 400, "InvalidInput")
    assert [p.reference for p in api.gf.proposals()] == ["DP960"]
    assert len(api.gf.history("DP960")) == 1 and api.gf.meetings() == []


BAD_QUERIES = {
    "nul-in-filter": "/api/proposals?stage=draft%00",
    "nul-in-reference": "/api/proposals/DP%00960",
    "surrogate-in-path": "/api/meetings/CSC_%ED%A0%80",
    "huge-limit": "/api/proposals?limit=99999999999999999999",
    "huge-action": "/api/actions/99999999999999999999/close",
    "as-of-past-range": "/api/proposals?as_of=3000-01-01",
    "known-on-past-range": "/api/proposals/DP960?known_on=9999-12-31T23:59:59Z",
    "format": "/api/exports/register.xlsx",
    "lowercase-committee": "/api/committees/csc/next-meeting",
}


@pytest.mark.parametrize("path", BAD_QUERIES.values(), ids=BAD_QUERIES.keys())
def test_a_parameter_no_database_keeps_is_a_400(api: Api, path: str) -> None:
    _raise(api)
    method = "POST" if path.endswith("/close") else "GET"
    answer = api.client.request(method, path, headers=api.auth("secretariat"), json={})
    _problem(answer, 400, "InvalidInput")


def test_a_well_formed_request_the_record_refuses_is_a_422_in_the_apis_terms(api: Api) -> None:
    _raise(api)
    answer = api.post("/api/proposals/DP960/advance", {"trigger": "submit", "item": "3"})
    assert "`meeting`: an agenda item needs" in _problem(answer, 422, "InvalidInput")["detail"]
    meeting = {"code": "CSC_38", "on": "2021-05-25", "start_time": "10:00", "end_time": "09:00"}
    _problem(api.post("/api/meetings", meeting), 422, "InvalidInput")


def test_a_far_date_is_kept_with_a_warning_in_the_answer(api: Api) -> None:
    body = {"reference": "DP960", "title": "Firmware retry limits", "on": "2099-01-04"}
    answer = api.post("/api/proposals", body)
    assert answer.status_code == 201
    assert answer.json()["warnings"] == ["2099-01-04 is more than a year from today; if the "
                                         "year is wrong, correct the event"]  # fmt: skip
    assert api.get("/proposals/DP960").status_code == 200


# -- logs ----------------------------------------------------------------------------------------
def test_a_refused_sign_in_is_logged_with_its_control_characters_escaped(
    api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        answer = api.client.post("/login", json={"token": "\x1b[2J\nforged line"})
    _problem(answer, 401, "Unauthorized")
    logged = [r.getMessage() for r in caplog.records if "sign-in" in r.getMessage()]
    assert logged == ["refused a sign-in with the token \\x1b[2J\\nfor..."]


def test_the_access_log_filter_escapes_a_request_line() -> None:
    record = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1,
                               '%s - "%s %s HTTP/%s" %d',
                               ("127.0.0.1:5", "POST", "/login\x1b]0;owned\x07", "1.1", 401),
                               None)  # fmt: skip
    assert EscapeControls().filter(record)
    assert record.getMessage() == '127.0.0.1:5 - "POST /login\\x1b]0;owned\\x07 HTTP/1.1" 401'
