"""A proposal's rows that several reads of one page each ask for, read once in its snapshot.

A proposal's page reads its view, its deadlines and its plan in one read snapshot
(:meth:`~govflow.service.Govflow.snapshot`). The view and the deadlines read the proposal's
stored deadlines and release links; the plan's state (:func:`~govflow.records.next_steps.state_on`)
asked for its open deadlines and its releases again. Here each is read once a snapshot
(:func:`~govflow.store.session.once`) and the plan's state takes them from what was read. In a
write transaction every call reads, as before.
"""

from __future__ import annotations

from collections.abc import Callable

from govflow.model import Deadline
from govflow.store import deadline_rows, tables
from govflow.store.rows import ProposalRecord
from govflow.store.session import Connection, is_snapshot, once


def deadlines(conn: Connection, proposal_id: int) -> list[Deadline]:
    """Every stored deadline of the proposal, soonest first."""
    return once(conn, ("deadlines", proposal_id),
                lambda: deadline_rows.of_proposal(conn, proposal_id, False))  # fmt: skip


def release_links(conn: Connection, proposal_id: int) -> list[tables.ReleaseLinkRow]:
    """The proposal's links to releases, in the order they were made."""
    return once(conn, ("release_links", proposal_id),
                lambda: tables.release_links(conn, proposal_id))  # fmt: skip


#: A proposal's open deadlines (by id) and its releases (name -> status and ISO date), as
#: :func:`~govflow.records.next_steps.state_on` takes them.
StateRead = Callable[[ProposalRecord], tuple[list[Deadline], dict[str, tuple[str, str | None]]]]


def state_read(conn: Connection) -> StateRead | None:
    """In a read snapshot, the plan state's read (its open deadlines and releases) taken from
    the rows above; None in a write transaction (the state then reads them itself)."""
    if not is_snapshot(conn):
        return None

    def read(row: ProposalRecord) -> tuple[list[Deadline], dict[str, tuple[str, str | None]]]:
        stored = sorted(
            (d for d in deadlines(conn, row.id) if d.status == "open"), key=lambda d: d.id or 0
        )  # as the open ones are read: by id
        links = {r.name: (r.status, None if r.date is None else r.date.isoformat())
                 for r in release_links(conn, row.id)}  # fmt: skip
        return stored, links

    return read
