"""Working-day deadlines: opened by stages and milestones, closed by what the workflow names.

A deadline is opened in the same transaction as the event that starts it and records the calendar
in force and the first-day convention, so a later change of closures does not move it. The rules
are pure functions, shared by the live writes (:meth:`Deadlines.after_move`) and the bulk replay.
Actions asked for in minutes are due too; :meth:`Deadlines.due` lists both.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Connection, insert, or_, select, update

from govflow.calendar import WorkingCalendar
from govflow.dates import optional_date
from govflow.errors import InvalidInput
from govflow.records.actions import action_items
from govflow.records.closures import calendar_of
from govflow.records.lookup import Lookup
from govflow.store import reads, tables
from govflow.store.session import Store
from govflow.store.tables import deadline_t
from govflow.views import DueItem
from govflow.workflow.definition import Deadline, Situation, Workflow, unmet


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


class Deadlines:
    """Deadlines kept by the writes, and the questions asked of them (what is due, and when)."""

    def __init__(self, store: Store, lookup: Lookup) -> None:
        self._store = store
        self._lookup = lookup

    # -- maintained by the writes --------------------------------------------------------------
    def after_move(
        self, conn: Connection, row: Any, situation: Situation, source: str, trigger: str,
        day: dt.date, seq: int,
    ) -> None:  # fmt: skip
        """Close what leaving ``source`` by ``trigger`` closes; open what the new stage opens."""
        self._keep(conn, row, situation, trigger, source, day, seq, stage=True)

    def after_milestone(
        self, conn: Connection, row: Any, situation: Situation, milestone: str, day: dt.date,
        seq: int,
    ) -> None:  # fmt: skip
        """Close what ``milestone`` closes; open the window it opens."""
        self._keep(conn, row, situation, milestone, None, day, seq, stage=False)

    def _keep(
        self, conn: Connection, row: Any, situation: Situation, name: str, leaving: str | None,
        day: dt.date, seq: int, stage: bool,
    ) -> None:  # fmt: skip
        wf = self._lookup.workflow_of(row)
        if must_close(wf, name, leaving):
            _close(conn, row.id, day, name, leaving)
        found = window(wf, situation, situation.stage if stage else name, stage)
        if found is not None:
            values = deadline_values(wf, *found, day, seq, calendar_of(conn))
            conn.execute(insert(deadline_t).values(proposal_id=row.id, **values))

    # -- questions -----------------------------------------------------------------------------
    def deadlines(self, reference: str, *, open_only: bool = True) -> list[DueItem]:
        """A proposal's deadlines (open ones by default), soonest first."""
        today = dt.datetime.now(dt.UTC).date()
        with self._store.read() as conn:
            row, _ = self._lookup.find(conn, reference)
            return self.of_proposal(conn, row, today, open_only)

    def of_proposal(
        self, conn: Connection, row: Any, on: dt.date, open_only: bool = True
    ) -> list[DueItem]:
        """A proposal row's deadlines with the working days left on ``on``."""
        query = select(deadline_t).where(deadline_t.c.proposal_id == row.id)
        if open_only:
            query = query.where(deadline_t.c.status == "open")
        cal = calendar_of(conn)
        rows = conn.execute(query.order_by(deadline_t.c.due_on, deadline_t.c.id))
        return [_deadline_item(r, self._lookup.label(row), cal, on, None) for r in rows]

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
        day = optional_date(on, "--on date") or dt.datetime.now(dt.UTC).date()
        if within is not None and within < 0:
            raise InvalidInput("--within takes a number of working days, 0 or more")
        with self._store.read() as conn:
            code = self._body_code(conn, committee) if committee else None
            cal = calendar_of(conn)
            found = self._open_deadlines(conn, cal, day, code)
            found += action_items(conn, cal, day, code, open_only=True)
        if overdue or within is not None:
            # --within N: due from today to N working days on; --overdue: past due; both: either.
            found = [
                d for d in found
                if (overdue and d.due_on < day)
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
        p = tables.proposal_t
        query = (
            select(deadline_t, p.c.prefix, p.c.number, p.c.alternative, p.c.workflow,
                   p.c.workflow_version)
            .join(p, p.c.id == deadline_t.c.proposal_id)
            .where(deadline_t.c.opened_on <= day)
            .where(or_(deadline_t.c.status == "open", deadline_t.c.closed_on > day))
        )  # fmt: skip
        items = []
        for r in conn.execute(query):
            body = self._body_of(r)
            if committee is None or body == committee:
                item = _deadline_item(r, self._lookup.label(r), cal, day, body)
                items.append(replace(item, status="open"))  # as it stood on that day
        return items

    def _body_of(self, r: Any) -> str | None:
        wf = self._lookup.registry.get(r.workflow, r.workflow_version)
        spec = wf.state(r.name) if r.kind == "stage" else wf.milestone(r.name)
        return spec.body if spec is not None else None


def _close(
    conn: Connection, proposal_id: int, day: dt.date, name: str, leaving: str | None
) -> None:
    rows = reads.open_deadlines(conn, proposal_id)
    ids = [r["id"] for r in rows if closes(r, name, leaving)]
    if ids:
        conn.execute(
            update(deadline_t)
            .where(deadline_t.c.id.in_(ids))
            .values(status="closed", closed_on=day, closed_with=name)
        )


def _deadline_item(
    r: Any, reference: str, cal: WorkingCalendar, on: dt.date, party: str | None
) -> DueItem:
    return DueItem(
        kind="deadline", id=r.id, reference=reference, meeting=None, item=None, what=r.label,
        party=party, opened_on=r.opened_on, due_on=r.due_on,
        working_days_left=cal.working_days_between(on, r.due_on), status=r.status,
    )  # fmt: skip


def due_item(d: Mapping[str, Any], reference: str, cal: WorkingCalendar, on: dt.date) -> DueItem:
    """A deadline as replayed (not stored: no id) with the working days left on ``on``."""
    return DueItem(
        kind="deadline", id=int(d.get("id") or 0), reference=reference, meeting=None, item=None,
        what=d["label"], party=None, opened_on=d["opened_on"], due_on=d["due_on"],
        working_days_left=cal.working_days_between(on, d["due_on"]), status=d["status"],
    )  # fmt: skip
