"""The audit export's statements, per DBAPI: the events of an export in reference order, its
totals, and what a proposal's chain run needs (see :mod:`govflow.records.audit`); the read
transaction they run in (:func:`snapshot`) and :class:`AuditReader`, which runs them on the raw
DBAPI cursor."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from govflow.errors import GovflowError, IntegrityError
from govflow.store.database import READ_ONLY
from govflow.store.writes import dialect_of, raw_cursor


@dataclass(frozen=True)
class Backend:
    """What differs between databases: text conversions done in SQL (cheaper there than per row
    in Python), decoding the payload, a streaming cursor, and a snapshot for the transaction."""

    stamp: str  # e.recorded_at as the hashed text
    day: str  # a date column as ISO text ({} is the column)
    decode: Callable[[Any], dict[str, Any]]
    cursor: Callable[[Any], Any]  # DBAPI connection -> a cursor that streams
    options: dict[str, Any]
    json_text: bool  # whether the payload comes as JSON text (else decoded by the driver)
    # A fetch of n rows takes n times this many: one from a server-side cursor is a round trip.
    fetch_scale: int = 1


_CURSORS = itertools.count(1)  # server-side cursors need names unique in their session
BACKENDS: dict[str, Backend] = {
    # SQLite holds "YYYY-MM-DD HH:MM:SS.ffffff" (SQLAlchemy and the hot path both write it so).
    "sqlite": Backend(
        "CASE WHEN length(e.recorded_at) = 26 THEN substr(e.recorded_at, 1, 10) || 'T' || "
        "substr(e.recorded_at, 12) || 'Z' ELSE e.recorded_at END",
        "{}", json.loads, lambda dbapi: dbapi.cursor(), {READ_ONLY: True}, True,
    ),
    # psycopg decodes JSONB itself; only a named cursor streams from the server.
    "postgresql": Backend(
        "to_char(e.recorded_at, 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')",
        "to_char({}, 'YYYY-MM-DD')", dict,
        lambda dbapi: dbapi.cursor(name=f"govflow_audit_{next(_CURSORS)}"),
        {READ_ONLY: True, "isolation_level": "REPEATABLE READ", "postgresql_readonly": True},
        False, 8,
    ),
}  # fmt: skip
_PLACES = (  # joined after the events (by the rows' primary keys: never more rows)
    " LEFT JOIN meeting m ON m.id = e.meeting_id "
    "LEFT JOIN committee c ON c.id = m.committee_id "
    "LEFT JOIN agenda_item i ON i.id = e.item_id"
)
_PROPOSAL_ORDER = "ORDER BY p.scheme, p.number, p.alternative"  # unique: one proposal each
_ORDER = f"{_PROPOSAL_ORDER}, e.seq"


def record_columns(backend: Backend) -> str:
    """The record's columns after reference and key (a row of them is written as it is)."""
    return (
        "e.seq, e.kind, e.trigger, e.milestone, e.from_stage, e.to_stage, "
        f"{backend.day.format('e.occurred_on')}, {backend.day.format('e.until')}, "
        f"{backend.stamp}, c.code, c.code || '_' || m.number, i.number, i.title, e.body, "
        "e.actor, e.note, e.payload, e.corrects_seq, e.prev_hash, e.hash"
    )


#: :func:`record_columns` as text cells on SQLite (``line_columns``), each as the csv module would
#: write it when it needs no quotes: an absent value as ``''``, a whole number as its digits. A
#: value of another type (a stored number or blob where text is kept, a fraction or text where a
#: whole number is) comes as it is or as NULL, not text: a writer joining the cells fails on it.
_WHOLE = "CASE typeof({0}) WHEN 'integer' THEN CAST({0} AS TEXT){1} END"
_TEXTS = (
    "e.kind", "e.trigger", "e.milestone", "e.from_stage", "e.to_stage", "e.occurred_on", "e.until",
)  # fmt: skip


#: The stored payload as a quoted CSV cell (the empty one bare): what the csv module writes for
#: it, unless it holds no delimiter or quote, as only a payload stored in another form can.
_QUOTED = (
    "CASE WHEN e.payload = '{}' THEN '{}' ELSE '\"' || replace(e.payload, '\"', '\"\"') || '\"' END"
)


def unquoted(cell: str) -> str:
    """The stored payload of a :func:`line_columns` payload cell."""
    return cell[1:-1].replace('""', '"') if cell[:1] == '"' else cell


def line_columns(backend: Backend) -> str:
    """:func:`record_columns` as text cells (SQLite; see :data:`_WHOLE`), the payload as stored
    and quoted (:data:`_QUOTED`)."""
    cells = [_WHOLE.format("e.seq", ""), *(f"ifnull({c}, '')" for c in _TEXTS), backend.stamp]
    cells += [f"ifnull({c}, '')" for c in ("c.code", "c.code || '_' || m.number", "i.number",
              "i.title", "e.body", "e.actor", "e.note")]  # fmt: skip
    cells += [_QUOTED, _WHOLE.format("e.corrects_seq", " WHEN 'null' THEN ''")]
    return ", ".join([*cells, "e.prev_hash", "e.hash"])


#: Where :func:`line_columns` gives a whole number as text (seq, and corrects_seq or ``''``), and
#: the payload.
LINE_WHOLE, LINE_PAYLOAD = (0, 17), 16


def event_columns(backend: Backend) -> str:
    """The record's columns after reference and key, then the proposal's id."""
    return f"{record_columns(backend)}, e.proposal_id"


#: What a proposal's label (its reference as written and its chain key) is made from.
_LABEL = "p.scheme, p.number, p.alternative, p.prefix, p.workflow, p.workflow_version"


@dataclass
class Query:
    """The statements of one export, with their parameters, for one DBAPI's markers."""

    marker: str
    backend: Backend
    ids: list[int] | None
    since: Any
    until: Any
    params: list[Any] = field(default_factory=list)

    def _ids(self, column: str) -> str:
        if self.ids is None:
            return ""
        self.params.extend(self.ids)
        return f" AND {column} IN ({', '.join(self.marker for _ in self.ids)})"

    @property
    def by_date(self) -> bool:
        return self.since is not None or self.until is not None

    def _runs(self) -> str:
        """Per proposal, the first and last seq of the run a date filter selects."""
        lo, hi = "MIN(seq)", "MAX(seq)"
        if self.since is not None:
            lo = f"MIN(CASE WHEN occurred_on >= {self.marker} THEN seq END)"
            self.params.append(self.since)
        if self.until is not None:
            hi = f"MAX(CASE WHEN occurred_on <= {self.marker} THEN seq END)"
            self.params.append(self.until)
        where = self._ids("proposal_id")
        return (
            f"(SELECT proposal_id, {lo} AS lo, {hi} AS hi FROM event WHERE 1 = 1{where} "
            "GROUP BY proposal_id) r"
        )

    def _selected(self, places: str = "") -> str:
        """The selected events joined to their proposals (``p``, ``e``), then ``places``."""
        if not self.by_date:
            where = self._ids("p.id")
            return f"proposal p JOIN event e ON e.proposal_id = p.id{places} WHERE 1 = 1{where}"
        return (
            f"{self._runs()} JOIN proposal p ON p.id = r.proposal_id "
            f"JOIN event e ON e.proposal_id = r.proposal_id AND e.seq BETWEEN r.lo AND r.hi{places}"
        )

    def events(self) -> tuple[str, list[Any]]:
        """Every selected event, then its proposal's id and the last seq of its run."""
        self.params = []
        last = "r.hi" if self.by_date else "p.head_seq"
        columns = f"{event_columns(self.backend)}, {last}"
        return f"SELECT {columns} FROM {self._selected(_PLACES)} {_ORDER}", self.params

    def records(self) -> tuple[str, list[Any]]:
        """Every selected event as :func:`record_columns` alone, in the order of :meth:`runs`."""
        self.params = []
        columns = record_columns(self.backend)
        return f"SELECT {columns} FROM {self._selected(_PLACES)} {_ORDER}", self.params

    def lines(self) -> tuple[str, list[Any]]:
        """:meth:`records` as :func:`line_columns` (SQLite)."""
        self.params = []
        columns = line_columns(self.backend)
        return f"SELECT {columns} FROM {self._selected(_PLACES)} {_ORDER}", self.params

    def runs(self, text: bool = False) -> tuple[str, list[Any]]:
        """Per proposal with selected events, in the order of :meth:`records`: what its label is
        made from (:data:`_LABEL`), how many of its events are selected, the first one's seq (as
        :meth:`lines` gives it with ``text``) and the proposal's id. (The places are joined by
        their primary keys: they cannot change how many events.)"""
        self.params = []
        first = _WHOLE.format("MIN(e.seq)", "") if text else "MIN(e.seq)"
        sql = f"SELECT {_LABEL}, COUNT(*), {first}, p.id FROM {self._selected()} GROUP BY p.id"
        return f"{sql} {_PROPOSAL_ORDER}", self.params

    def totals(self) -> tuple[str, list[Any]]:
        """Chains and events the export will hold (from the proposals' heads when unfiltered)."""
        self.params = []
        if not self.by_date:
            where = self._ids("p.id")
            sql = f"SELECT COUNT(*), SUM(p.head_seq) FROM proposal p WHERE p.head_seq > 0{where}"
            return sql, self.params
        sql = f"SELECT COUNT(*), SUM(r.hi - r.lo + 1) FROM {self._runs()} WHERE r.lo <= r.hi"
        return sql, self.params

    def proposal(self) -> str:
        return (
            "SELECT scheme, number, alternative, prefix, workflow, workflow_version, head_hash "
            f"FROM proposal WHERE id = {self.marker}"
        )

    def event_hash(self) -> str:
        return f"SELECT hash FROM event WHERE proposal_id = {self.marker} AND seq = {self.marker}"


# -- running them ----------------------------------------------------------------------------------
@contextmanager
def snapshot(engine: Engine) -> Iterator[Connection]:
    """A connection in one read transaction, a snapshot on both databases (``REPEATABLE READ`` on
    PostgreSQL), for as long as an export reads; a database error while it is open (the events
    stream out after this yields) becomes :class:`~govflow.errors.IntegrityError`."""
    conn = engine.connect()
    try:
        conn = conn.execution_options(**BACKENDS[conn.dialect.name].options)
        with conn.begin():
            yield conn
    except GovflowError:
        raise
    except SQLAlchemyError as exc:
        raise IntegrityError(f"database error: {getattr(exc, 'orig', None) or exc}") from None
    except conn.dialect.loaded_dbapi.Error as exc:
        raise IntegrityError(f"database error: {exc}") from None
    finally:
        conn.close()


class AuditReader:
    """One export's statements (the proposals ``ids``, or all; events dated from ``since`` to
    ``until``), run on the DBAPI cursor of ``conn`` (in its :func:`snapshot`)."""

    def __init__(
        self, conn: Connection, ids: list[int] | None, since: dt.date | None,
        until: dt.date | None,
    ) -> None:  # fmt: skip
        self._conn = conn
        self.backend = BACKENDS[conn.dialect.name]
        values = dialect_of(conn)
        self._query = Query(
            values.marker,
            self.backend,
            ids,
            None if since is None else values.to_db("occurred_on", since),
            None if until is None else values.to_db("occurred_on", until),
        )

    @property
    def by_date(self) -> bool:
        return self._query.by_date

    def _one(self, sql: str, params: Sequence[Any]) -> Any:
        cursor = raw_cursor(self._conn)
        cursor.execute(sql, tuple(params))
        found = cursor.fetchone()
        cursor.close()
        return found

    def totals(self) -> tuple[int, int]:
        """The chains and the events the export holds."""
        chains, events = self._one(*self._query.totals())
        return int(chains or 0), int(events or 0)

    def proposal(self, pid: int) -> tuple[str, int, str, str, str, int, str]:
        """The proposal's scheme, number, alternative, prefix, workflow, its version and head
        hash."""
        found: tuple[str, int, str, str, str, int, str] = self._one(self._query.proposal(), (pid,))
        return found

    def event_hash(self, pid: int, seq: int) -> str:
        """The hash of event ``seq`` of the proposal."""
        return str(self._one(self._query.event_hash(), (pid, seq))[0])

    def batches(self, size: int) -> Generator[list[Any], None, None]:
        """The selected events' rows (:func:`event_columns`, then the last seq of the proposal's
        run), ``size`` at a time, streamed from the database."""
        return self._streamed(self._query.events(), size)

    def records(self, size: int) -> Generator[list[Any], None, None]:
        """The selected events' rows of :func:`record_columns` alone, ``size`` at a time: their
        proposals' runs are told by :meth:`runs`, read beside them."""
        return self._streamed(self._query.records(), size)

    def lines(self, size: int) -> Generator[list[Any], None, None]:
        """:meth:`records` as text cells (:func:`line_columns`; SQLite only, see
        :attr:`has_lines`)."""
        return self._streamed(self._query.lines(), size)

    @property
    def has_lines(self) -> bool:
        return self.backend is BACKENDS["sqlite"]

    def runs(self, size: int, text: bool = False) -> Generator[list[Any], None, None]:
        """Per proposal, in the order of :meth:`records`: its scheme, number, alternative, prefix,
        workflow and version, how many of its events are selected, the first one's seq (as
        :meth:`lines` gives it with ``text``) and the proposal's id."""
        return self._streamed(self._query.runs(text), size)

    def records_of(self, pid: int, offset: int, count: int) -> list[Any]:
        """:meth:`records`' rows of one proposal's selected events, ``count`` of them from the
        ``offset``-th (from 0), in the same snapshot."""
        query = Query(self._query.marker, self.backend, [pid], self._query.since, self._query.until)
        sql, params = query.records()
        cursor = raw_cursor(self._conn)
        cursor.execute(f"{sql} LIMIT {int(count)} OFFSET {int(offset)}", tuple(params))
        found: list[Any] = cursor.fetchall()
        cursor.close()
        return found

    def _streamed(
        self, statement: tuple[str, list[Any]], size: int
    ) -> Generator[list[Any], None, None]:
        sql, params = statement
        cursor = self.backend.cursor(self._conn.connection.dbapi_connection)
        try:
            cursor.execute(sql, tuple(params))
            size *= self.backend.fetch_scale
            while rows := cursor.fetchmany(size):
                yield rows
        finally:
            cursor.close()
