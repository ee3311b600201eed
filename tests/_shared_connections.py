"""PostgreSQL connections handed on from one of the tests' engines to the next.

Each ``gf``, ``cli`` and ``api`` opens the database anew, as a user's command does, and on
PostgreSQL every engine's first connection was a new server process: about 4,000 a run of the
suite, each costing the server 5-10 ms of CPU to start and to fill its catalog caches again, on
the two cores the tests run on (benchmarks/README.md, "CI time, round ten"). Here a connection
that one of govflow's engines closes is put back to how a new one starts and kept, and the next
engine that connects with the same arguments gets it instead of a new one.

Put back means: its transaction rolled back, then ``DISCARD ALL`` (every ``SET``, including the
read-only engines' ``SET SESSION CHARACTERISTICS``, back to the connection's defaults; temporary
tables, prepared statements, cursors, ``LISTEN`` and session advisory locks gone; psycopg
forgets its own record of prepared statements when it sees it), and the driver's own settings
back to a new connection's (autocommit off, no isolation level, read-only or deferrable mode).
The arguments are the whole key, connection options (the schema's ``search_path``) included;
only the adapters' context, one object per engine and the same for every engine govflow makes,
is left out. Engines made outside govflow (the fixtures' own) connect as before. SQLite is
untouched.
"""

from __future__ import annotations

import itertools
import threading
from collections import OrderedDict
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Dialect, Engine

from govflow.store import database

IDLE_LIMIT = 6  # idle connections kept in all; past it the oldest is closed
_IDLE: OrderedDict[int, tuple[tuple[Any, ...], Any]] = OrderedDict()  # id -> (key, connection)
_KEYS: dict[int, tuple[Any, ...]] = {}  # the key of each connection a shared engine holds
_LOCK = threading.Lock()  # the web tests' engines connect from the server's threads
_DISCARDS = itertools.count()
counts = {"made": 0, "handed on": 0}  # in this process (tests/test_fixtures.py)


def _key(cargs: tuple[Any, ...], cparams: dict[str, Any]) -> tuple[Any, ...]:
    return (*cargs, *sorted((k, repr(v)) for k, v in cparams.items() if k != "context"))


def _kept(key: tuple[Any, ...]) -> Any:
    """The last kept connection made with ``key``, taken out; None if there is none."""
    with _LOCK:
        for ident, (kept, connection) in reversed(_IDLE.items()):
            if kept == key:
                del _IDLE[ident]
                return connection
    return None


def _put_back(connection: Any) -> bool:
    """Put ``connection`` back as a new one starts; False if it cannot be (close it)."""
    if connection.closed or connection.broken:
        return False
    try:
        connection.rollback()
        connection.autocommit = True
        # psycopg forgets its prepared statements when a statement it has not seen before ends
        # with DISCARD ALL; the same text again counts as seen, so each one is told apart.
        connection.execute(f"DISCARD ALL -- {next(_DISCARDS)}")
        connection.autocommit = False
        connection.isolation_level = None
        connection.read_only = None
        connection.deferrable = None
    except Exception:  # a connection the server ended, say: not kept
        return False
    return True


def _close(connection: Any) -> None:
    key = _KEYS.pop(id(connection), None)
    if key is None or not _put_back(connection):
        connection.close()
        return
    with _LOCK:
        _IDLE[id(connection)] = (key, connection)
        surplus = [_IDLE.popitem(last=False)[1][1] for _ in range(len(_IDLE) - IDLE_LIMIT)]
    for oldest in surplus:
        oldest.close()


def _terminate(connection: Any) -> None:
    """An invalidated connection is closed, never kept."""
    _KEYS.pop(id(connection), None)
    connection.close()


def share(engine: Engine) -> Engine:
    """Have ``engine`` (PostgreSQL) take a kept connection made with its arguments when there
    is one, and keep the ones it closes; any other engine is returned as it is."""
    if engine.dialect.name != "postgresql":
        return engine

    @event.listens_for(engine, "do_connect")
    def _connect(dialect: Dialect, _record: Any, cargs: Any, cparams: Any) -> Any:
        key = _key(tuple(cargs), dict(cparams))
        connection = _kept(key)
        counts["made" if connection is None else "handed on"] += 1
        if connection is None:
            connection = dialect.connect(*cargs, **cparams)
        _KEYS[id(connection)] = key
        return connection

    engine.dialect.do_close = _close  # type: ignore[method-assign]
    engine.dialect.do_terminate = _terminate  # type: ignore[method-assign]
    return engine


def close_idle() -> None:
    """Close every kept connection (before the session's database is dropped)."""
    with _LOCK:
        idle = [connection for _, connection in _IDLE.values()]
        _IDLE.clear()
    for connection in idle:
        connection.close()


_made_before = database.create_engine


def _create_engine(*args: Any, **kw: Any) -> Engine:
    return share(_made_before(*args, **kw))


def install() -> None:
    """From now on, govflow's PostgreSQL engines in this process hand their connections on."""
    global _made_before
    _made_before = database.create_engine
    database.create_engine = _create_engine  # type: ignore[assignment]
