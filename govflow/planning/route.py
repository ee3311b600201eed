"""The remaining steps along one route, each dated: the route from
:func:`govflow.workflow.implied.route_to`, every step made by :func:`govflow.workflow.step.step`
on a copy of the state, dated by :mod:`govflow.planning.dating`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from govflow.errors import InvalidInput, TransitionNotAllowed
from govflow.model import Event
from govflow.planning.dating import Dated, after_windows, at_meeting, at_release
from govflow.planning.model import PlannedStep, RoutePlan
from govflow.planning.shared import Shared, search_key
from govflow.planning.timetable import Timetable
from govflow.workflow.definition import Transition, Workflow, approved_stages
from govflow.workflow.implied import Step, route_to
from govflow.workflow.state import ProposalState
from govflow.workflow.step import step
from govflow.workflow.verdict import Rules
from govflow.workflow.words import step_words

#: The first seq a planned event carries (far beyond any history's).
_SEQ = 1_000_000_000


def goal(wf: Workflow) -> Transition | None:
    """The move that implements a proposal: the one that waits for a release."""
    return next((t for t in wf.transitions if t.after_release), None)


def plan_route(
    rules: Rules, state: ProposalState, start: dt.date, tt: Timetable, path_assumed: bool,
    shared: Shared | None = None,
) -> RoutePlan:  # fmt: skip
    """The steps from ``state`` (on ``start``) to implementation along its route (to its
    approval, in a workflow with no move that waits for a release); the route found once for
    the proposals of a portfolio that ``shared`` finds alike (:mod:`govflow.planning.shared`)."""
    wf, _ = rules.of(state.version)
    final = goal(wf)
    approved = [s.name for s in wf.states if s.name in approved_stages(wf)]
    done = final.dest if final is not None else (approved[-1] if approved else state.stage)
    if state.stage == done or (final is None and state.stage in approved):
        return RoutePlan(state.path, path_assumed, ())

    def search() -> list[Step]:
        return _route(rules, state, final, start) if final else _approval(rules, state, start)

    try:
        route = search() if shared is None else \
            shared.route(search_key(rules, state, start, done), search)  # fmt: skip
    except TransitionNotAllowed as exc:
        return RoutePlan(state.path, path_assumed, (), stops=str(exc))
    except InvalidInput as exc:  # a day beyond the calendar's years: no working day is known
        why = _undatable("the route", exc)
        return RoutePlan(state.path, path_assumed, (), stops=why, undatable=True)
    return _walk(rules, state, start, tt, route, path_assumed)


def _route(rules: Rules, state: ProposalState, final: Transition, start: dt.date) -> list[Step]:
    """The route to where ``final`` leaves from, then ``final``: what may happen on one day is
    found by the rule core; when (the windows, the release ``final`` waits for) is dated later."""
    last = Step(trigger=final.trigger, source=final.sources[0], dest=final.dest)
    if state.stage in final.sources:
        return [dataclasses.replace(last, source=state.stage)]
    refusal: TransitionNotAllowed | None = None
    for source in final.sources:
        try:
            return [
                *route_to(rules, state, source, start),
                dataclasses.replace(last, source=source),
            ]
        except TransitionNotAllowed as exc:
            refusal = refusal or exc
    assert refusal is not None
    raise refusal


def _approval(rules: Rules, state: ProposalState, start: dt.date) -> list[Step]:
    """The route to the first approved stage the rules let the proposal reach."""
    wf, _ = rules.of(state.version)
    refusal: TransitionNotAllowed | None = None
    for stage in (s.name for s in wf.states if s.name in approved_stages(wf)):
        try:
            return route_to(rules, state, stage, start)
        except TransitionNotAllowed as exc:
            refusal = refusal or exc
    raise refusal or TransitionNotAllowed(f"{wf.name} has no stage that holds an approval", [])


def _walk(
    rules: Rules, state: ProposalState, start: dt.date, tt: Timetable, route: list[Step],
    path_assumed: bool,
) -> RoutePlan:  # fmt: skip
    wf, _ = rules.of(state.version)
    approved = approved_stages(wf)
    planned: list[PlannedStep] = []
    s, day = state, start
    decided = decided_on(rules, state)
    undated: str | None = None
    for i, st in enumerate(route):
        stage = s.stage
        try:
            dated = _no_date(planned, day) if undated else _date(rules, s, st, day, decided, tt)
            event = _event(s, st, dated.on or day, _SEQ + i, implied=dated.on is None)
            after, verdict = step(rules, s, event)
        except InvalidInput as exc:  # a day beyond the calendar's years: no working day known
            why = _undatable(_words(wf, st, stage), exc)
            return RoutePlan(s.path, path_assumed, tuple(planned), stops=why, undatable=True)
        if not verdict.allowed:
            why = f"{_words(wf, st, stage)} on {dated.on}: {'; '.join(verdict.messages)}"
            return RoutePlan(s.path, path_assumed, tuple(planned), stops=why)
        decision = st.trigger is not None and st.dest in approved and stage not in approved
        if decision and dated.on is not None:
            decided = dated.on
        planned.append(_planned(st, stage, dated, decision, wf))
        if dated.on is None and undated is None:
            undated = dated.reasons[-1]
        s, day = after, dated.on or day
    return RoutePlan(state.path, path_assumed, tuple(planned))


def _words(wf: Workflow, st: Step, stage: str) -> str:
    """A step of the route in the workflow's words, its name after."""
    name = str(st.trigger or st.milestone)
    return f"{step_words(wf, name, stage, st.dest)} ({name})"


def _undatable(what: str, exc: InvalidInput) -> str:
    """Why the plan stops at a day the calendar cannot count working days on."""
    return f"{what} cannot be dated: {exc}"


def decided_on(rules: Rules, state: ProposalState) -> dt.date | None:
    """When a proposal already approved was decided (None when it is not approved): the one day
    of its own, besides its windows', that its plan reads."""
    wf, _ = rules.of(state.version)
    return _decided(state) if state.stage in approved_stages(wf) else None


def _decided(state: ProposalState) -> dt.date | None:
    """When a proposal already approved was decided: its decision on record, else (a state read
    from its row) the last decision kept, else its latest event (a bound)."""
    if state.decision is not None:
        return state.decision.occurred_on
    if state.decisions:
        return dt.date.fromisoformat(str(state.decisions[-1]["on"]))
    return state.latest_on


def _no_date(planned: list[PlannedStep], day: dt.date) -> Dated:
    last = planned[-1].label if planned else "the step before"
    return Dated(None, (f"follows {last}, which has no date",), day)


def _date(
    rules: Rules, s: ProposalState, st: Step, day: dt.date, decided: dt.date | None,
    tt: Timetable,
) -> Dated:  # fmt: skip
    wf, machine = rules.of(s.version)
    name = str(st.trigger or st.milestone)
    ready, reasons = after_windows(wf, s, name, day, tt)
    if not reasons:
        reasons = [f"ready on {day}"]
    t = _transition(machine.candidates(s.stage, st.trigger), st) if st.trigger else None
    if t is None:
        return Dated(ready, tuple(reasons), ready)
    found = at_release(wf, s, ready, decided, tt) if t.after_release else at_meeting(t, wf, ready,
                                                                                 tt)  # fmt: skip
    if found is None:
        return Dated(ready, tuple(reasons), ready)
    return Dated(found.on, (*reasons, *found.reasons), ready, found.slot, found.release,
                 found.assumed)  # fmt: skip


def _transition(candidates: tuple[Transition, ...], st: Step) -> Transition | None:
    return next((t for t in candidates if t.dest == st.dest), None)


def _event(s: ProposalState, st: Step, day: dt.date, seq: int, implied: bool) -> Event:
    """The event a planned step would record (an undated one as implied: its day is no date)."""
    kind = "implied" if implied else ("transition" if st.trigger else "milestone")
    if st.trigger:
        return Event(seq=seq, kind=kind, trigger=st.trigger, from_stage=s.stage, to_stage=st.dest,
                     occurred_on=day)  # fmt: skip
    return Event(seq=seq, kind=kind, milestone=st.milestone, occurred_on=day)


def _planned(st: Step, stage: str, d: Dated, decision: bool, wf: Workflow) -> PlannedStep:
    after_release = st.trigger is not None and any(
        t.after_release and t.trigger == st.trigger and stage in t.sources for t in wf.transitions
    )  # fmt: skip
    return PlannedStep(
        name=str(st.trigger or st.milestone), kind="transition" if st.trigger else "milestone",
        stage=stage, dest=st.dest, earliest=d.on, reason="; then ".join(d.reasons),
        meeting=d.slot.code if d.slot else None, assumed=d.assumed, decision=decision,
        implementation=after_release, release=d.release.name if d.release else None,
        ready=d.ready, label=step_words(wf, str(st.trigger or st.milestone), stage, st.dest),
    )  # fmt: skip
