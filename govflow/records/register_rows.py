"""The register's rows of the proposals read with SQL (:mod:`govflow.records.register`), from
the page statement's values: the web's first page builds fifty, the whole register thousands.

One loop: a row's view is made by :func:`govflow.model.built` (its ``__dict__`` set at
once, not through the frozen dataclass's ``__init__``), and what the rows
share is looked up once: a prefix's padding, a day's date (most rows of a page share both, so
each is compared with the row before it before it is looked up)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from govflow.dates import is_precision
from govflow.model import built
from govflow.records.event_views import moving_text, vote_text
from govflow.records.lookup import Lookup
from govflow.records.register_changes import Changes
from govflow.store.tables import meeting_code
from govflow.views import RegisterRow
from govflow.workflow.directions import decided_solution

#: The page statement's row (``store/paging.py: RegisterValues``' columns, in that order), as the
#: driver gives it.
Values = tuple[Any, ...]

#: The kinds of event that record a decision (a move with its direction and solution).
DECISIONS = ("transition", "override", "reached")


def decided(trigger: str | None, payload: dict[str, Any]) -> str | None:
    """The register's last decision: the move's trigger; a stage reached with the way between
    not on record names no move, only the direction it records (none: no decision)."""
    return trigger or payload.get("outcome")


#: A row's fields as most rows of a page have them (no decision, meeting, release, vote or later
#: move on record), in the view's order: each row is a copy with its own values set (a copy
#: and seven values set cost half a twenty-field dict made a row).
PLAIN: dict[str, Any] = {
    "reference": "", "title": "", "proposer": None, "workflow": "", "path": None, "stage": "",
    "stage_since": None, "last_decision": None, "last_decision_on": None, "last_meeting": None,
    "releases": (), "stage_since_precision": "day", "outcome": None, "solution": None,
    "solutions": (), "standing": (), "vote": None, "body_on_record": True, "decided_by": None,
    "moving": None,
}  # fmt: skip


def sql_rows(
    lookup: Lookup, plain: list[Values], on: dt.date, changes: Changes,
    later: dict[int, tuple[str | None, dt.date, str]],
) -> list[RegisterRow | None]:  # fmt: skip
    """The rows of the proposals ``plain`` as they stood on ``on``: ``changes`` apply to the
    proposals they touched (most have no route, release, proposer or relabel event and no
    vote); ``later``: the next moves known only as an interval."""
    touched, registry = changes.touched, lookup.registry
    decisions, copy = DECISIONS, PLAIN.copy
    days: dict[str, dt.date] = {}  # ISO text on SQLite: each day parsed once a page
    text: str | None = None  # the day of the row before, and its date
    date = on
    # the prefix of the row before (its workflow, version and prefix), and its padding
    code: str | None = None
    edition = width = 0
    letters = ""
    rows: list[RegisterRow | None] = []  # (None: none here, the caller's type)
    for (pid, kind, trigger, stage, day, committee, meeting_number, prefix, number,
         alternative, title, proposer, workflow, version, path, _, precision, _, payload,
         meeting_day, body, _, _, _) in plain:  # fmt: skip
        if day.__class__ is str:
            if day != text:
                text, date = day, days.get(day) or days.setdefault(day, dt.date.fromisoformat(day))
            day = date
        values = copy()
        name = None
        if pid in touched:
            name, vote = changes.names.get(pid), changes.votes.get(pid)
            proposer, path = changes.proposers.get(pid, proposer), changes.paths.get(pid, path)
            values["releases"] = tuple(changes.releases.get(pid, ()))
            if vote is not None:
                values["vote"] = vote_text(registry.get(workflow, version), vote)
        if name is None and not alternative:  # most: the reference is the padded number
            if prefix != letters or workflow != code or version != edition:
                code, edition, letters = workflow, version, prefix
                width = lookup.width(workflow, version, prefix)
            name = prefix + str(number).zfill(width)  # as format_reference pads, 3x faster
        elif name is None:
            name = lookup.written(workflow, version, prefix, number, alternative)
        values["reference"], values["title"], values["proposer"] = name, title, proposer
        values["workflow"], values["path"], values["stage"] = workflow, path, stage
        if kind in decisions:
            if isinstance(payload, str):  # JSON text on SQLite (a decision's payload only)
                payload = json.loads(payload) if payload != "{}" else {}
            payload = payload or {}
            values["outcome"] = payload.get("outcome")
            values["solution"] = decided_solution(name, payload)
            if last_decision := decided(trigger, payload):
                values["last_decision"], values["last_decision_on"] = last_decision, day
            elif last_decision is not None:  # an outcome written empty: no date, as before
                values["last_decision"] = last_decision
            # a move stores no body only when the record does not say who took it (in
            # recording order, as these proposals are, it is judged as when it was recorded)
            # or, once the route is on record by the day, the body the route gives (the same
            # whatever order the route and the move were recorded in)
            values["body_on_record"] = body is not None or path is not None
            values["decided_by"] = body if body is not None else registry.get(
                workflow, version).body_on_route(trigger, stage, path)  # fmt: skip
        if kind != "implied" and day is not None:  # an implied step's stage has no date
            values["stage_since"] = day
            if precision is not None and is_precision(precision):
                values["stage_since_precision"] = precision
        if committee and meeting_day is not None:  # a meeting has a date
            values["last_meeting"] = meeting_code(committee, meeting_number, meeting_day)
        if later and (moving := later.get(pid)) is not None:
            values["moving"] = moving_text(registry.get(workflow, version), on, *moving)
        rows.append(built(RegisterRow, values))
    return rows
