"""A proposal's events as the record now tells them: corrections applied, in occurrence order.

:func:`facts` applies the corrections (in recording order, each to the event it names), drops
events withdrawn as recorded in error, and sorts the rest by ``(occurred_on, seq)``: events of one
day keep the order they were recorded in. A date known only to the month sorts on the last day of
that month, and one known as "on or before" a day on that day. Pure: no database, no clock.
:mod:`govflow.records.history` replays the facts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any, Protocol

from govflow.dates import PRECISIONS


class EventLike(Protocol):
    """What :func:`facts` reads of a stored event (an EventView, or a record being imported)."""

    @property
    def seq(self) -> int: ...
    @property
    def kind(self) -> str: ...
    @property
    def trigger(self) -> str | None: ...
    @property
    def milestone(self) -> str | None: ...
    @property
    def from_stage(self) -> str | None: ...
    @property
    def to_stage(self) -> str | None: ...
    @property
    def occurred_on(self) -> dt.date: ...
    @property
    def until(self) -> dt.date | None: ...
    @property
    def recorded_at(self) -> dt.datetime: ...
    @property
    def meeting(self) -> str | None: ...
    @property
    def item(self) -> str | None: ...
    @property
    def actor(self) -> str | None: ...
    @property
    def note(self) -> str | None: ...
    @property
    def payload(self) -> dict[str, Any]: ...
    @property
    def corrects_seq(self) -> int | None: ...


@dataclass(frozen=True)
class Fact:
    """One event as the record now tells it: its corrections applied."""

    event: Any  # the stored event, original values
    seq: int
    kind: str
    trigger: str | None
    milestone: str | None
    from_stage: str | None
    to_stage: str | None
    occurred_on: dt.date
    precision: str
    until: dt.date | None
    meeting: str | None
    item: str | None
    actor: str | None
    note: str | None
    payload: dict[str, Any]
    corrected_by: tuple[int, ...] = ()
    item_title: str | None = None

    @property
    def implied(self) -> bool:
        return self.kind == "implied"

    @property
    def order(self) -> tuple[dt.date, int]:
        return (self.occurred_on, self.seq)

    def describe(self) -> str:
        """``event 7 ('send_to_report' on 2021-04-16)``, for messages."""
        what = self.trigger or self.milestone or self.kind
        return f"event {self.seq} ({what!r} {when_text(self.occurred_on, self.precision)})"


def when_text(day: dt.date, precision: str) -> str:
    """A date as far as it is known: ``on 2021-04-16``, ``in April 2020``, ``by 2021-04-16``."""
    if precision == "month":
        return f"in {day:%B %Y}"
    if precision == "on_or_before":
        return f"on or before {day.isoformat()}"
    return f"on {day.isoformat()}"


def precision_of(payload: dict[str, Any]) -> str:
    found = payload.get("date_precision", "day")
    return found if found in PRECISIONS else "day"


def fact_of(event: EventLike) -> Fact:
    """An event's fact before any correction."""
    return Fact(
        event=event, seq=event.seq, kind=event.kind, trigger=event.trigger,
        milestone=event.milestone, from_stage=event.from_stage, to_stage=event.to_stage,
        occurred_on=event.occurred_on, precision=precision_of(event.payload), until=event.until,
        meeting=event.meeting, item=event.item, actor=event.actor, note=event.note,
        payload=event.payload, item_title=getattr(event, "item_title", None),
    )  # fmt: skip


def corrected(fact: Fact, changes: Mapping[str, Any], by: int) -> Fact | None:
    """``fact`` with the ``changes`` of correction ``by`` applied; None when they withdraw it
    as recorded in error."""
    if changes.get("recorded_in_error"):
        return None
    values: dict[str, Any] = {}
    for key in ("occurred_on", "until"):
        if key in changes:
            value = changes[key]
            values[key] = dt.date.fromisoformat(value) if isinstance(value, str) else value
    if "occurred_on" in changes:
        values["precision"] = changes.get("date_precision") or "day"
    for key in ("actor", "note", "meeting", "item"):
        if key in changes:
            values[key] = changes[key]
    if "meeting" in changes and "item" not in changes:
        values["item"] = None
    if "meeting" in changes or "item" in changes:
        values["item_title"] = changes.get("item_title")
    return replace(fact, corrected_by=(*fact.corrected_by, by), **values)


def facts(events: Iterable[EventLike], known_on: dt.datetime | None = None) -> list[Fact]:
    """The events (recorded by ``known_on``, when given) as facts, in occurrence order."""
    found: dict[int, Fact | None] = {}
    for event in sorted(events, key=lambda e: e.seq):
        if known_on is not None and event.recorded_at > known_on:
            continue
        if event.kind == "correction":
            target = found.get(event.corrects_seq or 0)
            if target is not None:
                changes = event.payload.get("changes") or {}
                found[target.seq] = corrected(target, changes, event.seq)
                _companion(found, target, changes, event.seq)
            continue
        found[event.seq] = fact_of(event)
    return sorted((f for f in found.values() if f is not None), key=lambda f: f.order)


def _companion(
    found: dict[int, Fact | None], target: Fact, changes: Mapping[str, Any], by: int
) -> None:
    """A conversion's relabel (DP160 -> MP160) is one act with it: it follows its date, its
    place and its withdrawal."""
    following = found.get(target.seq + 1)
    if following is None or following.kind != "relabel" or following.trigger != target.trigger:
        return
    shared = {k: v for k, v in changes.items() if k not in ("actor", "note")}
    found[following.seq] = corrected(following, shared, by)
