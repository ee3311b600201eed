"""``GET /api/proposals/{ref}/plan`` and ``GET /api/portfolio``: the planner over HTTP, the
same shapes as ``govflow plan --json`` (fictional MP902, MP903 of tests/plan_kit.py)."""

from __future__ import annotations

from tests.conftest import Api
from tests.plan_kit import in_refinement, timetable


def test_a_plan_over_http_is_the_cli_shape_and_writes_nothing(api: Api) -> None:
    timetable(api.gf)
    in_refinement(api.gf)
    before = api.gf.history("MP902")
    answer = api.get("/api/proposals/MP902/plan",
                     params={"on": "2021-12-08", "target": ["November 2022", "June 2022"],
                             "if": "refinement_consultation_closed on 2021-12-30"})  # fmt: skip
    assert answer.status_code == 200, answer.text
    found = answer.json()
    expected = api.gf.plan("MP902", today="2021-12-08", target=["November 2022", "June 2022"],
                           assume=["refinement_consultation_closed on 2021-12-30"])  # fmt: skip
    assert found == expected.to_dict()
    assert found["assumed"] == ["refinement_consultation_closed on 2021-12-30"]
    assert [t["reachable"] for t in found["targets"]] == [True, False]
    assert api.gf.history("MP902") == before
    portfolio = api.get("/api/portfolio", params={"on": "2021-12-08"})
    assert portfolio.status_code == 200, portfolio.text
    assert [line["reference"] for line in portfolio.json()] == ["MP902", "MP903"]


def test_a_plan_the_rules_refuse_is_a_problem(api: Api) -> None:
    timetable(api.gf)
    in_refinement(api.gf)
    what_if = {"on": "2021-12-08", "if": "send_to_report on 2022-01-21"}
    refused = api.get("/api/proposals/MP902/plan", params=what_if)
    assert refused.status_code == 409, refused.text
    assert "has not closed" in refused.text
    unknown = api.get("/api/proposals/MP902/plan", params={"target": "Summer 2031"})
    assert unknown.status_code == 404 and "Summer 2031" in unknown.text
