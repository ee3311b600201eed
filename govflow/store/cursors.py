"""The DBAPI cursor a write transaction's statements share.

:meth:`govflow.store.session.Store.write` makes one driver cursor when it begins a write (on
SQLite it begins the transaction on it) and keeps it here, with the write's dialect, under the
write's connection until the write ends; it then closes the cursor, before the commit or
rollback. The statements of a write (:func:`govflow.store.writes.statement_cursor`) run on it: an
advance runs seven, and a cursor made for each (through SQLAlchemy's connection chain) with its
dialect looked up each time cost an advance more than some of the statements did. Any other
connection (a read snapshot, a connection outside a write) gets a new cursor, as before.

A connection is used by one thread at a time, and a write's entry is made and removed by the
thread that holds it (a thread-local costs several times a dict's look-up). A statement that runs
on the write's cursor fetches what it reads before it returns: the next statement on the cursor
resets it.
"""

from __future__ import annotations

from typing import Any

#: The cursor and dialect of each write transaction under way, by its connection.
HELD: dict[Any, tuple[Any, Any]] = {}


def raw_cursor(conn: Any) -> Any:
    """A new cursor on the driver's connection under SQLAlchemy's ``conn``."""
    return conn.connection.dbapi_connection.cursor()


def hold(conn: Any, cursor: Any, dialect: Any) -> None:
    """Keep ``cursor`` (with ``dialect``) for the statements of the write ``conn``."""
    HELD[conn] = (cursor, dialect)


def let_go(conn: Any) -> None:
    """Close the cursor of the write ``conn`` (which resets any statement on it) and forget it."""
    held = HELD.pop(conn, None)
    if held is not None:
        held[0].close()
