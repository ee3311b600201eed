"""The register as of a date: every proposal as it stood at the end of a day, read a page of
proposals at a time in reference order (:mod:`govflow.store.paging`): the web's first page
costs a page, whatever the register's size; the whole register is its pages.

Two ways to the same rows. A proposal whose events were recorded in date order and never
corrected (most of them) is read straight from its events with SQL: its latest stage-changing
event by that day (one statement a page), and the route, release, proposer and relabel events.
An *amended* proposal (an entry dated before its latest event, or a correction), and with
``known_on`` every proposal with events recorded after that day, is replayed from its facts
(:mod:`govflow.workflow.replay`). A property test holds the two ways to the same answers."""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import NamedTuple, cast

from govflow.dates import optional_date
from govflow.errors import InvalidInput
from govflow.model import Event, built
from govflow.records import derive
from govflow.records.event_views import (
    body_on_record,
    decided_by,
    latest_vote,
    moving_from_facts,
    standing_texts,
)
from govflow.records.lookup import Lookup
from govflow.records.register_changes import Changes, Dates, changes_on
from govflow.records.register_rows import DECISIONS, Values, decided, sql_rows
from govflow.store import paging
from govflow.store.paging import Key, key_of
from govflow.store.rows import ProposalRecord
from govflow.store.session import Connection, Store
from govflow.views import RegisterRow, ReleaseLink
from govflow.workflow.directions import decided_solution
from govflow.workflow.solutions import named
from govflow.workflow.state import ProposalState


@dataclass(frozen=True)
class RegisterPage:
    """A page of the register: its rows in reference order, and the references to page on from
    (``after``: the next page's, None at the register's end; ``before``: the previous page's,
    None on the first page)."""

    rows: list[RegisterRow]
    after: str | None
    before: str | None


#: Proposals read a page at a time when the whole register is built.
CHUNK = 2000


class Register:
    """The register, as it stood on a day, from what is known now or was known then; whole, or
    a page at a time (the first page costs a page, whatever the register's size)."""

    def __init__(self, store: Store, lookup: Lookup) -> None:
        self._store = store
        self._lookup = lookup
        # the milestones that record a vote, in every workflow: read with the page's changes
        self._votes = sorted({m.name for wf in lookup.registry.all() for m in wf.milestones
                              if m.vote})  # fmt: skip
        # by workflow, every version's (a page reads its proposals' workflows' votes only)
        by_name: dict[str, set[str]] = {}
        for wf in lookup.registry.all():
            by_name.setdefault(wf.name, set()).update(m.name for m in wf.milestones if m.vote)
        self._votes_of = {name: sorted(votes) for name, votes in by_name.items()}

    def register(
        self, as_of: str | dt.date | None = None, *, known_on: str | dt.date | None = None
    ) -> list[RegisterRow]:
        """Every proposal as it stood at the end of ``as_of`` (default: today), from its events;
        with ``known_on``, from the events recorded by the end of that day (UTC) only. Built a
        page of proposals at a time."""
        day = _day(as_of)
        found: list[RegisterRow] = []
        with self._store.read() as conn, _NoCollection():
            # the changes of every proposal at once, by the index of their kinds
            changes = changes_on(conn, day, None, Dates(conn), self._votes)
            ask = _Ask(day, derive.cutoff(known_on), changes=changes)
            key: Key | None = None
            while True:
                rows, _, last, more = self._page(conn, ask, key, False, CHUNK)
                found += rows
                if not more or last is None:
                    return found
                key = (last[15], last[8], last[9])

    def page(
        self,
        as_of: str | dt.date | None = None,
        *,
        known_on: str | dt.date | None = None,
        workflow: str | None = None,
        stages: Collection[str] | None = None,
        keeps: Callable[[RegisterRow], bool] | None = None,
        after: str | None = None,
        before: str | None = None,
        limit: int = 50,
    ) -> RegisterPage:
        """Up to ``limit`` rows of the register as of a day, in reference order: after the
        proposal ``after`` or before the proposal ``before`` (any of its references). Narrowed
        in SQL to ``workflow`` and to ``stages`` (stage names), and to the rows ``keeps``."""
        if limit < 1:
            raise InvalidInput(f"limit is a number of proposals, 1 or more, not {limit}")
        ask = _Ask(_day(as_of), derive.cutoff(known_on), workflow, stages, keeps)
        with self._store.read() as conn, _NoCollection():
            start = before if before is not None else after
            key = key_of(self._lookup.find(conn, start)[0]) if start is not None else None
            backwards = before is not None
            rows, first, last, more = self._page(conn, ask, key, backwards, limit)
            if backwards:  # read from ``before`` down: ``last`` is the lowest seen
                rows.reverse()
                first, last, more_before, more_after = last, first, more, True
            else:
                more_before, more_after = key is not None, more
            return built(RegisterPage, {  # a page a call: without the frozen __init__
                "rows": rows,
                "after": self._reference(last) if more_after and last else None,
                "before": self._reference(first) if more_before and first else None,
            })  # fmt: skip

    def _reference(self, values: Values) -> str:
        """The reference of a page statement's proposal, as written now."""
        return self._lookup.written(values[12], values[13], values[7], values[8], values[9])

    def _page(
        self, conn: Connection, ask: _Ask, key: Key | None, backwards: bool, limit: int
    ) -> tuple[list[RegisterRow], Values | None, Values | None, bool]:
        """Up to ``limit`` rows from ``key`` on (or down): the rows, the first and the last
        proposal looked at (the statement's values), and whether there may be more. Proposals
        the rows leave out (none on the day, or not kept) are read past, a batch at a time."""
        rows: list[RegisterRow] = []
        first = last = None
        dates = Dates(conn)
        while True:
            batch = paging.register_page(
                conn, ask.day, late_from=ask.before, workflow=ask.workflow, stages=ask.stages,
                after=None if backwards else key, before=key if backwards else None,
                limit=limit + 1,
            )  # fmt: skip
            # rows for the first ``limit`` proposals: the one more read only says whether there
            # are more (a batch short of rows goes on after its last proposal built)
            head, keeps = batch[:limit], ask.keeps
            if first is None and head:
                first = head[0]
            built, every = self._built(conn, ask, head, dates)
            if keeps is None and len(rows) + len(head) <= limit:  # all fit (the whole register)
                # (``every``: no None among them, as the list's type cannot say)
                kept = [r for r in built if r is not None] if not every else built
                rows += cast("list[RegisterRow]", kept)
                last = head[-1] if head else last
            else:
                for values, row in zip(head, built, strict=True):
                    if len(rows) == limit:
                        return rows, first, last, True
                    last = values
                    if row is not None and (keeps is None or keeps(row)):
                        rows.append(row)
            if len(batch) <= limit or last is None:
                return rows, first, last, False
            if len(rows) == limit:
                return rows, first, last, True
            key = (last[15], last[8], last[9])

    def _built(
        self, conn: Connection, ask: _Ask, batch: Sequence[Values], dates: Dates
    ) -> tuple[list[RegisterRow | None], bool]:
        """Each proposal's row on the day (None: it had no stage yet): from the statement's
        event, or replayed from its facts (amended, with alternatives, recorded late, or a
        stage reached with no body given: who decided is then the rule core's); and whether
        every one has a row (none None)."""
        day, replayed, plain, moved = ask.day, set(), [], []
        # a move known only as an interval, looked for where an event is dated after the day
        # (these proposals' events are in date order: their latest date is their last event's)
        after = day.isoformat()
        workflows: set[str] = set()
        workflow = None  # the row before's (a page's proposals are most often one workflow's)
        for v in batch:  # one pass: which to replay, which to read, their workflows, later moves
            (pid, kind, _, stage, _, _, _, _, _, _, _, _, code, _, _, _, _, amended, _, _, body,
             alternatives, late, latest) = v  # fmt: skip
            if amended or alternatives or late or (kind == "reached" and body is None):
                replayed.add(pid)
            elif stage is not None:
                plain.append(v)
                if code != workflow:
                    workflows.add(workflow := code)
                if latest > after if latest.__class__ is str else latest > day:
                    moved.append(pid)
        changes = ask.changes or changes_on(conn, day, [v[0] for v in plain], dates,
                                            self._page_votes(workflows))  # fmt: skip
        again = self._from_replay(conn, replayed, day, ask.before, dates)
        later = paging.next_moves(conn, moved, day)
        rows = sql_rows(self._lookup, plain, day, changes, later)
        if len(plain) == len(batch):  # most often: every proposal read with SQL, with a stage
            return rows, True
        built = iter(rows)
        return [
            again.get(v[0]) if v[0] in replayed else None if v[3] is None else next(built)
            for v in batch
        ], False  # fmt: skip

    def _page_votes(self, workflows: set[str]) -> list[str]:
        """The vote milestones of the workflows ``workflows`` (a page's, most often one)."""
        if len(workflows) == 1 and (votes := self._votes_of.get(next(iter(workflows)))):
            return votes
        if not workflows <= self._votes_of.keys():
            return self._votes
        return sorted({n for name in workflows for n in self._votes_of[name]})

    # -- the proposals replayed ------------------------------------------------------------------
    def _from_replay(
        self, conn: Connection, ids: set[int], day: dt.date, before: dt.datetime | None,
        dates: Dates,
    ) -> dict[int, RegisterRow]:  # fmt: skip
        if not ids:
            return {}
        out = {}
        for row in paging.proposals_by_id(conn, ids):
            facts = derive.facts_of(conn, row, before)
            state = derive.derive(conn, self._lookup, row, facts, upto=day)
            if state.stage:
                out[row.id] = self._row_of(row, state, dates, facts, day)
        return out

    def _row_of(
        self, row: ProposalRecord, state: ProposalState, dates: Dates, facts: list[Event],
        day: dt.date,
    ) -> RegisterRow:  # fmt: skip
        wf = self._lookup.workflow_of(row)
        entered = state.stage_event
        decision = state.decision if state.decision and state.decision.kind in DECISIONS else None
        implied = entered is None or entered.implied
        moved = decision if decision is not None and decision is entered else None
        shown = moved
        # As the SQL rows write it: number and alternative, without status marks (0701, not
        # 0701FT), which say what a proposal is now rather than on the register's day.
        label = state.reference or self._lookup.written(
            row.workflow, row.workflow_version, row.prefix, row.number, row.alternative
        )
        names = named(wf, label, state)
        return RegisterRow(
            reference=label, title=row.title,
            proposer=state.proposer, workflow=row.workflow, path=state.path, stage=state.stage,
            stage_since=None if implied or entered is None else entered.occurred_on,
            last_decision=decided(decision.trigger, decision.payload)
            if decision and decision is entered else None,
            last_decision_on=decision.occurred_on if decision and decision is entered else None,
            last_meeting=None if entered is None else entered.meeting,
            releases=tuple(
                ReleaseLink(name, dates.get(name), status)
                for name, (status, _) in state.releases.items()
            ),
            stage_since_precision="day" if implied or entered is None else entered.date_precision,
            outcome=shown.payload.get("outcome") if shown else None,
            solution=decided_solution(label, shown.payload, names) if shown else None,
            solutions=tuple(names.values()),
            standing=standing_texts(wf, label, state, facts, day),
            vote=None if state.solutions else latest_vote(wf, facts, day),
            body_on_record=body_on_record(state, moved),
            decided_by=decided_by(wf, state, moved),
            moving=moving_from_facts(wf, facts, day),
        )  # fmt: skip


class _NoCollection:
    """The cyclic garbage collector paused while thousands of rows are read and built (none in a
    cycle): it would otherwise walk every row built so far, again and again. (A class: a
    generator's context manager cost a first page more than the pause saves it.)"""

    __slots__ = ("_was",)

    def __enter__(self) -> None:
        self._was = gc.isenabled()
        gc.disable()

    def __exit__(self, *_: object) -> None:
        if self._was:
            gc.enable()


class _Ask(NamedTuple):
    """What a page is asked for: the day, the cut-off of what was known, and the filters (a
    tuple: made once a page, without a frozen dataclass's ``__init__``)."""

    day: dt.date
    before: dt.datetime | None
    workflow: str | None = None
    stages: Collection[str] | None = None
    keeps: Callable[[RegisterRow], bool] | None = None
    changes: Changes | None = None  # read once for the whole register


def _day(as_of: str | dt.date | None) -> dt.date:
    return optional_date(as_of, field="as_of") or dt.datetime.now(dt.UTC).date()
