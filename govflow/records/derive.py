"""A stored proposal's facts and what they make of it, read in the caller's transaction.

The two axes of time travel meet here: ``as_of`` (what stood on a day: the facts that had
happened by its end) and ``known_on`` (what had been recorded by the end of a day, UTC: the
register the Panel was shown then).
"""

from __future__ import annotations

import datetime as dt

from govflow.dates import in_range, optional_date
from govflow.errors import InvalidInput
from govflow.model import Event
from govflow.records.lookup import Lookup
from govflow.store import reads
from govflow.store.rows import ProposalRecord
from govflow.store.session import Connection, once
from govflow.workflow.facts import facts
from govflow.workflow.state import ProposalState


def cutoff(known_on: str | dt.date | None) -> dt.datetime | None:
    """The first instant after ``known_on``, in UTC: events recorded before it were known then.

    A day means its end (UTC); an instant (a ``datetime``, or ISO text with a time such as
    ``2021-05-26T10:00:00Z``) means itself.
    """
    if known_on is None:
        return None
    if isinstance(known_on, dt.datetime):
        instant = known_on if known_on.tzinfo else known_on.replace(tzinfo=dt.UTC)
        in_range(instant.date(), "known-on time")  # 9999-12-31T23:59Z + 1 µs would overflow
        return instant.astimezone(dt.UTC) + dt.timedelta(microseconds=1)
    if isinstance(known_on, str) and "T" in known_on.strip().upper()[8:]:
        try:
            return cutoff(dt.datetime.fromisoformat(known_on.strip().replace("Z", "+00:00")))
        except ValueError:
            raise InvalidInput(
                f"{known_on!r} is not a date or UTC time; write 2021-05-26 or 2021-05-26T10:00:00Z",
                field="known_on",
            ) from None
    day = optional_date(known_on, field="known_on")
    assert day is not None
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)


def events(conn: Connection, row: ProposalRecord) -> list[Event]:
    """A proposal's events as recorded, in recording order (read once in a read snapshot: a
    page's proposal and history both ask)."""
    return list(once(conn, ("events", row.id), lambda: reads.history(conn, row.id)))


def facts_of(
    conn: Connection, row: ProposalRecord, known_before: dt.datetime | None = None
) -> list[Event]:
    """A proposal's facts in occurrence order (only those recorded before ``known_before``)."""
    return facts(events(conn, row), known_before)


def derive(
    conn: Connection,
    lookup: Lookup,
    row: ProposalRecord,
    history: list[Event],
    upto: dt.date | None = None,
) -> ProposalState:
    """What ``history`` (facts, up to the end of ``upto``) makes of the proposal under its
    workflow's rules."""
    from govflow.workflow.replay import replay  # a show without --on reads the row: not needed

    return replay(lookup.rules(conn, row), history, upto)
