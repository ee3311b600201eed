"""Reads users wait on, on the raw DBAPI cursor: one proposal's history, a meeting's place, a
proposal's open deadlines and releases (the register pages with :mod:`govflow.store.paging`).
Rows come back as plain tuples keyed by the column names below; the dialect adapter
of :mod:`govflow.store.writes` turns stored text into dates, timestamps and JSON.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Iterable, Mapping, Sequence
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Connection

from govflow.dates import is_precision
from govflow.model import Deadline, Event
from govflow.store import schema
from govflow.store.tables import meeting_code
from govflow.store.writes import Dialect, statement_cursor

#: An event's own columns (from the table; not its id or its place's ids), then its place's.
_OWN = tuple(c.name for c in schema.event.columns if c.name not in ("id", "meeting_id", "item_id"))
_PLACE = (("c.code", "committee_code"), ("m.number", "meeting_number"), ("i.number", "item_number"),
          ("i.title", "item_title"), ("m.date", "meeting_date"))  # fmt: skip
_EVENT = ", ".join([*(f"e.{c}" for c in _OWN), *(sql for sql, _ in _PLACE)]).replace(
    "e.trigger", 'e."trigger"'
)
EVENT_FIELDS = (*_OWN, *(name for _, name in _PLACE))
_PLACES = (
    "LEFT JOIN meeting m ON m.id = e.meeting_id "
    "LEFT JOIN committee c ON c.id = m.committee_id "
    "LEFT JOIN agenda_item i ON i.id = e.item_id"
)


#: What a history reads of each event, in the order :func:`_event` takes it: the row's columns
#: an :class:`Event` holds (every one but the row ids: ``tests/test_schema_generated.py``), then
#: its place's.
_READ = (
    "seq", "kind", "trigger", "milestone", "from_stage", "to_stage", "occurred_on", "until",
    "recorded_at", "body", "actor", "note", "payload", "corrects_seq", "prev_hash", "hash",
    "committee_code", "meeting_number", "item_number", "item_title", "meeting_date",
)  # fmt: skip
_HISTORY = ", ".join([*(f'e."{c}"' for c in _READ[:16]), *(sql for sql, _ in _PLACE)])


def event_of(r: Any) -> Event:
    """A stored event (a row or record with the names of ``EVENT_FIELDS``, its values decoded)
    as an :class:`Event`."""
    return _events([tuple(getattr(r, name) for name in _READ)], None)[0]


def history(conn: Connection, proposal_id: int) -> list[Event]:
    """A proposal's events as recorded, in recording order."""
    cursor, d = statement_cursor(conn)
    where = f"WHERE e.proposal_id = {d.marker} ORDER BY e.seq"
    sql = f"SELECT {_HISTORY} FROM event e {_PLACES} {where}"
    cursor.execute(sql, (proposal_id,))
    rows = cursor.fetchall()
    return _events(rows, d)


def _events(rows: Iterable[Sequence[Any]], d: Dialect | None) -> list[Event]:
    """An :class:`Event` of each row of ``_READ``: its dates, timestamp and payload read from
    the stored text when ``d`` says how (a driver that parses them passes them through); in
    one loop (a call a row cost more than some of its fields).

    It is built without the frozen dataclass's ``__init__`` (which sets each field through
    ``object.__setattr__``: it cost more than reading the row), as :func:`govflow.model.built`
    builds one, inlined (a call an event was a sixth of the loop's instructions). Its
    ``__dict__`` holds only the values a row gives that are not their field's default: a field
    left out reads its default from the class (a dataclass keeps each plain default there), as
    every reader of an event asks it (``getattr``, ``==``, ``replace``, ``fields``). Filling a
    dict costs by the key; most events have no trigger, no stages, no meeting and no
    correction."""
    found: list[Event] = []
    add, new, give = found.append, object.__new__, object.__setattr__  # built(), inlined
    iso_date, iso_time = _iso_date, _iso_time
    for row in rows:
        (seq, kind, trigger, milestone, from_stage, to_stage, occurred_on, until, recorded, body,
         actor, note, payload, corrects_seq, prev_hash, hash_, committee, meeting_number,
         item_number, item_title, meeting_date) = row  # fmt: skip
        if d is None:
            payload = dict(payload or {})
        else:
            if isinstance(occurred_on, str):
                occurred_on = iso_date(occurred_on)
            else:
                occurred_on = _date(occurred_on, d)
            payload = {} if payload == "{}" else d.from_db("payload", payload)
            if type(payload) is not dict:  # a fresh dict from the text or the driver: kept
                payload = dict(payload or {})
        if isinstance(recorded, str):  # SQLite's text: UTC to the second or microsecond, no offset
            plain = len(recorded) == 19 or (len(recorded) == 26 and recorded[19] == ".")
            recorded = iso_time(recorded + "+00:00") if plain else _timestamp(recorded)
        elif recorded is not None and recorded.tzinfo is None:
            recorded = recorded.replace(tzinfo=dt.UTC)
        values = {
            "seq": seq, "kind": kind, "occurred_on": occurred_on, "recorded_at": recorded,
            "actor": actor, "note": note, "payload": payload, "prev_hash": prev_hash, "hash": hash_,
        }  # fmt: skip
        if trigger is not None:
            values["trigger"] = trigger
        if milestone is not None:
            values["milestone"] = milestone
        if from_stage is not None:
            values["from_stage"] = from_stage
        if to_stage is not None:
            values["to_stage"] = to_stage
        if until is not None:
            values["until"] = until if d is None else _date(until, d)
        if body is not None:
            values["body"] = body
        if corrects_seq is not None:
            values["corrects_seq"] = corrects_seq
        if committee is not None or item_number is not None or item_title is not None:
            values["committee"], values["item"], values["item_title"] = (
                committee, item_number, item_title
            )  # fmt: skip
            if committee:
                values["meeting"] = meeting_code(committee, meeting_number, meeting_date)
        if payload and "date_precision" in payload:
            precision = payload["date_precision"]
            values["date_precision"] = precision if is_precision(precision) else "day"
        if kind == "implied":
            values["implied"] = True
        event = new(Event)
        give(event, "__dict__", values)
        add(event)
    return found


def _date(value: Any, d: Dialect) -> Any:
    return dt.date.fromisoformat(value) if isinstance(value, str) else d.from_db("until", value)


def _timestamp(text: str) -> dt.datetime:
    """A stored timestamp (UTC; SQLite stores it as text without an offset) as an aware one."""
    if "+" in text[19:] or "-" in text[19:] or text.endswith("Z"):
        return dt.datetime.fromisoformat(text)
    return dt.datetime.fromisoformat(text + "+00:00")  # a third of the time of .replace


_iso_date, _iso_time = dt.date.fromisoformat, dt.datetime.fromisoformat


@functools.cache
def _place_sql(marker: str) -> str:
    """The statement of :func:`place` with the dialect's parameter ``marker`` (built once)."""
    return (
        "SELECT m.id, m.date, m.committee_id, i.id, i.title "
        "FROM committee c JOIN meeting m ON m.committee_id = c.id "
        f"LEFT JOIN agenda_item i ON i.meeting_id = m.id AND i.number = {marker} "
        f"WHERE c.code = {marker} AND m.number = {marker}"
    )


def place(
    conn: Connection, committee: str, number: int, item: str | None
) -> tuple[SimpleNamespace, SimpleNamespace | None] | None:
    """A meeting (and one of its items) in one statement: every advance at a meeting asks.

    None when the committee, the meeting or the item asked for is not there (the caller then
    looks again the slow way, to say which and what there is instead). The meeting's and the
    item's numbers are the ones asked for (the statement matches them exactly), not read: each
    column read costs a write some 2,000 instructions.
    """
    cursor, d = statement_cursor(conn)
    cursor.execute(_place_sql(d.marker), (item or "", committee, number))
    found = cursor.fetchone()
    if found is None or (item is not None and found[3] is None):
        return None
    meeting_id, day, committee_id, item_id, title = found
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    meeting = SimpleNamespace(id=meeting_id, date=day, number=number, committee_id=committee_id)
    agenda = None if item is None else SimpleNamespace(id=item_id, number=item, title=title)
    return meeting, agenda


DEADLINE_COLUMNS = tuple(c.name for c in schema.deadline.columns if c.name != "proposal_id")
_DEADLINE_DATES = ("opened_on", "due_on", "closed_on")
_DEADLINE_JSON = ("calendar", "closed_by")


def deadline_of(values: Mapping[str, Any], decode: Any = None) -> Deadline:
    """A stored deadline (its columns by name; ``decode`` the dialect's, for raw rows)."""
    found = {c: values[c] for c in DEADLINE_COLUMNS}
    if decode is not None:
        for column in _DEADLINE_DATES:
            found[column] = decode("until", found[column])  # a date, like until
        for column in _DEADLINE_JSON:
            found[column] = decode("flags", found[column])  # JSON, like flags
    found["closed_by"] = tuple(found["closed_by"] or ())
    found["first_day_counts"] = bool(found["first_day_counts"])
    found["calendar"] = dict(found["calendar"] or {})
    return Deadline(**found)


@functools.cache
def _open_deadlines_sql(marker: str, packed: bool) -> str:
    """The statement of :func:`open_deadlines` with the dialect's parameter ``marker``; its
    columns ``packed`` into one JSON array (SQLite's ``json_array``) or not."""
    columns = ", ".join(DEADLINE_COLUMNS)
    return (
        f"SELECT {f'json_array({columns})' if packed else columns} FROM deadline "
        f"WHERE proposal_id = {marker} AND status = 'open' ORDER BY id"
    )


def open_deadlines(conn: Connection, proposal_id: int) -> list[Deadline]:
    """A proposal's open deadlines: a move that may close one, or that a lapsing window may
    refuse, asks for them.

    On SQLite the columns come packed into one JSON array a row: the driver describes each
    column of a statement at every run (a name and a 7-tuple, and the thread's lock handed over
    a column), which cost an advance more than the statement when, as most of the time, no
    window is open; the array gives each column's stored value as the driver does (text, whole
    numbers, NULL: a deadline holds nothing else; its JSON columns stay text to decode)."""
    cursor, d = statement_cursor(conn)
    return _open_deadlines(cursor, d, proposal_id, d.name == "sqlite")


def _open_deadlines(cursor: Any, d: Dialect, proposal_id: int, packed: bool) -> list[Deadline]:
    cursor.execute(_open_deadlines_sql(d.marker, packed), (proposal_id,))
    rows = cursor.fetchall()
    if packed:
        rows = [_loads(text) for (text,) in rows]
    return [deadline_of(dict(zip(DEADLINE_COLUMNS, r, strict=True)), d.from_db) for r in rows]


_loads = json.loads


def releases(conn: Connection, proposal_id: int) -> dict[str, tuple[str, str | None]]:
    """The releases a proposal is linked to: name -> (status, the release's date in ISO form, as
    a replay holds it), in the order the links were made."""
    cursor, d = statement_cursor(conn)
    cursor.execute(
        "SELECT r.name, lp.status, r.date FROM release r "
        "JOIN release_proposal lp ON lp.release_id = r.id "
        f"WHERE lp.proposal_id = {d.marker} ORDER BY lp.id",
        (proposal_id,),
    )
    rows = cursor.fetchall()
    return {name: (status, _iso(day)) for name, status, day in rows}


def _iso(day: str | dt.date | None) -> str | None:
    """A date as SQLite gives it (text) or PostgreSQL's driver does (a date), in ISO form."""
    return day if day is None or isinstance(day, str) else day.isoformat()
