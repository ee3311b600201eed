"""Corrections: an event's date, meeting and item, actor or note set right, or the event
withdrawn as recorded in error.

Events are never edited. A correction is a new event in the chain that names the event it
corrects; every view derives from the events with the corrections applied (see
:mod:`govflow.workflow.replay`), so the corrected values reach show, history, the register, the
deadlines and every export, while ``history --as-recorded`` still shows the original. A correction
that would leave a history the workflow refuses is itself refused, naming the event it breaks.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from govflow.dates import parse_when
from govflow.errors import InvalidInput, NotFound
from govflow.records import places
from govflow.records.lookup import Lookup, check_version, written_version
from govflow.records.places import NOWHERE
from govflow.records.recording import Recorder
from govflow.store.correction_rows import placed_event
from govflow.store.rows import PlacedEvent
from govflow.store.session import Connection, Store
from govflow.store.tables import meeting_code
from govflow.views import Change
from govflow.workflow.facts import CORRECTABLE, changes_problem, uncorrectable


def _normalised(changes: dict[str, Any]) -> dict[str, Any]:
    """The changes as the correction event stores them (dates as ISO text, with precision),
    refused as every path that reads a stored correction refuses them
    (:func:`govflow.workflow.facts.changes_problem`)."""
    unknown = sorted(set(changes) - set(CORRECTABLE))  # companions are govflow's to fill in
    if unknown:
        raise InvalidInput(uncorrectable(unknown))
    out = dict(changes)
    if out.get("occurred_on") is not None:
        day, precision = parse_when(out["occurred_on"], "corrected date")
        out["occurred_on"] = day.isoformat()
        if precision != "day":
            out["date_precision"] = precision
    if out.get("until") is not None:
        out["until"] = parse_when(out["until"], "corrected end date")[0].isoformat()
    why = changes_problem(out)
    if why is not None:
        raise InvalidInput(why)
    return out


def _place_change(conn: Connection, original: PlacedEvent, changes: dict[str, Any]) -> None:
    """A corrected meeting or item must exist (an item alone: in the event's meeting); the
    change keeps their codes as the chain writes them, and the item's title for the views."""
    meeting, item = changes.get("meeting"), changes.get("item")
    if meeting is None and item is None:
        return
    if meeting is None:
        if original.committee_code is None or original.meeting_date is None:  # both, or neither
            raise InvalidInput(
                f"event {original.seq} has no meeting: correct the meeting and item together"
            )
        meeting = meeting_code(original.committee_code, original.meeting_number,
                               original.meeting_date)  # fmt: skip
    where = places.place(conn, meeting, item)
    changes["meeting"] = where.code
    if where.item is not None:
        changes["item"] = where.item.number
        changes["item_title"] = where.item.title


class Corrections:
    """Setting recorded events right."""

    def __init__(self, store: Store, lookup: Lookup, recorder: Recorder) -> None:
        self._store = store
        self._lookup = lookup
        self._recorder = recorder

    def correct(
        self,
        reference: str,
        seq: int,
        *,
        note: str,
        changes: dict[str, Any] | None = None,
        actor: str | None = None,
        expected_version: int | None = None,
    ) -> Change:
        """Correct event ``seq`` of a proposal by a new event that points at it.

        ``changes`` maps what was wrong to its right value: ``occurred_on`` (a day, a month, or
        "on or before" a day), ``until``, ``actor``, ``note``, ``meeting``, ``item``; or
        ``{"recorded_in_error": True}`` to withdraw the event from every view.
        """
        if not note.strip():
            raise InvalidInput("a correction needs a note saying what was wrong")
        wanted = _normalised(dict(changes or {}))
        with self._store.write() as conn:
            row, _ = self._lookup.find(conn, reference)
            label = self._lookup.label(row)
            check_version(row, label, expected_version)
            if not 1 <= seq <= row.head_seq:
                raise NotFound(f"{label} has no event {seq}; its events are 1 to {row.head_seq}")
            original = placed_event(conn, row.id, seq)
            if original.kind == "correction":
                raise InvalidInput(f"event {seq} is a correction: correct event "
                                   f"{original.corrects_seq} again instead")  # fmt: skip
            if original.kind == "raised" and "recorded_in_error" in wanted:
                raise InvalidInput("the raised event cannot be withdrawn: correct its date instead")
            _place_change(conn, original, wanted)
            # Dated as the event it corrects now is: an export of those days carries both.
            day = dt.date.fromisoformat(
                wanted.get("occurred_on") or original.occurred_on.isoformat()
            )
            draft = places.draft(
                "correction", day, NOWHERE, actor, note, {"changes": wanted}, corrects_seq=seq
            )
            written = self._recorder.rederive(conn, row, [draft], label)
            now = written.state.reference or label
            stage = written.state.stage
            return Change(now, stage, written.seqs, day, "correction",
                          stage_label=self._lookup.stage_label(row, stage),
                          version=written_version(row))  # fmt: skip
