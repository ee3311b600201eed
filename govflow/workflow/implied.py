"""Moving by target stage, and the steps a record skips on the way there.

What a record says and what a plan proposes differ. :func:`move_to` is the record's: a move by
target stage records the one transition that leads there when no other route could have (the
record then says which move it was), else a :class:`Gap`: the stage reached, the way between
not on record (a ``reached`` event: no route chosen, no implied step stored; the views name the
routes that fit when they read the history). :func:`route_to` and :func:`steps_to` are the
planner's: the fewest steps a proposal would take from here, each judged as a recorded step.

A register adopted from published pages says MP099 reached the Report Phase but not when it was
converted or when its Refinement Consultation ran. :func:`route_to` finds how a proposal gets from
its stage to a later one: one transition when one leads there, else the fewest transitions, each
after the milestones its rules require (a consultation that must have closed). A rule that a
milestone cannot satisfy (the path, a flag) is never assumed, and a step whose rules the record
cannot check (a route not on record) is never implied: only the move itself may be unchecked.
Every step is judged by the rule core (:mod:`govflow.workflow.rules`) as a recorded one would
be; with an override, the steps are judged with it, so what it sets aside is what the rules would
have refused. When no route is allowed, the refusal names the rule that blocks the way the graph
has, not "no transition leads there".
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, replace

from govflow.errors import InvalidInput, TransitionNotAllowed, hint
from govflow.model import Event
from govflow.workflow.definition import AnyOf, MilestoneRecorded, Requirement, Transition, Workflow
from govflow.workflow.gaps import Route
from govflow.workflow.requirements import unknown
from govflow.workflow.route_rules import fitting_routes, graph_routes
from govflow.workflow.rules import judge
from govflow.workflow.state import ProposalState
from govflow.workflow.step import step
from govflow.workflow.verdict import Rules


@dataclass(frozen=True)
class Step:
    """One step: a transition (``trigger``, ``source`` to ``dest``) or a ``milestone``."""

    trigger: str | None = None
    source: str | None = None
    dest: str | None = None
    milestone: str | None = None


def _milestones_for(wf: Workflow, r: Requirement, s: ProposalState) -> list[str] | None:
    """Milestones that, recorded, meet ``r`` (none needed when it is met); None when none can."""
    if r.met(s.situation) or unknown(r, s.situation):  # unchecked, not assumed
        return []
    if isinstance(r, MilestoneRecorded):
        spec = wf.milestone(r.milestone)
        if spec is None:
            return None
        before = _needed(wf, spec.requires, s)
        return None if before is None else [*before, spec.name]
    if isinstance(r, AnyOf):
        for option in r.options:
            found = _milestones_for(wf, option, s)
            if found is not None:
                return found
    return None


def _needed(wf: Workflow, requires: tuple[Requirement, ...], s: ProposalState) -> list[str] | None:
    needed: list[str] = []
    for r in requires:
        found = _milestones_for(wf, r, s)
        if found is None:
            return None
        needed += [m for m in found if m not in needed]
    return needed


def _implied(day: dt.date, override: str | None, **fields: str | None) -> Event:
    payload = {"override": override} if override else {}
    return Event(kind="implied", occurred_on=day, date_precision="on_or_before", payload=payload,
                 **fields)  # type: ignore[arg-type]  # fmt: skip


def _advance(
    rules: Rules, s: ProposalState, t: Transition, day: dt.date, override: str | None,
    final: bool,
) -> tuple[list[Step], ProposalState] | None:  # fmt: skip
    """The milestones ``t`` needs from ``s``, then ``t`` itself, each judged by the rule core
    (``t`` as the recorded move itself when ``final``, else as an implied step); None when it
    refuses one (or no milestone can meet a requirement, without an override)."""
    wf, _ = rules.of(s.version)
    needed = _needed(wf, t.requires, s)
    if needed is None:
        if not override:
            return None
        needed = []
    steps = []
    for name in needed:
        s, verdict = step(rules, s, _implied(day, override, milestone=name))
        if not verdict.allowed:
            return None
        steps.append(Step(milestone=name))
    source = s.stage
    move = _implied(day, override, trigger=t.trigger, from_stage=source, to_stage=t.dest)
    if final:
        kind = "override" if override else "transition"
        move = replace(move, kind=kind, implied=False, date_precision="day")
    s, verdict = step(rules, s, move)
    if not verdict.allowed or (verdict.unchecked and not final and not override):
        return None  # an implied step must have happened: one the record cannot check may not
    steps.append(Step(trigger=t.trigger, source=source, dest=t.dest))
    return steps, s


def _leaving(rules: Rules, s: ProposalState) -> Iterator[Transition]:
    _, machine = rules.of(s.version)
    for trigger in machine.triggers_from(s.stage):
        yield from machine.candidates(s.stage, trigger)


def steps_to(
    rules: Rules, state: ProposalState, dest: str, day: dt.date, override: str | None = None
) -> list[Step] | None:
    """The fewest transitions (with the milestones they need) from ``state`` to ``dest`` that
    the rules allow (with ``override``: that its override allows); the last step is the
    transition into ``dest``. None when no such steps exist."""
    queue: deque[tuple[ProposalState, list[Step]]] = deque([(state, [])])
    seen = {state.stage}
    while queue:
        s, steps = queue.popleft()
        for t in _leaving(rules, s):
            wf, _ = rules.of(s.version)
            spec = wf.state(t.dest)
            if t.dest in seen or spec is None:
                continue
            found = _advance(rules, s, t, day, override, final=t.dest == dest)
            if found is None:
                continue
            more, after = found
            if t.dest == dest:
                return steps + more
            if not spec.terminal:
                seen.add(t.dest)
                queue.append((after, steps + more))
    return None


def route_to(
    rules: Rules, state: ProposalState, dest: str, day: dt.date, override: str | None = None
) -> list[Step]:
    """How ``state`` reaches ``dest`` on ``day``: the one transition that leads there, else the
    steps :func:`steps_to` finds (all but the last are implied); a refusal saying why not."""
    dest = _stage_named(rules, state, dest)
    direct = [t for t in _leaving(rules, state) if t.dest == dest]
    kind = "override" if override else "transition"
    payload = {"override": override} if override else {}
    usable = sorted({
        t.trigger for t in direct
        if judge(rules, state, Event(kind=kind, trigger=t.trigger, from_stage=state.stage,
                                     to_stage=dest, occurred_on=day, payload=payload)).allowed
    })  # fmt: skip
    if len(usable) > 1:
        raise TransitionNotAllowed(
            f"More than one trigger moves {state.stage!r} to {dest!r} ({', '.join(usable)}): "
            "name the trigger instead.",
            possible=usable,
        )
    if usable:
        return [Step(trigger=usable[0], source=state.stage, dest=dest)]
    found = steps_to(rules, state, dest, day, override)
    if found is not None:
        return found
    raise _why_not(rules, state, dest, day)


@dataclass(frozen=True)
class Gap:
    """A stage reached from ``source``, the way between not on record: ``routes`` are those the
    rules allow (none, when an override sets the rules aside)."""

    source: str
    dest: str
    routes: tuple[Route, ...]

    @property
    def outcome(self) -> str | None:
        """The direction every route's last move decides (approve or reject), when they agree."""
        ends = {r[-1].outcome for r in self.routes}
        return ends.pop() if len(ends) == 1 and ends <= {"approve", "reject"} else None

    def passes(self, trigger: str) -> bool:
        """Whether every route takes ``trigger`` (a conversion that relabels DP160 as MP160)."""
        return bool(self.routes) and all(any(t.trigger == trigger for t in r) for r in self.routes)


def move_to(
    rules: Rules, state: ProposalState, dest: str, day: dt.date, override: str | None = None,
    meeting: str | None = None,
) -> Step | Gap:  # fmt: skip
    """What a move to ``dest`` on ``day`` records: the one transition that leads there, when it
    is allowed and no other route could have led there; else the stage reached, the way between
    not on record (a :class:`Gap`; to the stage it is already in, a gap the rule core refuses,
    override or not); a refusal saying why not."""
    dest = _stage_named(rules, state, dest)
    if dest == state.stage:  # no way at all: the rule core refuses it (override or not)
        return Gap(state.stage, dest, ())
    fit, _ = fitting_routes(rules, state, dest, meeting, Event(kind="reached", occurred_on=day))
    ways = fit or (graph_routes(rules, state, dest) if override else [])
    if len(ways) > 1 or (ways and len(ways[0]) > 1):  # an override chooses no route either
        return Gap(state.stage, dest, tuple(fit))
    try:
        direct = route_to(rules, state, dest, day, override)
    except TransitionNotAllowed:
        if fit or override:
            return Gap(state.stage, dest, tuple(fit))
        raise
    if len(direct) == 1:
        return direct[0]  # the one move that leads there: the record says which
    return Gap(state.stage, dest, tuple(fit))


def _why_not(rules: Rules, state: ProposalState, dest: str, day: dt.date) -> TransitionNotAllowed:
    """Why no allowed route leads to ``dest``: the first rule that blocks the way the graph has,
    or that the graph has none."""
    graph = steps_to(rules, state, dest, day, override="(the way the graph has)")
    reachable = sorted({t.dest for t in _leaving(rules, state)})
    if graph is None:
        return TransitionNotAllowed(
            f"No transition leads from {state.stage!r} to {dest!r}; from {state.stage!r} a "
            f"proposal can go to: {', '.join(reachable) or 'nowhere'}",
            possible=reachable,
        )
    s = state
    for i, planned in enumerate(graph):
        fields = {"milestone": planned.milestone} if planned.milestone else {
            "trigger": planned.trigger, "from_stage": planned.source, "to_stage": planned.dest
        }  # fmt: skip
        kind = "implied" if i < len(graph) - 1 else "transition"
        event = Event(kind=kind, occurred_on=day, **fields)
        s, verdict = step(rules, s, event)
        what = planned.trigger or planned.milestone
        lead = f"Cannot move from {state.stage!r} to {dest!r}: on the way, {what!r}"
        if not verdict.allowed:
            why = "; ".join(verdict.messages)
            return TransitionNotAllowed(f"{lead} is refused: {why}.", verdict.messages, reachable)
        if verdict.unchecked and kind == "implied":
            unchecked = [r.message for r in verdict.unchecked]
            return TransitionNotAllowed(
                f"{lead} cannot be implied, as the record lacks the facts to check it "
                f"({'; '.join(unchecked)}): record that step itself, or what it needs",
                unchecked, reachable,
            )  # fmt: skip
    return TransitionNotAllowed(f"Cannot move from {state.stage!r} to {dest!r}.", [], reachable)


def _stage_named(rules: Rules, state: ProposalState, dest: str) -> str:
    """The stage ``dest`` names (its name or its label) in the proposal's workflow, or a refusal
    listing the stages there are."""
    wf, _ = rules.of(state.version)
    found = wf.stage_called(dest)
    if wf.state(found) is None:
        raise InvalidInput(
            f"unknown stage {found!r}{hint(found, wf.state_names)}; stages of {wf.name!r}: "
            f"{', '.join(wf.state_names)}"
        )
    return found
