"""The SQL of raising a proposal (:mod:`govflow.records.raising`): whether its key is taken, and
its row added."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Row, insert, select

from govflow.store import tables
from govflow.store.writes import ProposalRow


def existing(conn: Connection, scheme: str, number: int, alternative: str) -> Row[str, str] | None:
    """(prefix, stage) of the proposal of ``scheme`` with this number and alternative, if any."""
    p = tables.proposal_t
    where = (p.c.scheme == scheme, p.c.number == number, p.c.alternative == alternative)
    return conn.execute(select(p.c.prefix, p.c.stage).where(*where)).first()


def add(conn: Connection, **values: Any) -> ProposalRow:
    """A new proposal row of ``values``, as read back."""
    inserted = conn.execute(insert(tables.proposal_t).values(**values))
    return tables.proposal_by_id(conn, tables.inserted_id(inserted))
