"""What each report hands its writers, and a proposal's life read from its events for pictures.

Writers never query the database: they get one of the report objects below and a text stream.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from govflow.dates import timestamp

if TYPE_CHECKING:
    from govflow.planning.model import Plan
    from govflow.records.audit import Audit
    from govflow.views import EventView, ProposalView, RegisterRow
    from govflow.workflow.definition import Workflow
    from govflow.workflow.registry import Registry


def now_text() -> str:
    return timestamp(dt.datetime.now(dt.UTC))


@dataclass(frozen=True)
class AuditReport:
    audit: Audit
    registry: Registry
    generated_at: str
    progress: Callable[[int], None] | None = None
    checkpoint: dict[str, Any] | None = None  # the latest signed checkpoint, if any
    log: Sequence[Any] = ()  # the log entries it covers (govflow.store.ledger.Entry)


@dataclass(frozen=True)
class RegisterReport:
    as_of: dt.date
    rows: Sequence[RegisterRow]
    labels: Mapping[str, str]  # stage name -> label, from the workflows
    generated_at: str
    workflows: Mapping[str, Workflow] = field(default_factory=dict)  # by name, for their words


@dataclass(frozen=True)
class TimelineReport:
    proposal: ProposalView
    workflow: Workflow
    events: Sequence[EventView]
    generated_at: str
    today: dt.date
    plan: Plan | None = None  # what happens next, drawn dashed after today


# -- a proposal's life, for pictures --------------------------------------------------------------
@dataclass(frozen=True)
class Moment:
    """One event as pictures need it."""

    seq: int
    kind: str
    on: dt.date
    until: dt.date | None = None
    to_stage: str | None = None
    milestone: str | None = None
    trigger: str | None = None
    meeting: str | None = None
    payload: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Span:
    """A stretch of time in one stage; ``end`` None means the proposal is still in it."""

    stage: str
    start: dt.date
    end: dt.date | None


@dataclass(frozen=True)
class Life:
    spans: tuple[Span, ...]
    moments: tuple[Moment, ...]
    meetings: tuple[tuple[str, dt.date], ...]  # (code, first date it appears), by date
    start: dt.date
    end: dt.date  # the last day drawn: the last event, or today while the proposal is open
    current: str | None  # the stage it is in at the end

    def stage_on(self, seq: int) -> str | None:
        """The stage the proposal was in right after event ``seq``."""
        stage = None
        for moment in self.moments:  # in occurrence order, which is not seq order
            stage = moment.to_stage or stage
            if moment.seq == seq:
                break
        return stage


def moments_from_views(events: Iterable[EventView]) -> list[Moment]:
    return [
        Moment(e.seq, e.kind, e.occurred_on, e.until, e.to_stage, e.milestone, e.trigger,
               e.meeting, e.payload)
        for e in events
    ]  # fmt: skip


def life_of(moments: Sequence[Moment], terminal: Callable[[str], bool], today: dt.date) -> Life:
    """Stage spans, meetings and dates from a proposal's events (at least one), taken in the
    order they happened (a history as recorded is sorted by date first)."""
    moments = sorted(moments, key=lambda m: (m.on, m.seq))
    spans: list[Span] = []
    meetings: dict[str, dt.date] = {}
    for m in moments:
        if m.to_stage is not None and (not spans or spans[-1].stage != m.to_stage):
            if spans:
                spans[-1] = Span(spans[-1].stage, spans[-1].start, m.on)
            spans.append(Span(m.to_stage, m.on, None))
        if m.meeting is not None:
            meetings.setdefault(m.meeting, m.on)
    last = max(m.on for m in moments)
    current = spans[-1].stage if spans else None
    end = last if current is None or terminal(current) else max(last, today)
    if spans and current is not None and terminal(current):
        spans[-1] = Span(current, spans[-1].start, spans[-1].start)
    ordered = tuple(sorted(meetings.items(), key=lambda pair: pair[1]))
    return Life(tuple(spans), tuple(moments), ordered, moments[0].on, end, current)
