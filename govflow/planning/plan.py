"""A proposal's plan: each route that fits (its own, or each the workflow has while its route
is not on record), what-if steps assumed first, target releases checked."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from govflow.errors import NotFound
from govflow.planning.dating import dcc_assessed
from govflow.planning.model import Plan, RoutePlan, TargetCheck
from govflow.planning.route import decided_on, plan_route
from govflow.planning.shared import Shared, plan_key
from govflow.planning.target import check
from govflow.planning.timetable import Timetable
from govflow.planning.whatif import assume
from govflow.workflow.definition import Workflow
from govflow.workflow.state import ProposalState
from govflow.workflow.verdict import Rules
from govflow.workflow.words import milestone_label, stage_label


def plan(
    rules: Rules, state: ProposalState, start: dt.date, tt: Timetable, *, reference: str = "",
    what_ifs: Sequence[tuple[str, dt.date]] = (), targets: Sequence[str] = (),
    early: ProposalState | None = None, shared: Shared | None = None,
) -> Plan:  # fmt: skip
    """The remaining steps of the proposal in ``state`` from ``start``. ``early`` is the same
    state with its windows opened as early as the record allows (an event known only to its
    month opened them on the month's first day, where ``state`` has its last): a step it
    dates earlier gets that as ``earliest`` and ``state``'s date as ``latest``. ``shared``: what
    a portfolio's proposals share (their plans and route searches, when alike)."""
    wf, _ = rules.of(state.version)
    stage = wf.state(state.stage)
    label = stage.label if stage is not None else state.stage
    if stage is not None and stage.terminal:
        return Plan(reference or state.reference, state.stage, start, (), terminal=True,
                    stage_label=label)  # fmt: skip
    first = start
    state, start = assume(rules, state, list(what_ifs), first)
    routes = _routes(rules, state, start, tt, shared)
    if early is not None and early.deadlines != state.deadlines:
        early, _ = assume(rules, early, list(what_ifs), first)
        routes = _spans(routes, _routes(rules, early, start, tt))
    checks = tuple(c for name in targets for c in _targets(rules, state, name, routes, tt))
    assumed = tuple(f"{n} on {d}" for n, d in what_ifs)
    said = tuple(f"{_what_if(wf, n)} ({n}) on {d}" for n, d in what_ifs)
    return Plan(reference or state.reference, state.stage, start, routes, assumed, checks,
                stage_label=stage_label(wf, state.stage), assumed_words=said)  # fmt: skip


def _what_if(wf: Workflow, name: str) -> str:
    """A what-if step in words: a milestone's label; a move as the stage it goes to."""
    if wf.milestone(name) is not None:
        return milestone_label(wf, name)
    dests = {t.dest for t in wf.transitions if t.trigger == name}
    return f"to {stage_label(wf, dests.pop())}" if len(dests) == 1 else name


def _routes(
    rules: Rules, state: ProposalState, start: dt.date, tt: Timetable,
    shared: Shared | None = None,
) -> tuple[RoutePlan, ...]:  # fmt: skip
    """The routes planned (from ``shared`` when a state alike was planned with the same
    timetable)."""
    if shared is None:
        return _planned(rules, state, start, tt)
    key = plan_key(rules, state, start, decided_on(rules, state))
    if key not in shared.plans:
        shared.plans[key] = _planned(rules, state, start, tt, shared)
    return shared.plans[key]


def _planned(
    rules: Rules, state: ProposalState, start: dt.date, tt: Timetable,
    shared: Shared | None = None,
) -> tuple[RoutePlan, ...]:  # fmt: skip
    wf, _ = rules.of(state.version)
    if state.path is not None or not wf.paths:
        return (plan_route(rules, state, start, tt, False, shared),)
    found = [plan_route(rules, dataclasses.replace(state, path=p), start, tt, True, shared)
             for p in wf.paths]  # fmt: skip
    fits = tuple(r for r in found if (r.steps or r.undatable) and not _refused(r))
    return fits or (plan_route(rules, state, start, tt, False, shared),)


def _spans(late: tuple[RoutePlan, ...], early: tuple[RoutePlan, ...]) -> tuple[RoutePlan, ...]:
    """``late``'s routes, each step dated from ``early``'s same step when that is earlier (its
    own date kept as ``latest``)."""
    found = {r.path: r for r in early}
    return tuple(_span(r, found.get(r.path)) for r in late)


def _span(late: RoutePlan, early: RoutePlan | None) -> RoutePlan:
    if early is None or [s.name for s in early.steps] != [s.name for s in late.steps]:
        return late
    steps = tuple(
        dataclasses.replace(s, earliest=e.earliest, latest=s.earliest)
        if e.earliest is not None and s.earliest is not None and e.earliest < s.earliest else s
        for s, e in zip(late.steps, early.steps, strict=True)
    )  # fmt: skip
    return dataclasses.replace(late, steps=steps)


def _refused(route: RoutePlan) -> bool:
    """A route whose plan the rules stop before it is decided does not fit the proposal (one
    stopped by the calendar's years may)."""
    return route.stops is not None and route.decision is None and not route.undatable


def _targets(
    rules: Rules, state: ProposalState, name: str, routes: tuple[RoutePlan, ...], tt: Timetable
) -> list[TargetCheck]:
    release = tt.release_named(name)
    if release is None:
        known = ", ".join(r.name for r in tt.releases) or "none"
        raise NotFound(f"no release named {name!r} has a date on record (releases: {known})")
    targeted = name in state.releases and state.releases[name][0] in ("targeted", "approved")
    dcc = dcc_assessed(rules.of(state.version)[0], state) is not None
    return [check(r, release, tt, targeted, dcc) for r in routes]
