"""A write is one transaction whichever way its statements go: on the driver's cursor (as the
writes of ``store/writes.py`` do), through SQLAlchemy, or both. On SQLite govflow begins it on
the driver itself (``BEGIN IMMEDIATE``) and SQLAlchemy, when used, joins it. Committees here
are invented (ZZQ, ZZR).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Connection, Engine, create_engine, text

from govflow.errors import IntegrityError, InvalidInput
from govflow.service import Govflow
from govflow.store.database import adopt_engine, write_begin
from govflow.store.session import Store
from govflow.store.writes import raw_cursor


@pytest.fixture
def engine(gf: Govflow, db_url: str) -> Iterator[Engine]:
    """A second engine over the test database (its schema made by ``gf``), set up as govflow
    sets up its own."""
    made = adopt_engine(create_engine(db_url))
    yield made
    made.dispose()


def _on_driver(conn: Connection, code: str) -> None:
    cursor = raw_cursor(conn)
    cursor.execute(f"INSERT INTO committee (code, name) VALUES ('{code}', 'Invented')")
    cursor.close()


def _through_sqlalchemy(conn: Connection, code: str) -> None:
    conn.execute(text(f"INSERT INTO committee (code, name) VALUES ('{code}', 'Invented')"))


def _kept(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        found = conn.execute(text("SELECT code FROM committee WHERE code IN ('ZZQ', 'ZZR')"))
        return {row[0] for row in found}


def test_sqlite_writes_begin_on_the_driver_and_postgresql_on_sqlalchemy(engine: Engine) -> None:
    expected = "BEGIN IMMEDIATE" if engine.dialect.name == "sqlite" else None
    assert write_begin(engine) == expected


@pytest.mark.parametrize(
    "writes",
    [(_on_driver, _on_driver), (_on_driver, _through_sqlalchemy),
     (_through_sqlalchemy, _on_driver)],
    ids=["driver-only", "driver-then-sqlalchemy", "sqlalchemy-then-driver"],
)  # fmt: skip
def test_a_write_is_kept_whole_or_not_at_all(engine: Engine, writes: tuple) -> None:  # type: ignore[type-arg]
    store = Store(engine)
    with pytest.raises(InvalidInput), store.write() as conn:
        writes[0](conn, "ZZQ")
        writes[1](conn, "ZZR")
        raise InvalidInput("refused after both statements")
    assert _kept(engine) == set()
    with store.write(rollback=True) as conn:  # a dry run: the same work, undone
        writes[0](conn, "ZZQ")
        writes[1](conn, "ZZR")
    assert _kept(engine) == set()
    with store.write() as conn:
        writes[0](conn, "ZZQ")
        writes[1](conn, "ZZR")
    assert _kept(engine) == {"ZZQ", "ZZR"}
    with store.write() as conn:  # the kept connection begins the next write afresh
        _through_sqlalchemy(conn, "ZZS")
        _on_driver(conn, "ZZT")
    store.release()
    assert engine.pool.checkedout() == 0  # type: ignore[attr-defined]


def test_a_write_that_cannot_begin_is_a_govflow_error(engine: Engine, db_url: str) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite's file lock; PostgreSQL locks rows")
    store, other = Store(engine), Store(adopt_engine(create_engine(db_url)))
    with other.write() as waiting:
        waiting.connection.driver_connection.execute("PRAGMA busy_timeout=0")  # type: ignore[union-attr]
    with store.write() as conn:
        _on_driver(conn, "ZZQ")
        refused = pytest.raises(IntegrityError, match="database error: database is locked")
        with refused, other.write():
            pass
    assert _kept(engine) == {"ZZQ"}
    with other.write() as conn:  # the refused write left the other store fit to write
        _on_driver(conn, "ZZR")
    assert _kept(engine) == {"ZZQ", "ZZR"}
    other.close()
