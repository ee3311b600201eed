"""Use cases for committees, meetings, agenda items and releases, and planning the next meeting."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from govflow.dates import optional_date, parse_date
from govflow.errors import AlreadyExists, InvalidInput, NotFound, Remedy
from govflow.planning.cadence import parse_cadence
from govflow.records.closures import calendar_of
from govflow.records.lookup import Lookup
from govflow.store import meeting_rows as stored
from govflow.store import tables
from govflow.store.rows import MeetingRecord
from govflow.store.session import Connection, Store
from govflow.store.tables import COMMITTEE_CODE_LENGTH, meeting_code
from govflow.views import CommitteeView, ItemView, MeetingView, NextMeeting
from govflow.workflow.registry import Registry

MEETING_KINDS = ("main", "reporting", "extraordinary", "workshop")
MEETING_STATUSES = ("held", "planned")
#: The most working days before a meeting that its papers may be due (a quarter of a year).
MAX_PAPER_LEAD_DAYS = 65


class Meetings:
    """Committees, their meetings and agenda items, and releases."""

    def __init__(self, store: Store, lookup: Lookup) -> None:
        self._store = store
        self._lookup = lookup

    @staticmethod
    def register_committees(conn: Connection, registry: Registry) -> None:
        """Add the committees every loaded workflow declares, when they are missing."""
        existing = stored.committee_codes(conn)
        for wf in registry.all():
            for body in wf.bodies:
                if body.committee and body.code not in existing:
                    stored.add_committee(conn, body.code, body.name)
                    existing.add(body.code)

    # -- committees ----------------------------------------------------------------------------
    def committees(self) -> list[CommitteeView]:
        with self._store.read() as conn:
            rows = stored.committees(conn)
        return [CommitteeView(r.code, r.name, r.paper_lead_days, r.cadence) for r in rows]

    def add_committee(
        self, code: str, name: str, *, paper_lead_days: int | None = None,
        cadence: str | None = None,
    ) -> CommitteeView:  # fmt: skip
        """Add a committee; its paper lead time (working days papers go out before a meeting)
        and its usual cadence (``monthly 4th Wednesday``) are what the planner dates by."""
        code = " ".join(code.split()).upper()
        if not code or not all(part.isalnum() for part in code.split()):
            raise InvalidInput(f"{code!r} is not a committee code; use letters, like OPSG")
        if len(code) > COMMITTEE_CODE_LENGTH:
            raise InvalidInput(
                f"a committee code has at most {COMMITTEE_CODE_LENGTH} characters; {code!r} has "
                f"{len(code)}", field="code",
            )  # fmt: skip
        if not name.strip():
            raise InvalidInput("a committee needs a name")
        _check_lead_days(paper_lead_days)
        cadence = _cadence(cadence)
        with self._store.write() as conn:
            if stored.has_committee(conn, code):
                raise AlreadyExists(f"committee {code} already exists")
            stored.add_committee(conn, code, name.strip(), paper_lead_days, cadence)
        return CommitteeView(code, name.strip(), paper_lead_days, cadence)

    def update_committee(
        self, code: str, *, name: str | None = None, paper_lead_days: int | None = None,
        cadence: str | None = None,
    ) -> CommitteeView:  # fmt: skip
        """Change a committee's name, paper lead time (working days papers go out before) or
        cadence (``monthly 4th Wednesday``; ``""`` clears it)."""
        _check_lead_days(paper_lead_days)
        if name is not None and not name.strip():
            raise InvalidInput("a committee needs a name")
        with self._store.write() as conn:
            found = tables.committee(conn, code)
            values: dict[str, object] = {}
            if name is not None:
                values["name"] = name.strip()
            if paper_lead_days is not None:
                values["paper_lead_days"] = paper_lead_days
            if cadence is not None:
                values["cadence"] = _cadence(cadence)
            if values:
                stored.update_committee(conn, found.id, values)
            row = tables.committee(conn, code)
        return CommitteeView(row.code, row.name, row.paper_lead_days, row.cadence)

    # -- meetings ------------------------------------------------------------------------------
    def add_meeting(
        self,
        code: str,
        *,
        on: str | dt.date,
        kind: str = "main",
        status: str = "held",
        start_time: str | None = None,
        end_time: str | None = None,
    ) -> MeetingView:
        """Add a meeting, given as ``OPSG_49`` (committee code and number) and its date; a planned
        one may be given by its committee alone (``OPSG``) until its number is known."""
        committee_code, number = _code_and_number(code, status)
        day = parse_date(on)
        start_time, end_time = _times(start_time, end_time)
        _choice("meeting kind", kind, MEETING_KINDS)
        _choice("meeting status", status, MEETING_STATUSES)
        with self._store.write() as conn:
            committee = tables.committee(conn, committee_code)
            clash = stored.clash(conn, committee.id, number, day)
            if clash is not None:
                name = meeting_code(committee_code, number, day)
                raise AlreadyExists(f"meeting {name} already exists (on {clash})")
            row = stored.add_meeting(conn, {
                "committee_id": committee.id, "number": number, "date": day, "kind": kind,
                "status": status, "start_time": start_time, "end_time": end_time,
            })  # fmt: skip
            return self.view(conn, row, committee_code)

    def meeting(self, code: str) -> MeetingView:
        """A meeting (``OPSG_49``, or ``OPSG@2021-06-28`` for a planned one without a number)
        with its agenda items and the proposals each item refers to."""
        with self._store.read() as conn:
            row, committee_code = find_meeting(conn, code)
            return self.view(conn, row, committee_code)

    def meetings(self, committee: str | None = None) -> list[MeetingView]:
        with self._store.read() as conn:
            rows = stored.meetings(conn, committee.upper() if committee is not None else None)
            return [self.view(conn, r, code, items=False) for r, code in rows]

    def view(
        self, conn: Connection, row: MeetingRecord, committee: str, items: bool = True
    ) -> MeetingView:
        """A meeting row as a view (with its agenda items, their proposals and the references
        the minutes made, by default)."""
        return MeetingView(
            code=meeting_code(committee, row.number, row.date), committee=committee,
            number=row.number, date=row.date, kind=row.kind, status=row.status,
            paper_code=f"{row.number}_{row.date:%d%m}" if row.number is not None else "",
            items=tuple(self._items(conn, row.id)) if items else (),
            start_time=row.start_time, end_time=row.end_time,
            references=tuple(_references(conn, row.id)) if items else (),
        )  # fmt: skip

    def _items(self, conn: Connection, meeting_id: int) -> list[ItemView]:
        refs: dict[int, list[str]] = {}
        for item_id, proposal in stored.item_links(conn, meeting_id):
            names = refs.setdefault(item_id, [])
            reference = self._lookup.label(proposal)
            if reference not in names:
                names.append(reference)
        ordered = sorted(stored.items(conn, meeting_id), key=lambda r: _item_order(r.number))
        return [
            ItemView(r.number, r.title, r.presenter, r.text, tuple(refs.get(r.id, [])))
            for r in ordered
        ]

    def add_item(
        self,
        meeting: str,
        number: str,
        *,
        title: str,
        presenter: str | None = None,
        text: str = "",
        replace: bool = False,
    ) -> ItemView:
        """Add an agenda item to a meeting (``replace`` updates an existing one)."""
        number = tables.normalise_item_number(number)
        if not title.strip():
            raise InvalidInput("an agenda item needs a title")
        with self._store.write() as conn:
            row, _ = find_meeting(conn, meeting)
            values = {"title": title.strip(), "presenter": presenter, "text": text}
            if not stored.has_item(conn, row.id, number):
                stored.add_item(conn, row.id, number, values)
            elif replace:
                stored.replace_item(conn, row.id, number, values)
            else:
                raise AlreadyExists(f"meeting {meeting} already has an item {number}")
        return ItemView(number, title.strip(), presenter, text)

    def releases(self) -> list[tuple[str, dt.date | None]]:
        with self._store.read() as conn:
            return [(r.name, r.date) for r in stored.releases(conn)]

    def next_meeting(self, committee: str, *, on: str | dt.date | None = None) -> NextMeeting:
        """The committee's next meeting on or after ``on``, and the last day for its papers."""
        day = optional_date(on, field="on") or dt.datetime.now(dt.UTC).date()
        with self._store.read() as conn:
            found = tables.committee(conn, committee)
            row = stored.next_meeting(conn, found.id, day)
            if row is None:
                raise NotFound(
                    f"{found.code} has no meeting on or after {day}",
                    remedy=Remedy("add_meeting", f"{found.code}_N"),
                )
            view = self.view(conn, row, found.code)
            lead = found.paper_lead_days
            papers = None
            if lead is not None:
                papers = calendar_of(conn).subtract_working_days(row.date, lead)
        return NextMeeting(view, papers, lead)


def _check_lead_days(days: int | None) -> None:
    if days is not None and not 0 <= days <= MAX_PAPER_LEAD_DAYS:
        raise InvalidInput(
            f"paper lead days is {days}: give the working days before a meeting that its papers "
            f"go out, 0 to {MAX_PAPER_LEAD_DAYS}"
        )


def _cadence(text: str | None) -> str | None:
    """A cadence as it is kept (its canonical text), checked; None (or empty) for none."""
    if text is None or not text.strip():
        return None
    return str(parse_cadence(text))


def _clock(value: str, what: str) -> dt.time:
    try:
        hours, minutes = value.strip().split(":")
        if len(minutes) != 2 or not hours.isdigit() or not minutes.isdigit():
            raise ValueError
        return dt.time(int(hours), int(minutes))
    except ValueError:
        raise InvalidInput(f"{value!r} is not a {what}; write it as 10:00 (24-hour)") from None


def _times(start: str | None, end: str | None) -> tuple[str | None, str | None]:
    """A meeting's start and end times as ``HH:MM``; refused when not times of day, or when
    the meeting would end before it starts."""
    first = _clock(start, "start time") if start is not None else None
    last = _clock(end, "end time") if end is not None else None
    if first is not None and last is not None and last <= first:
        raise InvalidInput(f"the meeting would end ({end}) before it starts ({start})")
    return _hhmm(first), _hhmm(last)


def _hhmm(value: dt.time | None) -> str | None:
    return None if value is None else f"{value:%H:%M}"


def _code_and_number(code: str, status: str) -> tuple[str, int | None]:
    """``OPSG_49`` -> (OPSG, 49); ``OPSG`` (or ``SMKI PMA``) alone -> (OPSG, None): a meeting
    whose number is not on record, known by its committee and date (``OPSG@2021-06-28``)."""
    bare = " ".join(code.split()).upper()
    if re.fullmatch(r"[A-Z][A-Z ]*", bare):
        return bare, None
    return tables.parse_meeting_code(code)


def find_meeting(conn: Connection, code: str) -> tuple[MeetingRecord, str]:
    """The meeting row and its committee code, from ``OPSG_49`` or ``OPSG@2021-06-28``."""
    if "@" not in code:
        committee_code, _ = tables.parse_meeting_code(code)
        return tables.meeting(conn, code), committee_code
    name, _, day_text = code.partition("@")
    committee = tables.committee(conn, name.strip())
    day = parse_date(day_text, "meeting date")
    rows = stored.meetings_on(conn, committee.id, day)
    if not rows:
        raise NotFound(
            f"{committee.code} has no meeting on {day}",
            remedy=Remedy("list_meetings", committee.code),
        )
    if len(rows) > 1:
        codes = ", ".join(meeting_code(committee.code, r.number, r.date) for r in rows)
        raise InvalidInput(
            f"{committee.code} has {len(rows)} meetings on {day}: name one of {codes}"
        )
    return rows[0], committee.code


def _references(conn: Connection, meeting_id: int) -> list[dict[str, Any]]:
    rows = stored.references(conn, meeting_id)
    return [{"kind": x.kind, "value": x.value, "item": x.item_number} for x in rows]


def _choice(what: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise InvalidInput(f"unknown {what} {value!r}; allowed: {', '.join(allowed)}")


def _item_order(number: str) -> tuple[int, ...]:
    return tuple(int(part) for part in number.split("."))
