"""Actions asked for in minutes: listed with the working days left, and closed when done."""

from __future__ import annotations

import datetime as dt

from govflow.calendar import WorkingCalendar
from govflow.dates import optional_date
from govflow.errors import AlreadyExists, InvalidInput, NotFound, Remedy
from govflow.records.closures import calendar_of
from govflow.store import action_rows, tables
from govflow.store.rows import ListedAction
from govflow.store.session import Connection, Store
from govflow.views import DueItem


def action_items(
    conn: Connection, cal: WorkingCalendar, day: dt.date, committee: str | None, open_only: bool
) -> list[DueItem]:
    """Actions (of one committee's meetings, or all), with the working days left on ``day``."""
    return [_item(r, cal, day) for r in action_rows.listed(conn, committee, open_only=open_only)]


def _item(r: ListedAction, cal: WorkingCalendar, day: dt.date) -> DueItem:
    return DueItem(
        kind="action", id=r.id, reference=None, meeting=f"{r.code}_{r.meeting_number}",
        item=r.item_number, what=r.text, party=r.party, opened_on=None, due_on=r.due_on,
        working_days_left=cal.working_days_between(day, r.due_on), status=r.status,
    )  # fmt: skip


def _one(conn: Connection, action_id: int, day: dt.date) -> DueItem:
    """The action ``action_id`` with the working days left on ``day``."""
    (found,) = action_rows.listed(conn, action_id=action_id)
    return _item(found, calendar_of(conn), day)


class Actions:
    """The actions minutes ask for."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def actions(
        self, *, open_only: bool = False, overdue_on: str | dt.date | None = None
    ) -> list[DueItem]:
        """Actions from minutes, soonest first; ``overdue_on`` keeps those past due that day."""
        day = optional_date(overdue_on, field="overdue_on")
        with self._store.read() as conn:
            cal = calendar_of(conn)
            found = action_items(conn, cal, day or dt.datetime.now(dt.UTC).date(), None,
                                 open_only=open_only or day is not None)  # fmt: skip
        if day is not None:
            found = [a for a in found if a.due_on < day]
        return sorted(found, key=lambda a: (a.due_on, a.id))

    def add_action(
        self,
        meeting: str,
        text: str,
        *,
        due: str | dt.date | None = None,
        at: str | None = None,
        party: str | None = None,
        item: str | None = None,
    ) -> DueItem:
        """Record an action a meeting asked for: due on a day (``due``) or at a later meeting
        (``at``, e.g. ``OPSG_50``: due on its date), of ``party``, under agenda ``item``."""
        if not text.strip():
            raise InvalidInput("an action needs its text: what was asked")
        if (due is None) == (at is None):
            raise InvalidInput("give when it is due: a date (due) or a meeting (at), one of them")
        day = optional_date(due, "due date", field="due")
        with self._store.write() as conn:
            asked = tables.meeting(conn, meeting)
            item_id = tables.item(conn, asked, item, meeting).id if item is not None else None
            at_row = tables.meeting(conn, at) if at is not None else None
            clash = action_rows.same_text(conn, asked.id, text.strip())
            if clash is not None:
                raise AlreadyExists(f"{meeting} already has that action (id {clash})")
            due_on = at_row.date if at_row is not None else day
            assert due_on is not None  # one of due and at is given (checked above)
            new_id = action_rows.add(conn, asked.id, item_id, text.strip(), party, due_on,
                                     at_row.id if at_row is not None else None)  # fmt: skip
            return _one(conn, new_id, dt.datetime.now(dt.UTC).date())

    def close_action(self, action_id: int, *, on: str | dt.date | None = None) -> DueItem:
        """Mark an action done."""
        day = optional_date(on, field="on") or dt.datetime.now(dt.UTC).date()
        with self._store.write() as conn:
            row = action_rows.action(conn, action_id)
            if row is None:
                raise NotFound(f"no action {action_id}", remedy=Remedy("list_actions"))
            if row.status == "closed":
                raise InvalidInput(f"action {action_id} was already closed on {row.closed_on}")
            action_rows.close(conn, action_id, day)
            return _one(conn, action_id, day)
