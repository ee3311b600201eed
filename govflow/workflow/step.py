"""The step function: one event applied to a proposal's state, after the rule core judged it.

:func:`step` asks :func:`govflow.workflow.rules.judge` whether the event may follow the state
(every rule is decided there) and, when it may, :func:`apply` makes the next state: the stage
entered, the milestone recorded, the windows closed and opened, the decision kept. Every path that
writes or checks a history folds its events through :func:`step`. Pure: no database, no clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from govflow.model import Event
from govflow.workflow import windows
from govflow.workflow.definition import prefix_of, route_name
from govflow.workflow.effects import effects
from govflow.workflow.route_rules import fitting_routes
from govflow.workflow.rules import judge
from govflow.workflow.solutions import marked
from govflow.workflow.state import ProposalState
from govflow.workflow.verdict import Rules, Verdict


def apply(rules: Rules, state: ProposalState, event: Event, verdict: Verdict) -> ProposalState:
    """The state after ``event`` (which ``verdict`` allowed); ``state`` is kept as it was."""
    return _apply_to(rules, state.copy(), event, verdict)


def _apply_to(rules: Rules, s: ProposalState, event: Event, verdict: Verdict) -> ProposalState:
    _EFFECTS[event.kind](rules, s, event, verdict)
    s.last = event
    if event.kind != "correction":
        latest = s.latest_on
        if latest is None or event.occurred_on > latest:
            s.latest_on = event.occurred_on
    return s


def step(rules: Rules, state: ProposalState, event: Event) -> tuple[ProposalState, Verdict]:
    """:func:`judge`, then (when allowed) :func:`apply`: the next state and the verdict; the
    state is unchanged when the event is refused."""
    verdict = judge(rules, state, event)
    if verdict.refused:  # not allowed
        return state, verdict
    return _apply_to(rules, state.copy(), event, verdict), verdict


def step_on(rules: Rules, state: ProposalState, event: Event) -> Verdict:
    """:func:`step` made on ``state`` itself: :func:`judge`, then (when allowed) ``state``
    becomes the next state. For a replay that keeps no state but the last: a copy an event
    cost more than judging it."""
    verdict = judge(rules, state, event)
    if not verdict.refused:  # allowed
        _apply_to(rules, state, event, verdict)
    return verdict


def _raise(rules: Rules, s: ProposalState, e: Event, _: Verdict) -> None:
    p = e.payload
    s.version = int(p["workflow_version"])
    wf = rules.of(s.version)[0]
    s.stage, s.path, s.flags = (
        str(e.to_stage),
        route_name(p.get("path")),
        frozenset(p.get("flags") or ()),
    )
    s.reference = str(p.get("reference") or "")
    s.prefix, s.title = prefix_of(wf, s.reference), str(p.get("title") or "")
    s.proposer, s.raised_on, s.stage_event = p.get("proposer"), e.occurred_on, e
    _track(rules, s, e, "", leaving="", stage=True)


def _move(rules: Rules, s: ProposalState, e: Event, v: Verdict) -> None:
    if e.trigger is None:
        return _mark(rules, s, e, v)
    assert v.transition is not None
    source, s.stage = s.stage, v.transition.dest
    s.stage_event, s.decision = e, e
    if e.payload.get("outcome"):
        # With a rule unchecked (the route not on record), the graph does not say who decided:
        # the body is the event's own (its meeting's committee, or as given), or not on record.
        body = e.body if v.unchecked else v.transition.body
        decided = decision_of(e.trigger, e.payload, e.occurred_on, body)
        if e.date_precision != "day":  # a decision known "by" a day is not stated "on" it
            decided["precision"] = e.date_precision
        s.decisions = (*s.decisions, decided)
    _track(rules, s, e, e.trigger, source, True)  # leaving ``source`` for a stage


def _reach(rules: Rules, s: ProposalState, e: Event, _: Verdict) -> None:
    """A stage reached, the way between not on record: no step between is applied (none is on
    record), so no window of a stage between opens; a decision it records has the body the
    record gives (as given, or its meeting's committee), else the one the workflow gives every
    route that fits (with the route not on record, routes to the Change Board and to the
    Authority both fit: none)."""
    source, s.stage = s.stage, str(e.to_stage)
    if source == s.stage:  # already there: a late entry took it there first
        return
    if e.payload.get("outcome"):
        fit = fitting_routes(rules, _before(s, source), s.stage, e.meeting, e, said=True)[0]
        bodies = {route[-1].body for route in fit}
        body = e.body or (bodies.pop() if len(bodies) == 1 else None)
        decided = decision_of(None, e.payload, e.occurred_on, body)
        if e.date_precision != "day":
            decided["precision"] = e.date_precision
        s.decisions = (*s.decisions, decided)
    s.stage_event, s.decision = e, e
    _track(rules, s, e, "", leaving=source, stage=True)


def _before(s: ProposalState, stage: str) -> ProposalState:
    before = s.copy()
    before.stage = stage
    return before


def _mark(rules: Rules, s: ProposalState, e: Event, _: Verdict) -> None:
    name = str(e.milestone)
    if e.payload or s.solution_milestones:  # else nothing to note (solutions.marked)
        marked(s, name, e.payload.get("solution"))
    if name not in s.milestones:
        s.milestones = (*s.milestones, name)
    wf = rules.of(s.version)[0]
    effect = effects(wf).milestones.get(name)  # what the definition says it does, read once
    if effect is not None and effect.may_be:  # of a kind not on record: what it may have been
        s.unknown_milestones = s.unknown_milestones | effect.may_be
    vote = e.payload.get("vote") if e.payload else None
    if isinstance(vote, dict):
        s.vote = vote.get("outcome")
        if isinstance(vote.get("solution"), str):  # a vote on one solution (MP122A: "A")
            s.votes = {**s.votes, vote["solution"]: str(vote.get("outcome"))}
    if effect is None or (effect.closes and s.deadlines) or effect.opens:
        _track(rules, s, e, name, leaving=None, stage=False)  # else: it neither closes nor opens


def _relabel(rules: Rules, s: ProposalState, e: Event, _: Verdict) -> None:
    wf = rules.of(s.version)[0]
    s.reference = str(e.payload.get("to") or s.reference)
    s.prefix = prefix_of(wf, s.reference) or s.prefix


def _add_alternative(rules: Rules, s: ProposalState, e: Event, _: Verdict) -> None:
    letter = str(e.payload["solution"])
    s.solutions = (*s.solutions, letter)
    others = e.payload.get("shared_with")
    if others:  # one alternative of several records (CMP264/265 WACM4)
        s.shared = {**s.shared, letter: tuple(str(o) for o in others)}


def _set_route(rules: Rules, s: ProposalState, e: Event, _: Verdict) -> None:
    s.path = route_name(e.payload["path"]["to"])
    s.flags = frozenset(e.payload["flags"].get("to") or ())
    s.unknown_flags = frozenset(e.payload["flags"].get("not_on_record") or ())


def _set_proposer(rules: Rules, s: ProposalState, e: Event, _: Verdict) -> None:
    s.proposer = e.payload.get("to")


def _set_release(rules: Rules, s: ProposalState, e: Event, _: Verdict) -> None:
    p, releases = e.payload, dict(s.releases)
    known = releases.get(p["release"], ("", None))[1]
    releases[p["release"]] = (p["status"], p.get("release_date") or known)
    moved = p.get("moved_from")
    if moved:  # the target moved: the earlier release is re-targeted, not withdrawn
        releases[moved] = ("retargeted", releases.get(moved, ("", None))[1])
    s.releases = releases


def _migrate(rules: Rules, s: ProposalState, e: Event, _: Verdict) -> None:
    """The proposal moves to another version of its workflow: the events after it are judged by
    that version's rules."""
    old = rules.of(s.version)[0]
    s.version = int(e.payload["to_version"])
    new = rules.of(s.version)[0]
    moved = e.to_stage != s.stage
    if moved:  # the old stage's window closes; the new stage's opens
        s.deadlines = tuple(
            windows.closing(old, d, e.occurred_on, "")
            if d.status == "open" and windows.closes(d, "", s.stage) else d
            for d in s.deadlines
        )  # fmt: skip
    s.stage, s.stage_event = str(e.to_stage), e
    s.prefix = prefix_of(new, s.reference) or s.prefix
    if moved:
        found = windows.window(new, s.situation, s.stage, True)
        if found is not None:
            opened = windows.opened(new, *found, e.occurred_on, e.seq, rules.calendar)
            s.deadlines = (*s.deadlines, opened)


def _keep(rules: Rules, s: ProposalState, e: Event, _: Verdict) -> None:
    return None


_EFFECTS: dict[str, Callable[[Rules, ProposalState, Event, Verdict], None]] = {
    "raised": _raise, "transition": _move, "override": _move, "implied": _move,
    "reached": _reach, "milestone": _mark, "relabel": _relabel, "alternative": _add_alternative,
    "route": _set_route, "proposer": _set_proposer, "release": _set_release,
    "migrated": _migrate, "link": _keep, "related": _keep, "correction": _keep,
}  # fmt: skip


def _track(
    rules: Rules, s: ProposalState, e: Event, name: str, leaving: str | None, stage: bool
) -> None:
    """Close the deadlines ``name`` (or leaving stage ``leaving``) closes; open the window the
    new stage or the milestone opens."""
    wf, _ = rules.of(s.version)
    day = e.occurred_on
    if s.deadlines and windows.must_close(wf, name, leaving):  # none held: none to close
        s.deadlines = tuple(
            windows.closing(wf, d, day, name)
            if d.status == "open" and windows.closes(d, name, leaving) else d
            for d in s.deadlines
        )  # fmt: skip
    if stage and s.deadlines and s.stage is not None and leaving != s.stage:
        s.deadlines = windows.made_moot(wf, s.deadlines, s.stage, day, name)
    opening = s.stage if stage else name
    found = windows.window(wf, s.situation, opening, stage) if windows.opens(
        wf, opening, stage) else None  # fmt: skip
    if found is not None:
        until = None if stage else e.until
        opened = windows.opened(wf, *found, day, e.seq, rules.calendar, until)
        s.deadlines = (*s.deadlines, opened)


def decision_of(
    trigger: str | None, payload: Mapping[str, Any], day: dt.date, body: str | None
) -> dict[str, Any]:
    """A decision as the ``outcomes`` column and the views keep it."""
    found = {
        "trigger": trigger, "body": body, "outcome": payload["outcome"],
        "solution": payload.get("solution"), "on": day.isoformat(),
    }  # fmt: skip
    if payload.get("recommendations"):  # per solution, as the votes on each went
        found["recommendations"] = dict(payload["recommendations"])
    return found
