"""What can happen to a proposal on a day, and what is blocked and why: each transition and
milestone the workflow has from its stage, judged by the rule core as the event itself would be
(:func:`govflow.workflow.rules.judge`). ``next`` lists these; ``advance`` on the same day with the
same trigger gets the same verdict, because it asks the same function.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from govflow.model import Event
from govflow.workflow.rules import judge
from govflow.workflow.state import ProposalState
from govflow.workflow.verdict import Rules


@dataclass(frozen=True)
class Option:
    """A transition from the current stage: allowed on the day, or blocked with reasons."""

    trigger: str
    dest: str
    body: str
    description: str
    reasons: tuple[str, ...] = ()
    unchecked: tuple[str, ...] = ()  # rules the record lacks the facts to check

    @property
    def allowed(self) -> bool:
        return not self.reasons


@dataclass(frozen=True)
class MilestoneOption:
    name: str
    label: str
    reasons: tuple[str, ...] = ()

    @property
    def allowed(self) -> bool:
        return not self.reasons


def transition(state: ProposalState, trigger: str, dest: str | None, day: dt.date) -> Event:
    """The event a plain ``advance`` with ``trigger`` on ``day`` would record (no meeting, no
    override, no direction given)."""
    return Event(
        kind="transition", trigger=trigger, from_stage=state.stage, to_stage=dest,
        occurred_on=day,
    )  # fmt: skip


def milestone(name: str, day: dt.date) -> Event:
    """The event a plain ``record`` of ``name`` on ``day`` would record."""
    return Event(kind="milestone", milestone=name, occurred_on=day)


def options(rules: Rules, state: ProposalState, day: dt.date) -> list[Option]:
    """Every transition from the state's stage on ``day``, in the workflow's order."""
    wf, machine = rules.of(state.version)
    found = [
        t for trigger in machine.triggers_from(state.stage)
        for t in machine.candidates(state.stage, trigger)
    ]  # fmt: skip
    order = {id(t): i for i, t in enumerate(wf.transitions)}
    found.sort(key=lambda t: order[id(t)])
    verdicts = [judge(rules, state, transition(state, t.trigger, t.dest, day)) for t in found]
    return [
        Option(t.trigger, t.dest, t.body, t.description, tuple(v.messages),
               tuple(r.message for r in v.unchecked))
        for t, v in zip(found, verdicts, strict=True)
    ]  # fmt: skip


def milestone_options(rules: Rules, state: ProposalState, day: dt.date) -> list[MilestoneOption]:
    """Every milestone of the workflow on ``day``, allowed or blocked with reasons."""
    wf, _ = rules.of(state.version)
    return [
        MilestoneOption(m.name, m.label,
                        tuple(judge(rules, state, milestone(m.name, day)).messages))
        for m in wf.milestones
    ]  # fmt: skip
