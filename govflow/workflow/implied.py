"""The steps a record skips: what must have happened for a proposal to get from where the record
leaves it to a later stage it is known to have reached.

A register adopted from published pages says MP099 reached the Report Phase but not when it was
converted or when its Refinement Consultation ran. :func:`steps_to` finds the fewest transitions
from the proposal's stage to the stage it reached, and before each, the milestones its rules
require (a consultation that must have closed); a rule that a milestone cannot satisfy (the path,
a flag) is never assumed. Every step is checked by the rule engine, as a recorded one would be.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, replace

from govflow.errors import TransitionNotAllowed
from govflow.workflow.definition import AnyOf, MilestoneRecorded, Requirement, Situation, Workflow
from govflow.workflow.engine import Engine


@dataclass(frozen=True)
class Step:
    """One step: a transition (``trigger``, ``source`` to ``dest``) or a ``milestone``."""

    trigger: str | None = None
    source: str | None = None
    dest: str | None = None
    milestone: str | None = None


def _milestones_for(wf: Workflow, r: Requirement, s: Situation) -> list[str] | None:
    """Milestones that, recorded, meet ``r`` (none needed when it is met); None when none can."""
    if r.met(s):
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


def _needed(wf: Workflow, requires: tuple[Requirement, ...], s: Situation) -> list[str] | None:
    needed: list[str] = []
    for r in requires:
        found = _milestones_for(wf, r, s)
        if found is None:
            return None
        needed += [m for m in found if m not in needed]
    return needed


def _advance(engine: Engine, s: Situation, trigger: str, dest: str) -> tuple[list[Step], Situation]:
    """The milestones ``trigger`` needs from ``s``, then the transition, each checked by the
    engine; TransitionNotAllowed when the rules refuse one."""
    wf = engine.workflow
    spec = next(t for t in wf.transitions_from(s.stage) if t.trigger == trigger and t.dest == dest)
    needed = _needed(wf, spec.requires, s)
    if needed is None:
        raise TransitionNotAllowed(f"{trigger!r} needs more than milestones")
    steps = []
    for name in needed:
        engine.check_milestone(s, name)
        s = replace(s, milestones=s.milestones | {name})
        steps.append(Step(milestone=name))
    move = engine.fire(s, trigger, dest=dest)
    steps.append(Step(trigger=trigger, source=move.source, dest=move.dest))
    return steps, replace(s, stage=move.dest)


def steps_to(engine: Engine, situation: Situation, dest: str) -> list[Step] | None:
    """The fewest transitions (with the milestones they need) from ``situation`` to ``dest``;
    the last step is the transition into ``dest``. None when no such steps exist."""
    wf = engine.workflow
    queue: deque[tuple[Situation, list[Step]]] = deque([(situation, [])])
    seen = {situation.stage}
    while queue:
        s, steps = queue.popleft()
        for option in engine.options(s):
            state = wf.state(option.dest)
            if option.dest in seen or state is None:
                continue
            try:
                more, after = _advance(engine, s, option.trigger, option.dest)
            except TransitionNotAllowed:
                continue
            if option.dest == dest:
                return steps + more
            if not state.terminal:
                seen.add(option.dest)
                queue.append((after, steps + more))
    return None
