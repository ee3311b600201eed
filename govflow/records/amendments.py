"""Use cases that amend a proposal without moving it: route, proposer, releases.

Like every write, each is one transaction and appends to the proposal's chain, at any date: an
entry dated before the proposal's latest event is placed in its history (see
:mod:`govflow.records.recording`).
"""

from __future__ import annotations

import datetime as dt

from govflow.dates import optional_date
from govflow.errors import InvalidInput, TransitionNotAllowed, hint
from govflow.records import places
from govflow.records.history import Derived, approved_stages
from govflow.records.lookup import Lookup
from govflow.records.places import NOWHERE
from govflow.records.recording import Entry, Recorder
from govflow.store import tables
from govflow.store.session import Store
from govflow.views import Change
from govflow.workflow.definition import Workflow

RELEASE_STATUSES = ("targeted", "approved", "implemented", "withdrawn")


class Amendments:
    """Route, proposer and releases: amendments that do not move a proposal."""

    def __init__(self, store: Store, lookup: Lookup, recorder: Recorder) -> None:
        self._store = store
        self._lookup = lookup
        self._recorder = recorder

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
            wf = self._lookup.workflow_of(row)
            place = places.place(conn, meeting, item)
            day, precision = places.when(on, place)

            def make(state: Derived) -> Entry:
                flags = set(state.flags)
                for flag, wanted in (("fast_track", fast_track), ("urgent", urgent)):
                    if wanted is not None:
                        (flags.add if wanted else flags.discard)(flag)
                new_path = state.path if path is None else path
                check_route(wf, new_path, sorted(flags))
                check_open(wf, state.stage, label)
                payload = {
                    "path": {"from": state.path, "to": new_path},
                    "flags": {"from": sorted(state.flags), "to": sorted(flags)},
                }
                draft = places.draft("route", day, place, actor, note, payload, precision)
                return Entry([draft], {"path": new_path, "flags": sorted(flags)})

            head, _ = self._recorder.append(conn, row, day, make, label)
            warnings = places.date_warnings(place, day, precision)
            return Change(label, row.stage, (head.seq,), day, "route", warnings=warnings)

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
            day, precision = places.when(on, NOWHERE)

            def make(state: Derived) -> Entry:
                payload = {"from": state.proposer, "to": proposer}
                draft = places.draft("proposer", day, NOWHERE, actor, note, payload, precision)
                return Entry([draft], {"proposer": proposer})

            head, _ = self._recorder.append(conn, row, day, make, label)
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
        moved_from: str | None = None,
    ) -> Change:
        """Target a proposal at a release, or mark it approved, implemented or withdrawn there.

        A proposal may be in several releases (implemented in parts); the release is created on
        first use. A target that moves names the release it moves from (``moved_from``), which
        is then *re-targeted*, not withdrawn. Only an approved proposal can be implemented.
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
            day, precision = places.when(on, place)
            when = optional_date(release_date, "release date")
            release_id = tables.release_id(conn, release, when)
            payload = {"release": release, "status": status}
            if when is not None:
                payload["release_date"] = when.isoformat()
            if moved_from is not None:
                if status != "targeted" or moved_from == release:
                    raise InvalidInput("a target moves from another release to this one")
                payload["moved_from"] = moved_from
            draft = places.draft("release", day, place, actor, note, payload, precision)
            wf = self._lookup.workflow_of(row)
            # on the fast path the proposal's releases are its links; a late entry replays them
            linked = {r.name for r in tables.release_links(conn, row.id)} if moved_from else set()

            def make(state: Derived) -> Entry:
                known = set(state.releases) | (linked if day >= row.head_occurred_on else set())
                if moved_from is not None and moved_from not in known:
                    raise InvalidInput(f"{label} was not in {moved_from!r} on {day}")
                if status == "implemented" and state.stage not in approved_stages(wf):
                    raise TransitionNotAllowed(
                        f"{label} is {state.stage!r} on {day}: a release can be marked "
                        "implemented only for an approved proposal"
                    )
                return Entry([draft])

            head, _ = self._recorder.append(conn, row, day, make, label)
            if day >= row.head_occurred_on:  # appended at the end: the status it gives is current
                tables.link_release(conn, release_id, row.id, status)
                if moved_from is not None:
                    moved = tables.release_id(conn, moved_from, None)
                    tables.link_release(conn, moved, row.id, "retargeted")
            warnings = places.date_warnings(place, day, precision)
            return Change(label, row.stage, (head.seq,), day, "release", warnings=warnings)


def check_route(wf: Workflow, path: int | None, flags: list[str]) -> None:
    """Refuse a path or flag the workflow does not declare."""
    if path is not None and wf.paths and path not in wf.paths:
        allowed = ", ".join(str(p) for p in wf.paths)
        raise InvalidInput(f"{wf.name} has no path {path}; paths: {allowed}")
    for flag in flags:
        if wf.flags and flag not in wf.flags:
            raise InvalidInput(f"{wf.name} has no flag {flag!r}; flags: {', '.join(wf.flags)}")


def check_open(wf: Workflow, stage: str, label: str) -> None:
    """Refuse to amend a proposal in a terminal stage."""
    state = wf.state(stage)
    if state is not None and state.terminal:
        raise TransitionNotAllowed(f"{label} is {stage!r}, a terminal stage")
