"""The SQL of ``workflow migrate``: the proposals pinned to a workflow version, and a proposal
pinned to another (a versioned update). Which move, and how, is
:mod:`govflow.records.migration`'."""

from __future__ import annotations

from sqlalchemy import Connection, select, update

from govflow.store.rows import ProposalRecord
from govflow.store.tables import proposal_t


def pinned_to(conn: Connection, workflow: str, version: int) -> list[ProposalRecord]:
    """The proposals pinned to ``workflow`` version ``version``, in reference order."""
    t = proposal_t
    return list(conn.execute(
        select(t)
        .where(t.c.workflow == workflow, t.c.workflow_version == version)
        .order_by(t.c.scheme, t.c.number, t.c.alternative)
    ))  # fmt: skip


def repin(conn: Connection, row: ProposalRecord, version: int) -> bool:
    """Pin the proposal to its workflow's ``version``, unless someone changed it since ``row``
    was read (then False: nothing changed)."""
    t = proposal_t
    pinned = conn.execute(
        update(t).where(t.c.id == row.id, t.c.version == row.version)
        .values(workflow_version=version)
    )  # fmt: skip
    return pinned.rowcount == 1
