"""Calendars: open deadlines, open actions and meetings as iCalendar (RFC 5545) events.

A secretariat subscribes to ``/calendar.ics`` from Outlook, or writes the file with ``govflow
due --ics FILE``. Deadlines and actions are all-day events on the day they fall due; a meeting
is timed when the minutes gave its start (Europe/London, with the time zone written into the
file), else all-day. Each event's UID is stable (``deadline-12@govflow``), so a calendar that
subscribes updates its events rather than adding them again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from govflow import __version__
from govflow.errors import GovflowError
from govflow.records.deadlines import Deadlines
from govflow.records.meetings import Meetings
from govflow.safe_text import escape_controls
from govflow.views import DueItem, MeetingView

if TYPE_CHECKING:
    from icalendar import Event

LONDON = ZoneInfo("Europe/London")


def _all_day(event: Event, day: dt.date) -> None:
    event.add("dtstart", day)
    event.add("dtend", day + dt.timedelta(days=1))


def _due_event(item: DueItem, stamp: dt.datetime) -> Event:
    from icalendar import Event

    event = Event()
    event.add("uid", f"{item.kind}-{item.id}@govflow")
    event.add("dtstamp", stamp)
    whose = item.reference or (f"{item.meeting} item {item.item}" if item.item else item.meeting)
    kind = "due" if item.kind == "deadline" else "action"
    event.add("summary", escape_controls(f"{whose}: {item.what} ({kind})"))
    _all_day(event, item.due_on)
    lines = [f"{item.kind.capitalize()}: {item.what}", f"Status: {item.left_text()}"]
    if item.party:
        lines.append(f"Who: {item.party}")
    if item.opened_on:
        lines.append(f"Opened: {item.opened_on.isoformat()}")
    event.add("description", escape_controls("\n".join(lines), keep="\n"))
    event.add("categories", [item.kind])
    return event


def _meeting_event(meeting: MeetingView, stamp: dt.datetime) -> Event:
    from icalendar import Event

    event = Event()
    event.add("uid", f"meeting-{meeting.code}@govflow")
    event.add("dtstamp", stamp)
    event.add("summary", f"{meeting.code} ({meeting.status})")
    start, end = _clock(meeting.start_time), _clock(meeting.end_time)
    if start is None:
        _all_day(event, meeting.date)
    else:
        event.add("dtstart", dt.datetime.combine(meeting.date, start, LONDON))
        if end is not None and end > start:
            event.add("dtend", dt.datetime.combine(meeting.date, end, LONDON))
    event.add("categories", ["meeting", meeting.committee])
    return event


def _clock(text: str | None) -> dt.time | None:
    try:
        return dt.time.fromisoformat(text) if text else None
    except ValueError:  # a time the minutes wrote some other way: the meeting is all-day
        return None


def calendar_bytes(
    items: Sequence[DueItem], meetings: Sequence[MeetingView], stamp: dt.datetime
) -> bytes:
    """The iCalendar file: one event per deadline, action and meeting."""
    try:  # the web extra's: the library works without it
        from icalendar import Calendar
    except ImportError:
        raise GovflowError(
            "calendars need the icalendar package: pip install 'govflow[web]'"
        ) from None
    cal = Calendar()
    cal.add("prodid", f"-//govflow//govflow {__version__}//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "govflow: deadlines, actions and meetings")
    for item in items:
        cal.add_component(_due_event(item, stamp))
    for meeting in meetings:
        cal.add_component(_meeting_event(meeting, stamp))
    cal.add_missing_timezones()
    data: bytes = cal.to_ical()
    return data


class CalendarExport:
    """The calendar use case: what is due and the meetings, read and written as iCalendar."""

    def __init__(self, deadlines: Deadlines, meetings: Meetings) -> None:
        self._deadlines = deadlines
        self._meetings = meetings

    def calendar(
        self,
        *,
        on: str | dt.date | None = None,
        within: int | None = None,
        overdue: bool = False,
        committee: str | None = None,
    ) -> bytes:
        """Open deadlines and actions (filtered as :meth:`due` filters them) and the meetings
        (of ``committee``, or all) as an iCalendar file."""
        items = self._deadlines.due(on=on, within=within, overdue=overdue, committee=committee)
        meetings = self._meetings.meetings(committee)
        return calendar_bytes(items, meetings, dt.datetime.now(dt.UTC).replace(microsecond=0))
