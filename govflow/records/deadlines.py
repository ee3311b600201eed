"""Working-day deadlines: opened by stages and milestones, closed by what the workflow names.

A deadline is opened in the same transaction as the event that starts it and records the calendar
in force and the first-day convention, so a later change of closures does not move it. Which
windows an event opens and closes is the rule core's (:mod:`govflow.workflow.rules`, with the
kinds of window in :mod:`govflow.workflow.windows`); the writes keep the rows in step
(:mod:`govflow.store.derived`). Actions asked for in minutes are due too; :meth:`Deadlines.due`
lists both.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from govflow.calendar import WorkingCalendar
from govflow.dates import optional_date
from govflow.errors import InvalidInput
from govflow.model import Deadline
from govflow.records.actions import action_items
from govflow.records.closures import calendar_of
from govflow.records.lookup import Lookup
from govflow.store import deadline_rows, tables
from govflow.store.rows import ProposalRecord
from govflow.store.session import Connection, Store
from govflow.views import DueItem
from govflow.workflow.definition import Workflow
from govflow.workflow.windows import status_on, window_kind


class Deadlines:
    """Deadlines kept by the writes, and the questions asked of them (what is due, and when)."""

    def __init__(self, store: Store, lookup: Lookup) -> None:
        self._store = store
        self._lookup = lookup

    # -- questions -----------------------------------------------------------------------------
    def deadlines(self, reference: str, *, open_only: bool = True) -> list[DueItem]:
        """A proposal's deadlines (open ones by default), soonest first."""
        today = dt.datetime.now(dt.UTC).date()
        with self._store.read() as conn:
            row, _ = self._lookup.find(conn, reference)
            return self.of_proposal(conn, row, today, open_only)

    def of_proposal(
        self, conn: Connection, row: ProposalRecord, on: dt.date, open_only: bool = True
    ) -> list[DueItem]:
        """A proposal row's deadlines with the working days left on ``on``."""
        cal = calendar_of(conn)
        rows = deadline_rows.of_proposal(conn, row.id, open_only)
        wf = self._lookup.workflow_of(row)
        label = self._lookup.label(row)
        return [due_item(d, label, cal, on, window_kind(wf, d.kind, d.name)) for d in rows]

    def due(
        self,
        *,
        on: str | dt.date | None = None,
        within: int | None = None,
        overdue: bool = False,
        committee: str | None = None,
    ) -> list[DueItem]:
        """Deadlines and actions open on ``on`` (default today), soonest first, with the working
        days left then. The deadlines are as the history known now left them on that day: one
        closed later is still open then, one opened later is not yet there."""
        day = optional_date(on, field="on") or dt.datetime.now(dt.UTC).date()
        if within is not None and within < 0:
            raise InvalidInput("a number of working days is 0 or more", field="within")
        with self._store.read() as conn:
            code = self._body_code(conn, committee) if committee else None
            cal = calendar_of(conn)
            found = self._open_deadlines(conn, cal, day, code)
            found += action_items(conn, cal, day, code, open_only=True)
        found = [d for d in found if d.status not in ("lapsed",)]  # a lapsed window is not due
        if overdue or within is not None:
            # --within N: due from today to N working days on; --overdue: past due (only a
            # deadline the rules set is ever overdue); both: either.
            found = [
                d for d in found
                if (overdue and d.due_on < day and d.window == "deadline")
                or (within is not None and d.due_on >= day and d.working_days_left <= within)
            ]  # fmt: skip
        return sorted(found, key=lambda d: (d.due_on, d.kind, d.id))

    def _body_code(self, conn: Connection, code: str) -> str:
        """A committee of the database or a body a workflow names (DCC, SECAS, ...)."""
        bodies = {b.code for wf in self._lookup.registry.all() for b in wf.bodies}
        if code.upper() in bodies:
            return code.upper()
        return str(tables.committee(conn, code).code)

    def _open_deadlines(
        self, conn: Connection, cal: WorkingCalendar, day: dt.date, committee: str | None
    ) -> list[DueItem]:
        items = []
        for r, proposal in deadline_rows.open_on(conn, day):
            wf = self._lookup.workflow_of(proposal)
            body = _body_of(wf, r)
            if committee is None or body == committee:
                kind = window_kind(wf, r.kind, r.name)
                item = due_item(r, self._lookup.label(proposal), cal, day, kind, party=body)
                status = status_on(kind, "open", r.due_on, day)  # as it stood on that day
                items.append(replace(item, status=status))
        return items


def _body_of(wf: Workflow, r: Deadline) -> str | None:
    spec = wf.state(r.name) if r.kind == "stage" else wf.milestone(r.name)
    return spec.body if spec is not None else None


def due_item(
    d: Deadline, reference: str, cal: WorkingCalendar, on: dt.date, window: str,
    party: str | None = None,
) -> DueItem:  # fmt: skip
    """A deadline, stored or replayed (no id: 0), with the working days left on ``on``."""
    return DueItem(
        kind="deadline", id=d.id or 0, reference=reference, meeting=None, item=None,
        what=d.label, party=party, opened_on=d.opened_on, due_on=d.due_on,
        working_days_left=cal.working_days_between(on, d.due_on),
        status=status_on(window, d.status, d.due_on, on), window=window,
    )  # fmt: skip
