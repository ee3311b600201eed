"""Committees and their meetings, as the Python API returns them.

Loaded when first asked for (``govflow.views`` re-exports them on first use): a command that
shows one proposal does not build these dataclasses.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from govflow.views._json import json_fields


@dataclass(frozen=True)
class CommitteeView:
    code: str
    name: str
    paper_lead_days: int | None = None
    cadence: str | None = None  # its usual meetings ("monthly 4th Wednesday"), for the planner

    def to_dict(self) -> dict[str, Any]:
        return json_fields(self)


@dataclass(frozen=True)
class ItemView:
    number: str
    title: str
    presenter: str | None
    text: str
    proposals: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return json_fields(self)


@dataclass(frozen=True)
class MeetingView:
    code: str  # OPSG_49 (OPSG@2021-06-28 for a planned meeting with no number yet)
    committee: str
    number: int | None  # None: planned, number not known yet
    date: dt.date
    kind: str
    status: str
    paper_code: str  # 49_2405, as papers write it ("" without a number)
    items: tuple[ItemView, ...] = ()
    start_time: str | None = None  # "10:00", as the minutes give it
    end_time: str | None = None
    references: tuple[dict[str, Any], ...] = ()  # {"kind", "value", "item"}: INC..., IRP...

    def to_dict(self) -> dict[str, Any]:
        return json_fields(self)


@dataclass(frozen=True)
class NextMeeting:
    meeting: MeetingView
    papers_due: dt.date | None  # the last day papers can go out
    paper_lead_days: int | None

    def to_dict(self) -> dict[str, Any]:
        return json_fields(self)
