"""The SQL of the questions asked of deadlines: a proposal's, and those open on a day with
their proposal's reference. The writes that keep them in step are :mod:`govflow.store.derived`'."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, or_, select

from govflow.model import Deadline
from govflow.store.reads import DEADLINE_COLUMNS, deadline_of
from govflow.store.rows import ReferenceRecord
from govflow.store.tables import deadline_t, proposal_t, raw_rows
from govflow.store.writes import dialect_of


@dataclass(frozen=True)
class OpenDeadline:
    """A deadline stored open on a day, with its proposal's id, stage and reference columns."""

    deadline: Deadline
    proposal: ReferenceRecord
    proposal_id: int
    stage: str


def of_proposal(conn: Connection, proposal_id: int, open_only: bool) -> list[Deadline]:
    """The proposal's deadlines (open ones only), soonest first."""
    which = " AND status = 'open'" if open_only else ""
    sql = (f"SELECT {', '.join(DEADLINE_COLUMNS)} FROM deadline WHERE proposal_id = ?{which} "
           "ORDER BY due_on, id")  # fmt: skip
    decode = dialect_of(conn).from_db
    return [deadline_of(dict(zip(DEADLINE_COLUMNS, r, strict=True)), decode)
            for r in raw_rows(conn, sql, (proposal_id,))]  # fmt: skip


def open_on(conn: Connection, day: dt.date) -> list[OpenDeadline]:
    """Every deadline stored open on ``day`` (opened by then, not closed by then), with its
    proposal's id, stage and reference columns."""
    p = proposal_t
    query = (
        select(deadline_t, p.c.prefix, p.c.number, p.c.alternative, p.c.workflow,
               p.c.workflow_version, p.c.stage)
        .join(p, p.c.id == deadline_t.c.proposal_id)
        .where(deadline_t.c.opened_on <= day)
        .where(or_(deadline_t.c.status == "open", deadline_t.c.closed_on > day))
    )  # fmt: skip
    return [
        OpenDeadline(deadline_of(r._asdict()), r, r.proposal_id, r.stage)
        for r in conn.execute(query)
    ]
