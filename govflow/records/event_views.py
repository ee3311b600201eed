"""What the views make of a history's values: decisions as :class:`~govflow.views.Decision`, and
the fields of an event the hash chain covers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from govflow.model import Event
from govflow.views import Decision
from govflow.workflow.directions import decided_solution


def decision_views(label: str, decisions: Sequence[Mapping[str, Any]]) -> tuple[Decision, ...]:
    return tuple(_decision(label, d) for d in decisions)


def _decision(label: str, d: Mapping[str, Any]) -> Decision:
    return Decision(
        trigger=str(d["trigger"]), body=str(d["body"]), outcome=str(d["outcome"]),
        solution=decided_solution(label, d), on=dt.date.fromisoformat(str(d["on"])),
    )  # fmt: skip


def hash_record(event: Event, key: str) -> dict[str, Any]:
    """The fields the chain covers, from an event as recorded."""
    return {
        "proposal": key, "seq": event.seq, "kind": event.kind, "trigger": event.trigger,
        "milestone": event.milestone, "from_stage": event.from_stage, "to_stage": event.to_stage,
        "occurred_on": event.occurred_on, "until": event.until, "recorded_at": event.recorded_at,
        "meeting": event.meeting, "item": event.item, "body": event.body, "actor": event.actor,
        "note": event.note, "payload": event.payload, "corrects_seq": event.corrects_seq,
        "prev_hash": event.prev_hash, "hash": event.hash,
    }  # fmt: skip
