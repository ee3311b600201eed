"""What the views make of a history's values: decisions as :class:`~govflow.views.Decision`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from govflow.views import Decision
from govflow.workflow.directions import decided_solution


def decision_views(label: str, decisions: Sequence[Mapping[str, Any]]) -> tuple[Decision, ...]:
    return tuple(_decision(label, d) for d in decisions)


def _decision(label: str, d: Mapping[str, Any]) -> Decision:
    return Decision(
        trigger=str(d["trigger"]), body=None if d.get("body") is None else str(d["body"]),
        outcome=str(d["outcome"]),
        solution=decided_solution(label, d), on=dt.date.fromisoformat(str(d["on"])),
        on_precision=str(d.get("precision") or "day"),
    )  # fmt: skip
