"""One database, one transaction per operation: :class:`Store` hands out write and read
connections and turns SQLAlchemy's errors into govflow's.

A write transaction opened while this thread already holds one joins it, so a composite operation
(a minutes import that raises, links and advances proposals) is still one transaction; a dry run
is the very same work rolled back at the end. Reads open one snapshot (``begin()`` at once, so
reads made on the raw cursor share it).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import Connection as Connection  # the type use cases are handed, from here
from sqlalchemy import Engine as Engine  # the type open_db takes and gives, from here
from sqlalchemy import RootTransaction
from sqlalchemy.exc import IntegrityError as SAIntegrityError
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from govflow.errors import DatabaseUnavailable, GovflowError, IntegrityError, InvalidInput
from govflow.store.cursors import hold, let_go, raw_cursor
from govflow.store.database import READ_ONLY, write_begin
from govflow.store.writes import dialect_of


def _cause(exc: SQLAlchemyError | sqlite3.Error) -> str:
    return str(getattr(exc, "orig", None) or exc).strip()


def _too_large() -> InvalidInput:
    """SQLite's driver refuses integers past 64 bits with OverflowError, before the database."""
    return InvalidInput(f"a number given is too large: the database holds whole numbers up to "
                        f"{2**63 - 1:,}")  # fmt: skip


def is_snapshot(conn: Connection) -> bool:
    """Whether ``conn`` is a read snapshot under way (:meth:`Store.read`): it writes nothing,
    and what it reads cannot change while it lasts."""
    return id(conn) in _ONCE


T = TypeVar("T")

# What each read snapshot under way has read once (:func:`once`), by its connection's id: made
# when the snapshot begins and dropped when it ends (the snapshot holds its connection, so the
# id is no other's meanwhile). A snapshot is one thread's: no other thread reads its entry.
_ONCE: dict[int, dict[Hashable, Any]] = {}


def once(conn: Connection, key: Hashable, read: Callable[[], T]) -> T:
    """What ``read()`` gives, read once for ``key`` in the read snapshot ``conn``: the reads a
    page makes (its proposal, history, deadlines and plan) each find the proposal, and read
    the same rows, in one snapshot, where the answer cannot change. In a write transaction
    ``read()`` runs at every call (the write may change what it reads); nothing read is kept
    beyond its snapshot, nor seen by another."""
    kept = _ONCE.get(id(conn))
    if kept is None:
        return read()
    if key not in kept:
        kept[key] = read()
    return kept[key]  # type: ignore[no-any-return]


def connect(engine: Engine) -> Connection:
    """A connection, or :class:`DatabaseUnavailable` naming the database (password hidden)."""
    try:
        return engine.connect()
    except OperationalError as exc:
        where = engine.url.render_as_string(hide_password=True)
        first = _cause(exc).splitlines()[0] if _cause(exc) else "no answer"
        raise DatabaseUnavailable(
            f"cannot reach the database {where}: {first}; check the host, the port and that the "
            "server is running"
        ) from None


def _translated(exc: BaseException) -> BaseException | None:
    """govflow's error for what a write transaction raised (None: raise it as it is)."""
    if isinstance(exc, GovflowError):
        return None
    if isinstance(exc, OverflowError):
        return _too_large()
    if isinstance(exc, SAIntegrityError):
        return IntegrityError(f"the database refused the change: {exc.orig}")
    if isinstance(exc, SQLAlchemyError):
        return IntegrityError(f"database error: {_cause(exc)}")
    if isinstance(exc, sqlite3.IntegrityError):
        return IntegrityError(f"the database refused the change: {exc}")
    if isinstance(exc, sqlite3.Error):  # the driver's BEGIN or COMMIT (:class:`_DriverTransaction`)
        return IntegrityError(f"database error: {exc}")
    return None


class _Writing:
    """:meth:`Store.write`: a class of its own, not a generator's context manager (which cost
    an advance more than its ``BEGIN IMMEDIATE`` and ``COMMIT``). A connection that fails is
    closed (what failed may have left it unusable: back to the pool); the database's errors
    reach the caller as govflow's (:func:`_translated`).

    On an SQLite engine govflow set up (:func:`govflow.store.database.write_begin`), the
    transaction is begun on the driver's connection (``BEGIN IMMEDIATE``), without SQLAlchemy's:
    what a write runs on the driver's cursors (an advance, all of it) needs nothing of
    SQLAlchemy's. A statement run through the connection makes SQLAlchemy begin its own
    transaction, which joins this one (the ``begin`` listener sees it begun); the end then goes
    through SQLAlchemy, which commits or rolls back the driver's.

    The write's statements share one driver cursor (:mod:`govflow.store.cursors`), made here
    (SQLite's ``BEGIN IMMEDIATE`` runs on it) and closed before the write ends."""

    __slots__ = ("_conn", "_driver", "_rollback", "_root", "_store")

    def __init__(self, store: Store, rollback: bool) -> None:
        self._store, self._rollback = store, rollback
        self._conn: Connection | None = None  # None: this thread's transaction joined
        self._driver: sqlite3.Connection | None = None  # the driver's, when begun on it
        self._root: RootTransaction | None = None  # SQLAlchemy's, when begun on it

    def __enter__(self) -> Connection:
        store = self._store
        active: Connection | None = getattr(store._local, "conn", None)
        if active is not None:
            return active
        try:
            conn = store._checkout()
        except BaseException as exc:
            raise _translated(exc) or exc from None
        try:
            if store._write_begin is None:
                self._root = conn.begin()
                cursor = raw_cursor(conn)
            else:
                # the driver's connection itself (``driver_connection`` is the same object for
                # SQLite's driver, found through the pool's dialect at a cost of 2,400
                # instructions a write)
                driver: Any = conn.connection.dbapi_connection
                cursor = driver.cursor()
                cursor.execute(store._write_begin)
                self._driver = driver
        except BaseException as exc:
            conn.close()
            raise _translated(exc) or exc from None
        hold(conn, cursor, store.dialect)
        self._conn = store._local.conn = conn
        return conn

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: object) -> None:  # fmt: skip
        conn = self._conn
        if conn is None:
            return  # joined: the transaction's owner ends it
        self._store._local.conn = None
        try:
            let_go(conn)
            self._end(conn, exc is not None or self._rollback)
        except BaseException as failed:
            conn.close()
            raise _translated(failed) or failed from None
        if exc is not None:
            conn.close()
            translated = _translated(exc)
            if translated is not None:
                raise translated from None
            return
        self._store._checkin(conn)

    def _end(self, conn: Connection, undo: bool) -> None:
        if self._root is not None:
            transaction: Any = self._root
        elif conn.in_transaction():  # SQLAlchemy joined the driver's: it ends both
            transaction = conn
        else:
            transaction = self._driver
        if undo:
            transaction.rollback()
        else:
            transaction.commit()


class Store:
    """The database engine and the transaction this thread holds, if any."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._local = threading.local()
        # The connection of the last write, kept for the next one: checking one out of the
        # engine's pool and back costs more than a short write's own statements. The same for
        # reads (a read-only connection; each read still begins its own snapshot).
        self._idle: list[Connection] = []
        self._idle_reads: list[Connection] = []
        self._idle_lock = threading.Lock()
        self._write_begin = write_begin(engine)
        #: The statements' dialect of every connection of the engine (found once, not a write).
        self.dialect = dialect_of(engine)

    @property
    def url(self) -> str:
        """The database URL with any password hidden (safe to print)."""
        return self.engine.url.render_as_string(hide_password=True)

    def close(self) -> None:
        self.release()
        self.engine.dispose()

    def release(self) -> None:
        """Return the connection kept between writes to the engine's pool."""
        with self._idle_lock:
            idle, self._idle, self._idle_reads = self._idle + self._idle_reads, [], []
        for conn in idle:
            conn.close()

    def _checkout(self, reading: bool = False) -> Connection:
        with self._idle_lock:
            idle = self._idle_reads if reading else self._idle
            if idle:
                return idle.pop()
        conn = connect(self.engine)
        return conn.execution_options(**{READ_ONLY: True}) if reading else conn

    def _checkin(self, conn: Connection, reading: bool = False) -> None:
        """Keep ``conn`` for the next write or read (one at most each), unless it is broken."""
        if not conn.invalidated and not conn.closed:
            with self._idle_lock:
                idle = self._idle_reads if reading else self._idle
                if not idle:
                    idle.append(conn)
                    return
        conn.close()

    def write(self, rollback: bool = False) -> _Writing:
        """One write transaction, or the one this thread already holds (a context manager that
        gives its connection).

        ``rollback`` undoes everything at the end: a dry run of the very same work.
        """
        return _Writing(self, rollback)

    @contextmanager
    def read(self, repeatable: bool = False) -> Iterator[Connection]:
        """One read snapshot: the write transaction this thread holds (to see its work), or the
        snapshot it holds (reads inside a read join it), or a new one. SQLite's read
        transaction is one snapshot; PostgreSQL's statements each see the latest commits unless
        ``repeatable`` (REPEATABLE READ, for several reads that must agree)."""
        active: Connection | None = getattr(self._local, "conn", None)
        if active is None:
            active = getattr(self._local, "snapshot", None)
        if active is not None:
            yield active
            return
        try:
            if repeatable and self.engine.dialect.name == "postgresql":
                options: dict[str, Any] = {READ_ONLY: True, "isolation_level": "REPEATABLE READ",
                                           "postgresql_readonly": True}  # fmt: skip
                with connect(self.engine).execution_options(**options) as conn, conn.begin():
                    yield from self._snapshot(conn)
                return
            conn = self._checkout(reading=True)
            try:
                if self._write_begin is None:
                    with conn.begin():
                        yield from self._snapshot(conn)
                else:
                    yield from self._driver_snapshot(conn)
            except GovflowError:  # the caller's (the snapshot ended well): the connection is fine
                self._checkin(conn, reading=True)
                raise
            except BaseException:
                conn.close()  # what failed may have left it unusable: back to the pool
                raise
            self._checkin(conn, reading=True)
        except GovflowError:
            raise
        except OverflowError:
            raise _too_large() from None
        except (SQLAlchemyError, sqlite3.Error) as exc:
            raise IntegrityError(f"database error: {_cause(exc)}") from None

    def _driver_snapshot(self, conn: Connection) -> Iterator[Connection]:
        """:meth:`_snapshot` in a read transaction begun and ended on the driver's connection,
        as an SQLite write's is (:class:`_Writing`): SQLAlchemy's begin and commit cost a page
        more than its statements' ``BEGIN`` and ``COMMIT``. A statement run through the
        connection makes SQLAlchemy begin its own transaction, which joins this one (the
        ``begin`` listener sees it begun); SQLAlchemy then ends both."""
        driver: Any = conn.connection.driver_connection
        driver.execute("BEGIN")  # deferred: the snapshot is taken at its first read
        try:
            yield from self._snapshot(conn)
        except BaseException:
            (conn if conn.in_transaction() else driver).rollback()
            raise
        (conn if conn.in_transaction() else driver).commit()

    def _snapshot(self, conn: Connection) -> Iterator[Connection]:
        """``conn`` as this thread's snapshot while the caller's block runs; what :func:`once`
        kept in it is forgotten when it ends (the connection is kept for the next read, which
        is another snapshot: it must read again)."""
        self._local.snapshot = conn
        _ONCE[id(conn)] = {}
        try:
            yield conn
        finally:
            self._local.snapshot = None
            _ONCE.pop(id(conn), None)
