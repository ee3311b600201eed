"""What the planner reads: committees' timing, meetings from a day on, dated releases, and the
proposals in reference order (``records/plans.py`` turns them into a timetable and plans)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from sqlalchemy import Connection, select

from govflow.store import tables
from govflow.store.rows import CommitteeRecord, ProposalRecord
from govflow.store.tables import meeting_code


def committees(conn: Connection) -> Iterator[CommitteeRecord]:
    """Every committee, with its paper lead days and cadence."""
    yield from conn.execute(select(tables.committee_t))


def meetings_from(conn: Connection, start: dt.date) -> Iterator[tuple[str, dt.date, str]]:
    """(committee code, date, meeting code) of each meeting on or after ``start``."""
    c, m = tables.committee_t, tables.meeting_t
    query = select(m.c.number, m.c.date, c.c.code).join(c, c.c.id == m.c.committee_id)
    for row in conn.execute(query.where(m.c.date >= start)):
        yield row.code, row.date, meeting_code(row.code, row.number, row.date)


def dated_releases(conn: Connection) -> Iterator[tuple[str, dt.date]]:
    """(name, date) of each release whose date is on record."""
    for row in conn.execute(select(tables.release_t.c.name, tables.release_t.c.date)):
        if row.date is not None:
            yield row.name, row.date


def proposals_in_order(conn: Connection) -> Iterator[ProposalRecord]:
    """Every proposal, in reference order."""
    p = tables.proposal_t
    yield from conn.execute(select(p).order_by(p.c.scheme, p.c.number, p.c.alternative))
