"""Gaps in a record: a proposal known in one stage, then in a later one, with the way between not
on record.

A register adopted from published pages says MP099 reached the Report Phase; it does not say how
it got there from Refinement. The record then holds one ``reached`` event (from the stage it was
in to the stage it reached), never a chosen route: which routes of the workflow's graph could
have led there is derived when the history is read, from the graph and the rules
(:mod:`govflow.workflow.route_rules` judges them). This module holds the graph's part
only: every simple route (no stage twice) from one stage to another through open stages, the
forward ones apart. A route is forward when each of its moves enters a stage the workflow file
declares after the one it leaves (the files list stages in lifecycle order): a send-back is not
forward, so a record that reached Refinement from Initial Consideration is not read as perhaps
through the Report Phase and back; only where the graph has no forward route (Refinement reached
from the Report Phase) are the others looked at. Pure: no database, no clock.
"""

from __future__ import annotations

import itertools
from functools import lru_cache
from typing import TYPE_CHECKING

from govflow.workflow.definition import Transition

if TYPE_CHECKING:  # the machine (and `transitions`) loads when one is built
    from govflow.workflow.machine import Machine

Route = tuple[Transition, ...]

#: The most routes a gap is searched for: a graph where any stage can reach any other through
#: many others (a withdrawal from "*") has many routes, and none of them is on record anyway.
MOST_ROUTES = 64


def routes(machine: Machine, source: str, dest: str) -> tuple[Route, ...]:
    """Every route of the graph from ``source`` to ``dest`` that visits no stage twice and passes
    only through open stages, shortest first (at most :data:`MOST_ROUTES`)."""
    return _routes(machine, source, dest)


def forward(machine: Machine, source: str, route: Route) -> bool:
    """Whether every move of ``route`` (from ``source``) enters a stage declared after the one
    it leaves."""
    order = {name: i for i, name in enumerate(machine.workflow.state_names)}
    stages = [source, *(t.dest for t in route)]
    return all(order.get(b, -1) > order.get(a, -1) for a, b in itertools.pairwise(stages))


@lru_cache(maxsize=1024)
def _routes(machine: Machine, source: str, dest: str) -> tuple[Route, ...]:
    wf = machine.workflow
    open_states = set(wf.open_states)
    found: list[Route] = []

    def walk(stage: str, seen: frozenset[str], so_far: Route) -> None:
        for trigger in machine.triggers_from(stage):
            for t in machine.candidates(stage, trigger):
                if len(found) >= MOST_ROUTES * 4:
                    return
                if t.dest == dest:
                    found.append((*so_far, t))
                elif t.dest not in seen and t.dest in open_states:
                    walk(t.dest, seen | {t.dest}, (*so_far, t))

    if source != dest:
        walk(source, frozenset({source}), ())
    found.sort(key=len)
    return tuple(found[:MOST_ROUTES])


def route_words(route: Route) -> list[str]:
    """A route as its triggers, in order (``["send_to_change_board", "approve"]``)."""
    return [t.trigger for t in route]
