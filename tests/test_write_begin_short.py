"""A write transaction's plumbing taken the short way holds what the general way finds: the
statements' dialect found once for the store is the one each write's connection gives, and the
write's cursor is on the driver's connection under it (SQLite's ``BEGIN IMMEDIATE`` is run on
the pool's ``dbapi_connection``, the object ``driver_connection`` names), on both back ends.

MP953 is invented (the fictional numbers the docs use)."""

from __future__ import annotations

from govflow.service import Govflow
from govflow.store import writes
from govflow.store.cursors import HELD


def test_a_write_holds_its_connections_dialect_and_driver(gf: Govflow) -> None:
    store = gf._store
    for rollback in (True, False, False):  # the first write, and writes on a kept connection
        with store.write(rollback=rollback) as conn:
            cursor, dialect = HELD[conn]
            assert dialect is writes.dialect_of(conn) is store.dialect
            assert dialect.name == conn.dialect.name
            assert cursor.connection is conn.connection.driver_connection


def _head(gf: Govflow) -> int:
    with gf._store.write(rollback=True) as conn:
        row = writes.read_proposal(conn, ["SEC"], 953, "")
        assert row is not None
        return row.head_seq


def test_a_write_begun_the_short_way_is_one_transaction(gf: Govflow) -> None:
    """An advance inside a rolled-back write (its statements on the held cursor, joined) is
    seen inside and leaves nothing; one in a committed write stays."""
    gf.raise_proposal("MP953", title="Invented", on="2021-06-01")
    first = _head(gf)
    with gf._store.write(rollback=True):
        gf.advance("MP953", "start_refinement", on="2021-06-18")
        assert _head(gf) == first + 1
    assert _head(gf) == first
    with gf._store.write():
        gf.advance("MP953", "start_refinement", on="2021-06-18")
    assert _head(gf) == first + 1
