"""The SQL of closures: each closure with its removal, if any; a closure or a removal added.

Neither row is ever changed or deleted (triggers refuse it); what a closure means for the
calendar is :mod:`govflow.records.closures`'.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, Row, insert, select

from govflow.store.tables import closure_removal_t, closure_t, day, inserted_id, raw_rows, utcnow

#: A closure with its removal (if any): id, start, end, note, recorded_at, removed_at, removal_note.
Closure = Row[int, dt.date, dt.date, str, dt.datetime | None, dt.datetime | None, str | None]


def recorded(conn: Connection, closure_id: int | None = None) -> list[Closure]:
    """Every closure recorded (or the one ``closure_id``), soonest first, with its removal."""
    c, r = closure_t.c, closure_removal_t.c
    query = (
        select(
            c.id,
            c.start,
            c.end,
            c.note,
            c.recorded_at,
            r.recorded_at.label("removed_at"),
            r.note.label("removal_note"),
        )
        .select_from(closure_t.outerjoin(closure_removal_t, r.closure_id == c.id))
        .order_by(c.start, c.id)
    )
    if closure_id is not None:
        query = query.where(c.id == closure_id)
    return list(conn.execute(query))


def kept(conn: Connection) -> list[tuple[dt.date, dt.date]]:
    """The days of every closure not removed (start, end), soonest first: what a calendar is
    built from, read on the raw cursor (every page and answer with a deadline asks)."""
    sql = ('SELECT c.start, c."end" FROM closure c LEFT JOIN closure_removal r '
           "ON r.closure_id = c.id WHERE r.id IS NULL ORDER BY c.start, c.id")  # fmt: skip
    return [(day(start), day(end)) for start, end in raw_rows(conn, sql)]  # type: ignore[misc]


def add(conn: Connection, first: dt.date, last: dt.date, note: str) -> int:
    """Record a closure from ``first`` to ``last``, now; its id."""
    values = {"start": first, "end": last, "note": note, "recorded_at": utcnow()}
    return inserted_id(conn.execute(insert(closure_t).values(**values)))


def remove(conn: Connection, closure_id: int, note: str) -> None:
    """Record the removal of closure ``closure_id``, now."""
    values = {"closure_id": closure_id, "recorded_at": utcnow(), "note": note}
    conn.execute(insert(closure_removal_t).values(**values))
