"""Every renderer is safe on any date a database can hold (year 1 to 9999): a proposal's page,
its timeline exports, the static site and the calendar; and a site whose page fails to render
still writes every other page and reports the one it could not.

Every record here is fictional (MP9xx/DP9xx, meetings numbered 9xx).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from govflow.errors import GovflowError
from govflow.exporters.svg_timeline import timeline_svg
from govflow.service import Govflow
from govflow.views import EventView
from govflow.web import site
from govflow.web.links import Links
from govflow.web.proposal_page import render_proposal, timeline_picture
from tests.histories import add_meeting_unjudged, raise_unjudged

EDGES = [dt.date.max, dt.date.min, dt.date(9999, 12, 1)]


def _event(seq: int, on: dt.date, to_stage: str | None, milestone: str | None = None) -> EventView:
    return EventView(
        seq=seq, kind="raised" if seq == 1 else "milestone", trigger=None, milestone=milestone,
        from_stage=None, to_stage=to_stage, occurred_on=on, until=None,
        recorded_at=dt.datetime(2021, 1, 1, tzinfo=dt.UTC), meeting="PANEL_990", item=None,
        item_title=None, committee="PANEL", body=None, actor=None, note=None, payload={},
        corrects_seq=None, prev_hash="", hash="",
    )  # fmt: skip


@pytest.mark.parametrize("day", EDGES, ids=["max", "min", "last-month"])
def test_the_timeline_picture_draws_a_life_at_either_end_of_time(gf: Govflow, day: dt.date) -> None:
    wf = gf.registry.get("sec-modification")
    events = [_event(1, day, "initial_consideration"), _event(2, day, None, "presented")]
    for today in (dt.date(2021, 5, 1), day):
        svg = str(timeline_picture(events, wf, today))
        xs = [float(x) for x in re.findall(r' x="(-?[0-9.]+)"', svg)]
        assert xs and all(-50 < x < 1200 for x in xs)


def test_a_life_of_millennia_gets_a_few_year_ticks_not_one_a_month(gf: Govflow) -> None:
    wf = gf.registry.get("sec-modification")
    events = [_event(1, dt.date(2021, 1, 4), "initial_consideration"),
              _event(2, dt.date.max, None, "presented")]  # fmt: skip
    svg = str(timeline_picture(events, wf, dt.date(2021, 1, 4)))
    assert 5 < svg.count('class="year"') <= 40 and 'class="month">Feb' not in svg
    assert timeline_svg  # the writer the page and the HTML export share


@pytest.fixture
def far(gf: Govflow) -> Govflow:
    """A proposal raised on the last day Python has, and a meeting on it (what a database may
    hold, whatever the checks where dates are entered)."""
    raise_unjudged(gf, "MP990", "Raised at the end of time (fictional)", dt.date.max)
    raise_unjudged(gf, "SECMP0991", "Raised at the start of time (fictional)", dt.date.min)
    add_meeting_unjudged(gf, "PANEL", 990, dt.date.max)
    return gf


def test_far_proposals_have_pages_timelines_and_a_calendar(far: Govflow) -> None:
    for reference in ("MP990", "SECMP0991"):
        assert '<svg class="timeline"' in render_proposal(far, reference, Links())
        for fmt in ("html", "md", "csv"):
            out = io.StringIO()
            far.export_timeline(out, fmt, reference)
            assert reference in out.getvalue()
    assert b"DTSTART;VALUE=DATE:99991231" in far.export_calendar()


def test_the_site_of_a_far_record_is_written_whole(far: Govflow, tmp_path: Path) -> None:
    report = site.write_site(far, tmp_path / "site")
    assert report.failed == ()
    assert (tmp_path / "site" / "proposals" / "MP990.html").is_file()
    portfolio = (tmp_path / "site" / "portfolio.html").read_text()
    assert "No plan can be made" not in portfolio and "SECMP0991" in portfolio


def test_the_planner_stops_a_route_at_a_day_beyond_the_calendars_years(far: Govflow) -> None:
    """The plan itself says where it stops and why; the pages show it, catching nothing."""
    plan = far.plan("SECMP0991", today="2021-12-08")  # its Panel meets only on 9999-12-31
    # Paths 2 and 3 wait for the Modification Report Consultation, counted in working days that
    # the calendar cannot count in 9999; Path 1 goes to the Authority at the Panel's meeting
    # without it, and the Authority's decision is not dated (no cadence).
    undatable = {r.path for r in plan.routes if r.undatable}
    assert undatable == {"2", "3"}
    route = next(r for r in plan.routes if r.path == "2")
    assert route.steps[0].name == "send_to_report"
    assert route.steps[0].earliest == dt.date.max
    said = "Modification Report Consultation opened (mrc_opened) cannot be dated: "
    assert route.stops is not None and route.stops.startswith(said)
    assert "1872-2100" in route.stops
    page = render_proposal(far, "SECMP0991", Links())
    assert f"The plan stops: {said}" in page


def test_a_proposal_raised_after_the_day_planned_from_says_so(
    far: Govflow, cli: Callable[..., Result]
) -> None:
    """MP990 is raised in 9999: a plan from 2021 says when it is raised, not that no transition
    leads from a stage it has not got."""
    (route,) = far.plan("MP990", today="2021-12-08").routes
    why = ("MP990 is raised on 9999-12-31, after the day planned from (2021-12-08): nothing can "
           "be planned for it before then")  # fmt: skip
    assert route.stops == why and not route.steps
    page = render_proposal(far, "MP990", Links())
    assert "No transition" not in page and "Nothing left to plan" not in page
    assert "MP990 is raised on" in page
    result = cli("plan", "MP990", "--on", "2021-12-08")
    assert "MP990 (not raised yet)" in result.stdout and why in result.stdout


def test_a_page_that_fails_leaves_the_others_written_and_is_reported(
    far: Govflow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    cli: Callable[..., Result],
) -> None:  # fmt: skip
    real = site.render_proposal

    def fails_for_mp990(gf: Govflow, reference: str, links: Links) -> str:
        if reference == "MP990":
            raise GovflowError("a renderer broke (simulated)")
        return real(gf, reference, links)

    monkeypatch.setattr(site, "render_proposal", fails_for_mp990)
    report = site.write_site(far, tmp_path / "site")
    assert report.failed == (
        ("proposals/MP990.html", "GovflowError: a renderer broke (simulated)"),
    )
    folder = tmp_path / "site"
    assert "could not be written" in (folder / "proposals" / "MP990.html").read_text()
    assert "SECMP0991" in (folder / "proposals" / "SECMP0991.html").read_text()
    assert (folder / "index.html").is_file() and (folder / "calendar.ics").is_file()
    result = cli("export", "site", str(tmp_path / "again"))
    assert result.exit_code == 1
    assert "Error: proposals/MP990.html could not be written" in result.stderr
    assert "1 page of the site could not be written" in result.stderr
    assert (tmp_path / "again" / "proposals" / "SECMP0991.html").is_file()
