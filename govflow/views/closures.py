"""Closures of the working-day calendar, as the Python API returns them.

Loaded when first asked for (``govflow.views`` re-exports them on first use): a command that
shows one proposal does not build this dataclass.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from govflow.views._json import json_fields


@dataclass(frozen=True)
class ClosureView:
    """A closure of the working-day calendar as recorded: ``in_force`` when its days are not
    working days now; a removed one says when and why (``removed_at``, ``removal_note``); one
    recorded outside the rules (before they existed, or not by govflow) says why it is not
    applied (``problem``) until it is removed."""

    id: int
    start: dt.date
    end: dt.date
    note: str
    recorded_at: dt.datetime | None  # None: recorded before govflow kept the time
    in_force: bool
    removed_at: dt.datetime | None = None
    removal_note: str | None = None
    problem: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return json_fields(self)
