"""Actions asked for in minutes: listed with the working days left, and closed when done."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, insert, select, update

from govflow.calendar import WorkingCalendar
from govflow.dates import optional_date
from govflow.errors import AlreadyExists, InvalidInput, NotFound, Remedy
from govflow.records.closures import calendar_of
from govflow.store import tables
from govflow.store.session import Store
from govflow.store.tables import action_t
from govflow.views import DueItem


def action_items(
    conn: Connection, cal: WorkingCalendar, day: dt.date, committee: str | None, open_only: bool
) -> list[DueItem]:
    """Actions (of one committee's meetings, or all), with the working days left on ``day``."""
    m, c, i = tables.meeting_t, tables.committee_t, tables.item_t
    query = (
        select(action_t, c.c.code, m.c.number.label("meeting_number"),
               i.c.number.label("item_number"))
        .join(m, m.c.id == action_t.c.meeting_id)
        .join(c, c.c.id == m.c.committee_id)
        .outerjoin(i, i.c.id == action_t.c.item_id)
    )  # fmt: skip
    if open_only:
        query = query.where(action_t.c.status == "open")
    if committee is not None:
        query = query.where(c.c.code == committee)
    return [
        DueItem(
            kind="action", id=r.id, reference=None, meeting=f"{r.code}_{r.meeting_number}",
            item=r.item_number, what=r.text, party=r.party, opened_on=None, due_on=r.due_on,
            working_days_left=cal.working_days_between(day, r.due_on), status=r.status,
        )
        for r in conn.execute(query)
    ]  # fmt: skip


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
            same = (action_t.c.meeting_id == asked.id) & (action_t.c.text == text.strip())
            clash = conn.execute(select(action_t.c.id).where(same)).first()
            if clash is not None:
                raise AlreadyExists(f"{meeting} already has that action (id {clash.id})")
            result = conn.execute(insert(action_t).values(
                meeting_id=asked.id, item_id=item_id, text=text.strip(), party=party,
                due_on=day if at_row is None else at_row.date, status="open",
                due_meeting_id=at_row.id if at_row is not None else None,
            ))  # fmt: skip
            new_id = tables.inserted_id(result)
            cal = calendar_of(conn)
            today = dt.datetime.now(dt.UTC).date()
            found = [a for a in action_items(conn, cal, today, None, open_only=False)
                     if a.id == new_id]  # fmt: skip
        return found[0]

    def close_action(self, action_id: int, *, on: str | dt.date | None = None) -> DueItem:
        """Mark an action done."""
        day = optional_date(on, field="on") or dt.datetime.now(dt.UTC).date()
        with self._store.write() as conn:
            row = conn.execute(select(action_t).where(action_t.c.id == action_id)).first()
            if row is None:
                raise NotFound(f"no action {action_id}", remedy=Remedy("list_actions"))
            if row.status == "closed":
                raise InvalidInput(f"action {action_id} was already closed on {row.closed_on}")
            conn.execute(update(action_t).where(action_t.c.id == action_id)
                         .values(status="closed", closed_on=day))  # fmt: skip
            cal = calendar_of(conn)
            found = [a for a in action_items(conn, cal, day, None, open_only=False)
                     if a.id == action_id]  # fmt: skip
        return found[0]
