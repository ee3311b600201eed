"""Where and when an event happened, and the draft of an event about to be appended.

An event is placed at a meeting (and maybe one of its agenda items) and dated: as given (to the
day, the month, or "on or before" a day), else the meeting's date, else today.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import MISSING, dataclass
from dataclasses import fields as dataclass_fields
from typing import Any

from govflow.dates import far_from_today, parse_when
from govflow.errors import Advised, InvalidInput, Remedy
from govflow.model import Event, built
from govflow.records.meetings import find_meeting
from govflow.store import reads, tables
from govflow.store.session import Connection
from govflow.store.tables import meeting_code


@dataclass(frozen=True)
class Place:
    """Where something happened: a meeting (and maybe one of its items)."""

    meeting: Any = None  # the meeting's row (id, date, number, committee_id)
    item: Any = None  # the agenda item's row (id, number, title)
    code: str | None = None  # OPSG_49
    committee: str | None = None


NOWHERE = Place()


def place(conn: Connection, meeting: str | None, item: str | None) -> Place:
    """The meeting (``OPSG_49``) and agenda item (``3.2``) named, which must exist."""
    if meeting is None:
        if item is not None:
            raise InvalidInput("an agenda item needs its meeting: name it too", field="meeting")
        return NOWHERE
    fast = _known_place(conn, meeting, item)
    if fast is not None:
        return fast
    row, committee = find_meeting(conn, meeting)  # OPSG_49, or OPSG@2021-06-28 (no number)
    code = meeting_code(committee, row.number, row.date)
    item_row = tables.item(conn, row, item, code) if item is not None else None
    return Place(row, item_row, code, committee)


def _known_place(conn: Connection, meeting: str, item: str | None) -> Place | None:
    """The place in one statement when it is there as written (the usual case)."""
    spelled = _spelled(meeting, item)
    if spelled is None:
        return None
    committee, number, number_text = spelled
    found = reads.place(conn, committee, number, number_text)
    if found is None:
        return None
    row, agenda = found  # made without the frozen dataclass's __init__, as :func:`draft` does
    code = f"{committee}_{row.number}"
    return built(Place, {"meeting": row, "item": agenda, "code": code, "committee": committee})


#: Meeting codes and item numbers as written, read once each: a secretariat advances one
#: proposal after another at the same item. Kept per process, for text alone (never the rows).
_SPELLED: dict[tuple[str, str | None], tuple[str, int, str | None] | None] = {}
_SPELLED_MOST = 256


def _spelled(meeting: str, item: str | None) -> tuple[str, int, str | None] | None:
    """The committee, meeting number and item number ``meeting`` and ``item`` write (``CSC_38``,
    ``5.``: CSC, 38, 5), or None when either is not written as :func:`tables.parse_meeting_code`
    and :func:`tables.normalise_item_number` read them (the slow way then says why)."""
    key = (meeting, item)
    if key in _SPELLED:
        return _SPELLED[key]
    try:
        committee, number = tables.parse_meeting_code(meeting)
        number_text = tables.normalise_item_number(item) if item is not None else None
        found: tuple[str, int, str | None] | None = (committee, number, number_text)
    except InvalidInput:
        found = None
    if len(_SPELLED) >= _SPELLED_MOST:
        _SPELLED.clear()
    _SPELLED[key] = found
    return found


def date_warnings(
    where: Place, day: dt.date, precision: str, today: dt.date | None = None
) -> tuple[str, ...]:
    """A warning when an event is dated off the day its meeting met (or meets), and one when
    it is dated far from today (:func:`govflow.dates.far_from_today`; ``today``: the UTC date
    the write recorded its events at, when it has it)."""
    far = far_from_today(day, today)
    found = () if far is None else (far,)
    if where.meeting is None or precision != "day" or where.meeting.date == day:
        return found
    redate = Remedy("redate_meeting", where.code)
    return (Advised(f"dated {day} but {where.code} is dated {where.meeting.date}", redate), *found)


def when(on: str | dt.date | None, where: Place) -> tuple[dt.date, str]:
    """The date an event happened and its precision: as given, else the meeting's date, else
    today (see :func:`govflow.dates.parse_when`)."""
    if on is not None:
        return parse_when(on)
    if where.meeting is not None:
        return where.meeting.date, "day"
    return dt.datetime.now(dt.UTC).date(), "day"


def draft(
    kind: str,
    day: dt.date,
    where: Place,
    actor: str | None,
    note: str | None,
    payload: dict[str, Any] | None = None,
    precision: str = "day",
    **fields: Any,
) -> Event:
    """An event of ``kind`` on ``day`` at ``where``, for the rule core to judge and
    :func:`tables.commit_events` to append.

    A date known less than to the day says so in the payload (``date_precision``), which the
    chain hashes like the rest.
    """
    content = dict(payload) if payload else {}
    if precision != "day":
        content["date_precision"] = precision
    item, meeting = where.item, where.meeting
    # ``Event(**values)`` made without the frozen dataclass's ``__init__`` (26 fields, each set
    # through ``object.__setattr__``, cost more than judging the event): the defaults' copy is
    # filled in place, in the class's order; a name that is no field is refused as it refuses.
    values = _DEFAULTS.copy()
    values["kind"], values["occurred_on"], values["payload"] = kind, day, content
    values["meeting"], values["committee"] = where.code, where.committee
    values["actor"], values["note"] = actor, note
    values["date_precision"], values["implied"] = precision, kind == "implied"
    if meeting is not None:
        values["meeting_id"] = meeting.id
    if item is not None:
        values["item"], values["item_title"], values["item_id"] = item.number, item.title, item.id
    if fields:
        values.update(fields)
        if len(values) != len(_DEFAULTS):  # a name that is no field
            raise TypeError(f"not an event's fields: {sorted(fields.keys() - _DEFAULTS.keys())}")
    return built(Event, values)


#: Every field of an :class:`Event` with its default (the payload's is made anew by
#: :func:`draft`), in the order the class declares them.
_DEFAULTS: dict[str, Any] = {
    f.name: None if f.default is MISSING else f.default for f in dataclass_fields(Event)
}
