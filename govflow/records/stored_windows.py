"""Stored windows read as the events make them, where a database written before windows could be
moot stores them open (issue 24).

Since windows the proposal moved past became *moot* (:func:`govflow.workflow.windows.made_moot`,
through the rule core's step), every write stores them so. A database written before that stores
such a window open, and nothing in it is rewritten: every read of stored deadlines (a
proposal's, the due list, the rule state a live write starts from) and ``verify`` take the
window as the events make it (:func:`govflow.workflow.windows.as_events_make`). Only a window
stored open that the proposal's stage could no longer close is looked at, and only its
proposal's history is replayed, so a database written since pays one check per open window.
"""

from __future__ import annotations

from collections.abc import Sequence

from govflow.model import Deadline
from govflow.records.lookup import Lookup
from govflow.store import reads
from govflow.store.rows import Damaged, ProposalRecord, ReferenceRecord
from govflow.store.session import Connection
from govflow.workflow import windows
from govflow.workflow.facts import facts


def as_read(
    conn: Connection, lookup: Lookup, row: ReferenceRecord, proposal_id: int, stage: str,
    stored: Sequence[Deadline],
) -> list[Deadline]:  # fmt: skip
    """``stored`` (deadlines of the proposal ``proposal_id``, in ``stage``) as the events make
    each one stored open that they make moot; the others as stored."""
    if not stored:  # most proposals, most of the time
        return []
    wf = lookup.workflow_of(row)
    if not any(windows.stale(wf, d, stage) for d in stored):
        return list(stored)
    from govflow.workflow.replay import judged  # the replay, only for a window gone stale

    state, _ = judged(lookup.rules(conn, row), facts(reads.history(conn, proposal_id)))
    return [d for d in made_so(stored, state.deadlines) if isinstance(d, Deadline)]


def open_now(
    conn: Connection, lookup: Lookup, row: ProposalRecord, stored: Sequence[Deadline] | None = None
) -> list[Deadline]:
    """The proposal's open windows as the events make them: the rule state a write starts from
    (``stored``: its open deadlines as a caller already read them)."""
    if stored is None:
        stored = reads.open_deadlines(conn, row.id)
    return [d for d in as_read(conn, lookup, row, row.id, row.stage, stored) if d.status == "open"]


def made_so(
    stored: Sequence[Deadline | Damaged], made: Sequence[Deadline]
) -> list[Deadline | Damaged]:
    """``stored`` with each window stored open that ``made`` (the replay's) makes moot read so
    (a value that cannot be read as a deadline stays as it is)."""
    by_key = {(d.kind, d.name, d.opened_seq): d for d in made}
    return [
        windows.as_events_make(d, by_key.get((d.kind, d.name, d.opened_seq)))
        if isinstance(d, Deadline) else d
        for d in stored
    ]  # fmt: skip
