"""The plans a Govflow keeps (``records/plans.py``): made once from one record, and never served
when the record they were made from has changed, whoever changed it (fictional MP902)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

import govflow
from govflow.planning import plan as planning
from govflow.records import plans
from govflow.service import Govflow
from tests.plan_kit import in_refinement, timetable

D = dt.date
TODAY = "2021-12-08"


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """One entry for each plan made anew (not one of the kept plans)."""
    found: list[str] = []

    def counted(*args: object, **kwargs: object) -> object:
        found.append("planned")
        return planning.plan(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(plans, "plan", counted)
    return found


@pytest.fixture
def other(db_url: str) -> Iterator[Govflow]:
    """A second Govflow on the same database: another process, as far as kept plans go."""
    with govflow.open_db(db_url) as service:
        yield service


def _dated(gf: Govflow) -> dict[str, dt.date | None]:
    (route,) = gf.plan("MP902", today=TODAY).routes
    return {s.name: s.earliest for s in route.steps}


def test_a_plan_asked_again_from_the_same_record_is_made_once(gf: Govflow, made: list[str]) -> None:
    timetable(gf)
    in_refinement(gf)
    first, again = gf.plan("MP902", today=TODAY), gf.plan("MP902", today=TODAY)
    assert first == again and len(made) == 1
    gf.plan("MP902", today="2021-12-09")  # another day planned from: planned anew
    assert len(made) == 2


def test_a_closure_another_process_adds_is_in_the_next_plan(
    gf: Govflow, other: Govflow, made: list[str]
) -> None:  # fmt: skip
    timetable(gf)
    in_refinement(gf)
    assert _dated(gf)["mrc_closed"] == D(2022, 2, 10)
    other.add_closure("2022-02-01", "2022-02-04", note="fictional shutdown")
    assert _dated(gf)["mrc_closed"] == D(2022, 2, 16) and len(made) == 2  # four days on
    assert gf.plan("MP902", today=TODAY) == other.plan("MP902", today=TODAY)


def test_a_meeting_or_a_move_another_process_records_is_in_the_next_plan(
    gf: Govflow, other: Govflow, made: list[str]
) -> None:  # fmt: skip
    timetable(gf)
    in_refinement(gf)
    before = gf.plan("MP902", today=TODAY)
    other.add_meeting("PANEL_150", on="2021-12-20")  # fictional: a meeting sooner than the rest
    assert gf.plan("MP902", today=TODAY) == other.plan("MP902", today=TODAY)
    other.record("MP902", "refinement_consultation_closed", on="2021-12-08")
    after = gf.plan("MP902", today=TODAY)
    assert after == other.plan("MP902", today=TODAY) and after != before
    assert after.routes[0].steps[0].name != "refinement_consultation_closed"


def test_proposals_alike_share_a_plan_that_names_each_its_own(
    gf: Govflow, other: Govflow, made: list[str]
) -> None:  # fmt: skip
    timetable(gf)
    gf.raise_proposal("MP904", title="Fictional twin", on="2021-09-01", path=3)
    gf.raise_proposal("MP905", title="Fictional twin", on="2021-09-01", path=3)
    first, second = gf.plan("MP904", today=TODAY), gf.plan("MP905", today=TODAY)
    assert len(made) == 1 and (first.reference, second.reference) == ("MP904", "MP905")
    assert second == other.plan("MP905", today=TODAY)  # as planned alone


_TIMETABLE_CHANGES = {
    "a sooner meeting": lambda gf: gf.add_meeting("PANEL_150", on="2022-01-14", status="planned"),
    "a committee's lead days": lambda gf: gf.update_committee("PANEL", paper_lead_days=2),
    "a release's scope": lambda gf: gf.set_release_scope(
        "November 2022", scope_closes="2022-02-01"
    ),
}  # fictional: each moves MP902's plan


@pytest.mark.parametrize("change", list(_TIMETABLE_CHANGES), ids=list(_TIMETABLE_CHANGES))
def test_a_timetable_another_process_changes_is_in_the_next_plan(
    gf: Govflow, other: Govflow, made: list[str], change: str
) -> None:  # fmt: skip
    """A plan is kept by the timetable's rows as read (``plans.made_key``): a changed meeting,
    committee or release is a changed key."""
    timetable(gf)
    in_refinement(gf)
    before = gf.plan("MP902", today=TODAY)
    _TIMETABLE_CHANGES[change](other)
    after = gf.plan("MP902", today=TODAY)
    assert after != before and len(made) == 2
    assert after == other.plan("MP902", today=TODAY)
