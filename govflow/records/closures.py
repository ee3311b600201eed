"""The working-day calendar of a database: England and Wales bank holidays plus its closures."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, insert, select

from govflow.calendar import WorkingCalendar
from govflow.dates import optional_date, parse_date
from govflow.errors import InvalidInput
from govflow.store.session import Store
from govflow.store.tables import closure_t


def calendar_of(conn: Connection) -> WorkingCalendar:
    """The calendar in force in the transaction of ``conn``."""
    rows = conn.execute(select(closure_t.c.start, closure_t.c.end))
    return WorkingCalendar(closures=[(r.start, r.end) for r in rows])


class Closures:
    """Days a database makes non-working (a Christmas shutdown), and the calendar they give."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def calendar(self) -> WorkingCalendar:
        """The working-day calendar of this database (England and Wales plus its closures)."""
        with self._store.read() as conn:
            return calendar_of(conn)

    def add_closure(
        self, start: str | dt.date, end: str | dt.date | None = None, *, note: str = ""
    ) -> tuple[dt.date, dt.date]:
        """Make days non-working for this database (e.g. a Christmas shutdown)."""
        first = parse_date(start, "closure start")
        last = optional_date(end, "closure end") or first
        if last < first:
            raise InvalidInput(f"a closure cannot end ({last}) before it starts ({first})")
        with self._store.write() as conn:
            conn.execute(insert(closure_t).values(start=first, end=last, note=note))
        return first, last

    def closures(self) -> list[tuple[dt.date, dt.date, str]]:
        with self._store.read() as conn:
            rows = conn.execute(select(closure_t).order_by(closure_t.c.start))
            return [(r.start, r.end, r.note) for r in rows]
