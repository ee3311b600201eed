"""The SQL a correction needs: the event it names, with where it was recorded. What may be
corrected, and how, is :mod:`govflow.records.corrections`' (and the rule core's)."""

from __future__ import annotations

from sqlalchemy import Connection

from govflow.store.rows import PlacedEvent
from govflow.store.tables import event_t, events_with_places


def placed_event(conn: Connection, proposal_id: int, seq: int) -> PlacedEvent:
    """Event ``seq`` of the proposal, with its meeting's committee code, number and date."""
    where = (event_t.c.proposal_id == proposal_id) & (event_t.c.seq == seq)
    return conn.execute(events_with_places().where(where)).one()
