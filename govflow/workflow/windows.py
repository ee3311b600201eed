"""The rules of working-day windows, shared by the live writes and the replay of a history.

A window is of one of three kinds (the workflow's ``kind``): a **deadline** the rules set, overdue
when it passes unmet; an **expected** duration observed in practice, "late" when it passes, never
overdue; or a window that **lapses**: it ends by itself on its last day (status ``lapsed``), what
closes it is refused after that, and the triggers it holds back (``before``) are refused until
then. An announced closing date (``--until``) replaces the computed one.

A window the record never closes ends when the proposal moves where nothing could close it any
more (:func:`made_moot`): to a terminal stage (implemented, rejected, withdrawn: the outcome
closes every window still open), or, for a milestone's window, out of every stage where what
closes it may be recorded (an Urgent BSC proposal sent on without its Report Phase
Consultation's close on record). Its status is then ``moot``: it no longer runs, and its end is
not on record; ``closed_on`` is the day of the move that made it moot (it ran no later than
that: the views never call it the day it closed) and ``closed_with`` that move. Pure functions:
no database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any

from govflow.calendar import WorkingCalendar
from govflow.model import Deadline
from govflow.workflow.definition import Situation, Window, Workflow, unmet

#: How a window past its last day shows, by kind (a plain deadline stays open: overdue).
PAST_DUE = {"expected": "late", "lapses": "lapsed"}


@dataclass(frozen=True)
class _Plan:
    """What in a workflow opens or closes deadlines, worked out once per workflow."""

    closers: frozenset[str]
    stages: frozenset[str]
    mooting: frozenset[str]  # triggers whose move may leave an open window moot


_PLANS: dict[str, _Plan] = {}


def _plan(wf: Workflow) -> _Plan:
    found = _PLANS.get(wf.key)
    if found is None:
        closers = frozenset(n for _, spec in _specs(wf) for n in spec.closed_by)
        stages = frozenset(name for (kind, name), _ in _specs(wf) if kind == "stage")
        found = _PLANS[wf.key] = _Plan(closers, stages, _mooting(wf))
    return found


def _mooting(wf: Workflow) -> frozenset[str]:
    """The triggers that may make an open window moot (:func:`made_moot`): those into a
    terminal stage, and those out of a stage where a milestone's window may be open into one
    where nothing closes it."""
    found = set()
    for t in wf.transitions:
        dest = wf.state(t.dest) if t.dest else None
        if dest is not None and dest.terminal:
            found.add(t.trigger)
    for (kind, name), spec in _specs(wf):
        milestone = wf.milestone(name) if kind == "milestone" else None
        if milestone is None:
            continue
        for t in wf.transitions:
            left = not milestone.states or any(s in milestone.states for s in t.sources)
            if left and t.dest and not _closable(wf, kind, spec.closed_by, t.dest):
                found.add(t.trigger)
    return frozenset(found)


def _specs(wf: Workflow) -> Iterator[tuple[tuple[str, str], Window]]:
    """Every window of ``wf`` with the (kind, name) its deadline rows carry."""
    for s in wf.states:
        if s.deadline is not None:
            yield ("stage", s.name), s.deadline
    for m in wf.milestones:
        if m.deadline is not None:
            yield ("milestone", m.name), m.deadline


def lapse_names(wf: Workflow, versions: Iterable[Workflow] = ()) -> frozenset[str]:
    """The triggers and milestones a lapsing window of ``wf`` may refuse (see
    :func:`lapse_refusal`): those it holds back and those that close it. What closes an open
    window is what its row recorded when it opened, possibly under another version of the
    workflow (before a migration): the same window's names in ``versions`` count too."""
    lapsing = {key for key, spec in _specs(wf) if spec.kind == "lapses"}
    names: set[str] = set()
    for version in (wf, *versions):
        for key, spec in _specs(version):
            if key in lapsing:
                names |= {*spec.before, *spec.closed_by}
    return frozenset(names)


def touching(wf: Workflow) -> frozenset[str]:
    """The names whose events may close a window (triggers and milestones) or make one moot,
    and the stages whose window closes when a proposal leaves them."""
    p = _plan(wf)
    return p.closers | p.stages | p.mooting


def spec_of(wf: Workflow, kind: str, name: str) -> Window | None:
    """The workflow's window for a deadline row (``kind`` stage or milestone, ``name``)."""
    owner = wf.state(name) if kind == "stage" else wf.milestone(name)
    return owner.deadline if owner is not None else None


def window_kind(wf: Workflow, kind: str, name: str) -> str:
    spec = spec_of(wf, kind, name)
    return spec.kind if spec is not None else "deadline"


def status_on(window: str, status: str, due_on: dt.date, day: dt.date) -> str:
    """A window's status as it stands on ``day``: an open one past its last day is ``late``
    (expected) or ``lapsed`` (lapses); a plain deadline stays ``open`` (and overdue)."""
    if status == "open" and due_on < day:
        return PAST_DUE.get(window, status)
    return status


def lapse_refusal(
    wf: Workflow, deadlines: Iterable[Deadline], name: str, day: dt.date
) -> str | None:
    """Why a lapsing window refuses ``name`` on ``day``: an appeal after its window has lapsed,
    or a trigger it holds back (``before``) while it runs; None when nothing refuses it."""
    for d in deadlines:
        spec = spec_of(wf, d.kind, d.name)
        if spec is None or spec.kind != "lapses" or d.status != "open":
            continue
        window = f"the {d.label} ({d.working_days} WD from {d.opened_on})"
        if name in spec.before and day <= d.due_on:
            return f"{window} runs until {d.due_on}: {name!r} must wait until it has lapsed"
        if name in d.closed_by and name not in spec.before and day > d.due_on:
            return f"{window} lapsed on {d.due_on}: {name!r} on {day} comes after it"
    return None


def closing(wf: Workflow, d: Deadline, day: dt.date, name: str) -> Deadline:
    """``d`` closed on ``day`` by ``name``: a lapsing window already past its last day lapsed
    then, whatever closed the stage later."""
    if window_kind(wf, d.kind, d.name) == "lapses" and d.due_on < day:
        return replace(d, status="lapsed", closed_on=d.due_on, closed_with=None)
    return replace(d, status="closed", closed_on=day, closed_with=name)


def made_moot(
    wf: Workflow, deadlines: tuple[Deadline, ...], stage: str, day: dt.date, trigger: str
) -> tuple[Deadline, ...]:
    """``deadlines`` after a move by ``trigger`` on ``day`` to ``stage``: each open window that
    nothing can close from there is ``moot`` (a lapsing one already past its last day lapsed
    then). The one place this is decided: the live write and every replay call it through the
    rule core's step."""
    return tuple(
        _moot(wf, d, day, trigger)
        if d.status == "open" and not _closable(wf, d.kind, d.closed_by, stage) else d
        for d in deadlines
    )  # fmt: skip


def stale(wf: Workflow, d: Deadline, stage: str) -> bool:
    """Whether ``d``, stored open, is one that nothing can close with the proposal in
    ``stage``: the rule core makes it moot (:func:`made_moot`), and only a database written
    before windows could be moot stores it open."""
    return d.status == "open" and not _closable(wf, d.kind, d.closed_by, stage)


def as_events_make(stored: Deadline, made: Deadline | None) -> Deadline:
    """``stored`` as the events make it when it is a window stored open that they make moot (or
    lapsed by the move that made it moot): a database written before windows could be moot
    (issue 24) stores such a window open. It is read so, never rewritten; any other difference
    between ``stored`` and ``made`` stays (``verify`` reports it)."""
    if made is None or stored.status != "open" or made.status not in ("moot", "lapsed"):
        return stored
    if (made.kind, made.name, made.opened_seq) != (stored.kind, stored.name, stored.opened_seq):
        return stored
    return replace(stored, status=made.status, closed_on=made.closed_on,
                   closed_with=made.closed_with)  # fmt: skip


def _moot(wf: Workflow, d: Deadline, day: dt.date, trigger: str) -> Deadline:
    if window_kind(wf, d.kind, d.name) == "lapses" and d.due_on < day:
        return replace(d, status="lapsed", closed_on=d.due_on, closed_with=None)
    return replace(d, status="moot", closed_on=day, closed_with=trigger)


def _closable(wf: Workflow, kind: str, closed_by: Iterable[str], stage: str) -> bool:
    """Whether an open window of ``kind`` that ``closed_by`` close may still close with the
    proposal in ``stage``: never in a terminal stage; a stage's own window until it is left
    (closed then); a milestone's while what closes it may still be recorded or fired."""
    state = wf.state(stage)
    if state is None or state.terminal:
        return False
    if kind == "stage":
        return True
    for name in closed_by:
        milestone = wf.milestone(name)
        if milestone is not None and (not milestone.states or stage in milestone.states):
            return True
        if any(t.trigger == name for t in wf.transitions_from(stage)):
            return True
    return False


def must_close(wf: Workflow, name: str, leaving: str | None) -> bool:
    """Whether firing or recording ``name`` (leaving stage ``leaving``) may close a deadline."""
    p = _plan(wf)
    return name in p.closers or (leaving is not None and leaving in p.stages)


def closes(deadline: Deadline, name: str, leaving: str | None) -> bool:
    """Whether ``name`` (or leaving stage ``leaving``) closes this open deadline."""
    leaves = deadline.kind == "stage" and deadline.name == leaving
    return name in deadline.closed_by or leaves


def opens(wf: Workflow, name: str, stage: bool) -> bool:
    """Whether entering stage ``name`` (or recording milestone ``name``) may open a window: one
    that has none opens none in any situation."""
    spec = wf.state(name) if stage else wf.milestone(name)
    return spec is not None and spec.deadline is not None


def window(
    wf: Workflow, situation: Situation, name: str, stage: bool
) -> tuple[str, str, str, Window] | None:
    """(kind, name, label, spec) of the deadline that entering stage ``name`` or recording
    milestone ``name`` opens in ``situation``, or None."""
    spec = wf.state(name) if stage else wf.milestone(name)
    if spec is None or spec.deadline is None or unmet(spec.deadline.when, situation):
        return None
    kind = "stage" if stage else "milestone"
    return kind, spec.name, spec.deadline.label or spec.label, spec.deadline


def opened(
    wf: Workflow, kind: str, name: str, label: str, spec: Window, day: dt.date, seq: int,
    cal: WorkingCalendar, until: dt.date | None = None,
) -> Deadline:  # fmt: skip
    """A new open deadline: its due date (an announced closing date ``until`` beats the computed
    one) and the calendar in force recorded."""
    due = until or cal.add_working_days(day, spec.working_days, wf.first_day_counts)
    return Deadline(
        kind=kind, name=name, label=label, opened_on=day, opened_seq=seq,
        working_days=spec.working_days, first_day_counts=wf.first_day_counts, due_on=due,
        calendar=dict(cal.describe()), closed_by=tuple(spec.closed_by), note=spec.note,
    )  # fmt: skip


def early_for_release(
    releases: Mapping[str, tuple[str, Any]], trigger: str, day: dt.date
) -> str | None:
    """Why ``trigger`` on ``day`` comes too early: a release it is targeted at (or approved
    for) has a date still to come."""
    for name, (status, when) in releases.items():
        on = dt.date.fromisoformat(when) if isinstance(when, str) else when
        if status in ("targeted", "approved") and on is not None and on > day:
            return f"the targeted release {name} is on {on}: {trigger!r} on {day} comes before it"
    return None
