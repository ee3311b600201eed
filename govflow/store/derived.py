"""The rows a proposal's history derives, kept in step with it: its deadlines and its releases.

A write at the end of a history changes them by difference (what the rule core closed, opened or
re-targeted); a write placed inside a history, and a correction, rewrite them whole from the
replay.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from sqlalchemy import Connection, delete, insert, update

from govflow.model import Deadline
from govflow.store import tables
from govflow.store.tables import deadline_t, release_proposal_t

Releases = Mapping[str, tuple[str, str | None]]


def update_deadlines(
    conn: Connection, proposal_id: int, before: Iterable[Deadline], after: Iterable[Deadline]
) -> None:
    """Store what changed from ``before`` (the deadlines read) to ``after``: each closed one
    updated, each new one (no id yet) inserted."""
    known = {d.id: d for d in before if d.id is not None}
    new = []
    for d in after:
        if d.id is None:
            new.append({**d.row(), "proposal_id": proposal_id})
        elif known.get(d.id) != d:
            changes = {"status": d.status, "closed_on": d.closed_on, "closed_with": d.closed_with}
            conn.execute(update(deadline_t).where(deadline_t.c.id == d.id).values(**changes))
    if new:
        conn.execute(insert(deadline_t), new)


def replace_deadlines(conn: Connection, proposal_id: int, deadlines: Iterable[Deadline]) -> None:
    """A proposal's deadlines rewritten whole, as a replay made them."""
    conn.execute(delete(deadline_t).where(deadline_t.c.proposal_id == proposal_id))
    rows = [{**d.row(), "proposal_id": proposal_id} for d in deadlines]
    if rows:
        conn.execute(insert(deadline_t), rows)


def update_releases(conn: Connection, proposal_id: int, before: Releases, after: Releases) -> None:
    """Store the release links that changed from ``before`` to ``after``."""
    for name, (status, day) in after.items():
        if before.get(name) != (status, day):
            when = dt.date.fromisoformat(day) if isinstance(day, str) else day
            tables.link_release(conn, tables.release_id(conn, name, when), proposal_id, status)


def replace_releases(conn: Connection, proposal_id: int, releases: Releases) -> None:
    """A proposal's release links rewritten whole, as a replay made them."""
    t = release_proposal_t
    conn.execute(delete(t).where(t.c.proposal_id == proposal_id))
    update_releases(conn, proposal_id, {}, releases)
