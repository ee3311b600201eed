"""The SQL of a calendar's facts: the database's identity, the deadlines a calendar names (with
their proposal) and every meeting's row id. What they mean is
:mod:`govflow.records.calendar_facts`'.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import Connection, Row, bindparam, select

from govflow.store.tables import committee_t, deadline_t, meeting_t, proposal_t, setting_t

#: A deadline as a calendar names it: id, kind, name, label, opened_seq, and its proposal's
#: scheme, number, alternative, title, workflow and workflow version.
Window = Row[int, str, str, str, int, str, int, str, str, str, int]


def database_id(conn: Connection) -> str | None:
    """The ``database_id`` setting (migration 0015), if set."""
    s = setting_t
    found = conn.execute(select(s.c.value).where(s.c.key == "database_id")).scalar()
    return str(found) if found else None


def windows(conn: Connection, ids: Sequence[int]) -> list[Window]:
    """The deadlines ``ids``, with what of their proposal a calendar names."""
    d, p = deadline_t, proposal_t
    query = (
        select(d.c.id, d.c.kind, d.c.name, d.c.label, d.c.opened_seq, p.c.scheme, p.c.number,
               p.c.alternative, p.c.title, p.c.workflow, p.c.workflow_version)
        .join(p, p.c.id == d.c.proposal_id)
        .where(d.c.id.in_(bindparam("ids", expanding=True)))
    )  # fmt: skip
    return list(conn.execute(query, {"ids": list(ids)}))


def meetings(conn: Connection) -> list[Row[int, str, int | None, dt.date]]:
    """Every meeting: its id, committee code, number and date."""
    m, c = meeting_t, committee_t
    return list(conn.execute(select(m.c.id, c.c.code, m.c.number, m.c.date).join(c)))
