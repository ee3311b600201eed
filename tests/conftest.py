"""Shared fixtures. Database tests run on SQLite, or on PostgreSQL when
``GOVFLOW_TEST_DATABASE_URL`` is set.

Migrating a database through every Alembic migration costs 0.1-0.5 s, and most tests need only
a database as ``govflow.open_db`` leaves a new one. So ``db_url`` (and ``gf``, ``cli``, ``api``
over it) hands a *migrated* database, made from a template that is migrated once per session
(per xdist worker), in exactly the state a first ``open_db`` leaves: schema at head, the shipped
workflows' committees registered.

- SQLite: the template is a file; each test gets a copy of it in its ``tmp_path``.
- PostgreSQL: each session (each xdist worker) makes a database of its own on the server of
  ``GOVFLOW_TEST_DATABASE_URL`` and drops it at its end, so its catalogs start small whatever
  earlier runs left (the server may run without autovacuum: every schema created and dropped
  leaves dead catalog rows, and catalog reads slowed with them). In it, two migrated schemas: a
  pristine *seed* and a *work* schema that the tests use one after another. After each test the
  work schema is emptied (triggers off, so the append-only tables can be) and refilled from the
  seed, sequences included; a test that ran DDL on it (a downgrade, a dropped trigger), noted
  by an event trigger, gets it dropped and migrated anew (tests/test_fixtures.py).

A test of creating, migrating or refusing a database asks for ``empty_db_url`` (or
``empty_cli``) instead: an empty database (SQLite: no file yet; PostgreSQL: a new schema of its
own in the session's database, dropped after it). So does a test whose first ``open_db`` must do
what only a new database gets, such as registering the committees of workflows given with
``workflows=``.
"""

from __future__ import annotations

import functools
import itertools
import os
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
import typer.main
import typer.testing
from fastapi.testclient import TestClient
from hypothesis import settings
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.pool import NullPool
from typer.testing import CliRunner, Result

import govflow
from govflow import demo
from govflow.cli import app
from govflow.records.tokens import ROLES
from govflow.service import Govflow
from tests import _shared_compiled

# Every property test is derandomized unless its own settings say otherwise: the suite gives the
# same verdict on every run and machine (a CI run cannot fail on a history no one can replay).
# To explore new examples, run with HYPOTHESIS_PROFILE=explore.
settings.register_profile("deterministic", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "deterministic"))

PG_URL = os.environ.get("GOVFLOW_TEST_DATABASE_URL")
NewGovflow = Callable[[], AbstractContextManager[Govflow]]  # the new_gf fixture
Build = Callable[[Govflow], object]  # what writes a test's records (built_db_url)
_build_once = functools.cache(typer.main.get_command)
_shared_compiled.install()  # compiled SQL shared by the tests' engines (tests/_shared_compiled.py)


@pytest.fixture(autouse=True)
def _command_built_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Typer's runner rebuilds the whole command tree on every call (~40 ms): build it once."""
    monkeypatch.setattr(typer.testing, "_get_command", _build_once)


def pytest_configure(config: pytest.Config) -> None:
    """The bank-holiday cache file (govflow/bank_holidays.py) goes to a folder of the run's own
    (child processes inherit it), never to the user's cache folder: set before collection, as
    test modules ask the calendar for days when they are imported, and a process reads its
    cache folder once."""
    folder = tempfile.mkdtemp(prefix="govflow-cache-")
    config.add_cleanup(functools.partial(shutil.rmtree, folder, ignore_errors=True))
    config.add_cleanup(functools.partial(os.environ.pop, "GOVFLOW_CACHE_DIR", None))
    os.environ["GOVFLOW_CACHE_DIR"] = folder


@pytest.fixture(autouse=True)
def _wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("TERMINAL_WIDTH", "200")
    monkeypatch.delenv("GOVFLOW_DB", raising=False)
    monkeypatch.delenv("GOVFLOW_WORKFLOWS", raising=False)


def backend() -> str:
    return "postgresql" if PG_URL else "sqlite"


# What a schema is made of (its relations, columns, constraints, triggers and functions), to
# show that a schema is back as it was (tests/test_fixtures.py). PostgreSQL's internal triggers
# (those of foreign keys) are left out: their names carry oids, which change when a schema is
# made again. The schema's oid is a parameter: joined from a CTE it kept the catalogs' indexes out
# of the plan (three times slower).
SHAPE = """
SELECT md5(string_agg(item, ',' ORDER BY item)) FROM (
    SELECT relname || '/' || CAST(relkind AS text) AS item
    FROM pg_class WHERE relnamespace = CAST(:oid AS oid)
    UNION ALL
    SELECT c.relname || '.' || a.attname || ':' || format_type(a.atttypid, a.atttypmod)
           || CAST(a.attnotnull AS text) || CAST(a.attgenerated AS text)
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
    WHERE c.relnamespace = CAST(:oid AS oid) AND a.attnum > 0 AND NOT a.attisdropped
    UNION ALL
    SELECT conname || ':' || pg_get_constraintdef(pg_constraint.oid)
    FROM pg_constraint WHERE connamespace = CAST(:oid AS oid)
    UNION ALL
    SELECT t.tgname || ':' || CAST(t.tgenabled AS text)
    FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
    WHERE c.relnamespace = CAST(:oid AS oid) AND NOT t.tgisinternal
    UNION ALL
    SELECT proname || ':' || prosrc FROM pg_proc WHERE pronamespace = CAST(:oid AS oid)
) AS items
"""

# DDL on the work schema, noted by event triggers as it happens (in the transaction that does it,
# so a rolled-back change leaves no note): the reset then makes the schema anew. This costs one
# small query a test, where comparing the catalogs took 17-50 ms. Event triggers see every CREATE,
# ALTER, DROP, COMMENT, GRANT and REVOKE; PostgreSQL fires none only for databases, roles,
# tablespaces and event triggers themselves. A GRANT names no object, so any GRANT counts.
# tests/test_fixtures.py shows changes being caught.
_WATCH = """
CREATE SCHEMA gf_watch;
CREATE TABLE gf_watch.ddl (tag text NOT NULL, what text);
CREATE FUNCTION gf_watch.on_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO gf_watch.ddl SELECT command_tag, object_identity
    FROM pg_event_trigger_ddl_commands()
    WHERE schema_name = '{work}' OR object_identity = '{work}'
          OR starts_with(object_identity, '{work}.') OR object_identity IS NULL;
END $$;
CREATE FUNCTION gf_watch.on_drop() RETURNS event_trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO gf_watch.ddl SELECT 'DROP ' || object_type, object_identity
    FROM pg_event_trigger_dropped_objects()
    WHERE schema_name = '{work}' OR object_identity = '{work}' OR address_names[1] = '{work}';
END $$;
CREATE EVENT TRIGGER gf_watch_ddl ON ddl_command_end EXECUTE FUNCTION gf_watch.on_ddl();
CREATE EVENT TRIGGER gf_watch_drop ON sql_drop EXECUTE FUNCTION gf_watch.on_drop();
"""


class PgDatabase:
    """The PostgreSQL template (see the module's docstring): a database of this session's own, a
    pristine migrated ``seed`` schema in it, and the ``work`` schema the tests use, put back to
    the seed's state after each test."""

    def __init__(self, server_url: str) -> None:
        tag = uuid.uuid4().hex[:12]
        self.name = f"gf_test_{tag}"
        self.server = create_engine(server_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
        with self.server.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{self.name}"'))
            # Commits need not wait for the disk: nothing here outlives the session.
            conn.execute(text(f'ALTER DATABASE "{self.name}" SET synchronous_commit = off'))
        self.url = make_url(server_url).set(database=self.name).render_as_string(False)
        self.admin = create_engine(self.url, isolation_level="AUTOCOMMIT")  # for schemas
        self.engine = create_engine(self.url)  # transactions, for the reset
        self.seed, self.work = "gf_seed", "gf_work"
        self.remade = 0  # how often the work schema was made anew (tests/test_fixtures.py)
        with self.admin.connect() as conn:
            conn.exec_driver_sql(_WATCH.format(work=self.work))
        for schema in (self.seed, self.work):
            self._create(schema)
        self.refill = self._refill_sql(self.seed)
        self.filled: dict[str, str] = {}  # the refill SQL from each built seed, by its schema

    def schema_url(self, schema: str) -> str:
        sep = "&" if "?" in self.url else "?"
        return f"{self.url}{sep}options={quote(f'-csearch_path={schema}')}"

    def _create(self, schema: str) -> None:
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        _migrated(self.schema_url(schema))
        with self.admin.connect() as conn:
            conn.execute(text("DELETE FROM gf_watch.ddl"))

    def shape(self, schema: str) -> str:
        with self.admin.connect() as conn:
            found = text("SELECT CAST(CAST(:s AS regnamespace) AS oid)")
            oid = conn.execute(found, {"s": schema}).scalar_one()
            return str(conn.execute(text(SHAPE), {"oid": oid}).scalar_one())

    def _refill_sql(self, source: str) -> str:
        """Empty every table of the work schema, copy the rows and sequences of ``source`` (a
        schema migrated as it is) into it."""
        tables = "SELECT tablename FROM pg_tables WHERE schemaname = :s ORDER BY tablename"
        columns = (
            "SELECT attname FROM pg_attribute WHERE attrelid = CAST(:t AS regclass) "
            "AND attnum > 0 AND NOT attisdropped AND attgenerated = '' ORDER BY attnum"
        )
        sequences = "SELECT sequencename FROM pg_sequences WHERE schemaname = :s"
        seed, work = f'"{source}"', f'"{self.work}"'
        sql = ["SET LOCAL session_replication_role = replica"]  # no triggers, no FK checks
        with self.admin.connect() as conn:
            for table in conn.execute(text(tables), {"s": self.work}).scalars():
                names = conn.execute(text(columns), {"t": f'{work}."{table}"'}).scalars()
                listed = ", ".join(f'"{n}"' for n in names)
                sql.append(f'DELETE FROM {work}."{table}"')
                sql.append(f'INSERT INTO {work}."{table}" ({listed}) OVERRIDING SYSTEM VALUE '
                           f'SELECT {listed} FROM {seed}."{table}"')  # fmt: skip
            for seq in conn.execute(text(sequences), {"s": self.work}).scalars():
                sql.append(f"SELECT setval('{work}.\"{seq}\"', last_value, is_called) "
                           f'FROM {seed}."{seq}"')  # fmt: skip
        return ";\n".join(sql)

    def fill(self, name: str, build: Build) -> None:
        """Put into the work schema what ``build`` writes into a database as ``db_url`` hands
        it: built once a session into a schema of its own (``name``), copied at each call."""
        if name not in self.filled:
            schema = f"gf_built_{name}"
            self._create(schema)
            with govflow.open_db(self.schema_url(schema)) as gf:
                build(gf)
            self.filled[name] = self._refill_sql(schema)
        with self.engine.begin() as conn:
            conn.exec_driver_sql(self.filled[name])

    def reset(self) -> None:
        """Put the work schema back as the seed is: its rows, or the whole schema after DDL."""
        with self.engine.begin() as conn:
            if conn.exec_driver_sql("SELECT 1 FROM gf_watch.ddl LIMIT 1").first() is None:
                conn.exec_driver_sql(self.refill)
                return
        with self.admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{self.work}" CASCADE'))
        self._create(self.work)
        self.remade += 1

    def drop(self) -> None:
        self.admin.dispose()
        self.engine.dispose()
        with self.server.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
        self.server.dispose()


@pytest.fixture
def empty_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL to an empty database of the back end under test (nothing created or migrated)."""
    if not PG_URL:
        yield f"sqlite:///{tmp_path / 'govflow.db'}"
        return
    pg: PgDatabase = request.getfixturevalue("pg_database")
    schema = f"gf_{uuid.uuid4().hex[:12]}"
    with pg.admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield pg.schema_url(schema)
    finally:
        with pg.admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


def _migrated(url: str) -> None:
    govflow.open_db(url).close()


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database file as a first ``open_db`` leaves it (its WAL checkpointed into the file)."""
    path = tmp_path_factory.mktemp("template") / "govflow.db"
    _migrated(f"sqlite:///{path}")
    assert not Path(f"{path}-wal").exists()
    return path


@pytest.fixture(scope="session")
def pg_database() -> Iterator[PgDatabase]:
    assert PG_URL
    pg = PgDatabase(PG_URL)
    try:
        yield pg
    finally:
        pg.drop()


@pytest.fixture
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL to a database of the back end under test, as a first ``open_db`` leaves it."""
    if not PG_URL:
        template: Path = request.getfixturevalue("_sqlite_template")
        shutil.copyfile(template, tmp_path / "govflow.db")
        yield f"sqlite:///{tmp_path / 'govflow.db'}"
        return
    pg: PgDatabase = request.getfixturevalue("pg_database")
    try:
        yield pg.schema_url(pg.work)
    finally:
        pg.reset()


@pytest.fixture(scope="session")
def _sqlite_builds() -> dict[str, Path]:
    return {}  # the SQLite template with what a build wrote, by the build's name


@pytest.fixture
def built_db_url(request: pytest.FixtureRequest, db_url: str) -> Callable[[str, Build], str]:
    """``built_db_url(name, build)``: ``db_url`` holding what ``build`` writes into a database as
    ``db_url`` hands it. The build runs once a session (per xdist worker) and is copied for each
    test, as the template is: for the records that many tests read (the demo: 0.14 s a build on
    SQLite, 0.35 s on PostgreSQL; 1,200 proposals: 3.5 s on PostgreSQL). ``build`` must write the
    records whichever test runs it first (it runs once, for all)."""

    def built(name: str, build: Build) -> str:
        if PG_URL:
            pg: PgDatabase = request.getfixturevalue("pg_database")
            pg.fill(name, build)
            return db_url
        builds: dict[str, Path] = request.getfixturevalue("_sqlite_builds")
        if name not in builds:
            factory: pytest.TempPathFactory = request.getfixturevalue("tmp_path_factory")
            path = factory.mktemp("built") / "govflow.db"
            shutil.copyfile(request.getfixturevalue("_sqlite_template"), path)
            with govflow.open_db(f"sqlite:///{path}") as gf:
                build(gf)
            assert not Path(f"{path}-wal").exists()
            builds[name] = path
        shutil.copyfile(builds[name], make_url(db_url).database or "")
        return db_url

    return built


@pytest.fixture
def demo_db_url(built_db_url: Callable[[str, Build], str]) -> str:
    """``db_url`` holding the demo records (``govflow.demo.build``), built once a session. Not
    with ``gf`` in one test: ``demo_gf`` is the service over it."""
    return built_db_url("demo", demo.build)


@pytest.fixture
def demo_gf(demo_db_url: str) -> Iterator[Govflow]:
    """``gf`` over the demo records."""
    with govflow.open_db(demo_db_url) as service:
        yield service


@pytest.fixture
def gf(db_url: str) -> Iterator[Govflow]:
    """A govflow service over a fresh database (schema migrated, SEC committees registered)."""
    service = govflow.open_db(db_url)
    try:
        yield service
    finally:
        service.close()


@pytest.fixture
def new_gf(request: pytest.FixtureRequest, tmp_path: Path) -> NewGovflow:
    """``with new_gf() as gf:`` a govflow service over a database of its own, as ``gf`` hands
    it, put back (or deleted) when the block ends: for a property test, one database per
    example, so that examples neither see each other's proposals nor slow down as they pile up.
    Not with ``db_url`` in one test (on PostgreSQL both are the session's work schema)."""
    numbers = itertools.count()

    @contextmanager
    def new() -> Iterator[Govflow]:
        if PG_URL:
            pg: PgDatabase = request.getfixturevalue("pg_database")
            url, path = pg.schema_url(pg.work), None
        else:
            path = tmp_path / f"example-{next(numbers)}.db"
            shutil.copyfile(request.getfixturevalue("_sqlite_template"), path)
            url = f"sqlite:///{path}"
        service = govflow.open_db(url)
        try:
            yield service
        finally:
            service.close()
            if path is None:
                pg.reset()
            else:
                for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                    leftover.unlink(missing_ok=True)

    return new


def _invoker(url: str) -> Callable[..., Result]:
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        return runner.invoke(app, ["--db", url, *args])

    return invoke


@pytest.fixture
def cli(db_url: str) -> Callable[..., Result]:
    """Run ``govflow --db <db_url> ARGS...`` through Typer's runner; return the result."""
    return _invoker(db_url)


@pytest.fixture
def empty_cli(empty_db_url: str) -> Callable[..., Result]:
    """``cli`` over an empty database (``init`` creates its schema)."""
    return _invoker(empty_db_url)


# -- govflow serve ---------------------------------------------------------------------------------
@dataclass
class Api:
    """A test client of ``govflow serve`` over a fresh database, with one token per role."""

    client: TestClient
    gf: Govflow
    secrets: dict[str, str]  # role -> the token's secret; each token is named after its role

    def auth(self, role: str | None) -> dict[str, str]:
        """The headers of a request made with ``role``'s token (None: no token)."""
        return {} if role is None else {"Authorization": f"Bearer {self.secrets[role]}"}

    def get(self, path: str, role: str | None = None, **kw: Any) -> httpx.Response:
        return self.client.get(path, headers=self.auth(role), **kw)

    def post(self, path: str, body: Any = None, role: str | None = "secretariat") -> httpx.Response:
        return self.client.post(path, json=body, headers=self.auth(role))


@pytest.fixture
def api(db_url: str) -> Iterator[Api]:
    from govflow.web.app import WebConfig, create_app

    app = create_app(WebConfig(database=db_url))
    gf = app.state.govflow
    secrets = {role: gf.add_token(role, role=role).secret for role in ROLES}
    with TestClient(app) as client:
        yield Api(client, gf, secrets)


# The fixtures through which a test reaches the database under test (``gf``, ``cli``, ``api`` and
# the rest ask for one of them). A test that asks for none runs the same on either back end.
DATABASE_FIXTURES = frozenset({"db_url", "empty_db_url", "new_gf", "pg_database"})


def uses_database(item: pytest.Item) -> bool:
    return not DATABASE_FIXTURES.isdisjoint(getattr(item, "fixturenames", ()))


# The modules with the longest tests (whole processes, Chromium, mypy, schemathesis, hypothesis
# over many databases), measured in a CI run (benchmarks/README.md, "CI time, round nine"). They
# run first: xdist hands the first quarter of the tests out in turn, so their cost is shared by
# both workers, and the run ends with short tests instead of one worker finishing a long one
# while the other waits (schemathesis alone took the last 30-70 s of both suites). Each module
# keeps its tests together, so a module's fixtures are still made once a worker.
FIRST = (
    "test_web_openapi", "test_web_browser", "test_web_browser_plan", "test_web_offline",
    "test_web_workers", "test_cli_serve", "test_user_typing", "test_docs_readme",
    "test_browser_notice", "test_progress", "test_history_properties", "test_import_properties",
    "test_rule_core_properties", "test_gap_properties", "test_kill", "test_minutes_bounded",
    "test_cli_lazy",
)  # fmt: skip


def _first_key(item: pytest.Item) -> int:
    name = item.path.stem
    return FIRST.index(name) if name in FIRST else len(FIRST)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The modules of ``FIRST`` first, in its order (a stable sort: every other test keeps its
    place). With ``GOVFLOW_TEST_DATABASE_ONLY=1``, only the tests that use the database under
    test run (the others are deselected, not skipped): ``.ci/run`` runs the whole suite on SQLite
    and, on PostgreSQL, the tests whose result can depend on the back end (benchmarks/README.md)."""
    items.sort(key=_first_key)
    if os.environ.get("GOVFLOW_TEST_DATABASE_ONLY") != "1":
        return
    kept = [item for item in items if uses_database(item)]
    if len(kept) < len(items):
        config.hook.pytest_deselected(items=[i for i in items if not uses_database(i)])
        items[:] = kept


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Say loudly, at the end of the run, that the browser tests were skipped and why
    (tests/test_web_browser.py skips them without Chromium or Playwright)."""
    skipped = [r for r in terminalreporter.stats.get("skipped", [])
               if "test_web_browser.py" in getattr(r, "nodeid", "")]  # fmt: skip
    if not skipped:
        return
    longrepr = skipped[0].longrepr
    why = str(longrepr[2] if isinstance(longrepr, tuple) else longrepr).removeprefix("Skipped: ")
    tests = "BROWSER TEST" if len(skipped) == 1 else "BROWSER TESTS"
    terminalreporter.write_sep("!", f"{len(skipped)} {tests} SKIPPED", red=True, bold=True)
    terminalreporter.write_line(f"{why}", yellow=True)
    terminalreporter.write_line("The pages were not tried in a browser; GOVFLOW_REQUIRE_BROWSER=1 "
                                "makes this a failure.", yellow=True)  # fmt: skip
