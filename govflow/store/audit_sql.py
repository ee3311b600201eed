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
    padded: str  # p.number zero-padded to f.width digits, after p.prefix


_CURSORS = itertools.count(1)  # server-side cursors need names unique in their session
BACKENDS: dict[str, Backend] = {
    # SQLite holds "YYYY-MM-DD HH:MM:SS.ffffff" (SQLAlchemy and the hot path both write it so).
    "sqlite": Backend(
        "CASE WHEN length(e.recorded_at) = 26 THEN substr(e.recorded_at, 1, 10) || 'T' || "
        "substr(e.recorded_at, 12) || 'Z' ELSE e.recorded_at END",
        "{}", json.loads, lambda dbapi: dbapi.cursor(), {READ_ONLY: True}, True,
        "printf('%s%0*d', p.prefix, f.width, p.number)",
    ),
    # psycopg decodes JSONB itself; only a named cursor streams from the server.
    "postgresql": Backend(
        "to_char(e.recorded_at, 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')",
        "to_char({}, 'YYYY-MM-DD')", dict,
        lambda dbapi: dbapi.cursor(name=f"govflow_audit_{next(_CURSORS)}"),
        {READ_ONLY: True, "isolation_level": "REPEATABLE READ", "postgresql_readonly": True},
        False, "p.prefix || lpad(p.number::text, GREATEST(f.width, length(p.number::text)), '0')",
    ),
}  # fmt: skip
_PLACES = (
    "LEFT JOIN meeting m ON m.id = e.meeting_id "
    "LEFT JOIN committee c ON c.id = m.committee_id "
    "LEFT JOIN agenda_item i ON i.id = e.item_id"
)
_ORDER = "ORDER BY p.scheme, p.number, p.alternative, e.seq"


def event_columns(backend: Backend) -> str:
    """The record's columns after reference and key, then the proposal's id."""
    return (
        "e.seq, e.kind, e.trigger, e.milestone, e.from_stage, e.to_stage, "
        f"{backend.day.format('e.occurred_on')}, {backend.day.format('e.until')}, "
        f"{backend.stamp}, c.code, c.code || '_' || m.number, i.number, i.title, e.body, "
        "e.actor, e.note, e.payload, e.corrects_seq, e.prev_hash, e.hash, e.proposal_id"
    )


#: A workflow's reference form (records/lookup.py: written) for the proposals of one workflow,
#: version and prefix: the zero-padding of the number and the alternatives' label.
Form = tuple[str, int, str, int, str]


def labelled_columns(backend: Backend) -> str:
    """The record's columns in order: the reference as written (``f`` is the proposal's
    :data:`Form`, as :func:`govflow.workflow.references.format_reference` writes it), the chain
    key (as :func:`govflow.store.hashing.proposal_key`), then the event's."""
    return (
        f"{backend.padded} || CASE WHEN p.alternative <> '' AND f.label <> '' "
        "THEN ' ' || f.label || p.alternative ELSE p.alternative END, "
        "p.scheme || ':' || p.number || p.alternative, "
        + event_columns(backend).removesuffix(", e.proposal_id")
    )


@dataclass
class Query:
    """The statements of one export, with their parameters, for one DBAPI's markers."""

    marker: str
    columns: str
    ids: list[int] | None
    since: Any
    until: Any
    params: list[Any] = field(default_factory=list)
    forms: list[Form] | None = None  # given: the rows are the records' (labelled_columns)

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

    def events(self) -> tuple[str, list[Any]]:
        """Every selected event, then the last seq of its proposal's run (with :attr:`forms`:
        the records' columns alone, each proposal joined to its form)."""
        self.params = []
        labelled = self.forms is not None
        if not self.by_date:
            head = self.columns if labelled else f"{self.columns}, p.head_seq"
            forms = self._forms() if labelled else ""  # its markers come before the WHERE's
            sql = (
                f"SELECT {head} FROM proposal p JOIN event e ON e.proposal_id = p.id {forms} "
                f"{_PLACES} WHERE 1 = 1{self._ids('p.id')} {_ORDER}"
            )
            return sql, self.params
        runs = self._runs()  # its markers come first
        head = self.columns if labelled else f"{self.columns}, r.hi"
        sql = (
            f"SELECT {head} FROM {runs} JOIN proposal p ON p.id = r.proposal_id "
            "JOIN event e ON e.proposal_id = r.proposal_id AND e.seq BETWEEN r.lo AND r.hi "
            f"{self._forms() if labelled else ''} {_PLACES} {_ORDER}"
        )
        return sql, self.params

    def _forms(self) -> str:
        """The join of each proposal to its form (every form of the database is given). A LEFT
        JOIN: SQLite keeps the proposals the outer loop, in the order of their index, so the
        rows stream in the export's order without a sort."""
        assert self.forms
        m = self.marker
        one = f"SELECT {m} AS workflow, CAST({m} AS INTEGER) AS version, {m} AS prefix, "
        one += f"CAST({m} AS INTEGER) AS width, {m} AS label"
        for form in self.forms:
            self.params.extend(form)
        return (
            f"LEFT JOIN ({' UNION ALL '.join(one for _ in self.forms)}) f "
            "ON f.workflow = p.workflow "
            "AND f.version = p.workflow_version AND f.prefix = p.prefix"
        )

    def forms_in_use(self) -> str:
        return "SELECT DISTINCT workflow, workflow_version, prefix FROM proposal"

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
            event_columns(self.backend),
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

    def forms_in_use(self) -> list[tuple[str, int, str]]:
        """The workflow, version and prefix of the database's proposals, each once."""
        cursor = raw_cursor(self._conn)
        cursor.execute(self._query.forms_in_use())
        found = [tuple(row) for row in cursor.fetchall()]
        cursor.close()
        return found

    def batches(
        self, size: int, forms: list[Form] | None = None
    ) -> Generator[list[Any], None, None]:
        """The selected events' rows (:func:`event_columns`, then the last seq of the proposal's
        run; given every form in use, :func:`labelled_columns`), ``size`` at a time, streamed
        from the database."""
        self._query.forms = forms
        self._query.columns = (
            event_columns(self.backend) if forms is None else labelled_columns(self.backend)
        )
        sql, params = self._query.events()
        cursor = self.backend.cursor(self._conn.connection.dbapi_connection)
        try:
            cursor.execute(sql, tuple(params))
            while rows := cursor.fetchmany(size):
                yield rows
        finally:
            cursor.close()
