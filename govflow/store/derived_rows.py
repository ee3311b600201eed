"""Every proposal's derived rows read at once, as they are stored, for ``verify`` to compare with
what the events make of them (:mod:`govflow.records.verify_rows`): deadlines, release links,
aliases, the releases' dates and the closures ever recorded.

A JSON column is read as its text and decoded here: a value that is not the JSON it should be
(edited outside govflow) comes back as the text it holds (:class:`Damaged`), so that it is
reported as a difference rather than failing the read.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections import defaultdict
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Column, ColumnElement, Connection, Result, Text, cast, select

from govflow.model import Deadline, Event
from govflow.store import reads, schema, tables
from govflow.store.rows import Damaged, StoredProposal
from govflow.store.types import PortableJSON


def decoded(value: Any, shape: type = object) -> Any:
    """A JSON column's value read as text (:func:`as_text`): the JSON it holds, or
    :class:`Damaged` when it is not JSON of ``shape`` (``dict``, ``list``)."""
    if value is None or not isinstance(value, str):
        return value
    try:
        found = json.loads(value)
    except ValueError:
        return Damaged(value)
    return found if isinstance(found, shape) else Damaged(value)


def as_text(column: Column[Any]) -> ColumnElement[Any]:
    """``column``, its JSON read as text (decoded by :func:`decoded`)."""
    if isinstance(column.type, PortableJSON):
        return cast(column, Text).label(column.name)
    return column


def proposals(conn: Connection) -> dict[int, StoredProposal]:
    """Every proposal row, by id, its JSON columns decoded (a damaged one as :class:`Damaged`)."""
    t = tables.proposal_t
    found = {}
    for row in conn.execute(select(*(as_text(c) for c in t.columns))):
        values = row._asdict()
        for name, shape in (("flags", list), ("milestones", list), ("outcomes", dict)):
            values[name] = decoded(values[name], shape)
        found[row.id] = StoredProposal(**values)
    return found


def histories(conn: Connection) -> Iterator[tuple[int, list[Event]]]:
    """Every proposal's events, as recorded, by proposal id: each event's place with it, a
    payload that is not JSON of an object kept as its text in a payload of its own (which no
    hash matches). The statement runs at once; its rows are read as the histories are."""
    e = tables.event_t
    base = tables.events_with_places()
    columns = [as_text(e.c.payload) if c.name == "payload" else c for c in base.selected_columns]
    query = base.with_only_columns(*columns).order_by(e.c.proposal_id, e.c.seq)
    return _grouped(conn.execute(query))


def _grouped(result: Result[Any]) -> Iterator[tuple[int, list[Event]]]:
    for proposal_id, group in itertools.groupby(result, key=lambda event: event.proposal_id):
        yield proposal_id, [reads.event_of(_readable(event._asdict())) for event in group]


def _readable(values: dict[str, Any]) -> SimpleNamespace:
    """An event row's values, the payload read as text: decoded, or (damaged) kept as text in a
    payload of its own."""
    payload = decoded(values["payload"], dict)
    if isinstance(payload, Damaged):
        payload = {"damaged payload": str(payload)}
    return SimpleNamespace(**{**values, "payload": payload})


def deadlines(conn: Connection) -> dict[int, list[Deadline | Damaged]]:
    """Every stored deadline, by proposal id (one whose JSON is damaged as :class:`Damaged`)."""
    d = tables.deadline_t
    found: dict[int, list[Deadline | Damaged]] = defaultdict(list)
    for row in conn.execute(select(*(as_text(c) for c in d.columns)).order_by(d.c.id)):
        values = row._asdict()
        calendar, closed_by = decoded(values["calendar"], dict), decoded(values["closed_by"], list)
        bad = next((v for v in (calendar, closed_by) if isinstance(v, Damaged)), None)
        if bad is not None:
            found[row.proposal_id].append(bad)
            continue
        del values["proposal_id"]
        values.update(calendar=calendar, closed_by=tuple(closed_by))
        found[row.proposal_id].append(Deadline(**values))
    return found


def release_links(conn: Connection) -> dict[int, dict[str, str]]:
    """Every proposal's release links: release name -> status, by proposal id."""
    r, lp = tables.release_t, tables.release_proposal_t
    found: dict[int, dict[str, str]] = defaultdict(dict)
    query = select(lp.c.proposal_id, r.c.name, lp.c.status).join(r, r.c.id == lp.c.release_id)
    for proposal_id, name, status in conn.execute(query):
        found[proposal_id][name] = status
    return found


def release_dates(conn: Connection) -> dict[str, dt.date | None]:
    return {name: day for name, day in conn.execute(select(tables.release_t.c.name,
                                                           tables.release_t.c.date))}  # fmt: skip


def aliases(conn: Connection) -> dict[int, set[str]]:
    """Every proposal's aliases (the spellings that find it), by proposal id."""
    a = tables.alias_t
    found: dict[int, set[str]] = defaultdict(set)
    for proposal_id, spelling in conn.execute(select(a.c.proposal_id, a.c.spelling)):
        found[proposal_id].add(spelling)
    return found


def closures(conn: Connection) -> list[tuple[dt.date, dt.date]]:
    """Every closure ever recorded (removed or not), as inclusive ranges."""
    c = schema.closure
    return [(start, end) for start, end in conn.execute(select(c.c.start, c.c.end))]
