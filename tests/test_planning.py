"""The planner (govflow.planning), pure: dates worked out by hand on fictional proposals (MP9xx,
invented for these tests), across the Christmas 2021 bank holidays (27 and 28 December) and
New Year's (3 January 2022)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from govflow.errors import InvalidInput, NotFound, TransitionNotAllowed
from govflow.model import Event
from govflow.planning.cadence import parse_cadence
from govflow.planning.plan import plan
from govflow.planning.timetable import CommitteeTimes, Release, Timetable
from govflow.planning.whatif import parse_what_if
from govflow.workflow.replay import replay
from govflow.workflow.state import ProposalState
from tests.rules_kit import rules_of

D = dt.date
RULES = rules_of()
OPENED = D(2021, 12, 8)  # the Refinement Consultation opens: 15 WD end on 30 December 2021


def _history(path: str | None) -> ProposalState:
    """Fictional MP901: raised 1 September 2021, in Refinement from 1 October, its Refinement
    Consultation opened on 8 December 2021. Without a path (``None``) it is planned on the same
    history with its route cleared (the Panel's start_refinement needs one on record)."""
    payload = {"workflow_version": 1, "reference": "MP901", "title": "Fictional"}
    events = [
        Event(seq=1, kind="raised", to_stage="initial_consideration", occurred_on=D(2021, 9, 1),
              payload={**payload, "path": path or "3"}),
        Event(seq=2, kind="transition", trigger="start_refinement",
              from_stage="initial_consideration", to_stage="refinement",
              occurred_on=D(2021, 10, 1)),
        Event(seq=3, kind="milestone", milestone="refinement_consultation_opened",
              occurred_on=OPENED),
    ]  # fmt: skip
    state = replay(RULES, events)
    return state if path is not None else dataclasses.replace(state, path=None)


def _timetable(**changes: object) -> Timetable:
    """PANEL papers 6 WD ahead, meetings on record 7 and 21 January and 18 February 2022; CB
    papers 5 WD ahead, one meeting on record (26 January 2022), then monthly on the 4th
    Wednesday; releases June 2022 (30 June, fictional day) and 3 November 2022."""
    base = Timetable(
        RULES.calendar,
        {"PANEL": CommitteeTimes("PANEL", 6),
         "CB": CommitteeTimes("CB", 5, parse_cadence("monthly 4th Wednesday"))},
        {"PANEL": [(D(2022, 1, 7), "PANEL_101"), (D(2022, 1, 21), "PANEL_102"),
                   (D(2022, 2, 18), "PANEL_103")],
         "CB": [(D(2022, 1, 26), "CB_70")]},
        [Release("June 2022", D(2022, 6, 30)), Release("November 2022", D(2022, 11, 3))],
    )  # fmt: skip
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def _dates(route_steps: object) -> list[tuple[str, dt.date | None]]:
    return [(s.name, s.earliest) for s in route_steps]  # type: ignore[attr-defined]


def test_a_path_3_proposal_in_refinement_is_planned_to_its_release() -> None:
    found = plan(RULES, _history("3"), OPENED, _timetable())
    (route,) = found.routes
    assert route.path == "3" and not route.path_assumed and route.stops is None
    assert _dates(route.steps) == [
        ("refinement_consultation_closed", D(2021, 12, 30)),  # 15 WD across 27-28 December
        ("send_to_report", D(2022, 1, 21)),  # PANEL_101's papers were due 29 December: missed
        ("mrc_opened", D(2022, 1, 21)),
        ("mrc_closed", D(2022, 2, 10)),
        ("send_to_change_board", D(2022, 2, 18)),  # papers by 10 February: just reachable
        ("approve", D(2022, 3, 23)),  # CB's cadence: 23 February's papers were due 16 February
        ("implement", D(2022, 11, 3)),  # June 2022's scope fixed on 30 December 2021
    ]
    closed, to_report, mrc_opened, mrc_closed, to_cb, approve, implement = route.steps
    # each reason worked by hand: 15 WD count the day a window opens; 6 (PANEL) and 5 (CB)
    # working days of papers before a meeting
    assert [s.reason for s in route.steps] == [
        "the Refinement Consultation opened (15 WD from 2021-12-08) ends on 2021-12-30",
        "ready on 2021-12-30; then the first planned meeting of SEC Panel whose paper deadline "
        "(2022-01-13) is still reachable: PANEL_102 on 2022-01-21",
        "ready on 2022-01-21",
        "the Modification Report Consultation opened (15 WD from 2022-01-21) ends on 2022-02-10",
        "ready on 2022-02-10; then the first planned meeting of SEC Panel whose paper deadline "
        "(2022-02-10) is still reachable: PANEL_103 on 2022-02-18",
        "ready on 2022-02-18; then assumed from Change Board's cadence (no meeting on record): the "
        "first whose papers can still go, on 2022-03-23 (papers by 2022-03-16)",
        "the Path 3 appeal window (15 WD from 2022-03-23) runs until 2022-04-12; then the first "
        "release whose scope is still open: November 2022 on 2022-11-03 (assumed: its scope is "
        "fixed 6 months ahead, on 2022-05-03)",
    ]
    assert to_report.meeting == "PANEL_102" and to_cb.meeting == "PANEL_103"
    assert mrc_opened.meeting is None and mrc_closed.meeting is None
    assert not to_cb.assumed and closed.ready == D(2021, 12, 30)
    assert approve.decision and approve.assumed and approve.meeting == "CB@2022-03-23"
    assert implement.implementation and implement.release == "November 2022"


def test_a_meeting_whose_papers_are_due_on_the_ready_day_takes_the_step() -> None:
    # PANEL_101 on 7 January 2022 with 5 WD of papers: due 30 December (3 January is a holiday)
    tt = _timetable(committees={**_timetable().committees, "PANEL": CommitteeTimes("PANEL", 5)})
    (route,) = plan(RULES, _history("3"), OPENED, tt).routes
    assert route.steps[1].meeting == "PANEL_101"
    assert "paper deadline (2021-12-30)" in route.steps[1].reason


def test_a_path_2_proposal_ends_at_the_authority_with_no_date() -> None:
    (route,) = plan(RULES, _history("2"), OPENED, _timetable()).routes
    names = [s.name for s in route.steps]
    assert names[-3:] == ["recommend", "approve", "implement"]
    recommend, approve, implement = route.steps[-3:]
    assert recommend.earliest == D(2022, 3, 23) and not recommend.decision
    assert approve.decision and approve.earliest is None
    assert "no meeting of the Authority (Ofgem) is on record" in approve.reason
    assert implement.earliest is None
    assert "follows The Authority (Ofgem) approved, which has no date" in implement.reason


def test_a_proposal_without_a_path_is_planned_along_each_route_that_fits() -> None:
    found = plan(RULES, _history(None), OPENED, _timetable())
    assert [(r.path, r.path_assumed) for r in found.routes] == [("1", True), ("2", True),
                                                                ("3", True)]  # fmt: skip
    assert found.routes[2].implementation.earliest == D(2022, 11, 3)  # type: ignore[union-attr]


def test_a_target_release_out_of_reach_names_the_step_that_makes_it_late() -> None:
    found = plan(RULES, _history("3"), OPENED, _timetable(), targets=["June 2022", "November 2022"])
    june, november = found.targets
    assert november.reachable is True
    assert june.reachable is False and june.late_step == "approve"
    assert june.late_by == RULES.calendar.working_days_between(D(2021, 12, 30), D(2022, 3, 23))
    assert (
        "comes after June 2022's scope is fixed (assumed: its scope is fixed 6 months ahead, "
        "on 2021-12-30)" in june.why
    )


def test_a_what_if_moves_the_target_release_out_of_reach() -> None:
    state = _history("3")
    panel = CommitteeTimes("PANEL", 6, parse_cadence("monthly 3rd Friday"))
    tt = _timetable(releases=[Release("November 2022", D(2022, 11, 3))],
                    committees={**_timetable().committees, "PANEL": panel})  # fmt: skip
    before = plan(RULES, state, OPENED, tt, targets=["November 2022"])
    assert before.targets[0].reachable is True
    later = [("refinement_consultation_closed", D(2022, 6, 1))]
    after = plan(RULES, state, OPENED, tt, what_ifs=later, targets=["November 2022"])
    assert after.assumed == ("refinement_consultation_closed on 2022-06-01",)
    assert after.start == D(2022, 6, 1)
    check = after.targets[0]
    assert check.reachable is False and check.late_step == "approve"
    assert after.routes[0].steps[0].earliest == D(2022, 6, 17)  # send_to_report
    assert after.routes[0].steps[0].assumed  # the Panel of 17 June 2022 is from its cadence
    assert state.milestones[-1] == "refinement_consultation_opened"  # the state is untouched


def test_a_what_if_the_rules_refuse_is_refused_with_their_reason() -> None:
    with pytest.raises(TransitionNotAllowed, match="Refinement Consultation has not closed"):
        plan(
            RULES,
            _history("3"),
            OPENED,
            _timetable(),
            what_ifs=[("send_to_report", D(2022, 1, 21))],
        )
    with pytest.raises(InvalidInput, match="comes before"):
        plan(RULES, _history("3"), OPENED, _timetable(),
             what_ifs=[("refinement_consultation_closed", D(2021, 12, 1))])  # fmt: skip


def test_a_release_target_not_on_record_is_named() -> None:
    with pytest.raises(NotFound, match="no release named 'June 2099'"):
        plan(RULES, _history("3"), OPENED, _timetable(), targets=["June 2099"])


def test_a_committee_with_no_meeting_and_no_cadence_stops_the_dates_not_the_steps() -> None:
    tt = _timetable(meetings={"PANEL": [(D(2022, 1, 21), "PANEL_102")]})
    (route,) = plan(RULES, _history("3"), OPENED, tt).routes
    assert route.steps[4].name == "send_to_change_board" and route.steps[4].earliest is None
    assert all(s.earliest is None for s in route.steps[4:])
    found = plan(RULES, _history("3"), OPENED, tt, targets=["June 2022"])
    (june,) = found.targets  # ready on 10 February, but no date: it cannot be judged
    assert june.reachable is None and "no date to judge by" in june.why


def test_a_terminal_proposal_has_nothing_planned() -> None:
    state = dataclasses.replace(_history("3"), stage="withdrawn")
    found = plan(RULES, state, OPENED, _timetable())
    assert found.terminal and found.routes == ()


@pytest.mark.parametrize(
    ("text", "after", "first"),
    [
        ("monthly 4th Wednesday", D(2022, 1, 26), D(2022, 2, 23)),
        ("monthly last friday", D(2022, 4, 1), D(2022, 4, 29)),
        ("weekly Tuesday", D(2021, 12, 21), D(2021, 12, 29)),  # 28 December is a bank holiday
        ("Monthly 1st Monday", D(2022, 4, 4), D(2022, 5, 3)),  # 2 May 2022 is a bank holiday
    ],
    ids=["nth", "last", "weekly-holiday", "monthly-holiday"],
)
def test_a_cadence_gives_working_days(text: str, after: dt.date, first: dt.date) -> None:
    assert next(parse_cadence(text).dates(after, RULES.calendar)) == first


@pytest.mark.parametrize("text", ["fortnightly Monday", "monthly 5th Monday", "weekly Someday", ""])
def test_a_cadence_that_cannot_be_read_is_refused_with_the_forms(text: str) -> None:
    with pytest.raises(InvalidInput, match="monthly 4th Wednesday"):
        parse_cadence(text)


def test_a_what_if_is_read_as_a_name_on_a_date() -> None:
    assert parse_what_if("send_to_report on 16 July 2021") == ("send_to_report", D(2021, 7, 16))
    with pytest.raises(InvalidInput, match="send_to_report on 16 July 2021"):
        parse_what_if("send_to_report 16 July")
