"""Use cases of the planner: one proposal's plan (now, as of a day, from what was known on a
day, with what-if steps) and the portfolio's, read in one transaction and planned by
:mod:`govflow.planning` (pure). Nothing is written.

The timetable is the record's: the committees' paper lead days and cadence, every meeting on
record from the day planned from (held or planned: a meeting dated after an ``as_of`` day is
taken as planned then, since the record does not say when a meeting was first announced), and
the releases with a date.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from govflow.calendar import WorkingCalendar
from govflow.dates import bounds, optional_date
from govflow.errors import InvalidInput, NotFound
from govflow.model import Deadline, Event, jsonable
from govflow.planning.cadence import parse_cadence
from govflow.planning.model import Plan, RoutePlan
from govflow.planning.plan import plan
from govflow.planning.portfolio import PortfolioRow, row_of
from govflow.planning.route import decided_on
from govflow.planning.shared import Key, Shared, plan_key
from govflow.planning.timetable import CommitteeTimes, Release, Timetable
from govflow.planning.whatif import parse_what_if
from govflow.records import derive
from govflow.records.closures import calendar_of
from govflow.records.lookup import Lookup
from govflow.records.next_steps import Read, ReleaseLinks, state_on
from govflow.records.snapshot_rows import state_read
from govflow.store import plan_rows
from govflow.store.rows import ProposalRecord
from govflow.store.session import Connection, Store
from govflow.workflow.state import ProposalState
from govflow.workflow.verdict import Rules

#: How many plans a :class:`Plans` keeps (the latest made; each is a few kilobytes).
KEPT = 512


class TimetableRows(NamedTuple):
    """A timetable's rows as read (:mod:`govflow.store.plan_rows`): plain tuples, equal when
    the record is, so a plan's key holds them rather than the timetable made of them."""

    committees: tuple[plan_rows.CommitteeTiming, ...]
    meetings: tuple[tuple[str, dt.date, str], ...]  # from the day planned from
    releases: tuple[plan_rows.ReleaseTimes, ...]  # the dated ones


def timetable_rows(conn: Connection, start: dt.date) -> TimetableRows:
    """The rows of the record's timetable from ``start`` (:func:`timetable_of` makes it)."""
    return TimetableRows(tuple(plan_rows.committees(conn)),
                         tuple(plan_rows.meetings_from(conn, start)),
                         tuple(plan_rows.dated_releases(conn)))  # fmt: skip


def timetable_of(rows: TimetableRows, calendar: WorkingCalendar) -> Timetable:
    """The timetable the rows of :func:`timetable_rows` give, with ``calendar``."""
    committees = {
        code: CommitteeTimes(code, lead_days, parse_cadence(cadence) if cadence else None)
        for code, lead_days, cadence in rows.committees
    }  # fmt: skip
    meetings: dict[str, list[tuple[dt.date, str]]] = defaultdict(list)
    for committee, day, code in rows.meetings:
        meetings[committee].append((day, code))
    releases = [Release(name, day, scope, dcc)
                for name, day, scope, dcc in rows.releases if day]  # fmt: skip
    return Timetable(calendar, committees, dict(meetings), releases)


def timetable(
    conn: Connection, start: dt.date, calendar: WorkingCalendar | None = None
) -> Timetable:
    """The record's timetable from ``start`` (``calendar``: the record's, when already read)."""
    return timetable_of(timetable_rows(conn, start), calendar or calendar_of(conn))


@dataclass(frozen=True)
class ReleaseScope:
    """A release's date and the days its scope is fixed, as on record (None: not given; the
    planner then assumes six months, and a year for the DCC-impacting scope)."""

    name: str
    on: dt.date | None
    scope_closes: dt.date | None
    dcc_scope_closes: dt.date | None

    def to_dict(self) -> dict[str, Any]:
        return {k: jsonable(v) for k, v in self.__dict__.items()}


def set_scope(
    conn: Connection, name: str, scope_closes: str | dt.date | None,
    dcc_scope_closes: str | dt.date | None,
) -> ReleaseScope:  # fmt: skip
    """Give release ``name`` the days its scope and its DCC-impacting scope are fixed (each
    left as it is when None), each before the release's date."""
    found = plan_rows.release_times(conn, name)
    if found is None:
        known = ", ".join(n for n, *_ in plan_rows.dated_releases(conn)) or "none"
        raise NotFound(f"no release is named {name!r} (a release is made when a proposal is "
                       f"first targeted at it; dated releases: {known})")  # fmt: skip
    given = {"scope_closes": optional_date(scope_closes, "scope_closes"),
             "dcc_scope_closes": optional_date(dcc_scope_closes, "dcc_scope_closes")}  # fmt: skip
    values = {k: v for k, v in given.items() if v is not None}
    on = found[1]
    for key, day in values.items():
        if on is not None and day > on:
            raise InvalidInput(f"{name}'s {key.replace('_', ' ')} ({day}) comes after the "
                               f"release itself ({on})", field=key)  # fmt: skip
    if values:
        plan_rows.set_release_scope(conn, name, values)
    _, on, scope, dcc = plan_rows.release_times(conn, name) or found
    return ReleaseScope(name, on, scope, dcc)


def made_key(
    rules: Rules, state: ProposalState, start: dt.date, rows: TimetableRows,
    early: ProposalState | None, what_ifs: Sequence[tuple[str, dt.date]], targets: Sequence[str],
) -> Key:  # fmt: skip
    """Everything a plan is made from (:func:`~govflow.planning.plan.plan`'s arguments, as
    read): the state as :func:`~govflow.planning.shared.plan_key` sees it, the early windows,
    the timetable (the calendar, and the rows its committees, meetings and releases are made
    of: equal rows make equal timetables) and what was asked. Two plans made from equal keys
    are equal but for the reference they name (two proposals alike share one, as a
    portfolio's do: :mod:`govflow.planning.shared`); the workflow's definition is the
    registry's, fixed per version."""
    late = plan_key(rules, state, start, decided_on(rules, state))
    soon = None if early is None else plan_key(rules, early, start, decided_on(rules, early))
    return late, soon, (rules.calendar, rows), tuple(what_ifs), tuple(targets)


class Plans:
    """``plan``: what happens next to a proposal, and when at the earliest.

    A plan is made from what is read in its call (the proposal's state, its windows, the
    timetable) and nothing else; the plans made lately are kept by :func:`made_key`, so a
    proposal planned again from the same record (its page viewed again, proposals alike)
    is not planned anew. What is read is read at every call: nothing kept can be stale."""

    def __init__(self, store: Store, lookup: Lookup) -> None:
        self._store = store
        self._lookup = lookup
        self._made: dict[Key, Plan] = {}
        self._timing: object = None  # the timetable of the plan kept last (see _keep)
        self._lock = threading.Lock()  # the server's threads plan at once

    def plan(
        self,
        reference: str,
        *,
        as_of: str | dt.date | None = None,
        known_on: str | dt.date | None = None,
        assume: Sequence[str] = (),
        target: Sequence[str] = (),
        today: str | dt.date | None = None,
    ) -> Plan:
        """The remaining steps of a proposal to its decision and implementation, each with its
        earliest date and the reason for it: from today (``today``), or from what stood at the
        end of ``as_of`` (as known then, with ``known_on``). ``assume`` adds what-if steps
        (``"send_to_report on 16 July 2021"``), judged by the rules and never written;
        ``target`` names releases to check (``"November 2022"``)."""
        what_ifs = [parse_what_if(text) for text in assume]
        day = optional_date(as_of, "as-of date")
        now = optional_date(today, "today") or dt.datetime.now(dt.UTC).date()
        with self._store.read() as conn:
            row, _ = self._lookup.find(conn, reference)
            return self.plan_of(conn, row, now, day, known_on, what_ifs, target)

    def plan_of(
        self, conn: Connection, row: ProposalRecord, now: dt.date, day: dt.date | None = None,
        known_on: str | dt.date | None = None, what_ifs: Sequence[tuple[str, dt.date]] = (),
        target: Sequence[str] = (),
    ) -> Plan:  # fmt: skip
        """:meth:`plan` of the proposal ``row`` from ``now`` (today), its arguments read."""
        state, start = self._state(conn, row, day, known_on, now, state_read(conn))
        if not state.raised:  # raised on a later day than the one planned from
            return _unraised(self._lookup.label(row), row.raised_on, start)
        rules = self._lookup.rules(conn, row)
        opened = any(d.status == "open" for d in state.deadlines)  # else nothing to move
        early = _early(state, derive.facts_of(conn, row), rules.calendar) if opened else None
        rows = timetable_rows(conn, start)
        key = made_key(rules, state, start, rows, early, what_ifs, target)
        found = self._made.get(key)
        if found is None:
            tt = timetable_of(rows, rules.calendar)
            found = plan(rules, state, start, tt, what_ifs=what_ifs, targets=list(target),
                         early=early)  # fmt: skip
            self._keep(key, found)
        known = None if known_on is None else str(known_on)
        label = self._lookup.label(row)  # proposals alike share a plan: it names each its own
        return dataclasses.replace(found, reference=label, as_of=day, known_on=known)

    def _keep(self, key: Key, made: Plan) -> None:
        """Keep ``made`` by ``key``, forgetting the oldest kept past :data:`KEPT`; the keys
        share one timetable while it is the same (it holds every meeting to come)."""
        with self._lock:
            if len(self._made) >= KEPT:
                self._made.pop(next(iter(self._made)))
            if key[2] == self._timing:
                key = (*key[:2], self._timing, *key[3:])
            self._timing = key[2]
            self._made[key] = made

    def set_release_scope(
        self, name: str, *, scope_closes: str | dt.date | None = None,
        dcc_scope_closes: str | dt.date | None = None,
    ) -> ReleaseScope:  # fmt: skip
        """Record when release ``name``'s full scope (``scope_closes``) and its DCC-impacting
        scope (``dcc_scope_closes``) are fixed: release data the planner uses in place of its
        assumptions (six months and a year ahead). Either left as it is when None."""
        with self._store.write() as conn:
            return set_scope(conn, name, scope_closes, dcc_scope_closes)

    def releases(self) -> list[tuple[str, dt.date | None]]:
        """The releases with a date on record: (name, date)."""
        with self._store.read() as conn:
            return [(name, on) for name, on, *_ in plan_rows.dated_releases(conn)]

    def portfolio(
        self, *, as_of: str | dt.date | None = None, today: str | dt.date | None = None
    ) -> list[PortfolioRow]:
        """Every open proposal's plan in one line (see :class:`PortfolioRow`), in reference
        order: from today, or from what stood at the end of ``as_of``."""
        day = optional_date(as_of, "as-of date")
        now = optional_date(today, "today") or dt.datetime.now(dt.UTC).date()
        found = []
        shared = Shared()  # proposals alike share plans and route searches, in this call only
        with self._store.read() as conn:
            tt = timetable(conn, day or now)
            windows, releases = plan_rows.open_deadlines(conn), plan_rows.linked_releases(conn)

            def read(row: ProposalRecord) -> tuple[list[Deadline], ReleaseLinks]:
                return windows.get(row.id, []), releases.get(row.id, {})

            for row in plan_rows.proposals_in_order(conn):
                line = self._line(conn, row, day, now, tt, shared, read)
                if line is not None:
                    found.append(line)
        return found

    def _line(
        self, conn: Connection, row: ProposalRecord, day: dt.date | None, now: dt.date,
        tt: Timetable, shared: Shared, read: Read,
    ) -> PortfolioRow | None:  # fmt: skip
        """The proposal's line, or None when it is closed (or not raised yet) on the day."""
        wf = self._lookup.workflow_of(row)
        if day is None and row.stage not in wf.open_states:
            return None
        try:
            state, start = self._state(conn, row, day, None, now, read)
        except NotFound:
            return None
        spec = self._lookup.registry.get(row.workflow, state.version).state(state.stage)
        if spec is None or spec.terminal:
            return None
        target = _target(state)
        rules = self._lookup.registry.rules(row.workflow, tt.calendar)
        found = plan(rules, state, start, tt, reference=self._lookup.label(row),
                     targets=[target] if target and tt.release_named(target) else [],
                     shared=shared)  # fmt: skip
        return row_of(found, target, state.raised_on)

    def _state(
        self,
        conn: Connection,
        row: ProposalRecord,
        day: dt.date | None,
        known_on: object,
        now: dt.date,
        read: Read | None = None,
    ) -> tuple[ProposalState, dt.date]:
        """The proposal's state and the day to plan from (``read``: see
        :func:`~govflow.records.next_steps.state_on`)."""
        if day is None and known_on is None:
            state = state_on(conn, self._lookup, row, now, read)
            return state, max(now, state.latest_on or now)
        if day is None:
            raise InvalidInput("a plan from what was known on a day needs the day it stands on")
        assert known_on is None or isinstance(known_on, str | dt.date)
        facts = derive.facts_of(conn, row, derive.cutoff(known_on))
        state = derive.derive(conn, self._lookup, row, facts, upto=day)
        if not state.raised:
            raise NotFound(f"{self._lookup.label(row)} had not been raised on {day}")
        return state, day


def _unraised(label: str, raised_on: dt.date, start: dt.date) -> Plan:
    """The plan of a proposal not yet raised on the day planned from: none, and why."""
    why = (f"{label} is raised on {raised_on}, after the day planned from ({start}): nothing "
           "can be planned for it before then")  # fmt: skip
    return Plan(label, "", start, (RoutePlan(None, False, (), stops=why),))


def _early(state: ProposalState, facts: list[Event], cal: WorkingCalendar) -> ProposalState:
    """``state`` with each open window that an event known only to an interval opened (the
    record dates it on the interval's last day: a month's, "between"'s) opened on the
    interval's first day instead."""
    firsts = {f.seq: bounds(f.occurred_on, f.date_precision)[0] for f in facts}
    deadlines = tuple(
        _opened_first(d, first, cal)
        if d.status == "open" and (first := firsts.get(d.opened_seq)) and first < d.opened_on
        else d
        for d in state.deadlines
    )
    return dataclasses.replace(state, deadlines=deadlines)


def _opened_first(d: Deadline, first: dt.date, cal: WorkingCalendar) -> Deadline:
    """``d`` opened on ``first`` (as it stands when the calendar cannot count working days in
    that year: the plan then stops there with its reason)."""
    try:
        due = cal.add_working_days(first, d.working_days, d.first_day_counts)
    except InvalidInput:
        return d
    return dataclasses.replace(d, opened_on=first, due_on=due)


def _target(state: ProposalState) -> str | None:
    """The release the proposal is targeted at (or approved for), the soonest when several."""
    held = [(when or "9999", name) for name, (status, when) in state.releases.items()
            if status in ("targeted", "approved")]  # fmt: skip
    return min(held)[1] if held else None
