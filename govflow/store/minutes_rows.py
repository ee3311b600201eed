"""The SQL of a minutes import (:mod:`govflow.minutes.importer`, :mod:`govflow.minutes.announced`):
the meeting and its agenda items, whether a proposal is linked there already, the meetings the
minutes announce, the actions they ask for and the other references they name."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, Row, delete, insert, select, update

from govflow.store import tables
from govflow.store.rows import ItemRecord, MeetingRecord
from govflow.store.tables import action_t, event_t, item_t, meeting_reference_t, meeting_t


# -- the meeting and its items ---------------------------------------------------------------------
def numbered_meeting(conn: Connection, committee_id: int, number: int) -> MeetingRecord | None:
    """The committee's meeting of that number, if it is on record."""
    where = (meeting_t.c.committee_id == committee_id) & (meeting_t.c.number == number)
    return conn.execute(select(meeting_t).where(where)).first()


def add_meeting(conn: Connection, committee_id: int, **values: Any) -> None:
    """A new meeting of the committee (``number``, ``date``, ``kind``, ``status``, times)."""
    conn.execute(insert(meeting_t).values(committee_id=committee_id, **values))


def update_meeting(conn: Connection, committee_id: int, number: int, **values: Any) -> None:
    """Change the committee's meeting of that number."""
    where = (meeting_t.c.committee_id == committee_id) & (meeting_t.c.number == number)
    conn.execute(update(meeting_t).where(where).values(**values))


def items_of(conn: Connection, meeting_id: int) -> list[ItemRecord]:
    """The meeting's agenda items."""
    return list(conn.execute(select(item_t).where(item_t.c.meeting_id == meeting_id)))


def add_item(conn: Connection, meeting_id: int, number: str, **values: Any) -> None:
    """A new agenda item (``title``, ``presenter``, ``text``)."""
    conn.execute(insert(item_t).values(meeting_id=meeting_id, number=number, **values))


def update_item(conn: Connection, item_id: int, **values: Any) -> None:
    conn.execute(update(item_t).where(item_t.c.id == item_id).values(**values))


def item_used(conn: Connection, item_id: int) -> bool:
    """Whether an event refers to the item."""
    query = select(event_t.c.id).where(event_t.c.item_id == item_id).limit(1)
    return conn.execute(query).first() is not None


def remove_item(conn: Connection, item_id: int) -> None:
    """Delete the item and the actions asked at it."""
    conn.execute(delete(action_t).where(action_t.c.item_id == item_id))
    conn.execute(delete(item_t).where(item_t.c.id == item_id))


def linked(conn: Connection, proposal_id: int, meeting_id: int, item: str | None) -> bool:
    """Whether an event of the proposal is at the meeting (at its item ``item``, or at no item)."""
    e, i = event_t, item_t
    query = select(e.c.id).where(e.c.proposal_id == proposal_id, e.c.meeting_id == meeting_id)
    if item is None:
        query = query.where(e.c.item_id.is_(None))
    else:
        query = query.join(i, i.c.id == e.c.item_id).where(i.c.number == item)
    return conn.execute(query.limit(1)).first() is not None


# -- what the minutes announce and ask -------------------------------------------------------------
def announced_meeting(
    conn: Connection, committee_id: int, number: int | None, day: dt.date
) -> MeetingRecord | None:
    """The committee's meeting of that number; without a number, its unnumbered one on ``day``."""
    t = meeting_t
    same = t.c.number == number if number else (t.c.number.is_(None) & (t.c.date == day))
    return conn.execute(select(t).where(t.c.committee_id == committee_id, same)).first()


def item_ids(conn: Connection, meeting_id: int) -> dict[str, int]:
    """The meeting's agenda items: number -> id."""
    rows = conn.execute(
        select(item_t.c.number, item_t.c.id).where(item_t.c.meeting_id == meeting_id)
    )
    return {r.number: r.id for r in rows}


def action_texts(conn: Connection, meeting_id: int) -> set[str]:
    """The text of each action asked at the meeting."""
    query = select(action_t.c.text).where(action_t.c.meeting_id == meeting_id)
    return set(conn.execute(query).scalars())


def add_action(conn: Connection, **values: Any) -> None:
    conn.execute(insert(action_t).values(**values))


def meeting_on(conn: Connection, committee: str, number: int) -> Row[int, dt.date] | None:
    """(id, date) of the meeting of the committee coded ``committee`` with that number."""
    c, t = tables.committee_t, meeting_t
    query = select(t.c.id, t.c.date).join(c, c.c.id == t.c.committee_id)
    return conn.execute(query.where(c.c.code == committee, t.c.number == number)).first()


def references_of(conn: Connection, meeting_id: int) -> set[tuple[str, str, str | None]]:
    """(kind, value, item number) of each other reference kept with the meeting."""
    r = meeting_reference_t
    query = select(r.c.kind, r.c.value, r.c.item_number).where(r.c.meeting_id == meeting_id)
    return {(row.kind, row.value, row.item_number) for row in conn.execute(query)}


def add_reference(
    conn: Connection, meeting_id: int, kind: str, value: str, item_number: str | None
) -> None:
    values = {"meeting_id": meeting_id, "kind": kind, "value": value, "item_number": item_number}
    conn.execute(insert(meeting_reference_t).values(**values))
