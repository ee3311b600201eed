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
from govflow.records import snapshot_rows, stored_windows
from govflow.records.closures import calendar_of
from govflow.records.lookup import Lookup
from govflow.store import deadline_rows, tables
from govflow.store.rows import ProposalRecord, ReferenceRecord
from govflow.store.session import Connection, Store, is_snapshot
from govflow.views import DueItem
from govflow.workflow.definition import Workflow
from govflow.workflow.windows import status_on, window_kind
from govflow.workflow.words import body_name


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
        return [item for _, item in self._items(conn, row, on, open_only)]

    def open_and_all(
        self, conn: Connection, row: ProposalRecord, on: dt.date
    ) -> tuple[list[DueItem], list[DueItem]]:
        """:meth:`of_proposal`'s open deadlines and all of them, each made once (a proposal's
        page shows both: the view's open ones, and every one). A window is made moot only
        when stored open (:func:`~govflow.records.stored_windows.as_read`), so the open ones
        read among all are the open ones read alone."""
        items = self._items(conn, row, on, open_only=False)
        return [item for d, item in items if d.status == "open"], [item for _, item in items]

    def _items(
        self, conn: Connection, row: ProposalRecord, on: dt.date, open_only: bool
    ) -> list[tuple[Deadline, DueItem]]:
        cal = calendar_of(conn)
        stored = _stored(conn, row.id, open_only)
        read = stored_windows.as_read(conn, self._lookup, row, row.id, row.stage, stored)
        wf = self._lookup.workflow_of(row)
        label = self._lookup.label(row)
        return [
            (d, due_item(d, label, cal, on, window_kind(wf, d.kind, d.name), body,
                         body_name(wf, body) if body else ""))
            for d in read if d.status == "open" or not open_only
            for body in [_body_of(wf, d)]
        ]  # fmt: skip

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
        from govflow.records.actions import action_items  # here: a proposal's page needs none

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
        for d, proposal in self._open_on(conn, day):
            wf = self._lookup.workflow_of(proposal)
            body = _body_of(wf, d)
            if committee is None or body == committee:
                kind = window_kind(wf, d.kind, d.name)
                item = due_item(d, self._lookup.label(proposal), cal, day, kind, body,
                                body_name(wf, body) if body else "")  # fmt: skip
                status = status_on(kind, "open", d.due_on, day)  # as it stood on that day
                items.append(replace(item, status=status))
        return items

    def _open_on(self, conn: Connection, day: dt.date) -> list[tuple[Deadline, ReferenceRecord]]:
        """The deadlines open on ``day``, each one stored open that the events make moot read
        so (:mod:`govflow.records.stored_windows`)."""
        found: dict[int, list[deadline_rows.OpenDeadline]] = {}
        for row in deadline_rows.open_on(conn, day):
            found.setdefault(row.proposal_id, []).append(row)
        read = [
            (d, rows[0].proposal)
            for i, rows in found.items()
            for d in stored_windows.as_read(conn, self._lookup, rows[0].proposal, i,
                                            rows[0].stage, [r.deadline for r in rows])
        ]  # fmt: skip
        return [(d, p) for d, p in read if d.status == "open" or _after(d.closed_on, day)]


def _stored(conn: Connection, proposal_id: int, open_only: bool) -> list[Deadline]:
    """A proposal's stored deadlines (open ones only), soonest first: in a read snapshot all of
    them read once (a proposal's page asks for its open ones and for all of them)."""
    if not is_snapshot(conn):
        return deadline_rows.of_proposal(conn, proposal_id, open_only)
    every = snapshot_rows.deadlines(conn, proposal_id)
    return [d for d in every if d.status == "open" or not open_only]


def _after(closed_on: dt.date | None, day: dt.date) -> bool:
    return closed_on is not None and closed_on > day


def _body_of(wf: Workflow, d: Deadline) -> str | None:
    spec = wf.state(d.name) if d.kind == "stage" else wf.milestone(d.name)
    return spec.body if spec is not None else None


def due_item(
    d: Deadline, reference: str, cal: WorkingCalendar, on: dt.date, window: str,
    party: str | None = None, party_name: str = "",
) -> DueItem:  # fmt: skip
    """A deadline (stored, or replayed: no id) with the working days left on ``on``."""
    return DueItem(
        kind="deadline", id=d.id or 0, reference=reference, meeting=None, item=None,
        what=d.label, party=party, opened_on=d.opened_on, due_on=d.due_on,
        working_days_left=cal.working_days_between(on, d.due_on),
        status=status_on(window, d.status, d.due_on, on), window=window, party_name=party_name,
    )  # fmt: skip
