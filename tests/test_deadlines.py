"""Deadlines opened and closed by the workflow, closures, actions and meeting planning."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import insert

from govflow.errors import InvalidInput, NotFound
from govflow.service import Govflow
from govflow.store.tables import action_t


@pytest.fixture
def refining(gf: Govflow) -> Govflow:
    """MP947, Self-Governance, in Refinement since 18 June 2021."""
    gf.raise_proposal("MP947", title="Hub returns", on="2021-05-24", path=3)
    gf.advance("MP947", "start_refinement", on="2021-06-18")
    return gf


@pytest.mark.parametrize(
    ("milestone", "opened", "due", "label"),
    [
        ("preliminary_assessment_requested", "2021-06-21", "2021-07-02",
         "DCC Preliminary Assessment requested"),
        ("refinement_consultation_opened", "2021-04-19", "2021-05-10",
         "Refinement Consultation opened"),
        ("refinement_consultation_opened", "2021-12-20", "2022-01-12",
         "Refinement Consultation opened"),
    ],
    ids=["preliminary-assessment-10wd", "consultation-skips-early-may", "over-new-year"],
)  # fmt: skip
def test_a_milestone_with_a_length_opens_a_deadline(
    gf: Govflow, milestone: str, opened: str, due: str, label: str
) -> None:
    gf.raise_proposal("MP947", title="Hub returns", on="2021-04-01", path=3)
    gf.advance("MP947", "start_refinement", on="2021-04-01")
    gf.record("MP947", milestone, on=opened)
    (deadline,) = gf.deadlines("MP947")
    assert (deadline.what, deadline.opened_on.isoformat(), deadline.due_on.isoformat()) == (
        label,
        opened,
        due,
    )


def test_the_closing_milestone_closes_the_deadline(refining: Govflow) -> None:
    refining.record("MP947", "refinement_consultation_opened", on="2021-06-21")
    refining.record("MP947", "refinement_consultation_closed", on="2021-07-09")
    assert refining.deadlines("MP947") == []
    (closed,) = refining.deadlines("MP947", open_only=False)
    assert closed.status == "closed"


def test_a_stage_deadline_opens_on_entry_only_when_its_condition_holds(gf: Govflow) -> None:
    for ref, path in (("MP936", 3), ("MP922", 2)):
        gf.raise_proposal(ref, title="t", on="2020-05-21", path=path)
        gf.advance(ref, "send_to_report", on="2020-06-19")
        gf.record(ref, "mrc_opened", on="2020-07-20")
        gf.record(ref, "mrc_closed", on="2020-08-07")
        gf.advance(ref, "send_to_change_board", on="2020-08-10")
    gf.advance("MP936", "approve", on="2020-08-26")
    gf.advance("MP922", "recommend", on="2020-08-26", outcome="approve")
    gf.advance("MP922", "approve", on="2020-09-30")
    labels = {d.reference: d.what for d in gf.due(on="2020-09-01")}
    assert labels["MP936"] == "Path 3 appeal window"
    assert "MP922" not in labels


def test_leaving_the_stage_or_firing_a_closer_closes_a_stage_deadline(gf: Govflow) -> None:
    gf.raise_proposal("MP936", title="t", on="2020-05-21", path=3)
    gf.advance("MP936", "send_to_report", on="2020-06-19")
    gf.record("MP936", "mrc_opened", on="2020-07-20")
    gf.record("MP936", "mrc_closed", on="2020-08-07")
    gf.advance("MP936", "send_to_change_board", on="2020-08-10")
    gf.advance("MP936", "approve", on="2020-08-26")
    assert [d.what for d in gf.deadlines("MP936")] == ["Path 3 appeal window"]
    gf.advance("MP936", "implement", on="2020-11-05")
    assert gf.deadlines("MP936") == []


def test_the_mrc_window_of_mp909_is_15_working_days(gf: Govflow) -> None:
    gf.raise_proposal("MP909", title="Batch 4", on="2021-04-16", path=3)
    gf.advance("MP909", "send_to_report", on="2021-04-16")
    gf.record("MP909", "mrc_opened", on="2021-04-19")
    (deadline,) = gf.deadlines("MP909")
    assert deadline.due_on == dt.date(2021, 5, 10)


def test_a_closure_moves_new_deadlines_but_not_open_ones(refining: Govflow) -> None:
    refining.record("MP947", "preliminary_assessment_requested", on="2021-06-21")
    refining.add_closure("2021-06-28", "2021-07-02", note="office move")
    refining.record("MP947", "refinement_consultation_opened", on="2021-06-21")
    due = {d.what: d.due_on for d in refining.deadlines("MP947")}
    assert due["DCC Preliminary Assessment requested"] == dt.date(2021, 7, 2)
    assert due["Refinement Consultation opened"] == dt.date(2021, 7, 16)


def test_a_deadline_records_the_calendar_in_force(refining: Govflow) -> None:
    refining.add_closure("2021-12-24", note="Christmas Eve shutdown")
    refining.record("MP947", "preliminary_assessment_requested", on="2021-06-21")
    with refining.engine.connect() as conn:
        stored = conn.exec_driver_sql("SELECT calendar, first_day_counts FROM deadline").one()
    calendar = stored[0] if isinstance(stored[0], dict) else __import__("json").loads(stored[0])
    assert calendar["region"] == "england-and-wales"
    assert "2021-12-24" in str(calendar["closures"])
    assert bool(stored[1]) is True


def test_a_closure_that_ends_before_it_starts_is_refused(gf: Govflow) -> None:
    with pytest.raises(InvalidInput, match="before it starts"):
        gf.add_closure("2021-12-31", "2021-12-24")


def test_due_lists_deadlines_and_actions_soonest_first_with_working_days_left(
    refining: Govflow,
) -> None:
    refining.add_meeting("OPSG_12", on="2021-06-14")
    meeting_id = _meeting_id(refining, 12)
    with refining.engine.begin() as conn:
        conn.execute(
            insert(action_t).values(
                meeting_id=meeting_id, due_on=dt.date(2021, 6, 25), text="Comments by 25 June",
                party="members", status="open",
            )
        )  # fmt: skip
    refining.record("MP947", "preliminary_assessment_requested", on="2021-06-21")
    items = refining.due(on="2021-06-22")
    assert [(i.kind, i.due_on.isoformat(), i.working_days_left) for i in items] == [
        ("action", "2021-06-25", 3),
        ("deadline", "2021-07-02", 8),
    ]
    assert [i.kind for i in refining.due(on="2021-06-22", within=5)] == ["action"]
    overdue = refining.due(on="2021-07-05", overdue=True)
    # the Preliminary Assessment's 10 WD are observed, not set: late, never overdue
    assert [(i.kind, i.working_days_left) for i in overdue] == [("action", -6)]
    late = [(i.what, i.status, i.working_days_left) for i in refining.due(on="2021-07-05")]
    assert ("DCC Preliminary Assessment requested", "late", -1) in late
    assert [i.kind for i in refining.due(on="2021-06-22", committee="DCC")] == ["deadline"]
    assert [i.kind for i in refining.due(on="2021-06-22", committee="OPSG")] == ["action"]


def _meeting_id(gf: Govflow, number: int) -> int:
    with gf.engine.connect() as conn:
        return int(
            conn.exec_driver_sql("SELECT id FROM meeting WHERE number = ?"
                                 if gf.engine.dialect.name == "sqlite"
                                 else "SELECT id FROM meeting WHERE number = %s", (number,))
            .scalar_one()
        )  # fmt: skip


def test_next_meeting_gives_the_last_day_for_papers(gf: Govflow) -> None:
    gf.add_committee("TEST", "Test Committee", paper_lead_days=5)
    gf.add_meeting("TEST_1", on="2021-05-06")
    gf.add_meeting("TEST_2", on="2021-06-03")
    found = gf.next_meeting("TEST", on="2021-05-07")
    assert found.meeting.code == "TEST_2"
    assert found.papers_due == dt.date(2021, 5, 26)  # 31 May is a bank holiday


def test_next_meeting_without_a_lead_time_or_a_meeting(gf: Govflow) -> None:
    gf.add_meeting("CSC_38", on="2021-05-25")
    assert gf.next_meeting("CSC", on="2021-05-01").papers_due is None
    with pytest.raises(NotFound, match="no meeting on or after"):
        gf.next_meeting("CSC", on="2021-06-01")


def test_show_carries_open_deadlines(refining: Govflow) -> None:
    refining.record("MP947", "preliminary_assessment_requested", on="2021-06-21")
    assert [d.what for d in refining.proposal("MP947").deadlines] == [
        "DCC Preliminary Assessment requested"
    ]
