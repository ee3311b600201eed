"""What one portfolio call shares between its proposals (never kept across calls, nor across
processes): whole plans of proposals alike in everything a plan depends on, and route searches
of proposals alike in everything the search reads.

A route search (:func:`govflow.workflow.implied.route_to`) judges every step on the one day
the plan starts from. What it reads of a proposal's open windows is how each stands against
that day (the rule core compares a window's last day with the day of the step: a lapsing window
still running holds a move back, one past its last day has lapsed), never the days themselves;
so two proposals whose windows opened on different days, but stand alike against the day
planned from, find the same route. Only a route found is shared: a refusal names the windows'
days, and is searched again. The walk along the route, which dates each step, is shared only
between proposals alike in every day it reads (:func:`plan_key`). ``tests/test_plans_shared.py``
checks that a portfolio's lines are what planning each proposal alone gives.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from govflow.planning.model import RoutePlan
from govflow.workflow.implied import Step
from govflow.workflow.state import ProposalState
from govflow.workflow.verdict import Rules

Key = tuple[object, ...]


@dataclass
class Shared:
    """One portfolio call's plans (by :func:`plan_key`) and route searches (by
    :func:`search_key`)."""

    plans: dict[Key, tuple[RoutePlan, ...]] = field(default_factory=dict)
    routes: dict[Key, list[Step]] = field(default_factory=dict)

    def route(self, key: Key, search: Callable[[], list[Step]]) -> list[Step]:
        """The route ``search`` finds, found once for every proposal with ``key``."""
        found = self.routes.get(key)
        if found is None:
            found = self.routes[key] = search()
        return found


def _rest(rules: Rules, state: ProposalState) -> Key:
    """What a state holds besides its days."""
    return (rules.name, state.version, state.stage, state.path, state.flags,
            state.unknown_flags, state.milestones, state.prefix, state.vote,
            repr(sorted(state.votes.items())), state.solutions,
            repr(sorted(state.solution_milestones.items())), state.record_too,
            repr(sorted(state.shared.items())))  # fmt: skip


def plan_key(rules: Rules, state: ProposalState, start: dt.date, decided: dt.date | None) -> Key:
    """Everything a state's plan from ``start`` depends on, its days included: its windows',
    its decisions' and (``decided``) the day an approved proposal was decided. Two proposals
    alike in all of it have the same plan; the day a proposal was raised or last moved is not
    read (a step's earliest day is from ``start`` and the windows)."""
    deadlines = tuple((d.kind, d.name, d.label, d.status, d.working_days, d.opened_on, d.due_on,
                       d.closed_by) for d in state.deadlines)  # fmt: skip
    return (_rest(rules, state), deadlines, tuple(sorted(state.releases.items())),
            repr(state.decisions), decided, start)  # fmt: skip


def search_key(rules: Rules, state: ProposalState, start: dt.date, goal: str) -> Key:
    """Everything a route search from ``state`` on ``start`` towards ``goal`` reads: each open
    window's days only as they stand against ``start`` (before, on or after it)."""
    deadlines = tuple((d.kind, d.name, d.label, d.status, d.working_days, d.closed_by,
                       (d.due_on > start) - (d.due_on < start))
                      for d in state.deadlines)  # fmt: skip
    return (_rest(rules, state), deadlines, tuple(sorted(state.releases.items())),
            repr(state.decisions), start, goal)  # fmt: skip
