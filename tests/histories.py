"""Test helpers that put events into a database without the rules, as an older govflow, a hand
outside govflow or a crafted import would, so that the paths that check a history can be shown
to agree with the live writes on forbidden input.

Not a test module (no ``test_`` prefix): tests import it.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import insert, text

from govflow.model import Event
from govflow.records import recording
from govflow.service import Govflow
from govflow.store import tables


def append_unjudged(gf: Govflow, reference: str, events: Sequence[Event]) -> tuple[int, ...]:
    """Append ``events`` to a proposal's chain (hashed and logged) without judging them and
    without touching its derived row: what a database written by an older govflow holds."""
    with gf._store.write() as conn:
        row, _ = gf._parts.lookup.find(conn, reference)
        head = tables.commit_events(conn, row, [replace(e, seq=0) for e in events])
    return tuple(range(head.seq - len(events) + 1, head.seq + 1))


@contextmanager
def drafts_seen(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[list[Event]]]:
    """Every batch of drafts a live write hands the rule core, refused or not."""
    seen: list[list[Event]] = []
    judged = recording._judged

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(list(args[2]))
        return judged(*args, **kwargs)

    monkeypatch.setattr(recording, "_judged", spy)
    yield seen


def export_lines(gf: Govflow, reference: str) -> list[str]:
    """One proposal's audit export (JSONL), as lines."""
    out = io.StringIO(newline="")
    gf.export_audit(out, "jsonl", proposals=[reference])
    return out.getvalue().splitlines(keepends=True)


def raise_unjudged(
    gf: Govflow, reference: str, title: str, on: dt.date, stage: str = "initial_consideration"
) -> None:
    """A proposal raised on any day a date can hold, without the checks where dates are
    entered (what an older database may hold): its row, its alias and its raised event."""
    ref = gf._parts.lookup.parse(reference)
    wf = gf.registry.get("sec-modification")
    payload = {"title": title, "workflow": wf.name, "workflow_version": wf.version,
               "reference": reference, "path": None, "flags": []}  # fmt: skip
    with gf._store.write() as conn:
        inserted = conn.execute(
            insert(tables.proposal_t).values(
                scheme="SEC", number=ref.number, alternative=ref.alternative, prefix=ref.prefix,
                title=title, workflow=wf.name, workflow_version=wf.version, stage=stage,
                flags=[], milestones=[], raised_on=on, head_seq=0, head_hash="",
                head_occurred_on=on, version=1, outcomes={},
            )
        )  # fmt: skip
        row = tables.proposal_by_id(conn, tables.inserted_id(inserted))
        tables.add_alias(conn, row.id, reference, "raised")
        event = Event(kind="raised", occurred_on=on, to_stage=stage, payload=payload)
        tables.commit_events(conn, row, [event])


def add_meeting_unjudged(gf: Govflow, committee: str, number: int, on: dt.date) -> None:
    """A held meeting on any day a date can hold (see :func:`raise_unjudged`)."""
    with gf._store.write() as conn:
        found = tables.committee(conn, committee)
        conn.execute(insert(tables.meeting_t).values(
            committee_id=found.id, number=number, date=on, kind="main", status="held",
        ))  # fmt: skip


def rechained(records: list[dict[str, Any]]) -> list[str]:
    """An audit export's ``records`` (parsed lines, changed by a test) as lines again, every
    proposal's chain and chain line recomputed: what someone rewriting a file, hashes and all,
    would produce. Only the rules can refuse it."""
    from govflow.store.hashing import GENESIS, event_hash

    heads: dict[str, tuple[int, str]] = {}
    for record in records:
        if "seq" in record and "chain" not in record and "proposal" in record:
            record["prev_hash"] = heads.get(record["proposal"], (0, GENESIS))[1]
            record["hash"] = event_hash(record)
            heads[record["proposal"]] = (record["seq"], record["hash"])
    for record in records:
        if "chain" in record and record.get("proposal") in heads:
            record["last_seq"], record["head_hash"] = heads[record["proposal"]]
    return [json.dumps(record) + "\n" for record in records]


def parsed(lines: Sequence[str]) -> list[dict[str, Any]]:
    return [json.loads(line) for line in lines]


def drop_event_triggers(gf: Govflow) -> None:
    """The database's refusal to change events taken away: what a hand with the database's
    owner's rights can do, and what ``verify`` must then catch."""
    with gf.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("DROP TRIGGER event_no_update_delete ON event"))
        else:
            conn.execute(text("DROP TRIGGER event_no_update"))
            conn.execute(text("DROP TRIGGER event_no_delete"))
