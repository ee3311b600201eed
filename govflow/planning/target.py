"""Whether a target release is reachable along a route, and if not which step makes it late and
by how many working days."""

from __future__ import annotations

import datetime as dt

from govflow.errors import InvalidInput
from govflow.planning.model import PlannedStep, RoutePlan, TargetCheck
from govflow.planning.timetable import Release, Timetable


def check(
    route: RoutePlan, release: Release, tt: Timetable, targeted: bool, dcc: bool = False
) -> TargetCheck:
    """``release`` against ``route``'s plan (``targeted``: the proposal is already in its
    scope, so only its date counts; ``dcc``: its DCC-impacting scope is the one it needs)."""
    done, path = route.implementation, route.path
    if done is not None and done.earliest is not None and done.release == release.name:
        return TargetCheck(release.name, release.on, path, True, why=done.reason)
    decision = route.decision
    scope = release.scope_fixed(dcc, tt.scope_months)
    if not targeted and decision is not None and decision.earliest is not None \
            and decision.earliest > scope.on:  # fmt: skip
        late = _working_days(tt, scope.on, decision.earliest)
        which = "DCC-impacting scope" if dcc else "scope"
        why = (f"{decision.label} on {decision.earliest} comes after {release.name}'s {which} is "
               f"fixed ({scope.words})")  # fmt: skip
        return TargetCheck(release.name, release.on, path, False, decision.name, late, why,
                           decision.label)  # fmt: skip
    first = next((s for s in route.steps if s.earliest is None), done)
    if first is not None and first.ready is not None and first.ready > release.on:
        late = _working_days(tt, release.on, first.ready)
        why = (f"{first.label} is ready on {first.ready} at the earliest, after {release.name} "
               f"({release.on}); {_live(done)}")  # fmt: skip
        before = _before(route, first)
        return TargetCheck(release.name, release.on, path, False, before.name, late, why,
                           before.label)  # fmt: skip
    if done is None or done.earliest is None:
        why = done.reason if done is not None else (route.stops or "no implementation is planned")
        return TargetCheck(release.name, release.on, path, None, why=f"no date to judge by: {why}")
    why = f"the plan goes live in {done.release} on {done.earliest}"
    return TargetCheck(release.name, release.on, path, False, done.name, None, why, done.label)


def _before(route: RoutePlan, step: PlannedStep) -> PlannedStep:
    """The step before ``step`` (what makes it late), or ``step`` when it is the first."""
    names = [s.name for s in route.steps]
    i = names.index(step.name)
    return route.steps[i - 1] if i else step


def _live(done: PlannedStep | None) -> str:
    """What the plan says of the go-live day: the day, or that none can be given and why (the
    last reason of the step left undated)."""
    if done is not None and done.earliest is not None:
        return f"it can go live on {done.earliest}" + (f" in {done.release}" * bool(done.release))
    if done is None:
        return "no go-live step is planned"
    return "no go-live date can be planned: " + done.reason.rsplit("; then ", 1)[-1]


def _working_days(tt: Timetable, a: dt.date, b: dt.date) -> int | None:
    """Working days from ``a`` to ``b``; None beyond the calendar's years."""
    try:
        return tt.calendar.working_days_between(a, b)
    except InvalidInput:
        return None
