"""What can happen to a proposal on a day: the rule core's verdict on each possible event.

The proposal stands on the day as a write dated then would see it: its row (with its open windows
and releases) when the day is on or after its latest event, else its history replayed up to the
day. Each transition and milestone is judged as the event itself would be
(:mod:`govflow.workflow.options`); one allowed on a day before the latest event must also leave
the events after it possible, as a late entry must. So ``next`` on a day and ``advance`` on that
day agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace

from govflow.model import Deadline, Event
from govflow.records import derive, stored_windows
from govflow.records.lookup import Lookup, state_of
from govflow.store import reads
from govflow.store.rows import ProposalRecord
from govflow.store.session import Connection
from govflow.views import NextSteps, StepOption
from govflow.workflow import options as judged
from govflow.workflow.facts import facts
from govflow.workflow.replay import HistoryError, replay
from govflow.workflow.state import ProposalState
from govflow.workflow.verdict import Rules
from govflow.workflow.words import body_name, milestone_label, step_words

ReleaseLinks = dict[str, tuple[str, str | None]]
#: A proposal's open deadlines and releases, as a caller that read every proposal's has them.
Read = Callable[[ProposalRecord], tuple[list[Deadline], ReleaseLinks]]


def state_on(
    conn: Connection, lookup: Lookup, row: ProposalRecord, day: dt.date,
    read: Read | None = None,
) -> ProposalState:  # fmt: skip
    """The proposal as a write dated ``day`` sees it (``read``: its open deadlines and releases
    as already read, for a caller that reads every proposal's at once)."""
    if day >= row.head_occurred_on:
        now = state_of(row)
        if read is None:
            now.deadlines = tuple(stored_windows.open_now(conn, lookup, row))
            now.releases = reads.releases(conn, row.id)
        else:
            deadlines, now.releases = read(row)
            now.deadlines = tuple(stored_windows.open_now(conn, lookup, row, deadlines))
        return now
    known = derive.facts_of(conn, row)
    return derive.derive(conn, lookup, row, [f for f in known if f.occurred_on <= day])


def next_steps(conn: Connection, lookup: Lookup, row: ProposalRecord, day: dt.date) -> NextSteps:
    """What can happen to the proposal of ``row`` on ``day``, and what is blocked and why."""
    rules = lookup.rules(conn, row)
    state = state_on(conn, lookup, row, day)
    later = [] if day >= row.head_occurred_on else derive.facts_of(conn, row)
    wf, _ = rules.of(state.version)
    found = []
    for o in judged.options(rules, state, day):
        reasons = o.reasons
        if not reasons and later:
            event = judged.transition(state, o.trigger, o.dest, day)
            reasons = _breaks(rules, later, event, row.head_seq)
        dest = wf.state(o.dest)
        found.append(StepOption(o.trigger, o.dest, o.body, o.description, reasons, o.unchecked,
                                dest.label if dest else o.dest, body_name(wf, o.body),
                                step_words(wf, o.trigger, state.stage, o.dest)))  # fmt: skip
    milestones = []
    for m in judged.milestone_options(rules, state, day):
        ok = m.allowed and not (later and _breaks(rules, later, judged.milestone(m.name, day),
                                                  row.head_seq))  # fmt: skip
        if ok:
            milestones.append(m.name)
    spec = wf.state(state.stage)
    return NextSteps(
        reference=lookup.marked(row), stage=state.stage,
        allowed=tuple(o for o in found if not o.reasons),
        blocked=tuple(o for o in found if o.reasons), milestones=tuple(milestones),
        terminal=bool(spec and spec.terminal), stage_label=spec.label if spec else state.stage,
        milestone_words=tuple(f"{milestone_label(wf, m)} ({m})" for m in milestones),
    )  # fmt: skip


def _breaks(rules: Rules, history: list[Event], event: Event, head_seq: int) -> tuple[str, ...]:
    """Why ``event``, placed in ``history`` as a late entry is, makes a later event impossible
    (nothing when it does not)."""
    placed = facts([*history, replace(event, seq=head_seq + 1)])
    try:
        replay(rules, placed)
    except HistoryError as exc:
        return (f"it would make {exc.fact.describe()} impossible: {exc.why}",)
    return ()
