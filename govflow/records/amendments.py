"""Use cases that amend a proposal without moving it: corrections, route, proposer, releases.

Like every write, each is one transaction and appends to the proposal's chain.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection

from govflow.dates import optional_date, parse_date
from govflow.errors import InvalidInput, NotFound, TransitionNotAllowed, hint
from govflow.records import places
from govflow.records.lookup import Lookup
from govflow.records.places import NOWHERE
from govflow.store import tables
from govflow.store.session import Store
from govflow.views import Change
from govflow.workflow.definition import Workflow

CORRECTABLE = ("occurred_on", "until", "actor", "note", "meeting", "item")
RELEASE_STATUSES = ("targeted", "approved", "implemented", "withdrawn")


class Amendments:
    """Corrections, route, proposer and releases: amendments that do not move a proposal."""

    def __init__(self, store: Store, lookup: Lookup) -> None:
        self._store = store
        self._lookup = lookup

    # -- corrections, route, proposer, releases ------------------------------------------------
    def correct(
        self,
        reference: str,
        seq: int,
        *,
        note: str,
        changes: dict[str, Any] | None = None,
        actor: str | None = None,
    ) -> Change:
        """Correct an earlier event by a new one that points at it (events are never edited)."""
        if not note.strip():
            raise InvalidInput("a correction needs a note saying what was wrong")
        changes = dict(changes or {})
        unknown = [k for k in changes if k not in CORRECTABLE]
        if unknown:
            raise InvalidInput(
                f"cannot correct {', '.join(unknown)}; correctable: {', '.join(CORRECTABLE)}"
            )
        for key in ("occurred_on", "until"):
            if changes.get(key) is not None:
                changes[key] = parse_date(changes[key], f"{key} date").isoformat()
        with self._store.write() as conn:
            row, _ = self._lookup.find(conn, reference)
            label = self._lookup.label(row)
            if not 1 <= seq <= row.head_seq:
                raise NotFound(f"{label} has no event {seq}; its events are 1 to {row.head_seq}")
            _check_place_change(conn, row.id, seq, changes)
            day = dt.date.fromisoformat(changes["occurred_on"]) if "occurred_on" in changes else (
                row.head_occurred_on
            )  # fmt: skip
            draft = places.draft(
                "correction", day, NOWHERE, actor, note, {"changes": changes}, corrects_seq=seq
            )
            head = tables.commit_events(conn, row, [draft])
            return Change(label, row.stage, (head.seq,), day, "correction")

    def set_route(
        self,
        reference: str,
        *,
        path: int | None = None,
        fast_track: bool | None = None,
        urgent: bool | None = None,
        on: str | dt.date | None = None,
        meeting: str | None = None,
        item: str | None = None,
        actor: str | None = None,
        note: str | None = None,
    ) -> Change:
        """Set the path and flags (the Panel's decision at Initial Consideration, usually)."""
        with self._store.write() as conn:
            row, _ = self._lookup.find(conn, reference)
            label = self._lookup.label(row)
            flags = set(row.flags or [])
            for flag, wanted in (("fast_track", fast_track), ("urgent", urgent)):
                if wanted is not None:
                    (flags.add if wanted else flags.discard)(flag)
            new_path = row.path if path is None else path
            check_route(self._lookup.workflow_of(row), new_path, sorted(flags))
            check_open(self._lookup.workflow_of(row), row, label)
            place = places.place(conn, meeting, item)
            day = places.when(on, place)
            places.not_before(row, day, label)
            payload = {
                "path": {"from": row.path, "to": new_path},
                "flags": {"from": sorted(row.flags or []), "to": sorted(flags)},
            }
            draft = places.draft("route", day, place, actor, note, payload)
            head = tables.commit_events(conn, row, [draft], path=new_path, flags=sorted(flags))
            return Change(label, row.stage, (head.seq,), day, "route")

    def set_proposer(
        self,
        reference: str,
        proposer: str,
        *,
        on: str | dt.date | None = None,
        actor: str | None = None,
        note: str | None = None,
    ) -> Change:
        """Record a change of proposer (history keeps the old one)."""
        with self._store.write() as conn:
            row, _ = self._lookup.find(conn, reference)
            label = self._lookup.label(row)
            day = places.when(on, NOWHERE)
            places.not_before(row, day, label)
            payload = {"from": row.proposer, "to": proposer}
            draft = places.draft("proposer", day, NOWHERE, actor, note, payload)
            head = tables.commit_events(conn, row, [draft], proposer=proposer)
            return Change(label, row.stage, (head.seq,), day, "proposer")

    def release(
        self,
        reference: str,
        release: str,
        *,
        status: str = "targeted",
        on: str | dt.date | None = None,
        release_date: str | dt.date | None = None,
        meeting: str | None = None,
        item: str | None = None,
        actor: str | None = None,
        note: str | None = None,
    ) -> Change:
        """Target a proposal at a release, or mark it approved, implemented or withdrawn there.

        A proposal may be in several releases (implemented in parts); the release is created on
        first use.
        """
        if status not in RELEASE_STATUSES:
            raise InvalidInput(
                f"unknown release status {status!r}{hint(status, RELEASE_STATUSES)}; "
                f"allowed: {', '.join(RELEASE_STATUSES)}"
            )
        with self._store.write() as conn:
            row, _ = self._lookup.find(conn, reference)
            label = self._lookup.label(row)
            place = places.place(conn, meeting, item)
            day = places.when(on, place)
            places.not_before(row, day, label)
            when = optional_date(release_date, "release date")
            release_id = tables.release_id(conn, release, when)
            tables.link_release(conn, release_id, row.id, status)
            payload = {"release": release, "status": status}
            if when is not None:
                payload["release_date"] = when.isoformat()
            draft = places.draft("release", day, place, actor, note, payload)
            head = tables.commit_events(conn, row, [draft])
            return Change(label, row.stage, (head.seq,), day, "release")


def check_route(wf: Workflow, path: int | None, flags: list[str]) -> None:
    """Refuse a path or flag the workflow does not declare."""
    if path is not None and wf.paths and path not in wf.paths:
        allowed = ", ".join(str(p) for p in wf.paths)
        raise InvalidInput(f"{wf.name} has no path {path}; paths: {allowed}")
    for flag in flags:
        if wf.flags and flag not in wf.flags:
            raise InvalidInput(f"{wf.name} has no flag {flag!r}; flags: {', '.join(wf.flags)}")


def check_open(wf: Workflow, row: Any, label: str) -> None:
    """Refuse to amend a proposal in a terminal stage."""
    state = wf.state(row.stage)
    if state is not None and state.terminal:
        raise TransitionNotAllowed(f"{label} is {row.stage!r}, a terminal stage")


def _check_place_change(
    conn: Connection, proposal_id: int, seq: int, changes: dict[str, Any]
) -> None:
    """A corrected meeting or item must exist (an item alone: in the event's meeting)."""
    meeting, item = changes.get("meeting"), changes.get("item")
    if meeting is None and item is None:
        return
    if meeting is None:
        e = tables.event_t
        original = conn.execute(
            tables.events_with_places().where(e.c.proposal_id == proposal_id, e.c.seq == seq)
        ).one()
        if original.committee_code is None:
            raise InvalidInput(f"event {seq} has no meeting: correct the meeting and item together")
        meeting = f"{original.committee_code}_{original.meeting_number}"
    places.place(conn, meeting, item)
