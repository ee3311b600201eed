"""A proposal's page is a plain Starlette route (``web/pages``): it answers as the FastAPI
route did: the page with ``no-store``, HEAD as GET without a body, the error page for a
reference that names no proposal, a problem with ``Allow`` for another method, and it stays
out of the OpenAPI document. DP960 is an invented proposal."""

from __future__ import annotations

from tests.conftest import Api


def test_the_proposal_page_answers_get_head_refusals_and_other_methods(api: Api) -> None:
    body = {"reference": "DP960", "title": "Firmware <retry> limits", "on": "2021-03-01"}
    assert api.post("/api/proposals", body).status_code == 201
    page = api.client.get("/proposals/DP960")
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert "Firmware &lt;retry&gt; limits" in page.text and "x-frame-options" in page.headers
    head = api.client.head("/proposals/dp960")
    assert (head.status_code, head.content) == (200, b"")
    assert head.headers["content-length"] == page.headers["content-length"]
    missing = api.client.get("/proposals/DP961")
    assert missing.status_code == 404 and "DP961" in missing.text
    assert missing.headers["content-type"] == "text/html; charset=utf-8"
    posted = api.client.post("/proposals/DP960")
    assert (posted.status_code, posted.headers["allow"]) == (405, "GET, HEAD")
    assert posted.headers["content-type"] == "application/problem+json"
    paths = api.client.get("/openapi.json").json()["paths"]
    assert not [p for p in paths if p.startswith("/proposals")]
