"""Building blocks for tests of the rule core: a workflow's rules, a state, an event.

Not a test module (no ``test_`` prefix): the rule-core tests import it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from govflow.calendar import WorkingCalendar
from govflow.model import Event
from govflow.workflow.registry import Registry
from govflow.workflow.state import ProposalState
from govflow.workflow.verdict import Rules

REGISTRY = Registry.shipped()
DAY = dt.date(2021, 5, 26)


def rules_of(name: str = "sec-modification", registry: Registry = REGISTRY) -> Rules:
    """The rule core's view of a workflow, over the plain England and Wales calendar."""
    return registry.rules(name, WorkingCalendar())


def at(
    stage: str,
    *milestones: str,
    path: object = None,
    flags: tuple[str, ...] = (),
    vote: str | None = None,
    version: int = 1,
    **more: Any,
) -> ProposalState:
    """A raised proposal in ``stage`` with these milestones, route, flags and latest vote."""
    return ProposalState(
        version=version, stage=stage, milestones=milestones,
        path=None if path is None else str(path), flags=frozenset(flags), vote=vote, **more,
    )  # fmt: skip


def move(
    trigger: str, dest: str | None = None, *, on: dt.date = DAY, override: str | None = None,
    **fields: Any,
) -> Event:  # fmt: skip
    """An ``advance`` with ``trigger`` (to ``dest``), as a live write drafts it."""
    payload = dict(fields.pop("payload", {}))
    if override:
        payload["override"] = override
    kind = "override" if override else fields.pop("kind", "transition")
    return Event(kind=kind, trigger=trigger, to_stage=dest, occurred_on=on, payload=payload,
                 **fields)  # fmt: skip


def mark(name: str, *, on: dt.date = DAY, override: str | None = None, **fields: Any) -> Event:
    """A ``record`` of milestone ``name``."""
    payload = dict(fields.pop("payload", {}))
    if override:
        payload["override"] = override
    kind = "override" if override else fields.pop("kind", "milestone")
    return Event(kind=kind, milestone=name, occurred_on=on, payload=payload, **fields)
