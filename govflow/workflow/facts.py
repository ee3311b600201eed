"""A proposal's events as the record now tells them: corrections applied, in occurrence order.

:func:`facts` applies the corrections (in recording order, each to the event it names), drops
events withdrawn as recorded in error, and sorts the rest by ``(occurred_on, seq)``: events of one
day keep the order they were recorded in. A date known only to the month sorts on the last day of
that month, and one known as "on or before" a day on that day. A correction that names no earlier
event of the proposal, or changes what cannot be corrected, is refused (:class:`BadCorrection`).
Pure: no database, no clock. :mod:`govflow.workflow.replay` replays the facts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import replace
from operator import attrgetter
from typing import Any

from govflow.dates import PRECISIONS, is_iso_date, is_precision
from govflow.errors import TransitionNotAllowed
from govflow.model import Event, committee_of

#: What a correction may change, as the CLI, the library and the API accept it (one definition:
#: the API's model is held to it by a test), and what it may say of the event instead: that it
#: was recorded in error.
CORRECTABLE = ("occurred_on", "until", "actor", "note", "meeting", "item", "recorded_in_error")
#: What a stored correction carries besides: a corrected date's precision (with the date) and a
#: corrected item's title (with the meeting or the item), both filled in by govflow.
COMPANIONS = {"date_precision": ("occurred_on",), "item_title": ("meeting", "item")}
_TEXT = ("actor", "note", "meeting", "item", "item_title")


def uncorrectable(keys: Iterable[str]) -> str:
    return f"cannot correct {', '.join(keys)}; correctable: {', '.join(CORRECTABLE)}"


def changes_problem(changes: object) -> str | None:
    """Why ``changes`` are not what a correction may record, or None: the one definition of the
    keys and values, used by a live correction and by every path that reads a stored one."""
    if not isinstance(changes, dict) or not changes:
        return f"it names no change; correctable: {', '.join(CORRECTABLE)}"
    unknown = sorted(set(changes) - set(CORRECTABLE) - set(COMPANIONS))
    if unknown:
        return uncorrectable(unknown)
    for key, anchors in COMPANIONS.items():
        if key in changes and not any(a in changes for a in anchors):
            return f"{key} is recorded only with a corrected {' or '.join(anchors)}"
    if "recorded_in_error" in changes:
        if changes["recorded_in_error"] is not True:
            return "recorded_in_error takes True (the event should not have been)"
        if len(changes) > 1:
            return "an event withdrawn as recorded in error takes no other change"
    for key in ("occurred_on", "until"):
        value = changes.get(key)
        if value is not None and not is_iso_date(value):
            return f"its {key} {value!r} is not a date"
    if not is_precision(changes.get("date_precision", "day")):
        return f"a date's precision is one of {', '.join(PRECISIONS)} (with its bounds)"
    wrong = [k for k in _TEXT if changes.get(k) is not None and not isinstance(changes[k], str)]
    if wrong:
        return f"its {', '.join(wrong)} must be text"
    return None


def correction_problem(event: Event, kinds: Mapping[int, str]) -> str | None:
    """Why correction ``event`` cannot apply, given the ``kinds`` of the events recorded before
    it (by seq), or None: it names an earlier event of the proposal, not a correction (nor the
    raise, to withdraw it), says why it was made (a note, as a live correction must) and
    records changes :func:`changes_problem` accepts."""
    target = event.corrects_seq
    if target is None or target >= event.seq or target not in kinds:
        return f"it corrects event {target}, which is not an earlier event of this proposal"
    why = changes_problem(event.payload.get("changes"))
    if why is not None:
        return why
    if kinds[target] == "correction":
        return f"event {target} is a correction: a correction corrects a recorded event"
    if event.payload["changes"].get("recorded_in_error") and kinds[target] == "raised":
        return "the raised event cannot be withdrawn: correct its date instead"
    if not (event.note or "").strip():
        return "a correction needs a note saying what was wrong"
    return None


class BadCorrection(TransitionNotAllowed):
    """A correction the rules refuse: ``event`` is the correction, ``why`` what is wrong."""

    def __init__(self, event: Event, why: str) -> None:
        super().__init__(f"{event.describe()}: {why}", [why])
        self.event = event
        self.why = why


def precision_of(payload: Mapping[str, Any]) -> str:
    found = payload.get("date_precision", "day")
    return found if is_precision(found) else "day"


def corrected(event: Event, changes: Mapping[str, Any], by: int) -> Event | None:
    """``event`` with the ``changes`` of correction ``by`` applied; None when they withdraw it
    as recorded in error."""
    if changes.get("recorded_in_error"):
        return None
    values: dict[str, Any] = {}
    for key in ("occurred_on", "until"):
        if key in changes:
            value = changes[key]
            values[key] = dt.date.fromisoformat(value) if isinstance(value, str) else value
    if "occurred_on" in changes:
        values["date_precision"] = changes.get("date_precision") or "day"
    for key in ("actor", "note", "meeting", "item"):
        if key in changes:
            values[key] = changes[key]
    if "meeting" in changes:
        meeting = changes["meeting"]
        values["committee"] = committee_of(meeting) if meeting else None
        if "item" not in changes:
            values["item"] = None
    if "meeting" in changes or "item" in changes:
        values["item_title"] = changes.get("item_title")
    return replace(event, corrected_by=(*event.corrected_by, by), **values)


_SEQ, _KIND = attrgetter("seq"), attrgetter("kind")
_ORDER = attrgetter("occurred_on", "seq")  # Event.order, without a call a fact


def facts(events: Iterable[Event], known_on: dt.datetime | None = None) -> list[Event]:
    """The events (recorded before ``known_on``, when given) as the record now tells them, in
    occurrence order; :class:`BadCorrection` for a correction the rules refuse."""
    in_order = sorted(events, key=_SEQ)
    plain = known_on is None and "correction" not in map(_KIND, in_order)  # most histories
    if plain and len(set(map(_SEQ, in_order))) == len(in_order):  # else a seq's last counts
        return sorted(in_order, key=_ORDER)  # what _applied gives them, without its loop
    return _applied(in_order, known_on)


def _applied(in_order: list[Event], known_on: dt.datetime | None) -> list[Event]:
    """:func:`facts` of events in recording order, each correction applied."""
    found: dict[int, Event | None] = {}
    kinds: dict[int, str] = {}
    for event in in_order:
        if known_on is not None and event.recorded_at is not None and event.recorded_at > known_on:
            continue
        if event.kind == "correction":
            why = correction_problem(event, kinds)
            if why is not None:
                raise BadCorrection(event, why)
            target = found.get(event.corrects_seq or 0)
            if target is not None:
                changes = event.payload["changes"]
                found[target.seq] = corrected(target, changes, event.seq)
                _companion(found, target, changes, event.seq)
                _implied_by(found, target, changes, event.seq)
        else:
            found[event.seq] = event
        kinds[event.seq] = event.kind
    return sorted((f for f in found.values() if f is not None), key=_ORDER)


def _companion(
    found: dict[int, Event | None], target: Event, changes: Mapping[str, Any], by: int
) -> None:
    """A conversion's relabel (DP160 -> MP160) is one act with it: it follows its date, its
    place and its withdrawal."""
    following = found.get(target.seq + 1)
    if following is None or following.kind != "relabel":
        return
    if following.trigger != target.trigger and target.kind != "reached":
        return
    shared = {k: v for k, v in changes.items() if k not in ("actor", "note")}
    found[following.seq] = corrected(following, shared, by)


def _implied_by(
    found: dict[int, Event | None], target: Event, changes: Mapping[str, Any], by: int
) -> None:
    """The steps a move implied (recorded just before it, with it) have no date of their own:
    they happened on or before it, so they follow its corrected date, and its withdrawal."""
    if target.kind == "implied" or not ({"occurred_on", "recorded_in_error"} & set(changes)):
        return
    shared = {k: v for k, v in changes.items() if k in ("occurred_on", "recorded_in_error")}
    seq = target.seq - 1
    while (step := found.get(seq)) is not None and _implied_with(found, step, target):
        moved = corrected(step, shared, by)
        if moved is not None and "occurred_on" in shared:
            moved = replace(moved, date_precision="on_or_before")
        found[seq] = moved
        seq -= 1


def _implied_with(found: Mapping[int, Event | None], step: Event, move: Event) -> bool:
    """Whether ``step`` was implied by ``move`` (or is the relabel of a conversion it implied)."""
    if step.kind == "relabel":
        before = found.get(step.seq - 1)
        return before is not None and before.trigger == step.trigger and _implied_with(
            found, before, move
        )  # fmt: skip
    return step.kind == "implied" and step.payload.get("implied_by") == move.trigger
