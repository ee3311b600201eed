"""Calendars: open deadlines, actions and meetings as iCalendar events (exporters/to_ics.py),
from the library, the server and ``govflow due --ics``. Every record here is fictional (MP9xx,
meetings numbered 9xx).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar
from sqlalchemy import text
from typer.testing import Result

import govflow
from govflow.service import Govflow
from tests.histories import add_meeting_unjudged


@pytest.fixture
def record(gf: Govflow) -> Govflow:
    gf.add_meeting("PANEL_960", on="2031-03-21", status="planned", start_time="10:00",
                   end_time="12:30")  # fmt: skip
    gf.add_meeting("CSC", on="2031-03-25", status="planned")  # no number yet
    gf.raise_proposal("MP960", title="Firmware retry limits (fictional)", on="2031-01-06", path=3)
    gf.advance("MP960", "start_refinement", on="2031-01-10")
    gf.record("MP960", "preliminary_assessment_requested", on="2031-01-13")
    gf.record("MP960", "refinement_consultation_opened", on="2031-01-14")
    gf.add_action("PANEL_960", "SECAS to circulate the plan \x1b[31m(fictional)", due="2031-04-04",
                  party="SECAS")  # fmt: skip
    return gf


def _events(data: bytes) -> list[Any]:
    return list(Calendar.from_ical(data).walk("VEVENT"))


def _identity(gf: Govflow) -> str:
    with gf.engine.connect() as conn:
        found = conn.execute(text("SELECT value FROM setting WHERE key = 'database_id'")).scalar()
    assert found
    return str(found)


def _summaries(data: bytes) -> dict[str, Any]:
    return {str(e["SUMMARY"]): e for e in _events(data)}


def test_a_deadline_says_what_falls_due_with_the_title_and_a_link(record: Govflow) -> None:
    data = record.export_calendar(on="2031-01-15", base_url="https://register.example/")
    events = _summaries(data)
    title = "MP960 Firmware retry limits (fictional)"
    assert f"{title}: DCC Preliminary Assessment received (expected)" in events
    consultation = events[f"{title}: Refinement Consultation closed (expected)"]
    assert str(consultation["URL"]) == "https://register.example/proposals/MP960"
    description = str(consultation["DESCRIPTION"])
    assert "Opened by: Refinement Consultation opened on 2031-01-14" in description
    assert "https://register.example/proposals/MP960" in description
    assert not [s for s in events if "opened (due)" in s]
    assert consultation.decoded("DTEND") - consultation.decoded("DTSTART") == dt.timedelta(days=1)


def test_actions_and_meetings_are_events_and_text_is_defused(record: Govflow) -> None:
    events = _events(record.export_calendar(on="2031-01-15"))
    action = next(e for e in events if "action" in str(e["UID"]))
    assert action.decoded("DTSTART") == dt.date(2031, 4, 4)
    assert "\x1b" not in str(action["SUMMARY"]) and "\\x1b" in str(action["SUMMARY"])
    assert "Who: SECAS" in str(action["DESCRIPTION"]) and "URL" not in action
    assert {str(e["SUMMARY"]) for e in events} >= {
        "PANEL_960 (planned)",
        "CSC@2031-03-25 (planned)",
    }


def test_uids_hold_the_databases_identity_and_what_the_event_is(record: Govflow) -> None:
    identity = _identity(record)
    uids = {str(e["UID"]) for e in _events(record.export_calendar(on="2031-01-15"))}
    assert all(uid.endswith(f"@{identity}.govflow") for uid in uids)
    assert (f"deadline-SEC-960-milestone-refinement_consultation_opened-4@{identity}.govflow"
            in uids)  # fmt: skip
    assert uids == {str(e["UID"]) for e in _events(record.export_calendar(on="2031-01-15"))}


def test_two_databases_never_share_a_uid(record: Govflow, tmp_path: Path) -> None:
    with govflow.open_db(f"sqlite:///{tmp_path / 'other.db'}") as other:
        other.add_meeting("PANEL_960", on="2031-03-21")
        ours = {str(e["UID"]) for e in _events(record.export_calendar(on="2031-01-15"))}
        theirs = {str(e["UID"]) for e in _events(other.export_calendar(on="2031-01-15"))}
    assert theirs and not ours & theirs


def test_a_planned_meeting_keeps_its_uid_when_it_gets_its_number(record: Govflow) -> None:
    def csc() -> Any:
        events = _events(record.export_calendar(on="2031-01-15", committee="CSC"))
        return next(e for e in events if "meeting" in str(e["CATEGORIES"].to_ical()))

    before = csc()
    record.set_meeting("CSC@2031-03-25", number=961)
    after = csc()
    assert str(after["SUMMARY"]) == "CSC_961 (planned)"
    assert str(after["UID"]) == str(before["UID"])


def test_a_deadline_keeps_its_uid_when_its_history_is_replayed(record: Govflow) -> None:
    def uid() -> str:
        events = _events(record.export_calendar(on="2031-01-15"))
        return next(str(e["UID"]) for e in events if "Refinement Consultation" in str(e["SUMMARY"]))

    before = uid()
    record.record("MP960", "working_group_meeting", on="2031-01-11")  # out of order: a replay
    assert uid() == before


def test_a_meeting_with_times_is_timed_in_london_else_all_day(record: Govflow) -> None:
    data = record.export_calendar(on="2031-01-15")
    events = _summaries(data)
    start = events["PANEL_960 (planned)"].decoded("DTSTART")
    assert (start.hour, start.minute, start.utcoffset()) == (10, 0, dt.timedelta(0))
    assert events["PANEL_960 (planned)"].decoded("DTEND").hour == 12
    assert "TZID=Europe/London" in data.decode()
    assert events["CSC@2031-03-25 (planned)"].decoded("DTSTART") == dt.date(2031, 3, 25)


def test_the_committee_filter_keeps_its_meetings_only(record: Govflow) -> None:
    summaries = set(_summaries(record.export_calendar(on="2031-01-15", committee="CSC")))
    assert summaries == {"CSC@2031-03-25 (planned)"}


def test_a_meeting_on_the_last_day_python_has_is_an_event(gf: Govflow) -> None:
    add_meeting_unjudged(gf, "PANEL", 999, dt.date.max)  # what an older database may hold
    (event,) = _events(gf.export_calendar())
    assert event.decoded("DTSTART") == dt.date.max and "DTEND" not in event


def test_due_ics_writes_the_file_with_links_to_the_server(
    record: Govflow, cli: Callable[..., Result], tmp_path: Path
) -> None:
    out = tmp_path / "due.ics"
    result = cli("due", "--on", "2031-01-15", "--ics", str(out), "--url", "https://r.example")
    assert result.exit_code == 0, result.output
    assert "Calendar written to" in result.stderr
    urls = {str(e.get("URL")) for e in _events(out.read_bytes())}
    assert "https://r.example/meetings/PANEL_960" in urls
    to_stdout = cli("due", "--ics", "-")
    assert to_stdout.exit_code == 0 and to_stdout.stdout.startswith("BEGIN:VCALENDAR")
    refused = cli("due", "--url", "https://r.example")
    assert refused.exit_code == 2 and "--url goes with --ics" in refused.stderr
