"""Calendars: open deadlines, open actions and meetings as iCalendar (RFC 5545) events.

A secretariat subscribes to ``/calendar.ics`` from Outlook, or writes the file with ``govflow
due --ics FILE``. Deadlines and actions are all-day events on the day they fall due; a meeting
is timed when the minutes gave its start (Europe/London, with the time zone written into the
file), else all-day.

A deadline is named by what falls due (the window's own label, else the milestone or step that
closes it: "Refinement Consultation closed"), with the proposal's reference and title, and a
link to its page when the calendar knows where the pages are (``base_url``).

Each event's UID is unique worldwide and stable: it holds the database's identity (the
``database_id`` setting, migration 0015) and what the event is in terms that never change,
not a row's number: the proposal's key and the window's opening event for a deadline
(``deadline-SEC-960-milestone-refinement_consultation_opened-7@<id>.govflow``), the meeting's
row for a meeting (a planned meeting keeps its UID when it gets its number). A calendar that
subscribes updates its events rather than adding them again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote
from zoneinfo import ZoneInfo

from govflow import __version__
from govflow.errors import GovflowError
from govflow.records.calendar_facts import UNSAFE, Facts, Window, read_facts
from govflow.records.deadlines import Deadlines
from govflow.records.lookup import Lookup
from govflow.records.meetings import Meetings
from govflow.safe_text import escape_controls
from govflow.store.session import Store
from govflow.views import DueItem, MeetingView

if TYPE_CHECKING:
    from icalendar import Event

LONDON = ZoneInfo("Europe/London")


def _uid(kind: str, key: object, identity: str) -> str:
    return f"{kind}-{UNSAFE.sub('_', str(key))}@{identity}.govflow"


def _all_day(event: Event, day: dt.date) -> None:
    event.add("dtstart", day)
    if day < dt.date.max:  # an all-day event without an end lasts its one day (RFC 5545)
        event.add("dtend", day + dt.timedelta(days=1))


@dataclass(frozen=True)
class Pages:
    """Where the pages are: ``https://register.example/`` (``govflow serve``), or a static
    site's address and ``.html``."""

    base_url: str
    suffix: str = ""

    def link(self, folder: str, name: str) -> str:
        return f"{self.base_url.rstrip('/')}/{folder}/{quote(name, safe='')}{self.suffix}"


def _deadline_words(item: DueItem, window: Window | None) -> tuple[str, list[str]]:
    """A deadline's summary and description lines."""
    what = window.falls_due if window is not None else item.what
    kind = {"deadline": "due", "expected": "expected", "lapses": "lapses"}.get(item.window, "due")
    tail = "" if what.lower().endswith(kind) else f" ({kind})"
    whose = f"{item.reference} {window.title}" if window is not None else f"{item.reference}"
    lines = [whose, f"Falls due: {what}{tail}"]
    if window is not None and item.opened_on is not None:
        lines.append(f"Opened by: {window.opened_by} on {item.opened_on.isoformat()}")
    return f"{whose}: {what}{tail}", lines


def _due_event(item: DueItem, facts: Facts, stamp: dt.datetime, pages: Pages | None) -> Event:
    from icalendar import Event

    event = Event()
    event.add("dtstamp", stamp)
    if item.kind == "deadline":
        window = facts.windows.get(item.id)
        event.add("uid", _uid("deadline", window.key if window else item.id, facts.identity))
        summary, lines = _deadline_words(item, window)
        link = pages.link("proposals", item.reference or "") if pages else None
    else:
        event.add("uid", _uid("action", item.id, facts.identity))
        where = f"{item.meeting} item {item.item}" if item.item else item.meeting
        summary, lines = f"{where}: {item.what} (action)", [f"Action: {item.what}"]
        link = pages.link("meetings", item.meeting or "") if pages else None
    event.add("summary", escape_controls(summary))
    _all_day(event, item.due_on)
    lines.append(f"Status: {item.left_text()}")
    if item.party:
        lines.append(f"Who: {item.party}")
    if link is not None:
        lines.append(link)
        event.add("url", link)
    event.add("description", escape_controls("\n".join(lines), keep="\n"))
    event.add("categories", [item.kind])
    return event


def _meeting_event(
    meeting: MeetingView, facts: Facts, stamp: dt.datetime, pages: Pages | None
) -> Event:
    from icalendar import Event

    event = Event()
    key = facts.meetings.get(meeting.code, meeting.code)
    event.add("uid", _uid("meeting", key, facts.identity))
    event.add("dtstamp", stamp)
    event.add("summary", escape_controls(f"{meeting.code} ({meeting.status})"))
    start, end = _clock(meeting.start_time), _clock(meeting.end_time)
    if start is None:
        _all_day(event, meeting.date)
    else:
        event.add("dtstart", dt.datetime.combine(meeting.date, start, LONDON))
        if end is not None and end > start:
            event.add("dtend", dt.datetime.combine(meeting.date, end, LONDON))
    if pages is not None:
        event.add("url", pages.link("meetings", meeting.code))
    event.add("categories", ["meeting", meeting.committee])
    return event


def _clock(text: str | None) -> dt.time | None:
    try:
        return dt.time.fromisoformat(text) if text else None
    except ValueError:  # a time the minutes wrote some other way: the meeting is all-day
        return None


def calendar_bytes(
    items: Sequence[DueItem], meetings: Sequence[MeetingView], stamp: dt.datetime,
    facts: Facts | None = None, pages: Pages | None = None,
) -> bytes:  # fmt: skip
    """The iCalendar file: one event per deadline, action and meeting."""
    try:  # the web extra's: the library works without it
        from icalendar import Calendar
    except ImportError:
        raise GovflowError(
            "calendars need the icalendar package: pip install 'govflow[web]'"
        ) from None
    facts = facts or Facts("govflow", {}, {})
    cal = Calendar()
    cal.add("prodid", f"-//govflow//govflow {__version__}//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "govflow: deadlines, actions and meetings")
    for item in items:
        cal.add_component(_due_event(item, facts, stamp, pages))
    for meeting in meetings:
        cal.add_component(_meeting_event(meeting, facts, stamp, pages))
    cal.add_missing_timezones()
    data: bytes = cal.to_ical()
    return data


class CalendarExport:
    """The calendar use case: what is due and the meetings, read and written as iCalendar."""

    def __init__(
        self, store: Store, lookup: Lookup, deadlines: Deadlines, meetings: Meetings
    ) -> None:
        self._store = store
        self._lookup = lookup
        self._deadlines = deadlines
        self._meetings = meetings

    def calendar(
        self,
        *,
        on: str | dt.date | None = None,
        within: int | None = None,
        overdue: bool = False,
        committee: str | None = None,
        base_url: str | None = None,
        suffix: str = "",
    ) -> bytes:
        """Open deadlines and actions (filtered as :meth:`due` filters them) and the meetings
        (of ``committee``, or all) as an iCalendar file. ``base_url`` is where the pages are
        (``https://register.example/``; a static site's address with ``suffix=".html"``), for
        a link to each proposal's and meeting's page."""
        items = self._deadlines.due(on=on, within=within, overdue=overdue, committee=committee)
        meetings = self._meetings.meetings(committee)
        deadlines = [i.id for i in items if i.kind == "deadline"]
        facts = read_facts(self._store, self._lookup, deadlines)
        stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
        pages = Pages(base_url, suffix) if base_url else None
        return calendar_bytes(items, meetings, stamp, facts, pages)
