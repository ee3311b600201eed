"""Who may do what through ``govflow serve``: every API route with every role, refused and
allowed; wrong, revoked and missing tokens; the sign-in cookie; secrets never logged."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from sqlalchemy import text

from govflow.web.deps import PageReader
from tests.conftest import Api

NEEDS_ADMIN = "admin"
NEEDS_SECRETARIAT = "secretariat"
READS = "read"  # anyone when reading is public, any token when it is token-only

#: Every API route: (method, path as routed, path to call, body, what it needs).
ROUTES: list[tuple[str, str, str, Any, str]] = [
    ("GET", "/api/proposals", "/api/proposals", None, READS),
    ("GET", "/api/proposals/{reference}", "/api/proposals/DP960", None, READS),
    ("GET", "/api/proposals/{reference}/history", "/api/proposals/DP960/history", None, READS),
    ("GET", "/api/proposals/{reference}/next", "/api/proposals/DP960/next", None, READS),
    ("GET", "/api/proposals/{reference}/plan", "/api/proposals/DP960/plan", None, READS),
    ("GET", "/api/portfolio", "/api/portfolio", None, READS),
    ("GET", "/api/proposals/{reference}/deadlines", "/api/proposals/DP960/deadlines", None,
     READS),
    ("POST", "/api/proposals", "/api/proposals", {"reference": "DP961", "title": "t"},
     NEEDS_SECRETARIAT),
    ("POST", "/api/proposals/{reference}/advance", "/api/proposals/DP960/advance",
     {"trigger": "submit"}, NEEDS_SECRETARIAT),
    ("POST", "/api/proposals/{reference}/record", "/api/proposals/DP960/record",
     {"milestone": "critical_friend_review"}, NEEDS_SECRETARIAT),
    ("POST", "/api/proposals/{reference}/releases", "/api/proposals/DP960/releases",
     {"release": "November 2021"}, NEEDS_SECRETARIAT),
    ("POST", "/api/proposals/{reference}/alternatives", "/api/proposals/DP960/alternatives",
     {"title": "t", "letter": "A"}, NEEDS_SECRETARIAT),
    ("POST", "/api/proposals/{reference}/votes", "/api/proposals/DP960/votes",
     {"unanimous": True}, NEEDS_SECRETARIAT),
    ("POST", "/api/proposals/{reference}/link", "/api/proposals/DP960/link",
     {"meeting": "CSC_38"}, NEEDS_SECRETARIAT),
    ("POST", "/api/proposals/{reference}/corrections", "/api/proposals/DP960/corrections",
     {"seq": 1, "note": "n", "changes": {"note": "x"}}, NEEDS_SECRETARIAT),
    ("GET", "/api/committees", "/api/committees", None, READS),
    ("POST", "/api/committees", "/api/committees", {"code": "XWG", "name": "x"},
     NEEDS_SECRETARIAT),
    ("PATCH", "/api/committees/{code}", "/api/committees/CSC", {"paper_lead_days": 5},
     NEEDS_SECRETARIAT),
    ("PATCH", "/api/releases/{name}", "/api/releases/November%202021",
     {"scope_closes": "2021-05-04"}, NEEDS_SECRETARIAT),
    ("GET", "/api/committees/{code}/next-meeting", "/api/committees/CSC/next-meeting", None,
     READS),
    ("GET", "/api/meetings", "/api/meetings", None, READS),
    ("GET", "/api/meetings/{code}", "/api/meetings/CSC_38", None, READS),
    ("POST", "/api/meetings", "/api/meetings", {"code": "CSC_39", "on": "2021-06-22"},
     NEEDS_SECRETARIAT),
    ("POST", "/api/meetings/{code}/items", "/api/meetings/CSC_38/items",
     {"number": "6", "title": "t"}, NEEDS_SECRETARIAT),
    ("GET", "/api/actions", "/api/actions", None, READS),
    ("POST", "/api/actions", "/api/actions", {"meeting": "CSC_38", "text": "t",
                                              "due": "2021-06-01"}, NEEDS_SECRETARIAT),
    ("POST", "/api/actions/{action_id}/close", "/api/actions/1/close", {}, NEEDS_SECRETARIAT),
    ("GET", "/api/due", "/api/due", None, READS),
    ("GET", "/api/verify", "/api/verify", None, READS),
    ("GET", "/api/exports/audit.{fmt}", "/api/exports/audit.csv", None, READS),
    ("GET", "/api/exports/register.{fmt}", "/api/exports/register.csv", None, READS),
    ("GET", "/api/exports/timeline/{reference}.{fmt}", "/api/exports/timeline/DP960.md", None,
     READS),
    ("GET", "/api/tokens", "/api/tokens", None, NEEDS_ADMIN),
    ("POST", "/api/tokens", "/api/tokens", {"name": "new", "role": "reader"}, NEEDS_ADMIN),
    ("POST", "/api/tokens/{name}/revoke", "/api/tokens/spare/revoke", None, NEEDS_ADMIN),
    ("GET", "/api/settings/reading", "/api/settings/reading", None, NEEDS_ADMIN),
    ("PUT", "/api/settings/reading", "/api/settings/reading", {"reading": "MODE"}, NEEDS_ADMIN),
]  # fmt: skip

CALLERS = [None, "reader", "secretariat", "admin"]


@pytest.fixture
def world(api: Api) -> Api:
    """DP960 (invented) raised, meeting CSC_38 with item 5, an action, a spare token."""
    gf = api.gf
    gf.raise_proposal("DP960", title="Firmware retry limits", on="2021-03-01")
    gf.add_meeting("CSC_38", on="2021-05-25")
    gf.add_item("CSC_38", "5", title="DP960 conversion")
    gf.add_action("CSC_38", "Circulate the paper", due="2021-06-01")
    gf.add_token("spare", role="reader")
    return api


def _call(api: Api, method: str, path: str, body: Any, role: str | None) -> Any:
    return api.client.request(method, path, json=body, headers=api.auth(role))


def _allowed(needed: str, role: str | None, reading: str) -> bool:
    if needed == READS:
        return reading == "public" or role is not None
    order = CALLERS[1:]
    return role is not None and order.index(role) >= order.index(needed)


def test_the_table_covers_every_api_route_of_the_openapi_document(api: Api) -> None:
    document = api.get("/openapi.json").json()
    routed = {
        (method.upper(), path)
        for path, operations in document["paths"].items()
        if path.startswith("/api")
        for method in operations
    }
    assert routed == {(method, path) for method, path, *_ in ROUTES}


@pytest.mark.parametrize("reading", ["public", "token"])
@pytest.mark.parametrize(("method", "_routed", "path", "body", "needed"), ROUTES,
                         ids=[f"{m} {p}" for m, _, p, *_ in ROUTES])  # fmt: skip
def test_each_role_is_allowed_or_refused_as_it_should_be(
    world: Api, reading: str, method: str, _routed: str, path: str, body: Any, needed: str
) -> None:
    world.gf.set_reading(reading)
    if body == {"reading": "MODE"}:
        body = {"reading": reading}
    for role in CALLERS:
        status = _call(world, method, path, body, role).status_code
        if _allowed(needed, role, reading):
            assert status not in (401, 403), (role, status)
        else:
            assert status == (401 if role is None else 403), (role, status)


@pytest.mark.parametrize("header", ["Bearer gft_not-a-real-token", "Bearer nonsense",
                                    "Basic dXNlcjpwYXNz", "Bearer "])  # fmt: skip
def test_a_wrong_token_is_401_even_where_reading_is_public(world: Api, header: str) -> None:
    response = world.client.get("/api/proposals", headers={"Authorization": header})
    assert response.status_code == 401
    assert response.json()["error"] == "Unauthorized"
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_a_revoked_token_is_refused(world: Api) -> None:
    assert world.get("/api/proposals", role="reader").status_code == 200
    world.gf.revoke_token("reader")
    refused = world.get("/api/proposals", role="reader")
    assert refused.status_code == 401
    assert "revoked" in refused.json()["detail"]


def test_secrets_never_reach_the_logs(world: Api, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    wrong = "gft_" + "x" * 43
    world.client.get("/api/proposals", headers={"Authorization": f"Bearer {wrong}"})
    world.gf.revoke_token("spare")
    spare = world.gf.add_token("spare2", role="reader").secret
    world.gf.revoke_token("spare2")
    world.client.get("/api/proposals", headers={"Authorization": f"Bearer {spare}"})
    world.client.post("/login", json={"token": wrong})
    for role in CALLERS[1:]:
        world.post("/api/proposals/DP960/advance", {"trigger": "submit"}, role=role)
    assert caplog.records, "refusals are logged"
    assert "refused a token gft_xxxx..." in caplog.text
    for secret in [wrong, spare, *world.secrets.values()]:
        assert secret not in caplog.text
        assert secret[:12] not in caplog.text


def test_the_database_keeps_only_hashes(world: Api) -> None:
    with world.gf.engine.connect() as conn:
        rows = [str(tuple(r)) for r in conn.execute(text("SELECT * FROM api_token"))]
    assert len(rows) == 4
    for secret in world.secrets.values():
        assert not any(secret in row for row in rows)


def test_admin_makes_lists_and_revokes_tokens(world: Api) -> None:
    made = world.client.post("/api/tokens", json={"name": "Panel clerk", "role": "secretariat"},
                             headers=world.auth("admin"))  # fmt: skip
    assert made.status_code == 201
    secret = made.json()["secret"]
    assert made.json()["token"]["hint"] == secret[:8]
    listed = world.get("/api/tokens", role="admin")
    assert "Panel clerk" in [t["name"] for t in listed.json()]
    assert secret not in listed.text
    moved = world.client.post("/api/proposals/DP960/advance", json={"trigger": "submit"},
                              headers={"Authorization": f"Bearer {secret}"})  # fmt: skip
    assert moved.status_code == 200
    assert world.gf.history("DP960")[-1].actor == "Panel clerk"
    revoked = world.client.post("/api/tokens/Panel clerk/revoke", headers=world.auth("admin"))
    assert revoked.json()["revoked_at"] is not None
    again = world.client.get("/api/proposals", headers={"Authorization": f"Bearer {secret}"})
    assert again.status_code == 401


def test_admin_sets_reading_to_token_only_and_back(world: Api) -> None:
    assert world.get("/api/proposals").status_code == 200
    put = world.client.put("/api/settings/reading", json={"reading": "token"},
                           headers=world.auth("admin"))  # fmt: skip
    assert put.json() == {"reading": "token"}
    assert world.get("/api/proposals").status_code == 401
    assert world.get("/api/proposals", role="reader").status_code == 200
    bad = world.client.put("/api/settings/reading", json={"reading": "secret"},
                           headers=world.auth("admin"))  # fmt: skip
    assert bad.status_code == 400
    assert world.get("/api/settings/reading", role="admin").json() == {"reading": "token"}


def test_a_browser_signs_in_with_a_cookie_that_reads_but_never_writes(world: Api) -> None:
    world.gf.set_reading("token")
    client = world.client
    refused = client.post("/login", json={"token": "gft_wrong"})
    assert refused.status_code == 401
    signed = client.post("/login", json={"token": world.secrets["secretariat"]})
    assert signed.json() == {"name": "secretariat", "role": "secretariat"}
    cookie = signed.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert client.get("/api/proposals").status_code == 200  # the cookie reads
    write = client.post("/api/proposals/DP960/advance", json={"trigger": "submit"})
    assert write.status_code == 401  # but a write needs the header
    client.post("/logout")
    assert client.get("/api/proposals").status_code == 401


@pytest.mark.parametrize(("after", "goes_to"), [("/proposals/DP960", "/proposals/DP960"),
                                                ("//evil.example/x", "/"),
                                                ("https://evil.example/", "/")])  # fmt: skip
def test_a_sign_in_form_goes_back_to_a_page_of_this_site_only(
    world: Api, after: str, goes_to: str
) -> None:
    assert 'name="token"' in world.client.get("/login").text
    form = {"token": world.secrets["reader"], "next": after}
    response = world.client.post("/login", data=form, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == goes_to


def test_a_page_sends_a_browser_without_a_token_to_sign_in_and_back(world: Api) -> None:
    app = world.client.app

    @app.get("/probe-page")  # type: ignore[attr-defined, misc]
    def probe(who: PageReader) -> dict[str, str | None]:
        return {"name": who.name}

    assert world.client.get("/probe-page").json() == {"name": None}  # public
    world.gf.set_reading("token")
    sent = world.client.get("/probe-page?stage=draft", follow_redirects=False)
    assert sent.status_code == 303
    assert sent.headers["location"] == "/login?next=%2Fprobe-page%3Fstage%3Ddraft"
    back = world.client.post("/login", data={"token": world.secrets["reader"],
                                             "next": "/probe-page?stage=draft"},
                             follow_redirects=True)  # fmt: skip
    assert back.json() == {"name": "reader"}
