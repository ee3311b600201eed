"""The working-day calendar of a database: England and Wales bank holidays plus its closures.

Closures are kept on record: adding one records it (with the time), removing one records a
removal (:mod:`govflow.store.models` ``ClosureRemoval``); neither row is ever changed or deleted
(triggers refuse it). The calendar in force applies the closures recorded and not removed that
keep to the calendar's rules (:func:`govflow.calendar.closure_problem`); a stored closure that
breaks them (one recorded before the rules, or written outside govflow) is listed with its
problem and not applied, so that no closure can make a working-day count, a deadline or
``verify`` fail.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from govflow.calendar import WorkingCalendar, closure_problem
from govflow.dates import optional_date, parse_date
from govflow.errors import AlreadyExists, InvalidInput, NotFound, Remedy
from govflow.store import closures as stored
from govflow.store.closures import Closure
from govflow.store.session import Connection, Store, once
from govflow.store.tables import as_utc

if TYPE_CHECKING:
    from govflow.views import ClosureView


def _view(row: Closure) -> ClosureView:
    from govflow.views import ClosureView  # here: the lookup imports calendar_of, not the views

    removed = row.removed_at is not None
    problem = None if removed else closure_problem(row.start, row.end)
    return ClosureView(
        id=row.id, start=row.start, end=row.end, note=row.note,
        recorded_at=None if row.recorded_at is None else as_utc(row.recorded_at),
        in_force=not removed and problem is None,
        removed_at=as_utc(row.removed_at) if removed else None, removal_note=row.removal_note,
        problem=problem,
    )  # fmt: skip


def _recorded(conn: Connection, closure_id: int | None = None) -> list[ClosureView]:
    """Every closure recorded (or the one ``closure_id``), with its removal if any."""
    return [_view(row) for row in stored.recorded(conn, closure_id)]


def calendar_of(conn: Connection) -> WorkingCalendar:
    """The calendar in force in the transaction of ``conn``: the closures in force only (built
    once a read snapshot: a page asks for it up to five times, for its proposal, deadlines
    and plan; a write transaction's at each call, since the write may add a closure)."""
    return once(conn, "calendar", lambda: _calendar(conn))


def _calendar(conn: Connection) -> WorkingCalendar:
    """The closures in force: those not removed that keep to the rules (as :func:`_view`)."""
    days = stored.kept(conn)
    return WorkingCalendar(closures=[(a, b) for a, b in days if closure_problem(a, b) is None])


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
    ) -> ClosureView:
        """Make days non-working for this database (e.g. a Christmas shutdown), from now on.

        The days must lie within :func:`govflow.calendar.closure_bounds` and span at most
        :data:`govflow.calendar.MAX_CLOSURE_DAYS`."""
        first = parse_date(start, "closure start")
        last = optional_date(end, "closure end") or first
        problem = closure_problem(first, last)
        if problem:
            raise InvalidInput(problem)
        with self._store.write() as conn:
            made = stored.add(conn, first, last, note)
            return _recorded(conn, made)[0]

    def remove_closure(self, closure_id: int, *, note: str = "") -> ClosureView:
        """Record that closure ``closure_id`` no longer applies: its days count as working
        days for deadlines opened from now on (those already open keep their dates). The
        closure stays on record, with its removal."""
        with self._store.write() as conn:
            found = _recorded(conn, closure_id) if 0 < closure_id < 2**31 else []
            if not found:
                raise NotFound(f"no closure {closure_id}", remedy=Remedy("list_closures"))
            if found[0].removed_at is not None:
                raise AlreadyExists(
                    f"closure {closure_id} was removed already, at "
                    f"{found[0].removed_at:%Y-%m-%d %H:%M} UTC"
                )
            stored.remove(conn, closure_id, note)
            return _recorded(conn, closure_id)[0]

    def closures(self, *, removed: bool = False) -> list[ClosureView]:
        """The closures recorded and not removed, soonest first (those not in force say why);
        with ``removed``, the removed ones too."""
        with self._store.read() as conn:
            found = _recorded(conn)
        return [v for v in found if removed or v.removed_at is None]
