"""Where and when an event happened, and the draft of an event about to be appended.

An event is placed at a meeting (and maybe one of its agenda items) and dated: as given, else the
meeting's date, else today. Dates never go backwards in a proposal's history.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Row, select

from govflow.dates import optional_date
from govflow.errors import InvalidInput
from govflow.store import tables
from govflow.store.tables import EventDraft


@dataclass(frozen=True)
class Place:
    """Where something happened: a meeting (and maybe one of its items)."""

    meeting: Row[Any] | None = None
    item: Row[Any] | None = None
    code: str | None = None  # OPSG_49
    committee: str | None = None


NOWHERE = Place()


def place(conn: Connection, meeting: str | None, item: str | None) -> Place:
    """The meeting (``OPSG_49``) and agenda item (``3.2``) named, which must exist."""
    if meeting is None:
        if item is not None:
            raise InvalidInput("an agenda item needs its meeting: give --meeting CODE too")
        return NOWHERE
    row = tables.meeting(conn, meeting)
    committee = conn.execute(
        select(tables.committee_t.c.code).where(tables.committee_t.c.id == row.committee_id)
    ).scalar_one()
    code = f"{committee}_{row.number}"
    item_row = tables.item(conn, row, item, code) if item is not None else None
    return Place(row, item_row, code, committee)


def when(on: str | dt.date | None, where: Place) -> dt.date:
    """The date an event happened: as given, else the meeting's date, else today."""
    day = optional_date(on)
    if day is not None:
        return day
    if where.meeting is not None:
        return where.meeting.date  # type: ignore[no-any-return]
    return dt.datetime.now(dt.UTC).date()


def not_before(row: Any, day: dt.date, reference: str) -> None:
    """Refuse an event dated before the proposal's latest one."""
    if day < row.head_occurred_on:
        raise InvalidInput(
            f"{reference}'s latest event happened on {row.head_occurred_on}; an event on "
            f"{day} would put its history out of order. Fix a wrong earlier date with a "
            "correction (`govflow proposal correct`)."
        )


def draft(
    kind: str,
    day: dt.date,
    where: Place,
    actor: str | None,
    note: str | None,
    payload: dict[str, Any] | None = None,
    **fields: Any,
) -> EventDraft:
    """An event of ``kind`` on ``day`` at ``where``, ready for :func:`tables.commit_events`."""
    return EventDraft(
        kind=kind, occurred_on=day, meeting=where.meeting, meeting_code=where.code,
        item=where.item, actor=actor, note=note, payload=payload or {}, **fields,
    )  # fmt: skip
