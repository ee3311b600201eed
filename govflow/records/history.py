"""A proposal's history as the record now tells it, and what that history makes of the proposal.

Two times stand on every event: when it happened (``occurred_on``, with a precision) and when it
was recorded (``recorded_at``; the hash chain follows recording order). Everything that describes a
proposal is derived here, from its events in **occurrence order**:

1. :func:`facts` applies the corrections (in recording order, each to the event it names), drops
   events withdrawn as recorded in error, and sorts the rest by ``(occurred_on, seq)``: events of
   one day keep the order they were recorded in. A date known only to the month sorts on the last
   day of that month, and one known as "on or before" a day on that day: an event counts as having
   happened once it is certain that it had.
2. :func:`replay` runs those facts through the workflow's rule engine and returns the
   :class:`Derived` proposal: stage, route, milestones, reference, proposer, releases and deadlines.
   A fact the rules refuse raises :class:`HistoryError` naming it.

The module is pure: no database, no clock. The live writes, corrections, the bulk import, the
register as of a date and ``verify`` all derive through it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from govflow.calendar import WorkingCalendar
from govflow.dates import PRECISIONS
from govflow.errors import TransitionNotAllowed
from govflow.records.windows import (
    closes,
    closing,
    deadline_values,
    lapse_refusal,
    must_close,
    window,
)
from govflow.workflow.definition import Situation, Workflow
from govflow.workflow.engine import Engine

STAGE_KINDS = ("raised", "transition", "override", "implied")


class EventLike(Protocol):
    """What :func:`facts` reads of a stored event (an EventView, or a record being imported)."""

    @property
    def seq(self) -> int: ...
    @property
    def kind(self) -> str: ...
    @property
    def trigger(self) -> str | None: ...
    @property
    def milestone(self) -> str | None: ...
    @property
    def from_stage(self) -> str | None: ...
    @property
    def to_stage(self) -> str | None: ...
    @property
    def occurred_on(self) -> dt.date: ...
    @property
    def until(self) -> dt.date | None: ...
    @property
    def recorded_at(self) -> dt.datetime: ...
    @property
    def meeting(self) -> str | None: ...
    @property
    def item(self) -> str | None: ...
    @property
    def actor(self) -> str | None: ...
    @property
    def note(self) -> str | None: ...
    @property
    def payload(self) -> dict[str, Any]: ...
    @property
    def corrects_seq(self) -> int | None: ...


@dataclass(frozen=True)
class Fact:
    """One event as the record now tells it: its corrections applied."""

    event: Any  # the stored event, original values
    seq: int
    kind: str
    trigger: str | None
    milestone: str | None
    from_stage: str | None
    to_stage: str | None
    occurred_on: dt.date
    precision: str
    until: dt.date | None
    meeting: str | None
    item: str | None
    actor: str | None
    note: str | None
    payload: dict[str, Any]
    corrected_by: tuple[int, ...] = ()
    item_title: str | None = None

    @property
    def implied(self) -> bool:
        return self.kind == "implied"

    @property
    def order(self) -> tuple[dt.date, int]:
        return (self.occurred_on, self.seq)

    def describe(self) -> str:
        """``event 7 ('send_to_report' on 2021-04-16)``, for messages."""
        what = self.trigger or self.milestone or self.kind
        return f"event {self.seq} ({what!r} {when_text(self.occurred_on, self.precision)})"


def when_text(day: dt.date, precision: str) -> str:
    """A date as far as it is known: ``on 2021-04-16``, ``in April 2020``, ``by 2021-04-16``."""
    if precision == "month":
        return f"in {day:%B %Y}"
    if precision == "on_or_before":
        return f"on or before {day.isoformat()}"
    return f"on {day.isoformat()}"


def precision_of(payload: dict[str, Any]) -> str:
    found = payload.get("date_precision", "day")
    return found if found in PRECISIONS else "day"


def fact_of(event: EventLike) -> Fact:
    """An event's fact before any correction."""
    return Fact(
        event=event, seq=event.seq, kind=event.kind, trigger=event.trigger,
        milestone=event.milestone, from_stage=event.from_stage, to_stage=event.to_stage,
        occurred_on=event.occurred_on, precision=precision_of(event.payload), until=event.until,
        meeting=event.meeting, item=event.item, actor=event.actor, note=event.note,
        payload=event.payload, item_title=getattr(event, "item_title", None),
    )  # fmt: skip


def corrected(fact: Fact, correction: Any) -> Fact | None:
    """``fact`` with one correction applied; None when it withdraws the fact as in error."""
    changes: dict[str, Any] = dict(correction.payload.get("changes") or {})
    if changes.get("recorded_in_error"):
        return None
    values: dict[str, Any] = {}
    for key in ("occurred_on", "until"):
        if key in changes:
            value = changes[key]
            values[key] = dt.date.fromisoformat(value) if isinstance(value, str) else value
    if "occurred_on" in changes:
        values["precision"] = changes.get("date_precision") or "day"
    for key in ("actor", "note", "meeting", "item"):
        if key in changes:
            values[key] = changes[key]
    if "meeting" in changes and "item" not in changes:
        values["item"] = None
    if "meeting" in changes or "item" in changes:
        values["item_title"] = changes.get("item_title")
    return replace(fact, corrected_by=(*fact.corrected_by, correction.seq), **values)


def facts(events: Iterable[EventLike], known_on: dt.datetime | None = None) -> list[Fact]:
    """The events (recorded by ``known_on``, when given) as facts, in occurrence order."""
    found: dict[int, Fact | None] = {}
    for event in sorted(events, key=lambda e: e.seq):
        if known_on is not None and event.recorded_at > known_on:
            continue
        if event.kind == "correction":
            target = found.get(event.corrects_seq or 0)
            if target is not None:
                found[target.seq] = corrected(target, event)
                _companion(found, target, event)
            continue
        found[event.seq] = fact_of(event)
    return sorted((f for f in found.values() if f is not None), key=lambda f: f.order)


def _companion(found: dict[int, Fact | None], target: Fact, correction: EventLike) -> None:
    """A conversion's relabel (DP160 -> MP160) is one act with it: it follows its date, its
    place and its withdrawal."""
    following = found.get(target.seq + 1)
    if following is None or following.kind != "relabel" or following.trigger != target.trigger:
        return
    changes = correction.payload.get("changes") or {}
    shared = {k: v for k, v in changes.items() if k not in ("actor", "note")}
    payload = {**correction.payload, "changes": shared}
    found[following.seq] = corrected(following, _Same(correction, payload))


class _Same:
    """A correction read with other changes (for a companion event)."""

    def __init__(self, correction: EventLike, payload: dict[str, Any]) -> None:
        self.seq = correction.seq
        self.payload = payload


class HistoryError(TransitionNotAllowed):
    """A history the workflow's rules refuse: ``fact`` is the first event they refuse, ``why``
    the rule it breaks."""

    def __init__(self, fact: Fact, why: str, reasons: Sequence[str] = ()) -> None:
        super().__init__(f"{fact.describe()}: {why}", list(reasons))
        self.fact = fact
        self.why = why


@dataclass
class Derived:
    """A proposal as its facts leave it."""

    stage: str = ""
    path: int | None = None
    flags: frozenset[str] = frozenset()
    milestones: list[str] = field(default_factory=list)  # in the order first recorded
    reference: str = ""
    prefix: str = ""
    title: str = ""
    proposer: str | None = None
    raised_on: dt.date | None = None
    releases: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    deadlines: list[dict[str, Any]] = field(default_factory=list)
    stage_fact: Fact | None = None  # the fact that entered the stage
    decision: Fact | None = None  # the last transition (not the raise)
    last: Fact | None = None
    latest_on: dt.date | None = None

    @property
    def situation(self) -> Situation:
        return Situation(self.stage, frozenset(self.milestones), self.path, self.flags)

    def row_values(self) -> dict[str, Any]:
        """The proposal row's derived columns."""
        return {
            "stage": self.stage, "path": self.path, "flags": sorted(self.flags),
            "milestones": list(self.milestones), "prefix": self.prefix,
            "proposer": self.proposer,
        }  # fmt: skip


def prefix_of(wf: Workflow, reference: str) -> str:
    """The longest of the workflow's prefixes that ``reference`` starts with."""
    text = reference.upper().replace(" ", "")
    known = sorted((p.prefix for p in wf.references.prefixes), key=len, reverse=True)
    return next((p for p in known if text.startswith(p)), "")


class _Replay:
    def __init__(self, wf: Workflow, engine: Engine, cal: WorkingCalendar) -> None:
        self.wf, self.engine, self.cal = wf, engine, cal
        self.state = Derived()

    def apply(self, fact: Fact) -> None:
        s = self.state
        if not s.stage and fact.kind != "raised":
            if fact.kind == "link":
                return
            raise HistoryError(fact, "it is dated before the proposal was raised")
        handler = _HANDLERS.get(fact.kind)
        if handler is not None:
            handler(self, fact)
        s.last = fact
        s.latest_on = max(s.latest_on or fact.occurred_on, fact.occurred_on)

    def raised(self, fact: Fact) -> None:
        s, p = self.state, fact.payload
        if s.stage:
            raise HistoryError(fact, "it raises the proposal a second time")
        if self.wf.state(fact.to_stage or "") is None:
            raise HistoryError(fact, f"it enters unknown stage {fact.to_stage!r}")
        s.stage, s.path, s.flags = (
            str(fact.to_stage),
            p.get("path"),
            frozenset(p.get("flags") or ()),
        )
        s.reference = str(p.get("reference") or "")
        s.prefix, s.title = prefix_of(self.wf, s.reference), str(p.get("title") or "")
        s.proposer, s.raised_on, s.stage_fact = p.get("proposer"), fact.occurred_on, fact
        self._track(fact, "", source="", stage=True)

    def moved(self, fact: Fact) -> None:
        s = self.state
        if not fact.trigger:
            return self.milestone(fact)
        try:
            move = self.engine.fire(s.situation, fact.trigger, override=fact.kind == "override")
        except TransitionNotAllowed as exc:
            raise HistoryError(fact, str(exc), exc.reasons) from None
        self._lapses(fact, fact.trigger)
        if move.dest != fact.to_stage:
            raise HistoryError(
                fact,
                f"{fact.trigger!r} would lead from {move.source!r} to {move.dest!r}, "
                f"not to {fact.to_stage!r} as recorded",
            )
        s.stage, s.stage_fact, s.decision = move.dest, fact, fact
        self._track(fact, fact.trigger, source=move.source, stage=True)

    def milestone(self, fact: Fact) -> None:
        s, name = self.state, str(fact.milestone)
        if fact.kind not in ("override",):
            try:
                self.engine.check_milestone(s.situation, name)
            except TransitionNotAllowed as exc:
                raise HistoryError(fact, str(exc), exc.reasons) from None
        self._lapses(fact, name)
        if name not in s.milestones:
            s.milestones.append(name)
        self._track(fact, name, source=None, stage=False)

    def relabel(self, fact: Fact) -> None:
        self.state.reference = str(fact.payload.get("to") or self.state.reference)
        self.state.prefix = prefix_of(self.wf, self.state.reference) or self.state.prefix

    def route(self, fact: Fact) -> None:
        p = fact.payload
        self.state.path = p["path"]["to"]
        self.state.flags = frozenset(p["flags"]["to"])

    def proposer(self, fact: Fact) -> None:
        self.state.proposer = fact.payload.get("to")

    def release(self, fact: Fact) -> None:
        p, releases = fact.payload, self.state.releases
        known = releases.get(p["release"], ("", None))[1]
        releases[p["release"]] = (p["status"], p.get("release_date") or known)

    def _track(self, fact: Fact, name: str, source: str | None, stage: bool) -> None:
        """Open and close deadlines by the same rules as the live writes."""
        wf, s, day = self.wf, self.state, fact.occurred_on
        if must_close(wf, name, source):
            for d in s.deadlines:
                if d["status"] == "open" and closes(d, name, source):
                    d.update(closing(wf, d, day, name))
        found = window(wf, s.situation, s.stage if stage else name, stage)
        if found is not None:
            until = None if stage else fact.until
            s.deadlines.append(deadline_values(wf, *found, day, fact.seq, self.cal, until))

    def _lapses(self, fact: Fact, name: str) -> None:
        """A lapsing window refuses what comes after it, and what it holds back while it runs."""
        why = lapse_refusal(self.wf, self.state.deadlines, name, fact.occurred_on)
        if why is not None and fact.kind not in ("override", "implied"):
            raise HistoryError(fact, why, [why])


def _moved_or_milestone(replay: _Replay, fact: Fact) -> None:
    if fact.trigger:
        replay.moved(fact)
    elif fact.milestone:
        replay.milestone(fact)


_HANDLERS: dict[str, Any] = {
    "raised": _Replay.raised,
    "transition": _Replay.moved,
    "override": _moved_or_milestone,
    "implied": _moved_or_milestone,
    "milestone": _Replay.milestone,
    "relabel": _Replay.relabel,
    "route": _Replay.route,
    "proposer": _Replay.proposer,
    "release": _Replay.release,
}


def replay(
    wf: Workflow,
    engine: Engine,
    history: Iterable[Fact],
    cal: WorkingCalendar,
    upto: dt.date | None = None,
) -> Derived:
    """What ``history`` (facts in occurrence order) makes of the proposal, up to ``upto``."""
    run = _Replay(wf, engine, cal)
    for fact in history:
        if upto is not None and fact.occurred_on > upto:
            break
        run.apply(fact)
    return run.state
