"""Events as the API shows them: as recorded (:func:`event_view`), and as the record now tells
them (:func:`fact_view`: corrections applied, the date's precision, implied steps marked)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from govflow.records.history import Fact
from govflow.store import tables
from govflow.views import EventView


def event_view(row: Any) -> EventView:
    meeting = f"{row.committee_code}_{row.meeting_number}" if row.committee_code else None
    return EventView(
        seq=row.seq, kind=row.kind, trigger=row.trigger, milestone=row.milestone,
        from_stage=row.from_stage, to_stage=row.to_stage, occurred_on=row.occurred_on,
        until=row.until, recorded_at=tables.as_utc(row.recorded_at), meeting=meeting,
        item=row.item_number, item_title=row.item_title, committee=row.committee_code,
        body=row.body, actor=row.actor, note=row.note, payload=dict(row.payload or {}),
        corrects_seq=row.corrects_seq, prev_hash=row.prev_hash, hash=row.hash,
    )  # fmt: skip


def hash_record(view: EventView, key: str) -> dict[str, Any]:
    """The fields the chain covers, from an event view."""
    return {
        "proposal": key, "seq": view.seq, "kind": view.kind, "trigger": view.trigger,
        "milestone": view.milestone, "from_stage": view.from_stage, "to_stage": view.to_stage,
        "occurred_on": view.occurred_on, "until": view.until, "recorded_at": view.recorded_at,
        "meeting": view.meeting, "item": view.item, "body": view.body, "actor": view.actor,
        "note": view.note, "payload": view.payload, "corrects_seq": view.corrects_seq,
        "prev_hash": view.prev_hash, "hash": view.hash,
    }  # fmt: skip


def fact_view(fact: Fact) -> EventView:
    """A fact's event with the values the record now gives it."""
    view: EventView = fact.event
    values: dict[str, Any] = {
        "occurred_on": fact.occurred_on, "until": fact.until, "actor": fact.actor,
        "note": fact.note, "date_precision": fact.precision, "implied": fact.implied,
        "corrected_by": fact.corrected_by,
    }  # fmt: skip
    if (fact.meeting, fact.item) != (view.meeting, view.item):
        values.update(
            meeting=fact.meeting, item=fact.item,
            committee=fact.meeting.rpartition("_")[0] if fact.meeting else None,
            item_title=fact.item_title,
        )  # fmt: skip
    return replace(view, **values)
