"""Changing what is known about a meeting: its date, number, kind or status, and its agenda
items. Events already recorded at a meeting keep their own dates (they are never edited)."""

from __future__ import annotations

import datetime as dt

from govflow.dates import optional_date
from govflow.errors import AlreadyExists, InvalidInput, Remedy
from govflow.records.meetings import (
    MEETING_KINDS,
    MEETING_STATUSES,
    Meetings,
    find_meeting,
)
from govflow.store import meeting_rows as stored
from govflow.store import tables
from govflow.store.session import Store
from govflow.store.tables import meeting_code
from govflow.views import ItemView, MeetingView


class MeetingEdits:
    """Re-dating, numbering and re-classing meetings; editing agenda items."""

    def __init__(self, store: Store, meetings: Meetings) -> None:
        self._store = store
        self._meetings = meetings

    def set_meeting(
        self,
        code: str,
        *,
        on: str | dt.date | None = None,
        number: int | None = None,
        kind: str | None = None,
        status: str | None = None,
    ) -> MeetingView:
        """Change a meeting's date, number (a planned one announced without it), kind or status.

        ``code`` is ``OPSG_49`` or, for a meeting with no number, ``OPSG@2021-06-28``.
        """
        day = optional_date(on, "meeting date")
        _check(kind, MEETING_KINDS, "meeting kind")
        _check(status, MEETING_STATUSES, "meeting status")
        if number is not None and number < 1:
            raise InvalidInput(f"a meeting number is 1 or more, not {number}")
        values = {k: v for k, v in (("date", day), ("number", number), ("kind", kind),
                                    ("status", status)) if v is not None}  # fmt: skip
        if not values:
            raise InvalidInput("say what to change: the date, number, kind or status")
        with self._store.write() as conn:
            row, committee = find_meeting(conn, code)
            if number is not None and number != row.number:
                taken = stored.clash(conn, row.committee_id, number)
                if taken is not None:
                    raise AlreadyExists(
                        f"{committee}_{number} already exists (on {taken})",
                        remedy=Remedy("show_meeting", f"{committee}_{number}"),
                    )
            changed = stored.update_meeting(conn, row.id, values)
            return self._meetings.view(conn, changed, committee)

    def update_item(
        self,
        meeting: str,
        number: str,
        *,
        title: str | None = None,
        presenter: str | None = None,
        text: str | None = None,
    ) -> ItemView:
        """Change an agenda item's title, presenter or text (what is not given stays)."""
        if title is not None and not title.strip():
            raise InvalidInput("an agenda item needs a title")
        values = {k: v for k, v in (("title", title and title.strip()), ("presenter", presenter),
                                    ("text", text)) if v is not None}  # fmt: skip
        if not values:
            raise InvalidInput("say what to change: the title, presenter or text")
        with self._store.write() as conn:
            row, committee = find_meeting(conn, meeting)
            code = meeting_code(committee, row.number, row.date)
            found = tables.item(conn, row, number, code)
            new = stored.update_item(conn, found.id, values)
        return ItemView(new.number, new.title, new.presenter, new.text)


def _check(value: str | None, allowed: tuple[str, ...], what: str) -> None:
    if value is not None and value not in allowed:
        raise InvalidInput(f"unknown {what} {value!r}; allowed: {', '.join(allowed)}")
