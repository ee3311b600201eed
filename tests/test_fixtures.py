"""The database fixtures of tests/conftest.py. ``db_url`` hands a database as a first ``open_db``
leaves it, from a template. On PostgreSQL that database is shared by the tests of a session, one
after another: after each test its rows are put back, and a schema that a test changed is made
anew. These tests show both, and that a change is noted however it is made (a rolled-back change
is not: nothing changed)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest
from sqlalchemy import Connection, create_engine, inspect, make_url, text

import govflow
from govflow import demo
from govflow.service import Govflow
from govflow.store import database
from tests.conftest import FIRST, PG_URL, PgDatabase, pytest_collection_modifyitems, uses_database

postgresql_only = pytest.mark.skipif(not PG_URL, reason="SQLite: each test has a copy of its own")


def _contents(conn: Connection) -> dict[str, int]:
    """Each table's row count (and on PostgreSQL each sequence's last value)."""
    found = {
        t: conn.execute(text(f'SELECT count(*) FROM "{t}"')).scalar_one()
        for t in inspect(conn).get_table_names()
    }
    if conn.dialect.name == "postgresql":
        sequences = "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = "
        for name, value in conn.execute(text(sequences + "current_schema()")):
            found[f"{name} (sequence)"] = value or 0
    return found


def test_db_url_holds_what_a_first_open_db_leaves(db_url: str, empty_db_url: str) -> None:
    govflow.open_db(empty_db_url).close()
    found = []
    for url in (db_url, empty_db_url):
        engine = create_engine(url)
        with engine.connect() as conn:
            found.append(_contents(conn))
        engine.dispose()
    assert found[0] == found[1]
    assert found[0]["committee"] > 0


@postgresql_only
def test_rows_and_sequences_are_put_back_without_making_the_schema_anew(
    gf: Govflow, pg_database: PgDatabase
) -> None:
    with gf.engine.connect() as conn:
        before = _contents(conn)
    gf.raise_proposal("DP960", title="Fictional firmware retry limits", on="2021-03-01")
    gf.advance("DP960", "submit", on="2021-03-02")
    with gf.engine.connect() as conn:
        assert _contents(conn) != before
    remade = pg_database.remade
    pg_database.reset()
    assert pg_database.remade == remade
    with gf.engine.connect() as conn:
        assert _contents(conn) == before


def _drop_trigger(conn: Connection) -> None:
    conn.execute(text("DROP TRIGGER event_no_update_delete ON event"))


def _disable_trigger(conn: Connection) -> None:
    conn.execute(text("ALTER TABLE event DISABLE TRIGGER event_no_update_delete"))


def _add_column(conn: Connection) -> None:
    conn.execute(text("ALTER TABLE proposal ADD COLUMN extra integer"))


def _downgrade(conn: Connection) -> None:
    database.downgrade(create_engine(str(conn.engine.url)), "0006")


CHANGES: dict[str, Callable[[Connection], None]] = {
    "drop-trigger": _drop_trigger,
    "disable-trigger": _disable_trigger,
    "add-column": _add_column,
    "downgrade": _downgrade,
}


@postgresql_only
@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_a_changed_schema_is_made_anew(
    db_url: str, pg_database: PgDatabase, change: Callable[[Connection], None]
) -> None:
    pg = pg_database
    shape = pg.shape(pg.work)
    engine = create_engine(db_url)
    with engine.begin() as conn:
        change(conn)
    engine.dispose()
    assert pg.shape(pg.work) != shape
    remade = pg.remade
    pg.reset()
    assert pg.remade == remade + 1
    assert pg.shape(pg.work) == shape


@postgresql_only
def test_a_change_rolled_back_is_not_noted(db_url: str, pg_database: PgDatabase) -> None:
    engine = create_engine(db_url)
    with pytest.raises(RuntimeError), engine.begin() as conn:
        _drop_trigger(conn)
        raise RuntimeError("rolled back")
    engine.dispose()
    remade = pg_database.remade
    pg_database.reset()
    assert pg_database.remade == remade


def test_a_test_through_gf_cli_or_api_counts_as_a_database_test(
    request: pytest.FixtureRequest, cli: Callable[..., object], demo_db_url: str
) -> None:
    # .ci/run runs only such tests on PostgreSQL (GOVFLOW_TEST_DATABASE_ONLY=1): a fixture that
    # reached the database without one of DATABASE_FIXTURES would leave its tests out there.
    assert uses_database(request.node)


def test_the_longest_modules_run_first_each_whole_and_the_rest_keep_their_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    here = Path(__file__).parent
    assert all((here / f"{name}.py").is_file() for name in FIRST)  # none renamed away
    names = ["test_a", "test_cli_lazy", "test_b", "test_web_openapi", "test_a", "test_cli_lazy"]
    items: list[Any] = [SimpleNamespace(path=here / f"{n}.py", n=i) for i, n in enumerate(names)]
    monkeypatch.delenv("GOVFLOW_TEST_DATABASE_ONLY", raising=False)
    pytest_collection_modifyitems(cast(pytest.Config, None), items)
    assert [item.n for item in items] == [3, 1, 5, 0, 2, 4]


def test_a_test_without_the_database_fixtures_runs_the_same_on_either(
    request: pytest.FixtureRequest, tmp_path: object
) -> None:
    assert not uses_database(request.node)


def test_the_demo_copy_holds_what_building_the_demo_writes(
    demo_gf: Govflow, tmp_path: Path
) -> None:
    with govflow.open_db(tmp_path / "built.db") as built:
        demo.build(built)
        expected = built.register()
    assert demo_gf.register() == expected and len(expected) > 1


def test_engines_of_one_kind_share_compiled_statements_and_read_their_own_rows(
    tmp_path: Path,
) -> None:
    # tests/_shared_compiled.py: the second engine finds the statement compiled by the first
    # and still reads its own database; an engine of another kind compiles its own.
    from sqlalchemy import column, select, table

    from tests import _shared_compiled

    engines = [database.make_engine(tmp_path / f"{n}.db") for n in "ab"]
    values = table("t", column("v"))
    for engine, value in zip(engines, (1, 2), strict=True):
        with engine.begin() as conn:
            conn.exec_driver_sql("CREATE TABLE t (v INTEGER)")
            conn.exec_driver_sql(f"INSERT INTO t VALUES ({value})")
    read = select(values.c.v).where(values.c.v > 0)
    before = len(_shared_compiled._SHARED)
    found = []
    for engine in engines:
        with engine.connect() as conn:
            found.append(conn.execute(read).scalar_one())
        if not found[1:]:
            assert len(_shared_compiled._SHARED) == before + 1  # compiled by the first
    assert found == [1, 2] and len(_shared_compiled._SHARED) == before + 1
    other = type("Other", (), {"driver": "x", "paramstyle": "qmark", "server_version_info": None})
    key = (engines[0].dialect, "k")
    assert _shared_compiled.SharedCompiled._key(key) != _shared_compiled.SharedCompiled._key(
        (other(), "k")
    )
    for engine in engines:
        engine.dispose()


@postgresql_only
def test_a_connection_handed_to_another_engine_starts_as_a_new_one(
    db_url: str, pg_database: PgDatabase
) -> None:
    # tests/_shared_connections.py: the next engine gets the server process the last one
    # closed, with nothing of the last one's session left: no SET, no read-only mode, no open
    # transaction, autocommit off. An engine over another schema gets a process of its own.
    from tests import _shared_connections

    def first_use(read_only: bool = False) -> tuple[Any, Any]:
        engine = database.make_engine(db_url, read_only=read_only)
        return engine, engine.connect()

    probe = (
        "SELECT pg_backend_pid(), current_setting('work_mem'), "
        "current_setting('default_transaction_read_only'), current_setting('search_path')"
    )
    engine, conn = first_use()
    pid, work_mem, read_only, path = conn.exec_driver_sql(probe).one()
    assert read_only == "off"
    conn.exec_driver_sql("SET work_mem = '77kB'")
    conn.exec_driver_sql("CREATE TEMPORARY TABLE left_behind (v int)")
    conn.commit()
    conn.connection.driver_connection.read_only = True  # the driver's own mode too
    conn.exec_driver_sql("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")  # left open
    conn.close()
    engine.dispose()

    handed_on = _shared_connections.counts["handed on"]
    engine, conn = first_use()
    assert conn.exec_driver_sql(probe).one() == (pid, work_mem, "off", path)
    assert _shared_connections.counts["handed on"] == handed_on + 1
    assert conn.exec_driver_sql("SELECT to_regclass('left_behind')").scalar() is None
    conn.exec_driver_sql("CREATE TABLE handed_on_probe (v int)")
    conn.rollback()  # not autocommit: the table was never made
    assert conn.exec_driver_sql("SELECT to_regclass('handed_on_probe')").scalar() is None
    conn.close()
    engine.dispose()

    engine, conn = first_use(read_only=True)  # the read-only engine's own SET, then nothing
    assert conn.exec_driver_sql(probe).one()[:3] == (pid, work_mem, "on")
    conn.close()
    engine.dispose()
    engine, conn = first_use()
    assert conn.exec_driver_sql(probe).one()[:3] == (pid, work_mem, "off")
    conn.close()
    engine.dispose()

    other = database.make_engine(pg_database.schema_url(pg_database.seed))
    with other.connect() as elsewhere:
        assert elsewhere.exec_driver_sql(probe).one()[::3] != (pid, path)
    other.dispose()


@postgresql_only
def test_a_connection_put_back_forgets_the_statements_it_prepared(db_url: str) -> None:
    # psycopg prepares a statement run five times and remembers the name it gave it; after
    # the put-back's DISCARD ALL the server has forgotten them all, so psycopg must too, or the
    # next engine's statement names one that is gone (repeated DISCARD ALLs with nothing
    # prepared between them once hid the last from psycopg).
    import psycopg

    from tests import _shared_connections

    conn = psycopg.connect(make_url(db_url).set(drivername="postgresql").render_as_string(False))
    try:
        for runs in (1, 1, 8, 8, 8):
            for _ in range(runs):
                assert conn.execute("SELECT count(*) FROM proposal").fetchone() == (0,)
            conn.commit()
            assert _shared_connections._put_back(conn)
    finally:
        conn.close()
