"""``Govflow.plan`` and ``plan_portfolio`` over a database: the record's timetable, as of a day,
what-if steps never written, a backtest against the history that followed (fictional MP902)."""

from __future__ import annotations

import datetime as dt

import pytest

from govflow import demo
from govflow.errors import InvalidInput, TransitionNotAllowed
from govflow.service import Govflow
from tests.plan_kit import as_it_happened, in_refinement, timetable

D = dt.date


@pytest.fixture
def planned(gf: Govflow) -> Govflow:
    timetable(gf)
    in_refinement(gf)
    return gf


def _dates(gf: Govflow, **how: object) -> list[tuple[str, dt.date | None]]:
    (route,) = gf.plan("MP902", **how).routes
    return [(s.name, s.earliest) for s in route.steps]


EXPECTED = [
    ("refinement_consultation_closed", D(2021, 12, 30)),
    ("send_to_report", D(2022, 1, 21)),
    ("mrc_opened", D(2022, 1, 21)),
    ("mrc_closed", D(2022, 2, 10)),
    ("send_to_change_board", D(2022, 2, 18)),
    ("approve", D(2022, 3, 23)),
    ("implement", D(2022, 11, 3)),
]


def test_a_plan_reads_the_record_timetable(planned: Govflow) -> None:
    assert _dates(planned, today="2021-12-08") == EXPECTED
    found = planned.plan("MP902", today="2021-12-08", target=["November 2022", "June 2022"])
    assert found.reference == "MP902" and found.stage == "refinement"
    november, june = found.targets
    assert november.reachable is True and june.reachable is False
    assert june.late_step == "approve"
    approve = found.routes[0].steps[5]
    assert approve.assumed and approve.meeting == "CB@2022-03-23"


def test_a_closure_on_record_moves_windows_and_paper_deadlines(gf: Govflow) -> None:
    gf.add_closure("2021-12-29", "2022-01-04", note="fictional shutdown")
    timetable(gf)
    in_refinement(gf)
    (route,) = gf.plan("MP902", today="2021-12-08").routes
    closed, to_report = route.steps[:2]
    assert closed.earliest == D(2022, 1, 6)  # 29-31 December and 4 January closed too
    assert to_report.meeting == "PANEL_102"  # PANEL_101's papers were due on 21 December
    assert "paper deadline (2022-01-13)" in to_report.reason


def test_a_what_if_is_planned_from_and_never_written(planned: Govflow) -> None:
    before = planned.history("MP902")
    found = planned.plan("MP902", today="2021-12-08",
                         assume=["refinement_consultation_closed on 30 December 2021",
                                 "send_to_report on 18 February 2022"])  # fmt: skip
    assert found.stage == "report" and found.start == D(2022, 2, 18)
    assert found.routes[0].steps[0].name == "mrc_opened"
    assert planned.history("MP902") == before
    assert planned.proposal("MP902").stage == "refinement"
    with pytest.raises(TransitionNotAllowed, match="has not closed"):
        planned.plan("MP902", today="2021-12-08", assume=["send_to_report on 18 February 2022"])
    with pytest.raises(InvalidInput, match="not a what-if step"):
        planned.plan("MP902", today="2021-12-08", assume=["send_to_report"])


def test_a_plan_as_of_a_past_day_gives_the_dates_the_history_then_records(
    planned: Govflow,
) -> None:
    as_it_happened(planned)
    found = planned.plan("MP902", as_of="2021-12-08")
    assert found.as_of == D(2021, 12, 8) and found.stage == "refinement"
    dates = [(s.name, s.earliest) for s in found.routes[0].steps]
    assert dates == EXPECTED
    recorded = {e.trigger or e.milestone: e.occurred_on for e in planned.history("MP902")}
    assert all(recorded[name] == on for name, on in dates if name in recorded)
    approve = found.routes[0].steps[5]
    assert approve.meeting == "CB_72" and not approve.assumed  # on record now
    now = planned.plan("MP902", today="2022-03-23")
    assert [s.name for s in now.routes[0].steps] == ["implement"]


def test_a_plan_as_of_each_day_of_the_history_gives_the_dates_it_then_records(
    planned: Govflow,
) -> None:
    """Backtests from every day MP902's history records something after 8 December 2021 (the
    consultation closing, the Panel sending it to the Report Phase, the MRC closing, the Panel
    sending it to the Change Board, the approval): each plan gives the dates recorded since."""
    as_it_happened(planned)
    recorded = {e.trigger or e.milestone: e.occurred_on for e in planned.history("MP902")}
    days = sorted({on for on in recorded.values() if on >= D(2021, 12, 8)})
    assert len(days) == 6
    for day in days:
        (route,) = planned.plan("MP902", as_of=day).routes
        later = [(s.name, s.earliest) for s in route.steps if s.name in recorded]
        assert later == [(n, on) for n, on in EXPECTED if on > day and n in recorded], day
        assert route.steps[-1].name == "implement" and route.steps[-1].earliest == D(2022, 11, 3)


def test_a_plan_from_what_was_known_on_a_day(planned: Govflow) -> None:
    today = dt.datetime.now(dt.UTC).date().isoformat()
    found = planned.plan("MP902", as_of="2021-10-01", known_on=today)
    assert found.routes[0].steps[0].name == "refinement_consultation_opened"
    with pytest.raises(InvalidInput, match="needs the day"):
        planned.plan("MP902", known_on=today)


def test_a_path_2_proposal_ends_at_the_authority_without_a_date(gf: Govflow) -> None:
    timetable(gf)
    in_refinement(gf, path=2)
    (route,) = gf.plan("MP902", today="2021-12-08").routes
    approve = next(s for s in route.steps if s.decision)
    assert approve.earliest is None and "the Authority (Ofgem)" in approve.reason


def test_a_portfolio_line_per_open_proposal(planned: Govflow) -> None:
    lines = planned.plan_portfolio(today="2021-12-08")
    assert [line.reference for line in lines] == ["MP902", "MP903"]
    mp902, mp903 = lines
    assert mp902.next_step == "refinement_consultation_closed"
    assert mp902.next_on == D(2021, 12, 30) and mp902.live_on == D(2022, 11, 3)
    assert mp902.target is None and mp902.at_risk is None
    assert mp903.target == "November 2022" and mp903.at_risk is False


def test_a_window_opened_in_a_month_known_only_as_a_month_gives_an_interval(gf: Govflow) -> None:
    timetable(gf)
    gf.add_meeting("PANEL_100", on="2021-12-17", status="planned")  # papers by 9 December
    gf.raise_proposal("MP902", title="Fictional plan", on="2021-09-01", path=3)
    gf.advance("MP902", "start_refinement", on="2021-10-01")
    gf.record("MP902", "refinement_consultation_opened", on="November 2021")  # the 30th, as kept
    (route,) = gf.plan("MP902", today="2021-11-30").routes
    closed, to_report = route.steps[:2]
    # from 1 November: 15 WD end on 19 November, before the plan's first day (30 November, the
    # month's last, where the record keeps the event); from 30 November: on 20 December
    assert (closed.earliest, closed.latest) == (D(2021, 11, 30), D(2021, 12, 20))
    assert (to_report.earliest, to_report.latest) == (D(2021, 12, 17), D(2022, 1, 7))
    assert route.steps[-1].latest is None  # both ends go live in November 2022


def test_a_portfolio_of_ten_plans_the_open_ones_and_marks_those_at_risk(planned: Govflow) -> None:
    gf = planned  # MP902 (refinement) and MP903 (initial consideration, targeted November 2022)
    for n in (904, 905, 906):  # Path 3, in Refinement like MP902
        gf.raise_proposal(f"MP{n}", title="Fictional", on="2021-09-01", path=3)
        gf.advance(f"MP{n}", "start_refinement", on="2021-10-01")
    gf.release("MP904", "March 2022", release_date="2022-03-03", on="2021-10-01")
    gf.raise_proposal("MP907", title="Fictional, Path 2", on="2021-09-01", path=2)
    gf.raise_proposal("MP908", title="Fictional, no path yet", on="2021-09-01")
    gf.raise_proposal("MP909", title="Fictional, withdrawn", on="2021-09-01")
    gf.advance("MP909", "withdraw", on="2021-10-01")
    gf.raise_proposal("MP910", title="Fictional, approved", on="2021-09-01", path=3)
    gf.advance("MP910", "send_to_report", on="2021-09-10")
    gf.record("MP910", "mrc_opened", on="2021-09-10")
    gf.record("MP910", "mrc_closed", on="2021-10-01")
    gf.advance("MP910", "send_to_change_board", on="2021-10-08")
    gf.advance("MP910", "approve", on="2021-11-24")
    gf.raise_proposal("MP911", title="Fictional, Fast-Track", on="2021-09-01", fast_track=True)
    lines = {line.reference: line for line in gf.plan_portfolio(today="2021-12-08")}
    assert sorted(lines) == ["MP902", "MP903", "MP904", "MP905", "MP906", "MP907", "MP908",
                             "MP910", "MP911"]  # fmt: skip
    assert lines["MP904"].target == "March 2022" and lines["MP904"].at_risk is True
    assert "after March 2022 (2022-03-03)" in lines["MP904"].risk
    assert lines["MP903"].at_risk is False
    assert lines["MP907"].path == "2" and lines["MP907"].decision_on is None
    assert lines["MP908"].path is not None and lines["MP908"].path.endswith("?")
    mp910 = lines["MP910"]  # approved 24 November: the appeal window lapses on 14 December
    assert mp910.next_step == "implement" and mp910.live_on == D(2022, 6, 30)
    assert "runs until 2021-12-14" in mp910.next_reason
    assert lines["MP911"].next_step == "approve"  # the Panel decides a Fast-Track proposal
    assert mp910.decided and not lines["MP902"].decided


def test_a_decided_proposal_past_its_release_says_no_go_live_date_and_why(gf: Govflow) -> None:
    """The demo's MP902 (fictional): approved, targeted at November 2021, planned from a day
    after every release on record: at risk, and the risk says what is not known."""
    demo.build(gf)
    (line,) = [x for x in gf.plan_portfolio(today="2026-12-07") if x.reference == "MP902"]
    assert line.at_risk is True and line.decided and line.live_on is None
    assert line.risk == (
        "Pending Implementation → Implemented is ready on 2026-12-07 at the earliest, after "
        "November 2021 (2021-11-04); "
        "no go-live date can be planned: no release on record from 2026-12-07 has its scope "
        "still open"
    )


def test_a_workflow_without_a_release_move_is_planned_to_its_approval(gf: Govflow) -> None:
    gf.raise_proposal("P901", title="Fictional BSC modification", on="2021-09-01")
    (route,) = gf.plan("P901", today="2021-09-01").routes[:1]
    assert route.steps and route.steps[-1].dest == "approved" and route.steps[-1].decision
