"""The SQL of committees, meetings, agenda items and releases, as the use cases of
:mod:`govflow.records.meetings` and :mod:`govflow.records.agenda` ask for them; finding one
committee, meeting or item by its code is :mod:`govflow.store.tables`'."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from sqlalchemy import Connection, Row, insert, or_, select, update

from govflow.store.rows import (
    CommitteeRecord,
    ItemRecord,
    MeetingRecord,
    MeetingReferenceRecord,
    ReferenceRecord,
)
from govflow.store.tables import (
    committee_t,
    event_t,
    inserted_id,
    item_t,
    meeting_reference_t,
    meeting_t,
    proposal_t,
    release_t,
)


# -- committees ------------------------------------------------------------------------------------
def committees(conn: Connection) -> list[CommitteeRecord]:
    """Every committee, by code."""
    return list(conn.execute(select(committee_t).order_by(committee_t.c.code)))


def committee_codes(conn: Connection) -> set[str]:
    return set(conn.execute(select(committee_t.c.code)).scalars())


def has_committee(conn: Connection, code: str) -> bool:
    found = select(committee_t.c.id).where(committee_t.c.code == code)
    return conn.execute(found).first() is not None


def add_committee(
    conn: Connection, code: str, name: str, paper_lead_days: int | None = None,
    cadence: str | None = None,
) -> None:  # fmt: skip
    values = {"code": code, "name": name, "paper_lead_days": paper_lead_days, "cadence": cadence}
    conn.execute(insert(committee_t).values(**values))


def update_committee(conn: Connection, committee_id: int, values: Mapping[str, object]) -> None:
    """Set the committee's columns ``values`` (name, paper_lead_days, cadence)."""
    t = committee_t
    conn.execute(update(t).where(t.c.id == committee_id).values(**values))


# -- meetings --------------------------------------------------------------------------------------
def clash(
    conn: Connection, committee_id: int, number: int | None, day: dt.date | None = None
) -> dt.date | None:
    """The date of the committee's meeting ``number`` (with no number: its unnumbered meeting
    on ``day``), if there is one."""
    m = meeting_t
    same = m.c.number == number if number is not None else (
        m.c.number.is_(None) & (m.c.date == day)
    )  # fmt: skip
    found = conn.execute(select(m.c.date).where(m.c.committee_id == committee_id, same)).first()
    return None if found is None else found.date


def add_meeting(conn: Connection, values: Mapping[str, object]) -> MeetingRecord:
    """Insert a meeting with ``values``; its row as stored."""
    result = conn.execute(insert(meeting_t).values(**values))
    return meeting_by_id(conn, inserted_id(result))


def meeting_by_id(conn: Connection, meeting_id: int) -> MeetingRecord:
    return conn.execute(select(meeting_t).where(meeting_t.c.id == meeting_id)).one()


def update_meeting(
    conn: Connection, meeting_id: int, values: Mapping[str, object]
) -> MeetingRecord:
    """Set the meeting's columns ``values``; its row as it now is."""
    m = meeting_t
    conn.execute(update(m).where(m.c.id == meeting_id).values(**values))
    return meeting_by_id(conn, meeting_id)


def meetings(conn: Connection, committee: str | None = None) -> list[tuple[MeetingRecord, str]]:
    """Every meeting (of one committee, by code), by date, with its committee's code."""
    m, c = meeting_t, committee_t
    query = select(m, c.c.code.label("committee_code")).join(c, c.c.id == m.c.committee_id)
    if committee is not None:
        query = query.where(c.c.code == committee)
    rows = conn.execute(query.order_by(m.c.date, c.c.code, m.c.number))
    return [(r, r.committee_code) for r in rows]


def meetings_on(conn: Connection, committee_id: int, day: dt.date) -> list[MeetingRecord]:
    """The committee's meetings on ``day``, by number."""
    m = meeting_t
    same = select(m).where(m.c.committee_id == committee_id, m.c.date == day)
    return list(conn.execute(same.order_by(m.c.number)))


def next_meeting(conn: Connection, committee_id: int, day: dt.date) -> MeetingRecord | None:
    """The committee's first meeting on or after ``day``."""
    m = meeting_t
    return conn.execute(
        select(m).where(m.c.committee_id == committee_id, m.c.date >= day)
        .order_by(m.c.date, m.c.number).limit(1)
    ).first()  # fmt: skip


def references(conn: Connection, meeting_id: int) -> list[MeetingReferenceRecord]:
    """The references the meeting's minutes made that are not proposals, as recorded."""
    r = meeting_reference_t
    return list(conn.execute(select(r).where(r.c.meeting_id == meeting_id).order_by(r.c.id)))


# -- agenda items ----------------------------------------------------------------------------------
def items(conn: Connection, meeting_id: int) -> list[ItemRecord]:
    """The meeting's agenda items (in no order)."""
    return list(conn.execute(select(item_t).where(item_t.c.meeting_id == meeting_id)))


def item_links(conn: Connection, meeting_id: int) -> list[tuple[int, ReferenceRecord]]:
    """Each event recorded at one of the meeting's items: the item's id and the event's proposal,
    in the order the events were written."""
    i, e, p = item_t, event_t, proposal_t
    rows = conn.execute(
        select(e.c.item_id, p)
        .join(p, p.c.id == e.c.proposal_id)
        .join(i, i.c.id == e.c.item_id)
        .where(i.c.meeting_id == meeting_id)
        .order_by(e.c.id)
    )
    return [(r.item_id, r) for r in rows]


def has_item(conn: Connection, meeting_id: int, number: str) -> bool:
    where = (item_t.c.meeting_id == meeting_id) & (item_t.c.number == number)
    return conn.execute(select(item_t.c.id).where(where)).first() is not None


def add_item(conn: Connection, meeting_id: int, number: str, values: Mapping[str, object]) -> None:
    """Insert item ``number`` of the meeting with ``values`` (title, presenter, text)."""
    conn.execute(insert(item_t).values(meeting_id=meeting_id, number=number, **values))


def replace_item(
    conn: Connection, meeting_id: int, number: str, values: Mapping[str, object]
) -> None:
    """Set item ``number`` of the meeting's columns ``values``."""
    where = (item_t.c.meeting_id == meeting_id) & (item_t.c.number == number)
    conn.execute(update(item_t).where(where).values(**values))


def update_item(conn: Connection, item_id: int, values: Mapping[str, object]) -> ItemRecord:
    """Set the item's columns ``values``; its row as it now is."""
    i = item_t
    conn.execute(update(i).where(i.c.id == item_id).values(**values))
    return conn.execute(select(i).where(i.c.id == item_id)).one()


# -- releases --------------------------------------------------------------------------------------
def releases(conn: Connection) -> list[Row[str, dt.date | None]]:
    """Every release's name and date, dated ones first by date."""
    t = release_t
    return list(
        conn.execute(select(t.c.name, t.c.date).order_by(or_(t.c.date.is_(None)), t.c.date))
    )
