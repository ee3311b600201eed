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
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from itertools import chain, compress, count, repeat
from operator import add, itemgetter, ne
from typing import Any, NamedTuple, cast

from govflow.dates import optional_date, timestamp
from govflow.errors import IntegrityError
from govflow.records.lookup import Lookup
from govflow.store.audit_sql import AuditReader, Backend, snapshot, unquoted
from govflow.store.hashing import HASHED_FIELDS, proposal_key
from govflow.store.session import Connection, Store

Progress = Callable[[int], None]

#: Rows per fetch (times the back end's ``fetch_scale``): enough to amortise the call; few
#: enough that the objects of a batch's rows fit in memory the allocator reuses (with 2,000 a
#: batch, the export of 100,000 events took about 40-70 ms more: pages mapped and faulted in
#: afresh for each batch), and flat however many events there are.
BATCH = 256
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
        self._reader = AuditReader(conn, ids, where.since, where.until)
        self._backend = self._reader.backend
        self.filter = where
        self.chains, self.events = self._reader.totals()

    def records(self, progress: Progress | None = None) -> Iterator[AuditRecord]:
        """Every selected event, proposals in reference order, each one's oldest first."""
        return cast(Iterator[AuditRecord], self._convert(progress, chains=False))

    def stream(self, progress: Progress | None = None) -> Iterator[Chain | AuditRecord]:
        """As :meth:`records`, with each proposal's :class:`Chain` before its events."""
        return self._convert(progress, chains=True)

    def rows(
        self, payload: Callable[[dict[str, Any]], str], progress: Progress | None = None
    ) -> Iterator[list[tuple[Any, ...]]]:
        """As :meth:`records`, a batch of events at a time as rows of :data:`AUDIT_COLUMNS`, the
        payload as ``payload(value)`` text, ``"{}"`` when empty (:meth:`groups`, each event's
        proposal's reference and key put before it)."""
        for groups in self.groups(payload, progress):
            yield list(chain.from_iterable(map(add, repeat(label), rows) for label, rows in groups))

    def groups(
        self, payload: Callable[[dict[str, Any]], str], progress: Progress | None = None
    ) -> Iterator[list[tuple[tuple[str, str], list[tuple[Any, ...]]]]]:
        """As :meth:`rows`, each batch as its proposals' runs: the proposal's reference and key,
        and its events' rows of the columns after them (a proposal's events may run on into the
        next batch).

        For writers of flat rows, with no Python call per event: the rows are fetched as they are
        written (:func:`~govflow.store.audit_sql.record_columns`) and cut into runs by slicing,
        each run's length and label read beside them (:meth:`AuditReader.runs`, one row a
        proposal); only an event whose payload or time is stored in another form than it is
        written is rebuilt (a payload encoded once per distinct text).
        """
        fix = _Fixes(self._backend, payload)
        with closing(self._runs()) as runs:
            cut = _Cutter(runs)
            for rows in self._batches(progress, self._reader.records):
                fix(rows)
                yield cut(rows)
            cut.finish()

    def lines(
        self, payload: Callable[[dict[str, Any]], str], progress: Progress | None = None
    ) -> Iterator[list[tuple[tuple[str, str, int], list[tuple[Any, ...]]]]]:
        """As :meth:`groups`, each event's cells as text (SQLite only: :attr:`has_lines`; see
        :func:`~govflow.store.audit_sql.line_columns`), each run's label followed by its
        proposal's id (for :meth:`rows_of`); ``payload`` gives a payload's cell as written."""
        fix = _Fixes(self._backend, payload, unquoted)
        with closing(self._runs(text=True)) as runs:
            cut = _Cutter(runs)
            for rows in self._batches(progress, self._reader.lines):
                fix(rows)
                yield cast(list[tuple[tuple[str, str, int], list[tuple[Any, ...]]]], cut(rows))
            cut.finish()

    @property
    def has_lines(self) -> bool:
        return self._reader.has_lines

    def rows_of(
        self, payload: Callable[[dict[str, Any]], str], pid: int, offset: int, count: int
    ) -> list[tuple[Any, ...]]:
        """As :meth:`groups` gives them, ``count`` of the proposal's selected events from the
        ``offset``-th (from 0), in the same snapshot."""
        rows = self._reader.records_of(pid, offset, count)
        if len(rows) != count:
            raise IntegrityError(_MISMATCH)
        _Fixes(self._backend, payload)(rows)
        return rows

    def _runs(self, text: bool = False) -> Generator[tuple[tuple[Any, ...], int, Any], None, None]:
        """Each proposal's label (and, with ``text``, its id), how many of its events the export
        holds and the first's seq (as :meth:`lines` gives it, with ``text``)."""
        written = self._lookup.written
        with closing(self._reader.runs(BATCH, text)) as batches:
            for runs in batches:
                for scheme, number, alternative, prefix, workflow, version, n, first, pid in runs:
                    label = (written(workflow, version, prefix, number, alternative),
                             proposal_key(scheme, number, alternative))  # fmt: skip
                    yield (*label, pid) if text else label, n, first

    def _batches(
        self,
        progress: Progress | None,
        read: Callable[[int], Generator[list[Any], None, None]] | None = None,
    ) -> Iterator[list[Any]]:
        """The selected events' rows as fetched, a batch at a time (by default
        :func:`govflow.store.audit_sql.event_columns`, then the last seq of the proposal's run);
        ``progress`` told as they go."""
        done = reported = 0
        batches = (read or self._reader.batches)(BATCH)
        with closing(batches):  # the cursor closed when we stop
            for rows in batches:
                yield rows
                done += len(rows)
                if progress is not None and done - reported >= PROGRESS_EVERY:
                    progress(done)
                    reported = done
        if progress is not None:
            progress(done)

    def _convert(self, progress: Progress | None, chains: bool) -> Iterator[Chain | AuditRecord]:
        # The hot loop of the record exports: one tuple unpacking and one tuple built per event.
        new, record, decode = tuple.__new__, AuditRecord, self._backend.decode
        current, reference, key = None, "", ""
        for rows in self._batches(progress):
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

    def _proposal(self, pid: int) -> tuple[str, str, str, int, str]:
        """The proposal's reference, chain key, workflow, its version and head hash."""
        scheme, number, alternative, prefix, workflow, version, head_hash = self._reader.proposal(
            pid
        )
        reference = self._lookup.written(workflow, version, prefix, number, alternative)
        return reference, proposal_key(scheme, number, alternative), workflow, version, head_hash

    def _chain(self, pid: int, first_seq: int, prev_hash: str, last_seq: int) -> Chain:
        """The proposal's chain run, read when its first event arrives (one lookup a proposal)."""
        reference, key, workflow, version, head_hash = self._proposal(pid)
        if self._reader.by_date:
            head_hash = self._reader.event_hash(pid, last_seq)
        return Chain(key, reference, workflow, version, first_seq, prev_hash, last_seq, head_hash)


class _Cutter:
    """Cuts batches of fetched rows into their proposals' runs as ``runs`` tells them (label,
    number of events, first seq), checking that both agree."""

    def __init__(self, runs: Iterator[tuple[tuple[Any, ...], int, Any]]) -> None:
        self._runs = runs
        self._label, self._left = ("", ""), 0

    def __call__(self, rows: list[Any]) -> list[tuple[tuple[str, str], list[Any]]]:
        groups, at, end = [], 0, len(rows)
        while at < end:
            if not self._left:
                self._label, self._left, first_seq = next(self._runs, _NO_RUN)
                if rows[at][0] != first_seq:
                    raise IntegrityError(_MISMATCH)
            took = min(self._left, end - at)
            groups.append((self._label, rows[at : at + took]))
            at, self._left = at + took, self._left - took
        return groups

    def finish(self) -> None:
        """After the last batch: no event left of the last run, no run without its events."""
        if self._left or next(self._runs, None) is not None:
            raise IntegrityError(_MISMATCH)


class _Fixes:
    """Rebuilds, in a batch of fetched rows (:func:`~govflow.store.audit_sql.record_columns`),
    each event whose payload or time is stored in another form than it is written: checked a
    column at a time, with no Python call per event."""

    def __init__(
        self, backend: Backend, payload: Callable[[dict[str, Any]], str],
        stored: Callable[[str], str] = str,
    ) -> None:  # fmt: skip
        """``stored`` gives the stored text of a fetched payload (in :meth:`Audit.lines`)."""
        decode = backend.decode if stored is str else lambda cell: backend.decode(stored(cell))
        self._texts = _PayloadTexts(decode, payload) if backend.json_text else None
        self._payload = payload

    def __call__(self, rows: list[Any]) -> None:
        data = list(map(_DATA_OF, rows))
        if self._texts is not None:
            written = list(map(self._texts.__getitem__, data))
            self._texts.reset()
        else:
            written = [self._payload(d) if d else "{}" for d in data]
        redo = set() if written == data else set(compress(count(), map(ne, written, data)))
        stamps = list(map(_STAMP_OF, rows))
        if sum(map(str.endswith, stamps, repeat("Z"))) < len(stamps):
            redo.update(i for i, stamp in enumerate(stamps) if stamp[-1] != "Z")
        for i in redo:
            row = list(rows[i])
            row[_DATA] = written[i]
            if row[_STAMP][-1] != "Z":
                row[_STAMP] = _stamp_text(row[_STAMP])
            rows[i] = tuple(row)


class _PayloadTexts(dict[str, str]):
    """Stored JSON text -> the text a writer makes of its value, worked out once per distinct
    text (the empty payload, most events', never decoded); :meth:`reset` keeps memory flat."""

    def __init__(
        self, decode: Callable[[Any], dict[str, Any]], encode: Callable[[dict[str, Any]], str]
    ) -> None:
        super().__init__(_EMPTY)
        self._decode, self._encode = decode, encode

    def __missing__(self, text: str) -> str:
        value = self._decode(text)
        found = self[text] = self._encode(value) if value else "{}"
        return found

    def reset(self) -> None:
        if len(self) > 1:
            self.clear()
            self.update(_EMPTY)


_EMPTY = {"{}": "{}"}
_STAMP, _DATA = 8, 16  # in a fetched row: recorded_at, payload
_STAMP_OF, _DATA_OF = itemgetter(_STAMP), itemgetter(_DATA)
_NO_RUN = (("", ""), 0, None)  # past the last run: any row left is a mismatch
_MISMATCH = "the export's events and their proposals' runs disagree"


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
        optional_date(since, field="since"),
        optional_date(until, field="until"),
    )
    with snapshot(store.engine) as conn:
        ids = None
        if where.proposals is not None:
            ids = sorted({lookup.find(conn, reference)[0].id for reference in where.proposals})
        yield Audit(lookup, conn, where, ids)


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
