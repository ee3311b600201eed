"""``/api`` beyond proposals: committees, meetings and items, actions, due, verify, exports,
and the OpenAPI document. DP960 and the meetings numbered here are invented."""

from __future__ import annotations

import json

from tests.conftest import Api


def test_committees_add_change_list_and_next_meeting(api: Api) -> None:
    added = api.post("/api/committees", {"code": "XWG", "name": "An invented working group"})
    assert added.status_code == 201
    assert added.json() == {"code": "XWG", "name": "An invented working group",
                            "paper_lead_days": None, "cadence": None}  # fmt: skip
    changed = api.client.patch("/api/committees/XWG",
                               json={"paper_lead_days": 5, "cadence": "monthly last friday"},
                               headers=api.auth("secretariat"))  # fmt: skip
    assert changed.json()["paper_lead_days"] == 5
    assert changed.json()["cadence"] == "monthly last Friday"  # kept in its canonical form
    refused = api.client.patch("/api/committees/XWG", json={"cadence": "now and then"},
                               headers=api.auth("secretariat"))  # fmt: skip
    assert refused.status_code in (400, 422) and "monthly 4th Wednesday" in refused.text
    listed = api.get("/api/committees").json()
    assert listed == [c.to_dict() for c in api.gf.committees()]
    assert "XWG" in [c["code"] for c in listed]
    api.post("/api/meetings", {"code": "XWG_3", "on": "2031-06-10", "status": "planned"})
    upcoming = api.get("/api/committees/XWG/next-meeting", params={"on": "2031-06-01"})
    assert upcoming.json()["meeting"]["code"] == "XWG_3"
    assert upcoming.json()["paper_lead_days"] == 5
    assert api.post("/api/committees", {"code": "XWG", "name": "again"}).status_code == 409


def test_meetings_and_their_items(api: Api) -> None:
    made = api.post("/api/meetings", {"code": "CSC_38", "on": "2021-05-25"})
    assert made.status_code == 201
    assert made.json()["date"] == "2021-05-25"
    item = api.post("/api/meetings/CSC_38/items", {"number": "5", "title": "DP960 conversion"})
    assert item.status_code == 201
    shown = api.get("/api/meetings/CSC_38").json()
    assert shown == api.gf.meeting("CSC_38").to_dict()
    assert [i["number"] for i in shown["items"]] == ["5"]
    assert [m["code"] for m in api.get("/api/meetings", params={"committee": "CSC"}).json()] == [
        "CSC_38"
    ]
    missing = api.get("/api/meetings/CSC_99")
    assert missing.status_code == 404
    assert missing.json()["error"] == "NotFound"
    twice = api.post("/api/meetings/CSC_38/items", {"number": "5", "title": "again"})
    assert twice.status_code == 409


def test_actions_added_closed_and_due(api: Api) -> None:
    api.post("/api/meetings", {"code": "CSC_38", "on": "2021-05-25"})
    body = {"meeting": "CSC_38", "text": "Circulate the paper", "due": "2021-06-01",
            "party": "SECAS"}  # fmt: skip
    added = api.post("/api/actions", body)
    assert added.status_code == 201
    action_id = added.json()["id"]
    overdue = api.get("/api/actions", params={"overdue_on": "2021-06-10"}).json()
    assert [a["id"] for a in overdue] == [action_id]
    due = api.get("/api/due", params={"on": "2021-05-26", "within": 10}).json()
    assert [d["what"] for d in due] == ["Circulate the paper"]
    closed = api.post(f"/api/actions/{action_id}/close", {"on": "2021-05-28"})
    assert closed.json()["status"] == "closed"
    assert api.get("/api/actions", params={"open_only": True}).json() == []


def test_verify_says_ok_in_the_cli_shape(api: Api) -> None:
    api.gf.raise_proposal("DP960", title="Firmware retry limits", on="2021-03-01")
    assert api.get("/api/verify").json() == {"ok": True, "proposals": 1, "breaks": []}


def test_exports_are_the_files_govflow_export_writes(api: Api) -> None:
    api.gf.raise_proposal("DP960", title="Firmware retry limits", on="2021-03-01")
    api.gf.advance("DP960", "submit", on="2021-03-02")
    jsonl = api.get("/api/exports/audit.jsonl")
    assert jsonl.headers["content-type"].startswith("application/jsonl")
    lines = [json.loads(line) for line in jsonl.text.splitlines()]
    assert [r["seq"] for r in lines if "seq" in r] == [1, 2]
    csv = api.get("/api/exports/audit.csv", params={"proposal": "DP960", "since": "2021-03-02"})
    assert csv.headers["content-type"].startswith("text/csv")
    assert len(csv.text.strip().splitlines()) == 2  # the header and one event
    register = api.get("/api/exports/register.csv", params={"as_of": "2021-03-01"})
    assert "DP960" in register.text and "draft" in register.text
    page = api.get("/api/exports/timeline/DP960.html")
    assert page.headers["content-type"].startswith("text/html")
    assert "<svg" in page.text
    wrong = api.get("/api/exports/audit.xlsx")
    assert wrong.status_code == 400
    assert "Input should be 'csv', 'jsonl', 'md' or 'html'" in wrong.json()["detail"]


def test_the_openapi_document_and_its_pages_are_served(api: Api) -> None:
    document = api.get("/openapi.json").json()
    assert document["info"]["title"] == "govflow"
    advance = document["paths"]["/api/proposals/{reference}/advance"]["post"]
    schema = advance["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    fields = document["components"]["schemas"][schema.rsplit("/", 1)[1]]["properties"]
    assert {"trigger", "to", "expected_version"} <= set(fields)
    assert api.get("/docs").status_code == 200


def test_a_committee_code_longer_than_the_schema_holds_is_refused_not_a_server_error(
    api: Api,
) -> None:
    # found by schemathesis on PostgreSQL: the document allowed 40 characters, the column 32
    long = "RLUQPU I C VX90 E0V2Z55X6LX8 SOA7TCC8P"
    refused = api.post("/api/committees", {"code": long, "name": "x"})
    assert refused.status_code == 400, refused.text
    assert "32" in refused.text
    assert all(c["code"] != long for c in api.get("/api/committees").json())
