"""``/api/proposals``: reads, writes, the actor, versions and 409s.

DP960/MP960 is an invented proposal (the fictional number the CLI docs use), not a real one.
"""

from __future__ import annotations

from tests.conftest import Api


def _raise(api: Api, reference: str = "DP960") -> dict[str, object]:
    body = {"reference": reference, "title": "Firmware retry limits", "on": "2021-03-01",
            "proposer": "An invented party"}  # fmt: skip
    response = api.post("/api/proposals", body)
    assert response.status_code == 201, response.text
    return dict(response.json())


def _meeting(api: Api) -> None:
    assert api.post("/api/meetings", {"code": "CSC_38", "on": "2021-05-25"}).status_code == 201
    item = {"number": "5", "title": "DP960 conversion", "presenter": "SECAS"}
    assert api.post("/api/meetings/CSC_38/items", item).status_code == 201


def test_raise_gives_the_change_and_the_version_and_records_the_token_as_actor(api: Api) -> None:
    change = _raise(api)
    assert (change["reference"], change["stage"], change["seqs"]) == ("DP960", "draft", [1])
    assert change["version"] == api.gf.proposal("DP960").version
    assert api.gf.history("DP960")[0].actor == "secretariat"


def test_a_write_ignores_no_actor_field_it_refuses_it(api: Api) -> None:
    _raise(api)
    response = api.post("/api/proposals/DP960/advance", {"trigger": "submit", "actor": "Ofgem"})
    assert response.status_code == 400
    assert response.json() == {"type": "about:blank", "title": "Bad Request", "status": 400,
                               "error": "InvalidInput",
                               "detail": "actor: Extra inputs are not permitted"}  # fmt: skip
    assert response.headers["content-type"] == "application/problem+json"
    assert len(api.gf.history("DP960")) == 1


def test_advance_by_trigger_and_by_stage_through_a_meeting(api: Api) -> None:
    _raise(api)
    _meeting(api)
    moved = api.post("/api/proposals/DP960/advance", {"trigger": "submit", "on": "2021-03-02"})
    assert moved.status_code == 200, moved.text
    assert moved.json()["stage"] == "development"
    body = {"trigger": "convert", "meeting": "CSC_38", "item": "5", "note": "agreed"}
    converted = api.post("/api/proposals/DP960/advance", body).json()
    assert (converted["reference"], converted["stage"]) == ("MP960", "initial_consideration")
    move = next(e for e in api.gf.history("MP960") if e.trigger == "convert")
    assert (move.meeting, move.item, move.actor, move.note) == ("CSC_38", "5", "secretariat",
                                                                "agreed")  # fmt: skip
    to_stage = api.post("/api/proposals/MP960/advance", {"to": "withdrawn", "on": "2021-06-01"})
    assert to_stage.json()["stage"] == "withdrawn"


def test_reads_give_the_cli_json_shapes(api: Api) -> None:
    _raise(api)
    api.post("/api/proposals/DP960/advance", {"trigger": "submit", "on": "2021-03-02"})
    gf = api.gf
    assert api.get("/api/proposals/DP960").json() == gf.proposal("DP960").to_dict()
    history = api.get("/api/proposals/DP960/history").json()
    assert history == [e.to_dict() for e in gf.history("DP960")]
    assert [e["seq"] for e in history] == [1, 2]
    assert api.get("/api/proposals/DP960/next").json() == gf.next_steps("DP960").to_dict()
    deadlines = api.get("/api/proposals/DP960/deadlines").json()
    assert deadlines == [d.to_dict() for d in gf.deadlines("DP960")]


def test_show_and_history_as_of_a_day(api: Api) -> None:
    _raise(api)
    api.post("/api/proposals/DP960/advance", {"trigger": "submit", "on": "2021-03-10"})
    then = api.get("/api/proposals/DP960", params={"as_of": "2021-03-05"}).json()
    assert then["stage"] == "draft"
    assert len(api.get("/api/proposals/DP960/history", params={"as_of": "2021-03-05"}).json()) == 1
    recorded = api.get("/api/proposals/DP960/history", params={"as_recorded": "true"}).json()
    assert [e["kind"] for e in recorded] == ["raised", "transition"]


def test_list_filters_and_the_register_as_of_a_day(api: Api) -> None:
    _raise(api, "DP960")
    _raise(api, "DP961")
    api.post("/api/proposals/DP961/advance", {"trigger": "submit", "on": "2021-03-10"})
    listed = api.get("/api/proposals").json()
    assert sorted(p["reference"] for p in listed) == ["DP960", "DP961"]
    drafts = api.get("/api/proposals", params={"stage": "draft"}).json()
    assert [p["reference"] for p in drafts] == ["DP960"]
    register = api.get("/api/proposals", params={"as_of": "2021-03-05"}).json()
    stages = sorted((r["reference"], r["stage"]) for r in register)
    assert stages == [("DP960", "draft"), ("DP961", "draft")]
    assert len(api.get("/api/proposals", params={"as_of": "2021-03-05", "limit": 1}).json()) == 1


def test_record_link_and_correct(api: Api) -> None:
    _raise(api)
    _meeting(api)
    linked = api.post("/api/proposals/DP960/link", {"meeting": "CSC_38", "item": "5"})
    assert linked.status_code == 200, linked.text
    assert api.gf.history("DP960")[-1].kind == "link"
    seq = linked.json()["seqs"][0]
    body = {"seq": seq, "note": "linked to the wrong item", "changes": {"recorded_in_error": True}}
    corrected = api.post("/api/proposals/DP960/corrections", body)
    assert corrected.status_code == 200, corrected.text
    assert [e.kind for e in api.gf.history("DP960")] == ["raised"]
    refused = api.post("/api/proposals/DP960/record", {"milestone": "mrc_opened"})
    assert refused.status_code == 409
    assert refused.json()["error"] == "TransitionNotAllowed"


def test_a_stale_write_gets_409_with_the_current_version_and_writes_nothing(api: Api) -> None:
    version = _raise(api)["version"]
    first = api.post("/api/proposals/DP960/advance",
                     {"trigger": "submit", "expected_version": version})  # fmt: skip
    assert first.status_code == 200
    stale = api.post("/api/proposals/DP960/advance",
                     {"trigger": "withdraw", "expected_version": version})  # fmt: skip
    assert stale.status_code == 409
    body = stale.json()
    assert body["error"] == "StaleProposal"
    assert "changed by someone else" in body["detail"]
    assert "`GET /api/proposals/DP960/next`" in body["detail"]  # in the API's terms
    now = api.gf.proposal("DP960")
    assert body["current"] == {"reference": "DP960", "stage": "development",
                               "version": now.version}  # fmt: skip
    assert first.json()["version"] == now.version
    assert len(api.gf.history("DP960")) == 2


def test_a_stale_milestone_link_or_correction_is_refused_too(api: Api) -> None:
    version = _raise(api)["version"]
    _meeting(api)
    api.post("/api/proposals/DP960/advance", {"trigger": "submit"})
    writes = [
        ("record", {"milestone": "x", "expected_version": version}),
        ("link", {"meeting": "CSC_38", "expected_version": version}),
        (
            "corrections",
            {"seq": 1, "note": "n", "changes": {"note": "x"}, "expected_version": version},
        ),
    ]
    for path, body in writes:
        response = api.post(f"/api/proposals/DP960/{path}", body)
        assert response.status_code == 409, path
        assert response.json()["current"]["stage"] == "development"
    assert len(api.gf.history("DP960", as_recorded=True)) == 2


def test_errors_carry_the_cli_message_and_their_details(api: Api) -> None:
    _raise(api)
    unknown = api.get("/api/proposals/DP9600")
    assert unknown.status_code == 404
    assert unknown.json()["error"] == "UnknownReference"
    assert unknown.json()["detail"].startswith("no proposal answers to 'DP9600'")
    assert "suggestions" in unknown.json()
    blocked = api.post("/api/proposals/DP960/advance", {"trigger": "convert"})
    assert blocked.status_code == 409
    assert blocked.json()["error"] == "TransitionNotAllowed"
    assert {"reasons", "possible"} <= set(blocked.json())
    neither = api.post("/api/proposals/DP960/advance", {})
    assert neither.status_code == 422  # well-formed, but the record cannot act on it
    assert neither.json()["detail"] == ("name either a trigger or a target stage, not "
                                        "both or neither")  # fmt: skip
    assert api.post("/api/proposals", {"reference": "DP960", "title": "again"}).status_code == 409
    bad_date = api.get("/api/proposals/DP960", params={"as_of": "the day after"})
    assert bad_date.status_code == 400
    assert bad_date.json()["error"] == "InvalidInput"


def test_a_malformed_body_is_a_400_naming_the_field(api: Api) -> None:
    response = api.post("/api/proposals", {"reference": "DP960"})
    assert response.status_code == 400
    assert response.json() == {
        "type": "about:blank",
        "title": "Bad Request",
        "status": 400,
        "error": "InvalidInput",
        "detail": "title: Field required",
    }


def test_a_limit_below_one_is_refused(api: Api) -> None:
    response = api.get("/api/proposals", params={"limit": 0})
    assert response.status_code == 400
    assert response.json()["detail"].startswith("query.limit: Input should be greater than")


def test_pages_follow_the_link_header_in_reference_order(api: Api) -> None:
    for number in (962, 960, 964, 961, 963):  # raised out of order (invented numbers)
        with api.gf.transaction():
            api.gf.raise_proposal(f"DP{number}", title="Invented", on="2021-03-01")
    for params in ({}, {"as_of": "2021-03-05"}):
        url, pages = "/api/proposals", []
        query: dict[str, object] | None = {"limit": 2, **params}
        while url:
            response = api.get(url, params=query)
            assert response.status_code == 200, response.text
            pages.append([p["reference"] for p in response.json()])
            link = response.headers.get("link")
            url = link[1 : link.index(">")] if link else ""
            query = None  # the link carries them
        assert pages == [["DP960", "DP961"], ["DP962", "DP963"], ["DP964"]], params
    after = api.get("/api/proposals", params={"after": "DP962", "stage": "draft"}).json()
    assert [p["reference"] for p in after] == ["DP963", "DP964"]
    assert api.get("/api/proposals", params={"after": "DP999"}).status_code == 404
    assert api.get("/api/proposals", params={"after": "nonsense"}).status_code == 400
