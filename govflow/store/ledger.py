"""The database-wide log (``ledger``) and the checkpoints kept of it, read and written.

What the log proves, and how a checkpoint is signed and checked, is
:mod:`govflow.audit`'s; this module only runs the statements.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import Connection, insert, select

from govflow.store.tables import checkpoint_t, log_t


@dataclass(frozen=True)
class Entry:
    """One entry of the log."""

    position: int
    proposal: str
    seq: int
    event_hash: str
    prev_hash: str
    hash: str


def entries(conn: Connection, upto: int | None = None) -> Iterator[Entry]:
    """The log's entries in order (the first ``upto`` of them when given)."""
    t = log_t
    query = select(t.c.position, t.c.proposal, t.c.seq, t.c.event_hash, t.c.prev_hash, t.c.hash)
    if upto is not None:
        query = query.where(t.c.position <= upto)
    for row in conn.execute(query.order_by(t.c.position)):
        yield Entry(*row)


def keep_checkpoint(
    conn: Connection, length: int, root: str, signed_at: dt.datetime, statement: str
) -> None:
    conn.execute(
        insert(checkpoint_t).values(
            length=length, root=root, signed_at=signed_at, statement=statement
        )
    )


def latest_checkpoint(conn: Connection) -> str | None:
    """The statement of the last checkpoint kept, or None."""
    t = checkpoint_t
    found = conn.execute(select(t.c.statement).order_by(t.c.id.desc()).limit(1)).scalar()
    return None if found is None else str(found)
