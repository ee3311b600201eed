"""What each milestone of a workflow version does, as data: the table the rule core's
:func:`govflow.workflow.rules.judge` and :func:`govflow.workflow.step.step` read once an event,
instead of asking the definition and the windows' plan for each part of it again.

It decides nothing: ``judge`` still decides every rule; the table only holds what the definition
says (a definition never changes once loaded). It is built once per definition object and kept
on it, as a ``cached_property`` keeps its value (:func:`effects`): it lasts as long as the
object, each process builds its own, and it is never stored. Pure.
"""

from __future__ import annotations

from dataclasses import dataclass

from govflow.workflow import windows
from govflow.workflow.definition import Milestone, Workflow, deciders


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
    """A workflow version's milestones by name, its terminal stages, and the committees that
    may take each transition (:func:`govflow.workflow.definition.deciders`, by the transition's
    ``id``: the definition holds each transition for as long as the table lasts)."""

    milestones: dict[str, MilestoneEffect]
    terminal: frozenset[str]
    deciders: dict[int, tuple[str, ...]]


_KEPT = "_effects"  # where a definition keeps its table (no field of it has that name)


def effects(wf: Workflow) -> Effects:
    """The table of ``wf``, built on its first use and kept on the object (the definition
    cannot build it itself: this module reads the windows, which read the definition)."""
    found: Effects | None = wf.__dict__.get(_KEPT)
    if found is None:
        found = wf.__dict__[_KEPT] = _built(wf)
    return found


def _built(wf: Workflow) -> Effects:
    milestones = {
        m.name: MilestoneEffect(
            m, windows.must_close(wf, m.name, None), windows.opens(wf, m.name, False),
            frozenset(m.may_be),
        )
        for m in wf.milestones
    }  # fmt: skip
    terminal = frozenset(s.name for s in wf.states if s.terminal)
    return Effects(milestones, terminal, {id(t): deciders(wf, t) for t in wf.transitions})
