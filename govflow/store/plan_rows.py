"""What the planner reads: committees' timing, meetings from a day on, dated releases, and the
proposals in reference order (``records/plans.py`` turns them into a timetable and plans)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping

from sqlalchemy import Connection, select, update

from govflow.model import Deadline
from govflow.store import tables
from govflow.store.reads import DEADLINE_COLUMNS, deadline_of
from govflow.store.rows import ProposalRecord
from govflow.store.tables import meeting_code
from govflow.store.writes import dialect_of, raw_cursor

#: A committee's timing: (code, paper lead days, cadence).
CommitteeTiming = tuple[str, int | None, str | None]


def committees(conn: Connection) -> list[CommitteeTiming]:
    """Every committee's (code, paper lead days, cadence), as read: plain tuples (a kept plan's
    key holds them; a row's other columns are not the planner's)."""
    sql = "SELECT code, paper_lead_days, cadence FROM committee ORDER BY id"
    return tables.raw_rows(conn, sql)


def meetings_from(conn: Connection, start: dt.date) -> Iterator[tuple[str, dt.date, str]]:
    """(committee code, date, meeting code) of each meeting on or after ``start``."""
    sql = ("SELECT m.number, m.date, c.code FROM meeting m JOIN committee c "
           "ON c.id = m.committee_id WHERE m.date >= ?")  # fmt: skip
    given = dialect_of(conn).to_db("occurred_on", start)  # a date as the driver takes one
    for number, on, code in tables.raw_rows(conn, sql, (given,)):
        day = tables.day(on)
        assert day is not None  # a meeting's date is never null
        yield code, day, meeting_code(code, number, day)


ReleaseTimes = tuple[str, dt.date | None, dt.date | None, dt.date | None]


def dated_releases(conn: Connection) -> Iterator[ReleaseTimes]:
    """(name, date, the day its full scope is fixed, the day its DCC-impacting scope is fixed)
    of each release whose date is on record."""
    sql = "SELECT name, date, scope_closes, dcc_scope_closes FROM release ORDER BY id"
    for name, on, scope, dcc in tables.raw_rows(conn, sql):
        if on is not None:
            yield name, tables.day(on), tables.day(scope), tables.day(dcc)


def release_times(conn: Connection, name: str) -> ReleaseTimes | None:
    """One release's (name, date, scope fixed, DCC-impacting scope fixed); None when none has
    that name."""
    r = tables.release_t
    query = select(r.c.name, r.c.date, r.c.scope_closes, r.c.dcc_scope_closes)
    row = conn.execute(query.where(r.c.name == name)).first()
    return None if row is None else (row.name, row.date, row.scope_closes, row.dcc_scope_closes)


def set_release_scope(conn: Connection, name: str, values: Mapping[str, dt.date]) -> None:
    """Set a release's ``scope_closes`` and/or ``dcc_scope_closes``."""
    r = tables.release_t
    conn.execute(update(r).where(r.c.name == name).values(**values))


def open_deadlines(conn: Connection) -> dict[int, list[Deadline]]:
    """Every proposal's open deadlines by its id, each proposal's in the order of
    :func:`govflow.store.reads.open_deadlines` (one statement for the portfolio)."""
    d = dialect_of(conn)
    cursor = raw_cursor(conn)
    cursor.execute(f"SELECT proposal_id, {', '.join(DEADLINE_COLUMNS)} FROM deadline "
                   "WHERE status = 'open' ORDER BY proposal_id, id")  # fmt: skip
    found: dict[int, list[Deadline]] = {}
    for pid, *values in cursor.fetchall():
        row = dict(zip(DEADLINE_COLUMNS, values, strict=True))
        found.setdefault(pid, []).append(deadline_of(row, d.from_db))
    cursor.close()
    return found


def linked_releases(conn: Connection) -> dict[int, dict[str, tuple[str, str | None]]]:
    """Every proposal's releases by its id, as :func:`govflow.store.reads.releases` gives one
    proposal's (one statement for the portfolio)."""
    r, link = tables.release_t, tables.release_proposal_t
    query = select(link.c.proposal_id, r.c.name, link.c.status, r.c.date)
    found: dict[int, dict[str, tuple[str, str | None]]] = {}
    for row in conn.execute(query.join(r, r.c.id == link.c.release_id).order_by(link.c.id)):
        on = None if row.date is None else row.date.isoformat()
        found.setdefault(row.proposal_id, {})[row.name] = (row.status, on)
    return found


def proposals_in_order(conn: Connection) -> Iterator[ProposalRecord]:
    """Every proposal, in reference order."""
    p = tables.proposal_t
    yield from conn.execute(select(p).order_by(p.c.scheme, p.c.number, p.c.alternative))
