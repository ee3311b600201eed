"""A row of ``proposal`` as ``verify`` reads it (re-exported by :mod:`govflow.store.rows`, which
imports it when first asked for: a command that does not verify does not build the class)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from govflow.store.damaged import Damaged


@dataclass(frozen=True, slots=True)
class StoredProposal:
    """A row of ``proposal`` as ``verify`` reads it: each JSON column decoded, or
    :class:`Damaged` when it does not hold the JSON it should."""

    id: int
    scheme: str
    number: int
    alternative: str
    prefix: str
    title: str
    proposer: str | None
    workflow: str
    workflow_version: int
    stage: str
    path: str | None
    flags: list[str] | Damaged
    milestones: list[str] | Damaged
    raised_on: dt.date
    head_seq: int
    head_hash: str
    head_occurred_on: dt.date
    amended: bool
    outcomes: dict[str, Any] | Damaged
    version: int
