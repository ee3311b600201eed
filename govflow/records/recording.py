"""Appending to a proposal's history: at its end on the fast path, anywhere in it otherwise.

Every write drafts its events against the proposal as it stood on the entry's date, and the rule
core judges each (:func:`govflow.workflow.step.step`): one refused is a
:class:`~govflow.errors.TransitionNotAllowed` with every reason, and nothing is written.

An entry dated on or after the proposal's latest event (the usual case) is judged against the
proposal row, which holds the proposal as its history leaves it (with its open windows and its
releases read when the rules may ask), and appended with the row's, deadlines' and releases'
changes: no event is read. An entry dated earlier (minutes approved weeks later, a register
adopted with gaps) and every correction take the other path: the proposal's events are read, the
new ones placed in occurrence order, the whole history replayed through the rule core
(:mod:`govflow.workflow.replay`), and the row, its deadlines and its releases rewritten from the
replay. The entry is refused when the replay is: the refusal names the later event that would
become impossible. Either way the new events join the hash chain at its end (recording order).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from govflow.errors import GovflowError, InvalidInput, TransitionNotAllowed
from govflow.model import Deadline, Event, built
from govflow.records import derive, stored_windows
from govflow.records.lookup import Lookup, state_of
from govflow.store import derived, reads, tables
from govflow.store.rows import ProposalRecord
from govflow.store.session import Connection
from govflow.store.tables import Head
from govflow.workflow import windows
from govflow.workflow.definition import Workflow
from govflow.workflow.facts import facts
from govflow.workflow.replay import HistoryError
from govflow.workflow.rules import overriding
from govflow.workflow.state import ProposalState
from govflow.workflow.step import step, step_on
from govflow.workflow.verdict import Rules, Verdict

#: Drafts a write's events from the proposal as it stood on the entry's date.
Make = Callable[[ProposalState], list[Event]]
#: Says what a refused event was, for the message: ``Cannot advance MP122 with 'approve'``.
Refused = Callable[[Event, ProposalState, Verdict], TransitionNotAllowed]


@dataclass(frozen=True)
class Written:
    """What a write appended: the chain's new head, the events (numbered), the state after;
    ``today``, the UTC date it recorded them at (None: not said)."""

    head: Head
    events: tuple[Event, ...]
    state: ProposalState
    today: dt.date | None = None

    @property
    def seqs(self) -> tuple[int, ...]:
        return tuple(e.seq for e in self.events)


def refused(e: Event, state: ProposalState, verdict: Verdict) -> TransitionNotAllowed:
    """The plain message of a refused event (a write with no better words of its own)."""
    return verdict.error(f"Cannot record {e.trigger or e.milestone or e.kind!r}")


class Recorder:
    """Appends events to proposals' histories, keeping the rows derived from them."""

    def __init__(self, lookup: Lookup) -> None:
        self._lookup = lookup
        self._asks: dict[str, tuple[frozenset[str], frozenset[str]]] = {}

    def append(
        self, conn: Connection, row: ProposalRecord, day: dt.date, make: Make, label: str,
        names: Collection[str] | None = None, why: Refused = refused, rules: Rules | None = None,
        workflow: Workflow | None = None,
    ) -> Written:  # fmt: skip
        """Append what ``make`` drafts for ``day``: at the end, or in its place.

        ``names`` are the triggers and milestones ``make`` may draft, when the caller knows
        them: at the end, the open windows and the releases are read only when the rules may
        look at them for one of these (None: whatever the workflow's rules may ask). ``rules``
        are the row's (:meth:`Lookup.rules`) and ``workflow`` its workflow version
        (:meth:`Lookup.workflow_of`), when the caller has them already.
        """
        rules = self._lookup.rules(conn, row) if rules is None else rules
        if day >= row.head_occurred_on:
            wf = self._lookup.workflow_of(row) if workflow is None else workflow
            now = self._now(conn, row, names, wf)
            drafts = _numbered(row, make(now))
            deadlines, releases = now.deadlines, now.releases  # as they stood before
            after, judged = _judged(rules, now, drafts, why, keep=False)  # `now` becomes after
            return self._at_end(conn, row, deadlines, releases, after, judged)
        events = derive.events(conn, row)  # read once: placed, then replayed whole
        known = facts(events)
        _before_migration(known, day, label)
        before = derive.derive(conn, self._lookup, row, [f for f in known if f.occurred_on <= day])
        drafts = _numbered(row, make(before) if before.raised else _before_raised(make, before))
        if not all(d.kind == "link" for d in drafts) and not before.raised:
            raise _too_early(label, row, day)
        _, judged = _judged(rules, before, drafts, why)
        if all(d.kind == "link" for d in judged):  # a link changes nothing derived
            head = tables.commit_events(conn, row, judged)
            return Written(head, tuple(judged), before)
        return self.rederive(conn, row, judged, label, day, events=events)

    def _now(
        self, conn: Connection, row: ProposalRecord, names: Collection[str] | None, wf: Workflow
    ) -> ProposalState:
        """The proposal as its row holds it, with the open windows (when a window may close or
        refuse one of ``names``) and the releases (when an ``after_release`` transition may
        look at them); ``wf`` is the row's workflow version."""
        now = state_of(row)
        windowed, released = self._asked(wf)
        if names is None or not windowed.isdisjoint(names) or row.stage in windowed:
            stored = reads.open_deadlines(conn, row.id)
            if stored:  # else none open (most proposals): the state's ``()``
                now.deadlines = tuple(stored_windows.open_now(conn, self._lookup, row, stored))
        if names is None or not released.isdisjoint(names):
            now.releases = reads.releases(conn, row.id)
        return now

    def _asked(self, wf: Workflow) -> tuple[frozenset[str], frozenset[str]]:
        """The names (and stages) whose events may close a window or that a lapsing window may
        refuse, and the names that look at releases, under the workflow version ``wf`` (worked
        out once per workflow version)."""
        found = self._asks.get(wf.key)
        if found is None:
            registry = self._lookup.registry
            versions = [registry.get(wf.name, v) for v in registry.versions(wf.name)]
            released = frozenset(
                {t.trigger for t in wf.transitions if t.after_release} | {"release"}
            )
            windowed = windows.lapse_names(wf, versions) | windows.touching(wf)
            found = self._asks[wf.key] = (windowed, released)
        return found

    def _at_end(
        self, conn: Connection, row: ProposalRecord, deadlines: tuple[Deadline, ...],
        releases: Mapping[str, tuple[str, str | None]], after: ProposalState, events: list[Event],
    ) -> Written:  # fmt: skip
        """Append ``events`` and the row's changes (``deadlines`` and ``releases``: the state's
        before them)."""
        changes = _changes(row, after)
        now = tables.utcnow()
        head = tables.commit_events(conn, row, events, now, **changes)
        if after.deadlines != deadlines:
            derived.update_deadlines(conn, row.id, deadlines, after.deadlines)
        if after.releases != releases:
            derived.update_releases(conn, row.id, releases, after.releases)
        return built(  # without the frozen dataclass's __init__: see govflow.model.built
            Written, {"head": head, "events": tuple(events), "state": after, "today": now.date()}
        )

    def rederive(
        self,
        conn: Connection,
        row: ProposalRecord,
        drafts: Sequence[Event],
        label: str,
        day: dt.date | None = None,
        amended: bool = True,
        events: Sequence[Event] | None = None,
    ) -> Written:
        """Append ``drafts`` and rewrite the row, deadlines and releases from the replayed whole.

        ``amended`` marks the proposal's history as one whose recording order is not its
        occurrence order (or that has corrections): its register rows are then replayed too.
        ``events`` are the proposal's events when the caller has read them already.
        """
        pending = _numbered(row, list(drafts))
        stored = derive.events(conn, row) if events is None else events
        try:
            known = facts([*stored, *pending])
            state = derive.derive(conn, self._lookup, row, known)
        except HistoryError as exc:
            raise _refusal(label, day, exc, new=exc.fact.seq > row.head_seq) from None
        head = tables.commit_events(
            conn, row, pending, **state.row_values(), amended=amended or row.amended,
            head_occurred_on=state.latest_on or row.head_occurred_on,
        )  # fmt: skip
        derived.replace_deadlines(conn, row.id, state.deadlines)
        derived.replace_releases(conn, row.id, state.releases)
        return Written(head, tuple(pending), state)


def _changes(row: ProposalRecord, s: ProposalState) -> dict[str, Any]:
    """The columns of ``s.row_values()`` that differ from ``row``'s, in its order, where a list
    column's None is an empty list and the outcomes' an empty mapping: each column compared in
    line (a dict of every column, then a loop over it, cost three times as much);
    ``tests/test_write_reads_by_hand.py`` holds it to the loop over ``row_values()``."""
    changes: dict[str, Any] = {}
    if s.stage != row.stage:
        changes["stage"] = s.stage
    if s.path != row.path:
        changes["path"] = s.path
    if s.flags or row.flags:  # else both empty: the same
        flags = sorted(s.flags)
        if flags != list(row.flags or ()):
            changes["flags"] = flags
    if s.milestones or row.milestones:
        milestones = list(s.milestones)
        if milestones != list(row.milestones or ()):
            changes["milestones"] = milestones
    if s.prefix != row.prefix:
        changes["prefix"] = s.prefix
    if s.proposer != row.proposer:
        changes["proposer"] = s.proposer
    if s.raised_on != row.raised_on:
        changes["raised_on"] = s.raised_on
    outcomes = s.outcomes()
    if outcomes != (row.outcomes or {}):
        changes["outcomes"] = outcomes
    return changes


def _numbered(row: ProposalRecord, drafts: list[Event]) -> list[Event]:
    """The drafts with the seqs they will have at the end of the proposal's chain: a draft
    drafted with its seq as it is (a move drafts so), any other a copy of its draft's fields with
    its seq (``dataclasses.replace`` reads every field's definition on each call, and the
    draft's fields need no checking again: see :func:`_renumbered`)."""
    seq, numbered = row.head_seq, []
    for draft in drafts:
        seq += 1
        numbered.append(draft if draft.seq == seq else _renumbered(draft, seq))
    return numbered


def _renumbered(draft: Event, seq: int) -> Event:
    """``dataclasses.replace(draft, seq=seq)``, made without the frozen ``__init__``: the
    draft's own values (those it holds; the class gives the rest, as to the draft) copied."""
    values = vars(draft).copy()
    values["seq"] = seq
    return built(Event, values)


def _judged(
    rules: Rules, state: ProposalState, drafts: list[Event], why: Refused, keep: bool = True
) -> tuple[ProposalState, list[Event]]:
    """Each draft judged after the one before: the state after them all, and the drafts with
    what an override set aside recorded (``waived``); the first refused one raises. ``keep``
    False: ``state`` itself becomes the state after (:func:`step_on`, no copy an event), for a
    caller that keeps nothing of it but what it took before."""
    out = []
    for draft in drafts:
        if keep:
            after, verdict = step(rules, state, draft)
        else:
            after, verdict = state, step_on(rules, state, draft)
        if verdict.refused:
            raise why(draft, state, verdict)
        if overriding(draft) and draft.kind != "raised":
            payload = {**draft.payload, "waived": [r.message for r in verdict.waived]}
            draft = replace(draft, payload=payload)
            after.last = draft
        out.append(draft)
        state = after
    return state, out


def _before_raised(make: Make, before: ProposalState) -> list[Event]:
    """Only a link may be dated before the proposal was raised (a meeting discussed it first):
    what else ``make`` drafts, or fails to, is refused as too early by the caller."""
    try:
        return make(before)
    except GovflowError:
        return [Event(kind="raised", occurred_on=dt.date.min)]


def _too_early(label: str, row: ProposalRecord, day: dt.date) -> InvalidInput:
    return InvalidInput(
        f"{label} was raised on {row.raised_on}: an entry dated {day} comes before it; if the "
        "raise date is wrong, correct the raise's date"
    )


def _before_migration(known: Sequence[Event], day: dt.date, label: str) -> None:
    """An entry dated before the proposal moved to another workflow version would be checked
    against rules it was not under then: refused."""
    moved = next((f for f in known if f.kind == "migrated" and f.occurred_on > day), None)
    if moved is not None:
        raise InvalidInput(
            f"{label} moved from version {moved.payload.get('from_version')} to "
            f"{moved.payload.get('to_version')} of its workflow on {moved.occurred_on}: an entry "
            f"dated {day} cannot be recorded after that; correct an earlier event instead"
        )


def _refusal(label: str, day: dt.date | None, exc: HistoryError, new: bool) -> TransitionNotAllowed:
    entry = f"an entry dated {day}" if day is not None else "this correction"
    if new:
        message = f"{label}: cannot record {exc.fact.describe()}: {exc.why}"
    else:
        message = f"{label}: {entry} would make {exc.fact.describe()} impossible: {exc.why}"
    return TransitionNotAllowed(message, exc.reasons)
