"""The statements every write runs, on the DBAPI cursor of the current transaction.

Reading a proposal, its versioned update and the event inserts are what advancing a proposal
costs; through SQLAlchemy's expression layer they cost several times the database's own work, so
they are written here once per dialect (SQLite and PostgreSQL) and run on the raw cursor of the
connection SQLAlchemy opened, inside its transaction. Values are adapted to what SQLAlchemy
itself would store, so both paths read each other's rows.

Every event insert also appends its entries to the database-wide log (``ledger``) in the same
transaction (:mod:`govflow.store.log_entries`: the log's head read, then one entry per event).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import json.encoder
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import is_, itemgetter
from typing import Any

from sqlalchemy import Connection, Date, DateTime, Engine, Table

from govflow.days import to_microseconds
from govflow.model import built
from govflow.store import schema
from govflow.store.cursors import HELD
from govflow.store.cursors import raw_cursor as raw_cursor  # its home is cursors; read here too
from govflow.store.hashing import day_text
from govflow.store.log_entries import append_entries
from govflow.store.proposal_read import by_reference_sql, read, read_whole
from govflow.store.rows import ProposalRecord
from govflow.store.types import PortableJSON


def _name(column: Any) -> str:
    """A column's name as plain interned text: a dict keyed by SQLAlchemy's ``quoted_name`` (a
    ``str`` subclass) takes the general look-up (a row read or written, at every key)."""
    return sys.intern(str(column.name))


def _names(table: Table, *leave_out: str) -> tuple[str, ...]:
    return tuple(_name(c) for c in table.columns if c.name not in leave_out)


def _typed(kind: type[Any], *tables: Table) -> frozenset[str]:
    return frozenset(_name(c) for t in tables for c in t.columns if isinstance(c.type, kind))


# Every column list comes from the tables, which are generated from the SQLModel classes of
# models.py (the schema's one source; tests/test_schema_generated.py holds them together).
PROPOSAL_COLUMNS = _names(schema.proposal)
EVENT_COLUMNS = _names(schema.event, "id")
LOG_COLUMNS = _names(schema.ledger)
_JSON_COLUMNS = _typed(PortableJSON, schema.proposal, schema.event)
_DATE_COLUMNS = _typed(Date, schema.proposal, schema.event) - _typed(DateTime, schema.event)
_UPDATABLE = frozenset({
    "stage", "prefix", "path", "flags", "milestones", "proposer", "title", "amended",
    "head_occurred_on", "raised_on", "outcomes",
})  # fmt: skip


@dataclass(frozen=True)
class ProposalRow:
    """A proposal as read for a write (the same attribute names as the table's columns)."""

    id: int
    scheme: str
    number: int
    alternative: str
    prefix: str
    title: str
    proposer: str | None
    workflow: str
    workflow_version: int
    stage: str
    path: str | None
    flags: list[str]
    milestones: list[str]
    raised_on: dt.date
    head_seq: int
    head_hash: str
    head_occurred_on: dt.date
    amended: bool
    outcomes: dict[str, Any]
    version: int


_ENCODER = json.JSONEncoder(separators=(",", ":"), check_circular=False)
_MAKE_ENCODER = getattr(json.encoder, "c_make_encoder", None)
_CHUNKS = None
if _MAKE_ENCODER is not None:  # markers None: no check for a structure that holds itself
    _CHUNKS = _MAKE_ENCODER(
        None, _ENCODER.default, json.encoder.encode_basestring_ascii, None, ":", ",", False,
        False, True,
    )  # fmt: skip


def _compact(value: Any) -> str:
    """``json.dumps(value, separators=(",", ":"))`` (a structure that holds itself excepted:
    not checked for), by json's C encoder made once: ``JSONEncoder.encode`` makes one at
    every call, and the stored JSON of every event and row is written here."""
    if _CHUNKS is None or isinstance(value, str):
        return _ENCODER.encode(value)
    return "".join(_CHUNKS(value, 0))


def _stamp_text(value: dt.datetime | str) -> str:
    """A timestamp as SQLAlchemy stores it in SQLite (text is that already: `stored_stamp`)."""
    if type(value) is str:
        return value
    return to_microseconds(value, " ")  # type: ignore[arg-type]


def stored_stamp(conn: Connection, value: dt.datetime, hashed: str) -> dt.datetime | str:
    """What an event row stores for ``value``, a naive time whose hashed text is ``hashed``
    (``YYYY-MM-DDTHH:MM:SS.ffffffZ``): in SQLite that text with a space for the ``T`` and no
    ``Z`` (what :func:`_stamp_text` writes, without formatting the time a second time); the
    time itself for PostgreSQL's driver."""
    if dialect_of(conn).name == "sqlite":
        return hashed[:-1].replace("T", " ")
    return value


def _encode(column: str, value: Any) -> Any:
    """A value as SQLAlchemy stores it in SQLite: JSON, dates and timestamps as text."""
    if value is None:
        return None
    if column in _JSON_COLUMNS:
        return _compact(value)
    if column in _DATE_COLUMNS:
        return day_text(value)
    if column == "recorded_at":
        return _stamp_text(value)
    return value


def _encode_json_only(column: str, value: Any) -> Any:
    """A value for psycopg, which adapts dates itself: only JSON is sent as text."""
    if value is not None and column in _JSON_COLUMNS:
        return _compact(value)
    return value


def _decode(column: str, value: Any) -> Any:
    """A value read back: text JSON and dates parsed (drivers that parse them pass through)."""
    if value is None:
        return None
    if column in _JSON_COLUMNS and isinstance(value, str):
        return json.loads(value)
    if column in _DATE_COLUMNS and isinstance(value, str):
        return dt.date.fromisoformat(value)
    if column == "amended":  # SQLite gives 0 or 1
        return bool(value)
    return value


@dataclass(frozen=True, eq=False)
class Dialect:
    """SQL text and value adaptation for one DBAPI: its parameter markers and converters. One
    instance per DBAPI (:data:`_DIALECTS`), so it hashes by identity: the statements built for
    it are cached by it, and hashing its fields (functions among them) cost a write more than
    the lookup saved."""

    marker: str
    json_marker: str
    to_db: Callable[[str, Any], Any]
    from_db: Callable[[str, Any], Any]
    converted: frozenset[str]  # the columns ``to_db`` changes (others pass as they are)
    name: str = ""  # SQLAlchemy's name for the dialect

    def placeholder(self, column: str) -> str:
        return self.json_marker if column in _JSON_COLUMNS else self.marker


_DIALECTS: dict[str, Dialect] = {
    "sqlite": Dialect("?", "?", to_db=_encode, from_db=_decode, name="sqlite",
                      converted=frozenset({*_JSON_COLUMNS, *_DATE_COLUMNS, "recorded_at"})),
    "postgresql": Dialect("%s", "CAST(%s AS JSONB)", to_db=_encode_json_only, from_db=_decode,
                          converted=frozenset(_JSON_COLUMNS), name="postgresql"),
}  # fmt: skip


def dialect_of(conn: Connection | Engine) -> Dialect:
    """The statements' dialect of ``conn`` (or of an engine's connections: the same)."""
    return _DIALECTS[conn.dialect.name]


def statement_cursor(conn: Connection) -> tuple[Any, Dialect]:
    """The cursor a statement in ``conn`` runs on, and ``conn``'s dialect: the write's own
    cursor when ``conn`` is this thread's write (:mod:`govflow.store.cursors`: its users fetch
    what they read and leave it open), else a new one (closed when its user drops it)."""
    held = HELD.get(conn)
    return (raw_cursor(conn), dialect_of(conn)) if held is None else held


@functools.cache
def _select_sql(d: Dialect, schemes: int) -> str:
    """The proposal SELECT for ``schemes`` reference schemes in ``d``'s style (built once)."""
    marks = ", ".join(d.marker for _ in range(schemes))
    return (
        f"SELECT {', '.join(PROPOSAL_COLUMNS)} FROM proposal WHERE scheme IN ({marks}) "
        f"AND number = {d.marker} AND alternative = {d.marker}"
    )


#: The proposal's JSON columns and its date columns, which a driver may give as stored text.
_PROPOSAL_JSON = tuple(c for c in PROPOSAL_COLUMNS if c in _JSON_COLUMNS)
_PROPOSAL_DATES = tuple(c for c in PROPOSAL_COLUMNS if c in _DATE_COLUMNS)


def read_proposal(
    conn: Connection, schemes: Sequence[str], number: int, alternative: str
) -> ProposalRecord | None:
    """The proposal a write reads by its reference (:mod:`govflow.store.proposal_read`): by one
    scheme, a number and an alternative without reading those three back; two schemes, or a
    number or alternative of another type, by the whole row."""
    cursor, d = statement_cursor(conn)
    if len(schemes) == 1 and type(number) is int and type(alternative) is str:
        scheme = schemes[0]  # the columns matched exactly are the values asked for
        if type(scheme) is str:
            cursor.execute(by_reference_sql(d.marker), (scheme, number, alternative))
            found = cursor.fetchone()
            return None if found is None else read(found, scheme, number, alternative)
    cursor.execute(_select_sql(d, len(schemes)), (*schemes, number, alternative))
    found = cursor.fetchone()
    return None if found is None else read_whole(found)


def read_proposal_by_id(conn: Connection, proposal_id: int) -> ProposalRow | None:
    cursor, d = statement_cursor(conn)
    cursor.execute(
        f"SELECT {', '.join(PROPOSAL_COLUMNS)} FROM proposal WHERE id = {d.marker}", (proposal_id,)
    )
    found = cursor.fetchone()
    return None if found is None else _proposal_row(d, found)


def _proposal_row(d: Dialect, found: Sequence[Any]) -> ProposalRow:
    """The row read, its stored text decoded as :func:`_decode` does (the JSON most rows hold,
    ``[]`` and ``{}``, without the decoder: each value new, as ``json.loads`` gives it), made
    without the frozen dataclass's ``__init__`` (which sets each of its twenty fields through
    ``object.__setattr__``: it cost as much as the statement); ``tests/test_schema_generated.py``
    holds the fields to the table's columns. Decoded in line, not column by column through a
    function: an advance reads one row, and the calls cost more than the decoding."""
    return _decoded(dict(zip(PROPOSAL_COLUMNS, found)))  # noqa: B905 - the SELECT names these


def _decoded(values: dict[str, Any]) -> ProposalRow:
    """:func:`_proposal_row` of the row's ``values`` by column, in the table's order."""
    for column in _PROPOSAL_JSON:
        value = values[column]
        if isinstance(value, str):  # SQLite's text (psycopg gives it parsed)
            values[column] = [] if value == "[]" else {} if value == "{}" else json.loads(value)
    for column in _PROPOSAL_DATES:
        value = values[column]
        if isinstance(value, str):
            values[column] = _iso_date(value)
    if values["amended"] is not None:  # SQLite gives 0 or 1
        values["amended"] = bool(values["amended"])
    return built(ProposalRow, values)


_iso_date = dt.date.fromisoformat


@functools.lru_cache(maxsize=256)  # the sets of columns written are few
def _update_sql(d: Dialect, columns: tuple[str, ...]) -> str:
    """The versioned UPDATE of ``columns`` in ``d``'s style (built once per set of columns)."""
    assignments = ", ".join(f"{c} = {d.placeholder(c)}" for c in columns)
    return f"UPDATE proposal SET {assignments} WHERE id = {d.marker} AND version = {d.marker}"


#: The columns every versioned UPDATE sets first: the chain's new head and the next version.
_HEAD_COLUMNS = ("head_seq", "head_hash", "head_occurred_on", "version")


def update_proposal(
    conn: Connection, row: ProposalRecord, head: Any, changes: dict[str, Any]
) -> int:
    """The versioned UPDATE of the :data:`_HEAD_COLUMNS`, then ``changes`` (a new
    ``head_occurred_on`` in its place); returns the number of rows changed (0 when stale)."""
    if not _UPDATABLE.issuperset(changes):
        raise ValueError(f"not updatable here: {sorted(set(changes) - _UPDATABLE)}")
    cursor, d = statement_cursor(conn)
    converted = d.converted
    day = head.occurred_on
    if "head_occurred_on" in changes:  # a history rewritten: the latest date the replay saw
        changes = dict(changes)
        day = changes.pop("head_occurred_on")
    params = [head.seq, head.hash, d.to_db("head_occurred_on", day), row.version + 1]
    if changes:
        to_db = d.to_db
        params += [to_db(c, v) if c in converted else v for c, v in changes.items()]
    params += (row.id, row.version)
    cursor.execute(_update_sql(d, (*_HEAD_COLUMNS, *changes)), params)
    return int(cursor.rowcount)


@functools.cache
def _insert_sql(d: Dialect) -> tuple[str, str]:
    """The event INSERT and the log INSERT in ``d``'s parameter style (built once)."""
    log_marks = ", ".join(d.marker for _ in LOG_COLUMNS)
    return (
        _event_sql_with_nulls(d, ()),
        f"INSERT INTO ledger ({', '.join(LOG_COLUMNS)}) VALUES ({log_marks})",
    )


@functools.cache
def _event_encoders(d: Dialect) -> tuple[tuple[int, Callable[[Any], Any]], ...]:
    """Where in an event row each column that ``d.to_db`` changes stands, with what it does to a
    value that is not None, chosen once: a bulk import encodes every event (the other columns
    pass as they are)."""
    text = d.to_db is _encode  # SQLite's driver is given dates and timestamps as text
    found: dict[str, Callable[[Any], Any]] = dict.fromkeys(_JSON_COLUMNS, _compact)
    if text:
        found |= dict.fromkeys(_DATE_COLUMNS, day_text)
        found["recorded_at"] = _stamp_text
    return tuple((i, found[c]) for i, c in enumerate(EVENT_COLUMNS) if c in found)


#: An event's row values from a record that holds every column (what a write prepares).
_EVERY_COLUMN = itemgetter(*EVENT_COLUMNS)
#: As many Nones as an event has columns: which of a row's values are None, in one C call.
_NONES = (None,) * len(EVENT_COLUMNS)


def _event_row(e: dict[str, Any], encoders: tuple[tuple[int, Callable[[Any], Any]], ...]) -> Any:
    """The values of an event's row, in :data:`EVENT_COLUMNS` order, encoded for the driver (a
    column the record leaves out is None)."""
    try:  # one C call, not a look-up each (a dict's: a mapping of its own answers .get)
        row = [*_EVERY_COLUMN(e)] if type(e) is dict else [*map(e.get, EVENT_COLUMNS)]
    except KeyError:
        row = [*map(e.get, EVENT_COLUMNS)]
    for i, encode in encoders:
        if row[i] is not None:
            row[i] = encode(row[i])
    return row


@functools.lru_cache(maxsize=64)  # the sets of columns an event leaves empty are few
def _event_sql_for(d: Dialect, empty: tuple[bool, ...]) -> str:
    """:func:`_event_sql_with_nulls` for the columns whose place in ``empty`` is True."""
    return _event_sql_with_nulls(d, tuple(i for i, none in enumerate(empty) if none))


@functools.lru_cache(maxsize=64)  # the sets of columns an event leaves empty are few
def _event_sql_with_nulls(d: Dialect, nulls: tuple[int, ...]) -> str:
    """The event INSERT with ``NULL`` written for the columns at ``nulls`` (their positions in
    :data:`EVENT_COLUMNS`), so that only the others are bound: SQLite's driver binds None
    only after asking the value's type for an adapter (two attribute lookups that fail, each
    raising and clearing an AttributeError), which cost more than the rest of binding the
    event."""
    marks = ", ".join(
        "NULL" if i in nulls else d.placeholder(c) for i, c in enumerate(EVENT_COLUMNS)
    )
    columns = ", ".join(f'"{c}"' if c == "trigger" else c for c in EVENT_COLUMNS)
    return f"INSERT INTO event ({columns}) VALUES ({marks})"


def insert_events(conn: Connection, events: Sequence[dict[str, Any]]) -> None:
    """Insert ``events`` (each also carrying its ``proposal`` key) and their log entries."""
    cursor, d = statement_cursor(conn)
    event_sql, log_sql = _insert_sql(d)
    encoders = _event_encoders(d)
    if len(events) == 1:  # an advance's one event: no batch to step through
        row = _event_row(events[0], encoders)
        empty = tuple(map(is_, row, _NONES))
        cursor.execute(_event_sql_for(d, empty), [v for v in row if v is not None])
    else:
        cursor.executemany(event_sql, [_event_row(e, encoders) for e in events])
    append_entries(cursor, d.name == "postgresql", log_sql, events)
