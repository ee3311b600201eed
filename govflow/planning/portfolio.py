"""The portfolio: one line per open proposal from its plan: the next step and its earliest date,
the decision and the release it can go live in, the release it is targeted at and whether that
is at risk."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from govflow.model import INTERNAL as WORDS
from govflow.planning.model import Plan, RoutePlan, TargetCheck, shown


@dataclass(frozen=True)
class PortfolioRow:
    reference: str
    stage: str
    path: str | None  # the route planned ("3?" when assumed: not on record)
    next_step: str | None
    next_on: dt.date | None
    next_reason: str
    decision_on: dt.date | None
    live_on: dt.date | None
    release: str | None  # the release the plan goes live in
    target: str | None  # the release it is targeted at
    at_risk: bool | None  # None: no target, or no date to judge by
    risk: str = ""
    decided: bool = False  # already decided: only its implementation is left to plan
    raised_on: dt.date | None = None  # when it was raised (where the portfolio's bar starts)
    stage_label: str = field(default="", metadata=WORDS)  # ``stage`` in words
    next_label: str = field(default="", metadata=WORDS)  # ``next_step`` in words

    def to_dict(self) -> dict[str, Any]:
        return shown(self)


def soonest(routes: tuple[RoutePlan, ...]) -> RoutePlan | None:
    """The route that goes live first (dated before undated), or the first."""

    def key(r: RoutePlan) -> tuple[dt.date, int]:
        done = r.implementation
        return (done.earliest if done and done.earliest else dt.date.max, 0)

    return min(routes, key=key, default=None)


def row_of(found: Plan, target: str | None, raised_on: dt.date | None = None) -> PortfolioRow:
    """``found`` as one line, judged against ``target`` (its check is in ``found.targets``), of
    a proposal raised on ``raised_on``."""
    route = soonest(found.routes)
    first = route.steps[0] if route and route.steps else None
    decision = route.decision if route else None
    done = route.implementation if route else None
    check = _check(found.targets, route)
    path = None if route is None else (f"{route.path}?" if route.path_assumed else route.path)
    reason = first.reason if first else (route.stops or "" if route else "")
    return PortfolioRow(
        found.reference, found.stage, path, first.name if first else None,
        first.earliest if first else None, reason,
        decision.earliest if decision else None, done.earliest if done else None,
        done.release if done else None, target,
        None if check is None or check.reachable is None else not check.reachable,
        check.why if check is not None and check.reachable is False else "",
        route is not None and decision is None and any(s.implementation for s in route.steps),
        raised_on, found.stage_label or found.stage, first.label if first else "",
    )  # fmt: skip


def _check(checks: tuple[TargetCheck, ...], route: RoutePlan | None) -> TargetCheck | None:
    if route is None:
        return None
    return next((c for c in checks if c.path == route.path), None)
