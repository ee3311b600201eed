"""Generated data for the benchmarks: many proposals with valid hash chains, inserted in bulk
(through the store's event insert, so the database-wide log holds them too)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import insert, select

from govflow.service import Govflow
from govflow.store import tables, writes
from govflow.store.hashing import GENESIS, event_hash, proposal_key

RAISED_ON = dt.date(2021, 1, 4)
MILESTONES = {"draft": "critical_friend_comments", "development": "working_group_meeting"}


def _raised(number: int, stage: str, recorded: dt.datetime) -> dict[str, Any]:
    return {
        "seq": 1, "kind": "raised", "trigger": None, "milestone": None, "from_stage": None,
        "to_stage": stage, "occurred_on": RAISED_ON, "until": None, "recorded_at": recorded,
        "body": None, "actor": "bench", "note": None,
        "payload": {
            "title": f"Generated proposal {number}", "proposer": "bench",
            "workflow": "sec-modification", "workflow_version": 1, "reference": f"DP{number}",
            "path": None, "flags": [],
        },
        "corrects_seq": None,
        "prev_hash": GENESIS,
    }  # fmt: skip


def populate(gf: Govflow, count: int, stage: str = "draft", events_each: int = 1) -> None:
    """Insert ``count`` DP proposals in ``stage``, each with ``events_each`` chained events."""
    recorded = dt.datetime(2021, 1, 4, 12, 0, 0)
    batch = 5000
    with gf.engine.begin() as conn:
        for first in range(1, count + 1, batch):
            numbers = range(first, min(first + batch, count + 1))
            chains = {n: chain(n, stage, recorded, events_each) for n in numbers}
            conn.execute(
                insert(tables.proposal_t),
                [
                    {
                        "scheme": "SEC", "number": n, "alternative": "", "prefix": "DP",
                        "title": f"Generated proposal {n}", "proposer": "bench",
                        "workflow": "sec-modification", "workflow_version": 1, "stage": stage,
                        "path": None, "flags": [], "milestones": [], "raised_on": RAISED_ON,
                        "head_seq": events_each, "head_hash": chains[n][-1]["hash"],
                        "head_occurred_on": RAISED_ON, "version": 1,
                    }
                    for n in numbers
                ],
            )  # fmt: skip
            ids = dict(
                conn.execute(
                    select(tables.proposal_t.c.number, tables.proposal_t.c.id).where(
                        tables.proposal_t.c.number.between(numbers[0], numbers[-1])
                    )
                ).all()
            )
            rows = [{**e, "proposal_id": ids[n], "proposal": proposal_key("SEC", n)}
                    for n, chain in chains.items() for e in chain]  # fmt: skip
            writes.insert_events(conn, rows)  # the write path: the database-wide log too
    if gf.engine.dialect.name == "sqlite":  # leave no bulk WAL for the timed part to flush
        raw = gf.engine.raw_connection()  # outside any transaction
        raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
        raw.close()


def chain(number: int, stage: str, recorded: dt.datetime, length: int) -> list[dict[str, Any]]:
    """A valid history: raised in ``stage``, then milestones allowed there."""
    key = proposal_key("SEC", number)
    events = []
    previous = GENESIS
    for seq in range(1, length + 1):
        event = _raised(number, stage, recorded)
        if seq > 1:
            event.update(kind="milestone", to_stage=None, milestone=MILESTONES[stage],
                         payload={}, note=f"generated {seq}")  # fmt: skip
        event.update(seq=seq, prev_hash=previous)
        event["hash"] = event_hash({**event, "proposal": key, "meeting": None, "item": None})
        previous = event["hash"]
        events.append(event)
    return events
