"""The register as of a date: every proposal as it stood at the end of a day.

Two ways to the same rows. A proposal whose events were recorded in date order and never
corrected (most of them) is read straight from its events with SQL: its latest stage-changing
event by that day, and the route, release, proposer and relabel events (few, indexed by kind).
An *amended* proposal (an entry dated before its latest event, or a correction), and with
``known_on`` every proposal with events recorded after that day, is replayed from its facts
(:mod:`govflow.workflow.replay`). A property test holds the two ways to the same answers.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, select

from govflow.dates import PRECISIONS, optional_date
from govflow.model import Event
from govflow.records import derive
from govflow.records.event_views import solution_views
from govflow.records.lookup import Lookup
from govflow.store import reads, tables
from govflow.store.session import Store
from govflow.store.tables import meeting_code
from govflow.views import RegisterRow, ReleaseLink, new_view
from govflow.workflow.definition import route_name
from govflow.workflow.directions import decided_solution, solution_names
from govflow.workflow.state import ProposalState

_DECISIONS = ("transition", "override", "reached")


class Register:
    """The register, as it stood on a day, from what is known now or was known then."""

    def __init__(self, store: Store, lookup: Lookup) -> None:
        self._store = store
        self._lookup = lookup

    def register(
        self, as_of: str | dt.date | None = None, *, known_on: str | dt.date | None = None
    ) -> list[RegisterRow]:
        """Every proposal as it stood at the end of ``as_of`` (default: today), from its events;
        with ``known_on``, from the events recorded by the end of that day (UTC) only."""
        day = optional_date(as_of, field="as_of") or dt.datetime.now(dt.UTC).date()
        before = derive.cutoff(known_on)
        with self._store.read() as conn, _no_collection():
            replayed = self._replayed_ids(conn, before)
            found = [(key, row) for key, row in self._from_sql(conn, day) if key[3] not in replayed]
            found += self._from_replay(conn, replayed, day, before)
        return [row for _, row in sorted(found, key=lambda pair: pair[0][:3])]

    # -- the proposals replayed ------------------------------------------------------------------
    @staticmethod
    def _replayed_ids(conn: Connection, before: dt.datetime | None) -> set[int]:
        p, e = tables.proposal_t, tables.event_t
        ids: set[int] = set(conn.execute(select(p.c.id).where(p.c.amended.is_(True))).scalars())
        # a proposal with alternatives: its solutions as of the day come from its events
        with_alternatives = select(e.c.proposal_id).where(e.c.kind == "alternative").distinct()
        ids |= set(conn.execute(with_alternatives).scalars())
        if before is not None:
            stamp = before.replace(tzinfo=None)  # stored naive, in UTC
            late = select(e.c.proposal_id).where(e.c.recorded_at >= stamp).distinct()
            ids |= set(conn.execute(late).scalars())
        return ids

    def _from_replay(
        self, conn: Connection, ids: set[int], day: dt.date, before: dt.datetime | None
    ) -> list[tuple[tuple[Any, ...], RegisterRow]]:
        if not ids:
            return []
        p = tables.proposal_t
        dates = _release_dates(conn)
        out = []
        for row in conn.execute(select(p).where(p.c.id.in_(sorted(ids)))):
            facts = derive.facts_of(conn, row, before)
            state = derive.derive(conn, self._lookup, row, facts, upto=day)
            if state.stage:
                key = (row.scheme, row.number, row.alternative, row.id)
                out.append((key, self._row_of(row, state, dates)))
        return out

    def _row_of(
        self, row: Any, state: ProposalState, dates: dict[str, dt.date | None]
    ) -> RegisterRow:
        wf = self._lookup.workflow_of(row)
        entered = state.stage_event
        decision = state.decision if state.decision and state.decision.kind in _DECISIONS else None
        implied = entered is None or entered.implied
        shown = decision if decision and decision is entered else None
        # As the SQL rows write it: number and alternative, without status marks (0701, not
        # 0701FT), which say what a proposal is now rather than on the register's day.
        label = state.reference or self._lookup.written(
            row.workflow, row.workflow_version, row.prefix, row.number, row.alternative
        )
        return RegisterRow(
            reference=label, title=row.title,
            proposer=state.proposer, workflow=row.workflow, path=state.path, stage=state.stage,
            stage_since=None if implied or entered is None else entered.occurred_on,
            last_decision=_decided(decision.trigger, decision.payload)
            if decision and decision is entered else None,
            last_decision_on=decision.occurred_on if decision and decision is entered else None,
            last_meeting=None if entered is None else entered.meeting,
            releases=tuple(
                ReleaseLink(name, dates.get(name), status)
                for name, (status, _) in state.releases.items()
            ),
            stage_since_precision="day" if implied or entered is None else entered.date_precision,
            outcome=shown.payload.get("outcome") if shown else None,
            solution=decided_solution(label, shown.payload) if shown else None,
            solutions=solution_names(label, state.solutions),
            standing=tuple(v.text() for v in solution_views(wf, label, state)),
            body_on_record=_body_on_record(state, shown),
        )  # fmt: skip

    # -- the proposals read with SQL ------------------------------------------------------------
    def _from_sql(
        self, conn: Connection, day: dt.date
    ) -> list[tuple[tuple[Any, ...], RegisterRow]]:
        rows = reads.register(conn, day)
        changes = _changes_on(conn, day)
        return [((r[15], r[8], r[9], r[0]), self._sql_row(r, changes)) for r in rows]

    def _sql_row(self, values: tuple[Any, ...], changes: _Changes) -> RegisterRow:
        (pid, kind, trigger, stage, day, committee, meeting_number, prefix, number, alternative,
         title, proposer, workflow, version, path, _, precision, _, payload,
         meeting_day, body) = values  # fmt: skip
        name = changes.names.get(pid)
        if name is None:
            name = self._lookup.written(workflow, version, prefix, number, alternative)
        implied = kind == "implied"
        outcome = solution = last_decision = last_decision_on = None
        if kind in _DECISIONS:
            if isinstance(payload, str):  # JSON text on SQLite; decoded for decisions only
                payload = json.loads(payload) if payload != "{}" else {}
            payload = payload or {}
            outcome, solution = payload.get("outcome"), decided_solution(name, payload)
            last_decision = _decided(trigger, payload)
            last_decision_on = day if last_decision else None
        return new_view(RegisterRow, {
            "reference": name, "title": title, "proposer": changes.proposers.get(pid, proposer),
            "workflow": workflow, "path": changes.paths.get(pid, path), "stage": stage,
            "stage_since": None if implied else day, "last_decision": last_decision,
            "last_decision_on": last_decision_on,
            "last_meeting": meeting_code(committee, meeting_number, meeting_day)
            if committee else None,
            "releases": tuple(changes.releases.get(pid, ())),
            "stage_since_precision": "day" if implied or precision not in PRECISIONS
            else precision,
            "outcome": outcome, "solution": solution, "solutions": (), "standing": (),
            # a decision stores no body only when the record does not say who took it (in
            # recording order, as these proposals are, it is judged as when it was recorded)
            "body_on_record": outcome is None or body is not None,
        })  # fmt: skip


def _decided(trigger: str | None, payload: dict[str, Any]) -> str | None:
    """The register's last decision: the move's trigger; a stage reached with the way between
    not on record names no move, only the direction it records (none: no decision)."""
    return trigger or payload.get("outcome")


def _body_on_record(state: ProposalState, move: Event | None) -> bool:
    """Whether who took ``move`` (the register's last decision) is on record: for a decision
    with a direction, its body as the views derive it (re-judged, as the proposal's page says
    it); any other move is said as before (its workflow's body)."""
    if move is None or not move.payload.get("outcome") or not state.decisions:
        return True
    return state.decisions[-1].get("body") is not None


@contextmanager
def _no_collection() -> Iterator[None]:
    """The cyclic garbage collector paused while thousands of rows are read and built (none in a
    cycle): it would otherwise walk every row built so far, again and again."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


class _Changes:
    """Route, release, proposer and relabel events up to a day, for the proposals that have any
    (the others: as they are now, and as they always were)."""

    def __init__(self) -> None:
        self.paths: dict[int, str | None] = {}
        self.releases: dict[int, list[ReleaseLink]] = {}
        self.proposers: dict[int, str | None] = {}
        self.names: dict[int, str] = {}


def _release_dates(conn: Connection) -> dict[str, dt.date | None]:
    return {r.name: r.date for r in conn.execute(select(tables.release_t))}


def _changes_on(conn: Connection, day: dt.date) -> _Changes:
    """Each of these events names the value before it too, so a change after ``day`` still
    says the value on ``day``."""
    e = tables.event_t
    found = _Changes()
    settled: set[tuple[str, int]] = set()
    states: dict[int, dict[str, str]] = defaultdict(dict)
    events = conn.execute(
        select(e.c.proposal_id, e.c.kind, e.c.occurred_on, e.c.payload)
        .where(e.c.kind.in_(("route", "release", "proposer", "relabel")))
        .order_by(e.c.proposal_id, e.c.seq)
    )
    for r in events:
        payload, pid, past = r.payload or {}, r.proposal_id, r.occurred_on <= day
        if r.kind == "release":
            if past:
                states[pid][payload["release"]] = payload["status"]
                if payload.get("moved_from"):
                    states[pid][payload["moved_from"]] = "retargeted"
            continue
        targets: dict[str, dict[int, Any]] = {
            "route": found.paths,
            "proposer": found.proposers,
            "relabel": found.names,
        }
        target = targets[r.kind]
        before, after = _values(r.kind, payload)
        if past:
            target[pid] = after
            settled.add((r.kind, pid))
        elif (r.kind, pid) not in settled:
            target[pid] = before
            settled.add((r.kind, pid))
    dates = _release_dates(conn)
    found.releases = {
        pid: [ReleaseLink(name, dates.get(name), status) for name, status in found_.items()]
        for pid, found_ in states.items()
    }
    return found


def _values(kind: str, payload: dict[str, Any]) -> tuple[Any, Any]:
    """The value before and after a route, proposer or relabel event."""
    if kind == "route":
        return route_name(payload["path"]["from"]), route_name(payload["path"]["to"])
    return payload.get("from"), payload.get("to")
