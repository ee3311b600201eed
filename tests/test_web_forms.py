"""What a person can do wrong in a browser gets a page, never JSON: signing in with a wrong
token, a filter no code knows, a search too long, an unknown proposal. And the register's
filters: each stage label listed once, a label chosen across codes.

Data: the demo (MP099 and MP131 with their public facts only; MP9xx/DP9xx fictional).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from govflow.service import Govflow
from govflow.web.app import WebConfig, create_app
from govflow.web.deps import COOKIE


@pytest.fixture
def client(demo_db_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(WebConfig(database=demo_db_url))) as c:
        yield c


def _is_page(response: object, status: int, *words: str) -> None:
    """A styled HTML page (the stylesheet linked) with ``status`` and ``words`` in it."""
    assert response.status_code == status, response.text  # type: ignore[attr-defined]
    assert response.headers["content-type"].startswith("text/html")  # type: ignore[attr-defined]
    html = response.text  # type: ignore[attr-defined]
    assert '<link rel="stylesheet" href="/static/govflow.css">' in html
    for word in words:
        assert word in html, word


@pytest.mark.parametrize(
    ("url", "status", "words"),
    [
        ("/proposals/MP990", 404, ["no proposal answers to", "did you mean"]),
        ("/meetings/CB_999", 404, ["CB_999"]),
        ("/?stage=nowhere", 400, ["unknown stage"]),
        ("/?stage=Report+Fase", 400, ["did you mean &#39;Report Phase&#39;?"]),
        ("/?code=sec", 400, ["unknown code &#39;sec&#39;", "sec-modification"]),
        ("/?path=9", 400, ["route &#39;9&#39; is not declared"]),
        ("/?as_of=31/12/2021", 400, ["write it YYYY-MM-DD"]),
        ("/search?q=" + "a" * 401, 400, ["at most 400 characters", 'name="q"']),
        ("/search?q=%2B%2B%2B", 400, ["nothing to search for"]),
        ("/calendar.ics?committee=NOPE", 404, ["NOPE"]),
    ],
    ids=["proposal", "meeting", "stage", "stage-near", "code", "route", "date", "long-query",
         "no-word", "calendar"],
)  # fmt: skip
def test_every_error_a_browser_can_cause_is_a_styled_page(
    client: TestClient, url: str, status: int, words: list[str]
) -> None:
    _is_page(client.get(url), status, *words)


def test_the_stage_filter_lists_each_label_once_and_a_label_finds_every_code(
    client: TestClient, gf: Govflow
) -> None:
    html = client.get("/").text
    options = re.findall(r"<option value=\"([^\"]*)\"", html.split('name="stage"')[1].split(
        "</select>")[0])  # fmt: skip
    assert options.count("Report Phase") == 1 and len(options) == len(set(options))
    gf.raise_proposal("P9401", title="Fictional BSC change", on="2021-03-01",
                      stage="report_phase", override="fictional")  # fmt: skip
    gf.raise_proposal("MP905", title="Fictional SEC change", on="2021-03-01", stage="report",
                      override="fictional")  # fmt: skip
    listed = set(re.findall(r'href="/proposals/([^"]+)"', client.get("/?stage=Report+Phase").text))
    assert listed == {"P9401", "MP905"}
    by_name = set(re.findall(r'href="/proposals/([^"]+)"', client.get("/?stage=report").text))
    assert by_name == {"MP905"}  # a stage's name is the CLI's: one code's stage
    assert '<option value="Report Phase" selected>' in client.get("/?stage=report").text


def test_the_sign_in_page_is_styled_and_a_wrong_token_shows_it_again_with_the_error(
    client: TestClient, gf: Govflow
) -> None:
    gf.set_reading("token")
    sent = client.get("/due", follow_redirects=False)
    assert sent.status_code == 303 and sent.headers["location"] == "/login?next=%2Fdue"
    _is_page(client.get("/login?next=/due"), 200, 'action="/sign-in"', 'value="/due"')
    wrong = client.post("/sign-in", data={"token": "gft_wrong", "next": "/due"},
                        follow_redirects=False)  # fmt: skip
    _is_page(wrong, 401, "the token is not valid", 'value="/due"', 'role="alert"')
    assert COOKIE not in wrong.cookies
    _is_page(client.post("/sign-in", data={"token": " "}), 400, "give the token")


def test_a_right_token_signs_in_and_goes_back_to_the_page_on_this_site_only(
    client: TestClient, gf: Govflow
) -> None:
    gf.set_reading("token")
    secret = gf.add_token("panel reader", role="reader").secret
    signed = client.post("/sign-in", data={"token": secret, "next": "/due"},
                         follow_redirects=False)  # fmt: skip
    assert signed.status_code == 303 and signed.headers["location"] == "/due"
    assert "httponly" in signed.headers["set-cookie"].lower()
    assert client.get("/due", follow_redirects=False).status_code == 200
    for elsewhere in ("https://evil.example/", "//evil.example/x", "/\\evil.example"):
        away = client.post("/sign-in", data={"token": secret, "next": elsewhere},
                           follow_redirects=False)  # fmt: skip
        assert away.headers["location"] == "/", elsewhere


def test_a_browser_whose_token_was_revoked_is_sent_to_sign_in_and_told_why(
    client: TestClient, gf: Govflow
) -> None:
    gf.set_reading("token")
    secret = gf.add_token("leaver", role="reader").secret
    client.post("/sign-in", data={"token": secret, "next": "/"})
    gf.revoke_token("leaver")
    sent = client.get("/", follow_redirects=False)
    assert sent.status_code == 303
    _is_page(client.get(sent.headers["location"]), 401, "no longer valid")
