"""What each milestone of a workflow version does, as data: the table the rule core's
:func:`govflow.workflow.rules.judge` and :func:`govflow.workflow.step.step` read once an event,
instead of asking the definition and the windows' plan for each part of it again.

It decides nothing: ``judge`` still decides every rule; the table only holds what the definition
says (a definition never changes once loaded). It is built once per definition object
(:attr:`govflow.workflow.definition.Workflow.effects`), lasts as long as it, and is never stored.
Pure.
"""

from __future__ import annotations

from dataclasses import dataclass

from govflow.workflow import windows
from govflow.workflow.definition import Milestone, Workflow


@dataclass(frozen=True, slots=True)
class MilestoneEffect:
    """A milestone, and what recording it may do: close a deadline (``closes``), open its window
    (``opens``), make the milestones it may stand for unknown (``may_be``)."""

    spec: Milestone
    closes: bool
    opens: bool
    may_be: frozenset[str]


@dataclass(frozen=True, slots=True)
class Effects:
    """A workflow version's milestones by name, and its terminal stages."""

    milestones: dict[str, MilestoneEffect]
    terminal: frozenset[str]


def effects_of(wf: Workflow) -> Effects:
    """The table of ``wf`` (:attr:`Workflow.effects` keeps it)."""
    milestones = {
        m.name: MilestoneEffect(
            m, windows.must_close(wf, m.name, None), windows.opens(wf, m.name, False),
            frozenset(m.may_be),
        )
        for m in wf.milestones
    }  # fmt: skip
    return Effects(milestones, frozenset(s.name for s in wf.states if s.terminal))
