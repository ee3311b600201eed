"""What a calendar needs besides the due items and the meetings: the database's identity (the
``database_id`` setting of migration 0015), each deadline's stable key and what falls due at
its end, and each meeting's row (a planned meeting's code changes when it gets its number).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from govflow.records.lookup import Lookup
from govflow.store import calendar_rows
from govflow.store.session import Connection, Store
from govflow.store.tables import meeting_code
from govflow.workflow.definition import Workflow

UNSAFE = re.compile(r"[^A-Za-z0-9_.-]")  # what a calendar UID's parts may hold as they are


@dataclass(frozen=True)
class Window:
    """A deadline as a calendar names it."""

    key: str  # stable: SEC-960-milestone-refinement_consultation_opened-7
    falls_due: str  # Refinement Consultation closed
    opened_by: str  # Refinement Consultation opened
    title: str  # the proposal's


@dataclass(frozen=True)
class Facts:
    identity: str  # the database's
    windows: dict[int, Window]  # by deadline id
    meetings: dict[str, int]  # meeting code -> its row's id


def falls_due(wf: Workflow, kind: str, name: str, label: str) -> str:
    """What falls due at the end of a window: its own label, else the first milestone that
    closes it, else the label of what opened it and "window ends"."""
    spec = wf.state(name) if kind == "stage" else wf.milestone(name)
    window = spec.deadline if spec is not None else None
    if window is None:
        return label
    if window.label:
        return window.label
    closers = (wf.milestone(c) for c in window.closed_by)
    return next((m.label for m in closers if m is not None), f"{label}: window ends")


def _identity(conn: Connection) -> str:
    found = calendar_rows.database_id(conn)
    return UNSAFE.sub("_", found) if found else "govflow"


def _windows(conn: Connection, lookup: Lookup, ids: Sequence[int]) -> dict[int, Window]:
    found = {}
    for r in calendar_rows.windows(conn, ids):
        wf = lookup.registry.get(r.workflow, r.workflow_version)
        key = f"{r.scheme}-{r.number}{r.alternative}-{r.kind}-{r.name}-{r.opened_seq}"
        found[r.id] = Window(key, falls_due(wf, r.kind, r.name, r.label), r.label, r.title)
    return found


def _meetings(conn: Connection) -> dict[str, int]:
    return {meeting_code(r.code, r.number, r.date): r.id for r in calendar_rows.meetings(conn)}


def read_facts(store: Store, lookup: Lookup, deadlines: Sequence[int]) -> Facts:
    """The facts for a calendar of these deadlines (by id), in one read."""
    with store.read() as conn:
        return Facts(_identity(conn), _windows(conn, lookup, deadlines), _meetings(conn))
