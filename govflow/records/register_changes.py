"""The register's changes as of a day: the route, release, proposer and relabel events and the
votes of the proposals read with SQL (:mod:`govflow.records.register`), a page's or the whole
register's at once."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from govflow.store import derived_rows, paging
from govflow.store.session import Connection
from govflow.views import ReleaseLink
from govflow.workflow.definition import route_name


class Changes:
    """Route, release, proposer and relabel events up to a day, for the proposals that have any
    (the others: as they are now, and as they always were)."""

    def __init__(self) -> None:
        self.paths: dict[int, str | None] = {}
        self.releases: dict[int, list[ReleaseLink]] = {}
        self.proposers: dict[int, str | None] = {}
        self.names: dict[int, str] = {}
        self.votes: dict[int, dict[str, Any]] = {}  # the latest vote on or before the day
        self.touched: set[int] = set()  # the proposals with any of these events (a superset)


class Dates:
    """The releases' dates, read once a page needs one (most pages link no release)."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._found: dict[str, dt.date | None] | None = None

    def get(self, name: str) -> dt.date | None:
        if self._found is None:
            self._found = derived_rows.release_dates(self._conn)
        return self._found.get(name)


def changes_on(conn: Connection, day: dt.date, ids: list[int] | None, dates: Dates,
                votes: Sequence[str]) -> Changes:  # fmt: skip
    """Of the proposals ``ids`` (None: of all): each of these events names the value before it
    too, so a change after ``day`` still says the value on ``day``; and the latest vote by then
    (milestones ``votes``; these proposals' events are in date order)."""
    found = Changes()
    events = paging.register_changes(conn, ids, votes)
    if not events:  # most pages: none
        return found
    settled: set[tuple[str, int]] = set()
    states: dict[int, dict[str, str]] = defaultdict(dict)
    for pid, kind, occurred_on, payload in events:
        found.touched.add(pid)
        payload, past = payload or {}, occurred_on <= day
        if kind == "milestone":  # a vote (the latest by the day wins)
            if past and isinstance(vote := payload.get("vote"), dict) and vote.get("outcome"):
                found.votes[pid] = vote
            continue
        if kind == "release":
            if past:
                states[pid][payload["release"]] = payload["status"]
                if payload.get("moved_from"):
                    states[pid][payload["moved_from"]] = "retargeted"
            continue
        targets: dict[str, dict[int, Any]] = {
            "route": found.paths,
            "proposer": found.proposers,
            "relabel": found.names,
        }
        target = targets[kind]
        before, after = _values(kind, payload)
        if past:
            target[pid] = after
            settled.add((kind, pid))
        elif (kind, pid) not in settled:
            target[pid] = before
            settled.add((kind, pid))
    found.releases = {
        pid: [ReleaseLink(name, dates.get(name), status) for name, status in found_.items()]
        for pid, found_ in states.items()
    }
    return found


def _values(kind: str, payload: dict[str, Any]) -> tuple[Any, Any]:
    """The value before and after a route, proposer or relabel event."""
    if kind == "route":
        return route_name(payload["path"]["from"]), route_name(payload["path"]["to"])
    return payload.get("from"), payload.get("to")
