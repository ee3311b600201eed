"""Use cases that amend a proposal without moving it: route, proposer, releases.

Like every write, each is one transaction and appends to the proposal's chain, at any date: an
entry dated before the proposal's latest event is placed in its history (see
:mod:`govflow.records.recording`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from govflow.dates import optional_date
from govflow.errors import InvalidInput, TransitionNotAllowed, hint
from govflow.model import Event
from govflow.records import places
from govflow.records.lookup import Lookup, written_version
from govflow.records.places import NOWHERE
from govflow.records.plans import set_scope
from govflow.records.recording import Recorder, Refused
from govflow.store import tables
from govflow.store.session import Store
from govflow.views import Change
from govflow.workflow import routes
from govflow.workflow.definition import route_name
from govflow.workflow.rules import RELEASE_STATUSES
from govflow.workflow.state import ProposalState
from govflow.workflow.verdict import Verdict


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
        route: str | int | None = None,
        flags: Sequence[str] = (),
        no_flags: Sequence[str] = (),
        unknown_flags: Sequence[str] = (),
        path: str | int | None = None,
        fast_track: bool | None = None,
        urgent: bool | None = None,
        on: str | dt.date | None = None,
        meeting: str | None = None,
        item: str | None = None,
        actor: str | None = None,
        note: str | None = None,
    ) -> Change:
        """Set the route and flags (the Panel's decision at Initial Consideration, in the SEC).

        ``route`` names one of the workflow's routes; ``flags`` are set and ``no_flags``
        cleared, the others kept; ``unknown_flags`` are recorded as not on record (neither set
        nor clear: a rule that asks for one is unchecked, until it is set or cleared). ``path``
        is another spelling of ``route``, and ``fast_track``/``urgent`` (True sets, False
        clears) of those flags.
        """
        if route is not None and path is not None and route_name(route) != route_name(path):
            raise InvalidInput(f"route {route!r} and path {path!r} disagree: give one")
        route = path if route is None else route
        on_, off = routes.convenience_flags(fast_track=fast_track, urgent=urgent)
        if route is None and not [*flags, *no_flags, *on_, *off, *unknown_flags]:
            raise InvalidInput("say what to change: a route, flags to set or flags to clear")
        with self._store.write() as conn:
            row, _ = self._lookup.find(conn, reference)
            label = self._lookup.label(row)
            wf = self._lookup.workflow_of(row)
            place = places.place(conn, meeting, item)
            day, precision = places.when(on, place)

            def make(state: ProposalState) -> list[Event]:
                unknown = routes.check_flags(wf, unknown_flags)
                new_flags = routes.flags_after(
                    wf, state.flags, [*flags, *on_], [*no_flags, *off, *unknown]
                )
                new_path = state.path if route is None else routes.check_route(wf, route)
                flag_values: dict[str, Any] = {"from": sorted(state.flags), "to": new_flags}
                still = (state.unknown_flags - {*flags, *on_, *no_flags, *off}) | set(unknown)
                if still or state.unknown_flags:  # the flags not on record after it
                    flag_values["not_on_record"] = sorted(still)
                payload = {"path": {"from": state.path, "to": new_path}, "flags": flag_values}
                return [places.draft("route", day, place, actor, note, payload, precision)]

            written = self._recorder.append(conn, row, day, make, label, (), _refused(label))
            warnings = places.date_warnings(place, day, precision)
            return Change(
                label, row.stage, written.seqs, day, "route", warnings=warnings,
                date_precision=precision, stage_label=self._lookup.stage_label(row, row.stage),
                version=written_version(row),
            )  # fmt: skip

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

            def make(state: ProposalState) -> list[Event]:
                payload = {"from": state.proposer, "to": proposer}
                return [places.draft("proposer", day, NOWHERE, actor, note, payload, precision)]

            written = self._recorder.append(conn, row, day, make, label, (), _refused(label))
            return Change(label, row.stage, written.seqs, day, "proposer",
                          stage_label=self._lookup.stage_label(row, row.stage),
                          version=written_version(row))  # fmt: skip

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
        scope_closes: str | dt.date | None = None,
        dcc_scope_closes: str | dt.date | None = None,
    ) -> Change:
        """Target a proposal at a release, or mark it approved, implemented or withdrawn there.

        A proposal may be in several releases (implemented in parts); the release is created on
        first use. A target that moves names the release it moves from (``moved_from``), which
        is then *re-targeted*, not withdrawn. Only an approved proposal can be implemented.
        ``scope_closes`` and ``dcc_scope_closes`` give the release the days its scope and its
        DCC-impacting scope are fixed (release data, as ``set_release_scope``: not part of the
        proposal's record).
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
            tables.release_id(conn, release, when)  # the release exists, with its date
            if scope_closes is not None or dcc_scope_closes is not None:
                set_scope(conn, release, scope_closes, dcc_scope_closes)
            payload = {"release": release, "status": status}
            if when is not None:
                payload["release_date"] = when.isoformat()
            if moved_from is not None:
                payload["moved_from"] = moved_from
            draft = places.draft("release", day, place, actor, note, payload, precision)
            written = self._recorder.append(
                conn, row, day, lambda _: [draft], label, ("release",), _refused(label)
            )
            warnings = places.date_warnings(place, day, precision)
            return Change(label, row.stage, written.seqs, day, "release", warnings=warnings,
                          stage_label=self._lookup.stage_label(row, row.stage),
                          version=written_version(row))  # fmt: skip


def _refused(label: str) -> Refused:
    def refused(e: Event, state: ProposalState, verdict: Verdict) -> TransitionNotAllowed:
        return verdict.error(f"Cannot record the {e.kind} of {label}")

    return refused
