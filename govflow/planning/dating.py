"""When one step can happen at the earliest, and why: the windows it waits for, the meeting that
can take it, the release it can go live in. The rule core decides whether it may happen; this
module only finds the first day it could be asked to.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from govflow.planning.model import Slot
from govflow.planning.timetable import Release, Timetable
from govflow.workflow import windows
from govflow.workflow.definition import Transition, Workflow, deciders
from govflow.workflow.state import ProposalState
from govflow.workflow.words import body_name, body_names

#: The party that answers a DCC assessment (SEC): a proposal with one on record is taken to
#: impact the DCC, whose scope of a release is fixed earlier.
DCC = "DCC"


@dataclass(frozen=True)
class Dated:
    """A step's earliest day (None: no date can be given) and its reasons, in order."""

    on: dt.date | None
    reasons: tuple[str, ...]
    ready: dt.date  # the day it is ready, before a meeting or a release is waited for
    slot: Slot | None = None
    release: Release | None = None
    assumed: bool = False


def after_windows(
    wf: Workflow, state: ProposalState, name: str, day: dt.date, tt: Timetable
) -> tuple[dt.date, list[str]]:
    """The first day from ``day`` that the open windows of ``state`` let ``name`` happen: a
    window it closes has run its length; a lapsing window that holds it back has lapsed."""
    reasons = []
    for d in state.deadlines:
        spec = windows.spec_of(wf, d.kind, d.name)
        if d.status != "open" or spec is None:
            continue
        run = f"the {d.label} ({d.working_days} WD from {d.opened_on})"
        if spec.kind == "lapses" and name in spec.before and d.due_on >= day:
            day = tt.calendar.next_working_day(d.due_on)
            reasons.append(f"{run} runs until {d.due_on}")
        elif spec.kind != "lapses" and name in d.closed_by and d.due_on > day:
            day = d.due_on
            reasons.append(f"{run} ends on {d.due_on}")
    return day, reasons


def at_meeting(t: Transition, wf: Workflow, day: dt.date, tt: Timetable) -> Dated | None:
    """The first meeting of a body that takes ``t`` whose papers can go out from ``day``; a
    :class:`Dated` without a day when no meeting is on record and no cadence gives one; None
    when no committee takes ``t``."""
    bodies = deciders(wf, t)
    if not bodies:
        return None
    slot = tt.first_meeting(bodies, day)
    who = body_names(wf, bodies)
    if slot is None:
        why = f"no meeting of {who} is on record from {day}, and no cadence is set for it"
        return Dated(None, (why,), day)
    if slot.assumed:
        why = (f"assumed from {body_name(wf, slot.committee)}'s cadence (no meeting on record): "
               f"the first whose papers can still go, on {slot.on} "
               f"(papers by {slot.papers_by})")  # fmt: skip
    else:
        why = (f"the first planned meeting of {who} whose paper deadline ({slot.papers_by}) "
               f"is still reachable: {slot.code} on {slot.on}")  # fmt: skip
    return Dated(slot.on, (why,), day, slot=slot, assumed=slot.assumed)


def dcc_assessed(wf: Workflow, state: ProposalState) -> str | None:
    """The label of the first milestone on record that the DCC answers (a DCC assessment), if
    any: the proposal is then taken to be DCC-impacting (an assumption, said so)."""
    return next((m.label for m in map(wf.milestone, state.milestones)
                 if m is not None and m.body == DCC), None)  # fmt: skip


def at_release(
    wf: Workflow, state: ProposalState, day: dt.date, decided: dt.date | None, tt: Timetable
) -> Dated:
    """The release an ``after_release`` step can go live in, from ``day``: the one it is
    targeted at (when still ahead), else the first whose scope is still open on the day it is
    decided (``decided``): its DCC-impacting scope when a DCC assessment is on record."""
    reasons: list[str] = []
    for name, (status, when) in sorted(state.releases.items()):
        on = dt.date.fromisoformat(when) if isinstance(when, str) else when
        if status not in ("targeted", "approved") or on is None:
            continue
        if on >= day:
            why = f"the release it is {status} for: {name} on {on}"
            return Dated(on, (why,), day, release=Release(name, on))
        reasons.append(f"it misses the release it is {status} for ({name}, {on})")
    dcc = dcc_assessed(wf, state)
    if dcc is not None:
        reasons.append(f"assumed DCC-impacting, as its record has a {dcc}")
    for r in tt.releases_from(day):
        scope = r.scope_fixed(dcc is not None, tt.scope_months)
        if decided is None or decided <= scope.on:
            why = f"the first release whose scope is still open: {r.name} on {r.on} ({scope.words})"
            return Dated(r.on, (*reasons, why), day, release=r,
                         assumed=scope.assumed or dcc is not None)  # fmt: skip
    reasons.append(f"no release on record from {day} has its scope still open")
    return Dated(None, tuple(reasons), day)
