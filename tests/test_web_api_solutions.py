"""``/api/proposals/{reference}/alternatives`` and ``/votes`` (issue 25): raising an alternative
and recording a vote per solution over HTTP, judged by the rule core like the CLI's; refusals as
problem documents (RFC 9457).

MP98x and 09xx proposals, their dates and tallies are fictional.
"""

from __future__ import annotations

from typing import Any

from tests.conftest import Api

FOR_ALL = {
    "Large Supplier": {"for": 9, "against": 2, "abstain": 1, "absent": 1},
    "Small Supplier": {"for": 2, "against": 1},
    "Network Party": {"for": 3, "against": 0},
}
PROBLEM = "application/problem+json"


def _mp(api: Api, ref: str = "MP981") -> None:
    gf = api.gf
    gf.raise_proposal(ref, title="A fictional proposal", on="2021-01-11", path=2)
    gf.advance(ref, "start_refinement", on="2021-02-12")


def _problem(response: Any, status: int, error: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body = dict(response.json())
    assert (body["status"], body["error"]) == (status, error)
    return body


def test_an_alternative_raised_by_its_reference_or_by_letter(api: Api) -> None:
    _mp(api)
    raised = api.post("/api/proposals/MP981A/alternatives",
                      {"title": "A fictional alternative", "on": "2021-03-03"})  # fmt: skip
    assert raised.status_code == 201, raised.text
    assert raised.json()["version"] == api.gf.proposal("MP981").version
    by_letter = api.post("/api/proposals/MP981/alternatives",
                         {"title": "Another", "letter": "B", "on": "2021-03-04"})  # fmt: skip
    assert by_letter.status_code == 201, by_letter.text
    assert api.gf.proposal("MP981").solutions == ("MP981", "MP981A", "MP981B")
    events = [e for e in api.gf.history("MP981") if e.kind == "alternative"]
    assert [e.actor for e in events] == ["secretariat", "secretariat"]  # the token's name
    again = api.post("/api/proposals/MP981A/alternatives", {"title": "Again"})
    assert "already raised" in _problem(again, 409, "TransitionNotAllowed")["detail"]


def test_the_rule_core_refuses_a_unc_alternative_before_the_workgroup(api: Api) -> None:
    api.gf.raise_proposal("0981", title="A fictional modification", on="2021-01-07")
    early = api.post("/api/proposals/0981A/alternatives", {"title": "Fictional",
                                                         "on": "2021-01-08"})  # fmt: skip
    body = _problem(early, 409, "TransitionNotAllowed")
    assert any("an alternative is raised in workgroup" in r for r in body["reasons"])
    assert api.gf.proposal("0981").solutions == ()  # nothing written
    waived = {"title": "Fictional", "on": "2021-01-08", "override": "a fictional record"}
    assert api.post("/api/proposals/0981A/alternatives", waived).status_code == 201


def test_a_vote_per_solution_with_its_tally(api: Api) -> None:
    _mp(api, "MP982")
    api.gf.raise_alternative("MP982A", title="Fictional", on="2021-03-03")
    api.gf.advance("MP982", to="change_board", on="2021-05-11")
    unnamed = api.post("/api/proposals/MP982/votes", {"tally": FOR_ALL, "on": "2021-05-26"})
    assert any("names the solution" in r
               for r in _problem(unnamed, 409, "TransitionNotAllowed")["reasons"])  # fmt: skip
    voted = api.post("/api/proposals/MP982/votes",
                     {"tally": FOR_ALL, "solution": "MP982A", "on": "2021-05-26"})  # fmt: skip
    assert voted.status_code == 200, voted.text
    (vote,) = [e.payload["vote"] for e in api.gf.history("MP982") if "vote" in e.payload]
    assert (vote["solution"], vote["outcome"]) == ("A", "approve")
    assert vote["tally"]["Large Supplier"] == {"for": 9, "against": 2, "abstain": 1, "absent": 1}
    on_original = api.post(
        "/api/proposals/MP982A/votes",  # the alternative's own reference
        {"unanimous": True, "solution": "MP982", "on": "2021-05-26"},
    )
    assert on_original.status_code == 200, on_original.text
    standing = api.get("/api/proposals?as_of=2021-05-26").json()[0]["standing"]
    assert any(s.startswith("MP982A: change_board (vote approve [Large Supplier 9-2-1-1")
               for s in standing)  # fmt: skip


def test_a_tally_beyond_the_seats_or_of_an_unknown_category_is_refused(api: Api) -> None:
    _mp(api, "MP983")
    api.gf.advance("MP983", to="change_board", on="2021-05-11")
    beyond = {"tally": {"Small Supplier": {"for": 7, "against": 0}}, "on": "2021-05-26"}
    body = _problem(api.post("/api/proposals/MP983/votes", beyond), 409, "TransitionNotAllowed")
    assert any("3 seats" in r for r in body["reasons"])
    unknown = {"tally": {"Large Suppliers": {"for": 7}}, "on": "2021-05-26"}
    assert "unknown category" in _problem(api.post("/api/proposals/MP983/votes", unknown),
                                          422, "InvalidInput")["detail"]  # fmt: skip
    assert [e for e in api.gf.history("MP983") if "vote" in e.payload] == []


def test_votes_and_alternatives_need_a_secretariat_token_and_the_current_version(
    api: Api,
) -> None:
    _mp(api, "MP984")
    body = {"title": "Fictional", "on": "2021-03-03"}
    assert api.post("/api/proposals/MP984A/alternatives", body, role="reader").status_code == 403
    stale = api.post("/api/proposals/MP984A/alternatives", {**body, "expected_version": 1})
    _problem(stale, 409, "StaleProposal")
    odd = api.post("/api/proposals/MP984/votes", {"tally": FOR_ALL, "actor": "Ofgem"})
    assert "actor: Extra inputs are not permitted" in _problem(odd, 400, "InvalidInput")["detail"]
    assert api.gf.proposal("MP984").solutions == ()
