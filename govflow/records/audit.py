"""The audit history as a stream: every event with its proposal, place and hash-chain values.

:func:`open_audit` opens one read transaction (one snapshot: SQLite's WAL read snapshot, and
``REPEATABLE READ`` on PostgreSQL) and reads the events on the raw DBAPI cursor in batches (a
server-side cursor on PostgreSQL), so memory stays flat however many events there are.
:func:`iter_audit` is the simple form. Proposals come in reference order, each one's events
oldest first.

Records are export-ready: dates are ISO text, ``recorded_at`` is UTC text as hashed
(``2021-05-26T10:01:02.123456Z``), ``payload`` a dict, absent values None.

Filtering keeps each chain checkable. ``since``/``until`` select, per proposal, one unbroken run
of its chain: from its first event dated on or after ``since`` to its last event dated on or before
``until``, with whatever lies between (only a correction can carry a date earlier than the event
before it). A :class:`Chain` describes each run before its events: where it starts (``first_seq``
and the ``prev_hash`` its first event chains to, :data:`~govflow.store.hashing.GENESIS` at seq 1)
and where it ends (``last_seq`` and ``head_hash``), so a filtered export can be verified too.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any, NamedTuple, cast

from sqlalchemy import Connection
from sqlalchemy.exc import SQLAlchemyError

from govflow.dates import optional_date, timestamp
from govflow.errors import GovflowError, IntegrityError
from govflow.records.lookup import Lookup
from govflow.store.database import READ_ONLY
from govflow.store.hashing import HASHED_FIELDS, proposal_key
from govflow.store.session import Store
from govflow.store.writes import dialect_of, raw_cursor

Progress = Callable[[int], None]

BATCH = 2000  # rows per fetch: large enough to amortise the call, small enough to stay flat
PROGRESS_EVERY = 10_000


class AuditRecord(NamedTuple):
    """One event as exported (the CSV columns, in order)."""

    reference: str  # the proposal's reference as displayed now (MP099)
    key: str  # its hash-chain key (SEC:99)
    seq: int
    kind: str
    trigger: str | None
    milestone: str | None
    from_stage: str | None
    to_stage: str | None
    occurred_on: str
    until: str | None
    recorded_at: str
    committee: str | None
    meeting: str | None  # OPSG_12
    item: str | None  # agenda item number, 3.2
    item_title: str | None
    body: str | None
    actor: str | None
    note: str | None
    payload: dict[str, Any]
    corrects_seq: int | None
    prev_hash: str
    hash: str

    def hashed(self) -> dict[str, Any]:
        """The chained fields (:data:`~govflow.store.hashing.HASHED_FIELDS`) and the hash."""
        values = self._asdict()
        values["proposal"] = self.key
        return {name: values[name] for name in (*HASHED_FIELDS, "hash")}


AUDIT_COLUMNS: tuple[str, ...] = AuditRecord._fields


class Chain(NamedTuple):
    """One proposal's run of events in an export, announced before its events."""

    key: str
    reference: str
    workflow: str
    workflow_version: int
    first_seq: int
    prev_hash: str  # what the first event chains to: GENESIS when first_seq is 1
    last_seq: int
    head_hash: str  # the hash of event last_seq


@dataclass(frozen=True)
class AuditFilter:
    proposals: tuple[str, ...] | None = None
    since: dt.date | None = None
    until: dt.date | None = None

    @property
    def by_date(self) -> bool:
        return self.since is not None or self.until is not None

    def to_dict(self) -> dict[str, Any]:
        return {
            "proposals": list(self.proposals) if self.proposals is not None else None,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
        }


# -- SQL, per DBAPI ------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Backend:
    """What differs between databases: text conversions done in SQL (cheaper there than per row
    in Python), decoding the payload, a streaming cursor, and a snapshot for the transaction."""

    stamp: str  # e.recorded_at as the hashed text
    day: str  # a date column as ISO text ({} is the column)
    decode: Callable[[Any], dict[str, Any]]
    cursor: Callable[[Any], Any]  # DBAPI connection -> a cursor that streams
    options: dict[str, Any]


_CURSORS = itertools.count(1)  # server-side cursors need names unique in their session
_BACKENDS: dict[str, _Backend] = {
    # SQLite holds "YYYY-MM-DD HH:MM:SS.ffffff" (SQLAlchemy and the hot path both write it so).
    "sqlite": _Backend(
        "CASE WHEN length(e.recorded_at) = 26 THEN substr(e.recorded_at, 1, 10) || 'T' || "
        "substr(e.recorded_at, 12) || 'Z' ELSE e.recorded_at END",
        "{}", json.loads, lambda dbapi: dbapi.cursor(), {READ_ONLY: True},
    ),
    # psycopg decodes JSONB itself; only a named cursor streams from the server.
    "postgresql": _Backend(
        "to_char(e.recorded_at, 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')",
        "to_char({}, 'YYYY-MM-DD')", dict,
        lambda dbapi: dbapi.cursor(name=f"govflow_audit_{next(_CURSORS)}"),
        {READ_ONLY: True, "isolation_level": "REPEATABLE READ", "postgresql_readonly": True},
    ),
}  # fmt: skip
_PLACES = (
    "LEFT JOIN meeting m ON m.id = e.meeting_id "
    "LEFT JOIN committee c ON c.id = m.committee_id "
    "LEFT JOIN agenda_item i ON i.id = e.item_id"
)
_ORDER = "ORDER BY p.scheme, p.number, p.alternative, e.seq"


def _event_columns(backend: _Backend) -> str:
    """The record's columns after reference and key, then the proposal's id."""
    return (
        "e.seq, e.kind, e.trigger, e.milestone, e.from_stage, e.to_stage, "
        f"{backend.day.format('e.occurred_on')}, {backend.day.format('e.until')}, "
        f"{backend.stamp}, c.code, c.code || '_' || m.number, i.number, i.title, e.body, "
        "e.actor, e.note, e.payload, e.corrects_seq, e.prev_hash, e.hash, e.proposal_id"
    )


@dataclass
class _Query:
    """The statements of one export, with their parameters, for one DBAPI's markers."""

    marker: str
    columns: str
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

    def events(self) -> tuple[str, list[Any]]:
        """Every selected event, then the last seq of its proposal's run."""
        self.params = []
        if not self.by_date:
            sql = (
                f"SELECT {self.columns}, p.head_seq FROM proposal p "
                f"JOIN event e ON e.proposal_id = p.id {_PLACES} "
                f"WHERE 1 = 1{self._ids('p.id')} {_ORDER}"
            )
            return sql, self.params
        sql = (
            f"SELECT {self.columns}, r.hi FROM {self._runs()} "
            "JOIN proposal p ON p.id = r.proposal_id "
            "JOIN event e ON e.proposal_id = r.proposal_id AND e.seq BETWEEN r.lo AND r.hi "
            f"{_PLACES} {_ORDER}"
        )
        return sql, self.params

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


def _stamp_text(value: str) -> str:
    """A timestamp stored in another form than SQLAlchemy's, as hashed text."""
    return timestamp(dt.datetime.fromisoformat(value))


# -- the stream ----------------------------------------------------------------------------------
class Audit:
    """An export's events inside one read transaction (use it inside :func:`open_audit`)."""

    def __init__(
        self, lookup: Lookup, conn: Connection, where: AuditFilter, ids: list[int] | None
    ) -> None:
        self._lookup = lookup
        self._conn = conn
        self._backend = _BACKENDS[conn.dialect.name]
        self.filter = where
        values = dialect_of(conn)
        self._query = _Query(
            values.marker,
            _event_columns(self._backend),
            ids,
            None if where.since is None else values.to_db("occurred_on", where.since),
            None if where.until is None else values.to_db("occurred_on", where.until),
        )
        self.chains, self.events = (int(n or 0) for n in self._one(*self._query.totals()))

    def _one(self, sql: str, params: Sequence[Any]) -> Any:
        cursor = raw_cursor(self._conn)
        cursor.execute(sql, tuple(params))
        found = cursor.fetchone()
        cursor.close()
        return found

    def records(self, progress: Progress | None = None) -> Iterator[AuditRecord]:
        """Every selected event, proposals in reference order, each one's oldest first."""
        return cast(Iterator[AuditRecord], self._items(progress, chains=False))

    def stream(self, progress: Progress | None = None) -> Iterator[Chain | AuditRecord]:
        """As :meth:`records`, with each proposal's :class:`Chain` before its events."""
        return self._items(progress, chains=True)

    def _items(self, progress: Progress | None, chains: bool) -> Iterator[Chain | AuditRecord]:
        sql, params = self._query.events()
        cursor = self._backend.cursor(self._conn.connection.dbapi_connection)
        try:
            cursor.execute(sql, tuple(params))
            yield from self._convert(cursor, progress, chains)
        finally:
            cursor.close()

    def _convert(
        self, cursor: Any, progress: Progress | None, chains: bool
    ) -> Iterator[Chain | AuditRecord]:
        # The hot loop of every export: one tuple unpacking and one tuple built per event.
        new, record, decode = tuple.__new__, AuditRecord, self._backend.decode
        current, reference, key, done, reported = None, "", "", 0, 0
        while rows := cursor.fetchmany(BATCH):
            for (seq, kind, trigger, milestone, from_stage, to_stage, occurred_on, until, stamp,
                 committee, meeting, item, item_title, body, actor, note, data, corrects_seq,
                 prev_hash, hash_, pid, last_seq) in rows:  # fmt: skip
                if pid != current:
                    current = pid
                    chain = self._chain(pid, seq, prev_hash, last_seq)
                    reference, key = chain.reference, chain.key
                    if chains:
                        yield chain
                if stamp[-1] != "Z":
                    stamp = _stamp_text(stamp)
                yield new(record, (
                    reference, key, seq, kind, trigger, milestone, from_stage, to_stage,
                    occurred_on, until, stamp, committee, meeting, item, item_title, body, actor,
                    note, {} if data == "{}" else decode(data), corrects_seq, prev_hash, hash_,
                ))  # fmt: skip
            done += len(rows)
            if progress is not None and done - reported >= PROGRESS_EVERY:
                progress(done)
                reported = done
        if progress is not None:
            progress(done)

    def _chain(self, pid: int, first_seq: int, prev_hash: str, last_seq: int) -> Chain:
        """The proposal's chain run, read when its first event arrives (one lookup a proposal)."""
        scheme, number, alternative, prefix, workflow, version, head_hash = self._one(
            self._query.proposal(), (pid,)
        )
        if self._query.by_date:
            (head_hash,) = self._one(self._query.event_hash(), (pid, last_seq))
        row = SimpleNamespace(
            prefix=prefix, number=number, alternative=alternative, workflow=workflow,
            workflow_version=version,
        )  # fmt: skip
        reference = self._lookup.label(row)
        key = proposal_key(scheme, number, alternative)
        return Chain(key, reference, workflow, version, first_seq, prev_hash, last_seq, head_hash)


@contextmanager
def open_audit(
    store: Store,
    lookup: Lookup,
    *,
    proposals: Sequence[str] | None = None,
    since: str | dt.date | None = None,
    until: str | dt.date | None = None,
) -> Iterator[Audit]:
    """The selected events in one read transaction; ``audit.chains``/``audit.events`` count them.

    ``proposals`` are references in any spelling (UnknownReference for one that names nothing).
    """
    where = AuditFilter(
        tuple(proposals) if proposals is not None else None,
        optional_date(since, "--since date"),
        optional_date(until, "--until date"),
    )
    conn = store.engine.connect()
    try:
        conn = conn.execution_options(**_BACKENDS[conn.dialect.name].options)
        with conn.begin():
            ids = None
            if where.proposals is not None:
                ids = sorted({lookup.find(conn, reference)[0].id for reference in where.proposals})
            yield Audit(lookup, conn, where, ids)
    except GovflowError:
        raise
    except SQLAlchemyError as exc:
        raise IntegrityError(f"database error: {getattr(exc, 'orig', None) or exc}") from None
    except conn.dialect.loaded_dbapi.Error as exc:
        raise IntegrityError(f"database error: {exc}") from None
    finally:
        conn.close()


def iter_audit(
    store: Store,
    lookup: Lookup,
    *,
    proposals: Sequence[str] | None = None,
    since: str | dt.date | None = None,
    until: str | dt.date | None = None,
    progress: Progress | None = None,
) -> Iterator[AuditRecord]:
    """Stream every selected event (see the module docstring for what a filter selects).

    ``progress`` is called with the number of events read so far, now and then and at the end.
    """
    with open_audit(store, lookup, proposals=proposals, since=since, until=until) as audit:
        yield from audit.records(progress)
