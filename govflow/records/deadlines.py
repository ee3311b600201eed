"""Working-day deadlines: opened by stages and milestones, closed by what the workflow names.

A deadline is opened in the same transaction as the event that starts it and records the calendar
in force and the first-day convention, so a later change of closures does not move it. Actions
asked for in minutes are deadlines too; :meth:`Deadlines.due` lists both.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, insert, select, update

from govflow.calendar import WorkingCalendar
from govflow.dates import optional_date, parse_date
from govflow.errors import InvalidInput, NotFound
from govflow.records.meetings import Meetings
from govflow.store import tables
from govflow.store.models import Action, Closure
from govflow.store.models import Deadline as DeadlineRow
from govflow.views import DueItem, NextMeeting
from govflow.workflow.definition import Deadline, Situation, Workflow, unmet

deadline_t = DeadlineRow.__table__  # type: ignore[attr-defined]
closure_t = Closure.__table__  # type: ignore[attr-defined]
action_t = Action.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class _Plan:
    """What in a workflow opens or closes deadlines, worked out once per workflow."""

    closers: frozenset[str]
    stages: frozenset[str]


_PLANS: dict[str, _Plan] = {}


def _plan(wf: Workflow) -> _Plan:
    found = _PLANS.get(wf.key)
    if found is None:
        closers = {n for s in wf.states if s.deadline for n in s.deadline.closed_by}
        closers |= {n for m in wf.milestones if m.deadline for n in m.deadline.closed_by}
        stages = frozenset(s.name for s in wf.states if s.deadline)
        found = _PLANS[wf.key] = _Plan(frozenset(closers), stages)
    return found


def must_close(wf: Workflow, name: str, leaving: str | None) -> bool:
    """Whether firing or recording ``name`` (leaving stage ``leaving``) may close a deadline."""
    p = _plan(wf)
    return name in p.closers or (leaving is not None and leaving in p.stages)


def closes(deadline: Mapping[Any, Any], name: str, leaving: str | None) -> bool:
    """Whether ``name`` (or leaving stage ``leaving``) closes this open deadline."""
    leaves = deadline["kind"] == "stage" and deadline["name"] == leaving
    return name in (deadline["closed_by"] or []) or leaves


def window(
    wf: Workflow, situation: Situation, name: str, stage: bool
) -> tuple[str, str, str, Deadline] | None:
    """(kind, name, label, spec) of the deadline that entering stage ``name`` or recording
    milestone ``name`` opens in ``situation``, or None."""
    spec = wf.state(name) if stage else wf.milestone(name)
    if spec is None or spec.deadline is None or unmet(spec.deadline.when, situation):
        return None
    kind = "stage" if stage else "milestone"
    return kind, spec.name, spec.deadline.label or spec.label, spec.deadline


def deadline_values(
    wf: Workflow, kind: str, name: str, label: str, spec: Deadline, day: dt.date, seq: int,
    cal: WorkingCalendar,
) -> dict[str, Any]:  # fmt: skip
    """A new open deadline's row, its due date and the calendar in force recorded."""
    return {
        "kind": kind, "name": name, "label": label, "opened_on": day, "opened_seq": seq,
        "working_days": spec.working_days, "first_day_counts": wf.first_day_counts,
        "due_on": cal.add_working_days(day, spec.working_days, wf.first_day_counts),
        "calendar": dict(cal.describe()), "closed_by": list(spec.closed_by), "status": "open",
        "closed_on": None, "closed_with": None, "note": spec.note,
    }  # fmt: skip


class Deadlines(Meetings):
    # -- the calendar --------------------------------------------------------------------------
    def calendar(self) -> WorkingCalendar:
        """The working-day calendar of this database (England and Wales plus its closures)."""
        with self._read() as conn:
            return self._calendar(conn)

    @staticmethod
    def _calendar(conn: Connection) -> WorkingCalendar:
        rows = conn.execute(select(closure_t.c.start, closure_t.c.end))
        return WorkingCalendar(closures=[(r.start, r.end) for r in rows])

    def add_closure(
        self, start: str | dt.date, end: str | dt.date | None = None, *, note: str = ""
    ) -> tuple[dt.date, dt.date]:
        """Make days non-working for this database (e.g. a Christmas shutdown)."""
        first = parse_date(start, "closure start")
        last = optional_date(end, "closure end") or first
        if last < first:
            raise InvalidInput(f"a closure cannot end ({last}) before it starts ({first})")
        with self._write() as conn:
            conn.execute(insert(closure_t).values(start=first, end=last, note=note))
        return first, last

    def closures(self) -> list[tuple[dt.date, dt.date, str]]:
        with self._read() as conn:
            rows = conn.execute(select(closure_t).order_by(closure_t.c.start))
            return [(r.start, r.end, r.note) for r in rows]

    # -- maintained by the writes --------------------------------------------------------------
    def _after_move(
        self, conn: Connection, row: Any, situation: Situation, source: str, trigger: str,
        day: dt.date, seq: int,
    ) -> None:  # fmt: skip
        self._keep_deadlines(conn, row, situation, trigger, source, day, seq, stage=True)

    def _after_milestone(
        self, conn: Connection, row: Any, situation: Situation, milestone: str, day: dt.date,
        seq: int,
    ) -> None:  # fmt: skip
        self._keep_deadlines(conn, row, situation, milestone, None, day, seq, stage=False)

    def _keep_deadlines(
        self, conn: Connection, row: Any, situation: Situation, name: str, leaving: str | None,
        day: dt.date, seq: int, stage: bool,
    ) -> None:  # fmt: skip
        wf = self.workflow_of(row)
        if must_close(wf, name, leaving):
            self._close_deadlines(conn, row.id, day, name, leaving)
        found = window(wf, situation, situation.stage if stage else name, stage)
        if found is not None:
            values = deadline_values(wf, *found, day, seq, self._calendar(conn))
            conn.execute(insert(deadline_t).values(proposal_id=row.id, **values))

    @staticmethod
    def _close_deadlines(
        conn: Connection, proposal_id: int, day: dt.date, name: str, leaving: str | None
    ) -> None:
        rows = conn.execute(
            select(
                deadline_t.c.id, deadline_t.c.kind, deadline_t.c.name, deadline_t.c.closed_by
            ).where(deadline_t.c.proposal_id == proposal_id, deadline_t.c.status == "open")
        )
        ids = [r.id for r in rows if closes(r._mapping, name, leaving)]
        if ids:
            conn.execute(
                update(deadline_t)
                .where(deadline_t.c.id.in_(ids))
                .values(status="closed", closed_on=day, closed_with=name)
            )

    # -- questions -----------------------------------------------------------------------------
    def deadlines(self, reference: str, *, open_only: bool = True) -> list[DueItem]:
        """A proposal's deadlines (open ones by default), soonest first."""
        today = dt.datetime.now(dt.UTC).date()
        with self._read() as conn:
            row, _ = self._find(conn, reference)
            return self._proposal_deadlines(conn, row, today, open_only)

    def _proposal_deadlines(
        self, conn: Connection, row: Any, on: dt.date, open_only: bool = True
    ) -> list[DueItem]:
        query = select(deadline_t).where(deadline_t.c.proposal_id == row.id)
        if open_only:
            query = query.where(deadline_t.c.status == "open")
        cal = self._calendar(conn)
        rows = conn.execute(query.order_by(deadline_t.c.due_on, deadline_t.c.id))
        return [self._deadline_item(r, self.reference_of(row), cal, on, None) for r in rows]

    def _deadline_item(
        self, r: Any, reference: str, cal: WorkingCalendar, on: dt.date, party: str | None
    ) -> DueItem:
        return DueItem(
            kind="deadline", id=r.id, reference=reference, meeting=None, item=None, what=r.label,
            party=party, opened_on=r.opened_on, due_on=r.due_on,
            working_days_left=cal.working_days_between(on, r.due_on), status=r.status,
        )  # fmt: skip

    def due(
        self,
        *,
        on: str | dt.date | None = None,
        within: int | None = None,
        overdue: bool = False,
        committee: str | None = None,
    ) -> list[DueItem]:
        """Open deadlines and actions, soonest first, with the working days left on ``on``."""
        day = optional_date(on, "--on date") or dt.datetime.now(dt.UTC).date()
        if within is not None and within < 0:
            raise InvalidInput("--within takes a number of working days, 0 or more")
        with self._read() as conn:
            code = self._body_code(conn, committee) if committee else None
            cal = self._calendar(conn)
            found = self._open_deadlines(conn, cal, day, code) + self._open_actions(
                conn, cal, day, code
            )
        if overdue:
            found = [d for d in found if d.due_on < day]
        if within is not None:
            found = [d for d in found if d.working_days_left <= within]
        return sorted(found, key=lambda d: (d.due_on, d.kind, d.id))

    def _body_code(self, conn: Connection, code: str) -> str:
        """A committee of the database or a body a workflow names (DCC, SECAS, ...)."""
        bodies = {b.code for wf in self.registry.all() for b in wf.bodies}
        if code.upper() in bodies:
            return code.upper()
        return str(tables.committee(conn, code).code)

    def _open_deadlines(
        self, conn: Connection, cal: WorkingCalendar, day: dt.date, committee: str | None
    ) -> list[DueItem]:
        query = (
            select(deadline_t, tables.proposal_t.c.prefix, tables.proposal_t.c.number,
                   tables.proposal_t.c.alternative, tables.proposal_t.c.workflow,
                   tables.proposal_t.c.workflow_version)
            .join(tables.proposal_t, tables.proposal_t.c.id == deadline_t.c.proposal_id)
            .where(deadline_t.c.status == "open")
        )  # fmt: skip
        items = []
        for r in conn.execute(query):
            body = self._body_of(r)
            if committee is None or body == committee:
                items.append(self._deadline_item(r, self.reference_of(r), cal, day, body))
        return items

    def _body_of(self, r: Any) -> str | None:
        wf = self.registry.get(r.workflow, r.workflow_version)
        spec = wf.state(r.name) if r.kind == "stage" else wf.milestone(r.name)
        return spec.body if spec is not None else None

    def _open_actions(
        self, conn: Connection, cal: WorkingCalendar, day: dt.date, committee: str | None
    ) -> list[DueItem]:
        return self._actions(conn, cal, day, committee, open_only=True)

    @staticmethod
    def _actions(
        conn: Connection, cal: WorkingCalendar, day: dt.date, committee: str | None,
        open_only: bool,
    ) -> list[DueItem]:  # fmt: skip
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

    # -- actions -------------------------------------------------------------------------------
    def actions(
        self, *, open_only: bool = False, overdue_on: str | dt.date | None = None
    ) -> list[DueItem]:
        """Actions from minutes, soonest first; ``overdue_on`` keeps those past due that day."""
        day = optional_date(overdue_on, "--on date")
        with self._read() as conn:
            cal = self._calendar(conn)
            found = self._actions(conn, cal, day or dt.datetime.now(dt.UTC).date(), None,
                                  open_only=open_only or day is not None)  # fmt: skip
        if day is not None:
            found = [a for a in found if a.due_on < day]
        return sorted(found, key=lambda a: (a.due_on, a.id))

    def close_action(self, action_id: int, *, on: str | dt.date | None = None) -> DueItem:
        """Mark an action done."""
        day = optional_date(on, "--on date") or dt.datetime.now(dt.UTC).date()
        with self._write() as conn:
            row = conn.execute(select(action_t).where(action_t.c.id == action_id)).first()
            if row is None:
                raise NotFound(f"no action {action_id}; `govflow action list` shows them")
            if row.status == "closed":
                raise InvalidInput(f"action {action_id} was already closed on {row.closed_on}")
            conn.execute(update(action_t).where(action_t.c.id == action_id)
                         .values(status="closed", closed_on=day))  # fmt: skip
            cal = self._calendar(conn)
            found = [a for a in self._actions(conn, cal, day, None, open_only=False)
                     if a.id == action_id]  # fmt: skip
        return found[0]

    # -- meeting planning ----------------------------------------------------------------------
    def next_meeting(self, committee: str, *, on: str | dt.date | None = None) -> NextMeeting:
        """The committee's next meeting on or after ``on``, and the last day for its papers."""
        day = optional_date(on, "--on date") or dt.datetime.now(dt.UTC).date()
        m = tables.meeting_t
        with self._read() as conn:
            found = tables.committee(conn, committee)
            row = conn.execute(
                select(m).where(m.c.committee_id == found.id, m.c.date >= day)
                .order_by(m.c.date, m.c.number).limit(1)
            ).first()  # fmt: skip
            if row is None:
                raise NotFound(
                    f"{found.code} has no meeting on or after {day}; add one with "
                    f"`govflow meeting add {found.code}_N --on DATE`"
                )
            view = self._meeting_view(conn, row, found.code)
            lead = found.paper_lead_days
            papers = None
            if lead is not None:
                papers = self._calendar(conn).subtract_working_days(row.date, lead)
        return NextMeeting(view, papers, lead)
