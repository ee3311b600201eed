"""Calendars: open deadlines, actions and meetings as iCalendar events (exporters/to_ics.py),
from the library and from ``govflow due --ics``. Every record here is fictional (MP9xx, 9xx).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar
from typer.testing import Result

from govflow.service import Govflow


@pytest.fixture
def record(gf: Govflow) -> Govflow:
    gf.add_meeting("PANEL_960", on="2031-03-21", status="planned", start_time="10:00",
                   end_time="12:30")  # fmt: skip
    gf.add_meeting("CSC_960", on="2031-03-25", status="planned")
    gf.raise_proposal("MP960", title="Firmware retry limits (fictional)", on="2031-01-06", path=3)
    gf.advance("MP960", "start_refinement", on="2031-01-10")
    gf.record("MP960", "preliminary_assessment_requested", on="2031-01-13")
    gf.add_action("PANEL_960", "SECAS to circulate the plan \x1b[31m(fictional)", due="2031-04-04",
                  party="SECAS")  # fmt: skip
    return gf


def _events(data: bytes) -> dict[str, Any]:
    cal = Calendar.from_ical(data)
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_deadlines_actions_and_meetings_are_events_with_stable_uids(record: Govflow) -> None:
    events = _events(record.export_calendar(on="2031-01-14"))
    deadline = next(e for uid, e in events.items() if uid.startswith("deadline-"))
    assert str(deadline["SUMMARY"]).startswith("MP960: ")
    assert deadline.decoded("DTEND") - deadline.decoded("DTSTART") == dt.timedelta(days=1)
    action = next(e for uid, e in events.items() if uid.startswith("action-"))
    assert action.decoded("DTSTART") == dt.date(2031, 4, 4)
    assert "\x1b" not in str(action["SUMMARY"]) and "\\x1b" in str(action["SUMMARY"])
    assert "Who: SECAS" in str(action["DESCRIPTION"])
    assert set(events) >= {"meeting-PANEL_960@govflow", "meeting-CSC_960@govflow"}
    again = _events(record.export_calendar(on="2031-01-14"))
    assert set(again) == set(events)


def test_a_meeting_with_times_is_timed_in_london_else_all_day(record: Govflow) -> None:
    events = _events(record.export_calendar(on="2031-01-14"))
    panel = events["meeting-PANEL_960@govflow"]
    start = panel.decoded("DTSTART")
    assert (start.hour, start.minute, start.utcoffset()) == (10, 0, dt.timedelta(0))
    assert panel.decoded("DTEND").hour == 12
    assert "TZID=Europe/London" in record.export_calendar(on="2031-01-14").decode()
    assert events["meeting-CSC_960@govflow"].decoded("DTSTART") == dt.date(2031, 3, 25)


def test_the_committee_filter_keeps_its_meetings_only(record: Govflow) -> None:
    uids = set(_events(record.export_calendar(on="2031-01-14", committee="CSC")))
    assert "meeting-CSC_960@govflow" in uids
    assert not any(u.startswith(("meeting-PANEL", "action-")) for u in uids)


def test_due_ics_writes_the_file(
    record: Govflow, cli: Callable[..., Result], tmp_path: Path
) -> None:
    out = tmp_path / "due.ics"
    result = cli("due", "--on", "2031-01-14", "--ics", str(out))
    assert result.exit_code == 0, result.output
    assert "Calendar written to" in result.stderr
    assert "meeting-PANEL_960@govflow" in _events(out.read_bytes())
    to_stdout = cli("due", "--ics", "-")
    assert to_stdout.exit_code == 0 and to_stdout.stdout.startswith("BEGIN:VCALENDAR")
