"""When a release's scope is fixed, as release data: the planner uses the day on record in place
of its assumption (six months ahead; a year for the DCC-impacting scope of a proposal with a DCC
assessment on record), and says which it used. Fictional MP9xx and release days."""

from __future__ import annotations

import dataclasses

import pytest

from govflow.errors import InvalidInput, NotFound
from govflow.model import Event
from govflow.planning.plan import plan
from govflow.planning.timetable import Release
from govflow.service import Govflow
from govflow.workflow.step import step
from tests.conftest import Api
from tests.plan_kit import in_refinement, timetable
from tests.test_planning import OPENED, RULES, D, _history, _timetable

JUNE = Release("June 2022", D(2022, 6, 30))
NOVEMBER = Release("November 2022", D(2022, 11, 3))


def _implement(**release: object) -> object:
    """MP901's implement step, June 2022 given ``release`` data (approve on 23 March 2022)."""
    tt = _timetable(releases=[dataclasses.replace(JUNE, **release), NOVEMBER])
    (route,) = plan(RULES, _history("3"), OPENED, tt).routes
    return route.steps[-1]


def test_without_scope_data_six_months_are_assumed_and_said() -> None:
    implement = _implement()  # June's scope assumed fixed on 30 December 2021: missed
    assert implement.release == "November 2022" and implement.assumed  # type: ignore[attr-defined]
    assert "assumed: its scope is fixed 6 months ahead" in implement.reason  # type: ignore[attr-defined]


def test_a_scope_day_on_record_is_used_and_not_called_an_assumption() -> None:
    implement = _implement(scope=D(2022, 4, 1))  # approve on 23 March: June is still open
    assert implement.release == "June 2022" and implement.earliest == D(2022, 6, 30)  # type: ignore[attr-defined]
    assert "its scope is fixed on 2022-04-01, as on record" in implement.reason  # type: ignore[attr-defined]
    assert not implement.assumed  # type: ignore[attr-defined]


def test_a_dcc_assessment_on_record_takes_the_dcc_impacting_scope() -> None:
    state, verdict = step(RULES, _history("3"), Event(
        seq=4, kind="milestone", milestone="preliminary_assessment_requested",
        occurred_on=OPENED))  # fmt: skip
    assert verdict.allowed
    tt = _timetable(releases=[dataclasses.replace(JUNE, scope=D(2022, 4, 1)),
                              dataclasses.replace(NOVEMBER, dcc_scope=D(2022, 3, 1))])  # fmt: skip
    (route,) = plan(RULES, state, OPENED, tt).routes
    implement = route.steps[-1]  # approve on 23 March: after both DCC-impacting scopes
    assert implement.earliest is None and implement.assumed is False
    assert "assumed DCC-impacting, as its record has a DCC Preliminary Assessment requested" in (
        implement.reason)  # fmt: skip
    tt = _timetable(releases=[JUNE, NOVEMBER])  # no data: a year ahead, assumed
    (route,) = plan(RULES, state, OPENED, tt).routes
    assert route.steps[-1].earliest is None  # November's DCC scope assumed fixed 3 Nov 2021


def test_scope_days_entered_with_a_release_and_alone(gf: Govflow) -> None:
    timetable(gf)
    in_refinement(gf)
    gf.release("MP903", "June 2022", release_date="2022-06-30", on="2021-09-01",
               scope_closes="2022-04-01")  # fmt: skip
    (route,) = gf.plan("MP902", today="2021-12-08").routes
    assert route.steps[-1].release == "June 2022" and "as on record" in route.steps[-1].reason
    found = gf.set_release_scope("November 2022", dcc_scope_closes="2021-11-03")
    assert (found.scope_closes, found.dcc_scope_closes) == (None, D(2021, 11, 3))
    with pytest.raises(InvalidInput, match="comes after the release itself"):
        gf.set_release_scope("June 2022", scope_closes="2022-07-01")
    with pytest.raises(NotFound, match="no release is named 'March 2099'"):
        gf.set_release_scope("March 2099", scope_closes="2022-07-01")


def test_scope_days_over_http(api: Api) -> None:
    timetable(api.gf)
    answer = api.client.patch("/api/releases/June 2022", json={"scope_closes": "2022-04-01"},
                              headers=api.auth("secretariat"))  # fmt: skip
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"name": "June 2022", "on": "2022-06-30",
                             "scope_closes": "2022-04-01", "dcc_scope_closes": None}  # fmt: skip
