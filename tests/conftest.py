"""Shared fixtures. Database tests run on SQLite, or on PostgreSQL when
``GOVFLOW_TEST_DATABASE_URL`` is set.

Migrating a database through every Alembic migration costs 0.1-0.5 s, and most tests need only
a database as ``govflow.open_db`` leaves a new one. So ``db_url`` (and ``gf``, ``cli``, ``api``
over it) hands a *migrated* database, made from a template that is migrated once per session
(per xdist worker), in exactly the state a first ``open_db`` leaves: schema at head, the shipped
workflows' committees registered.

- SQLite: the template is a file; each test gets a copy of it in its ``tmp_path``.
- PostgreSQL: each session keeps two migrated schemas, a pristine *seed* and a *work* schema
  that the tests use one after another. After each test the work schema is emptied (triggers
  off, so the append-only tables can be) and refilled from the seed, sequences included; a test
  that changed its tables (a downgrade, a dropped table) gets it dropped and migrated anew.

A test of creating, migrating or refusing a database asks for ``empty_db_url`` (or
``empty_cli``) instead: an empty database (SQLite: no file yet; PostgreSQL: a new schema of its
own, dropped after it). So does a test whose first ``open_db`` must do what only a new database
gets, such as registering the committees of workflows given with ``workflows=``.
"""

from __future__ import annotations

import functools
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
import typer.main
import typer.testing
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, text
from typer.testing import CliRunner, Result

import govflow
from govflow.cli import app
from govflow.records.tokens import ROLES
from govflow.service import Govflow

PG_URL = os.environ.get("GOVFLOW_TEST_DATABASE_URL")
_build_once = functools.cache(typer.main.get_command)


@pytest.fixture(autouse=True)
def _command_built_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Typer's runner rebuilds the whole command tree on every call (~40 ms): build it once."""
    monkeypatch.setattr(typer.testing, "_get_command", _build_once)


@pytest.fixture(autouse=True)
def _wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("TERMINAL_WIDTH", "200")
    monkeypatch.delenv("GOVFLOW_DB", raising=False)
    monkeypatch.delenv("GOVFLOW_WORKFLOWS", raising=False)


def backend() -> str:
    return "postgresql" if PG_URL else "sqlite"


# What a schema is made of, to tell whether a test changed the work schema's tables (a hash of
# its relations, columns, constraints, triggers and functions). The schema's oid is a parameter:
# joined from a CTE it kept the catalogs' indexes out of the plan (three times slower).
_SHAPE = """
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
    FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE c.relnamespace = CAST(:oid AS oid)
    UNION ALL
    SELECT proname || ':' || prosrc FROM pg_proc WHERE pronamespace = CAST(:oid AS oid)
) AS items
"""


class _PgSchemas:
    """The PostgreSQL template (see the module's docstring): a pristine migrated ``seed`` schema
    and the ``work`` schema the tests use, put back to the seed's state after each test."""

    def __init__(self, admin: Engine) -> None:
        self.admin = admin  # AUTOCOMMIT, for schemas
        self.engine = create_engine(str(PG_URL))  # transactions, for the reset
        tag = uuid.uuid4().hex[:12]
        self.seed, self.work = f"gf_seed_{tag}", f"gf_work_{tag}"
        for schema in (self.seed, self.work):
            self._create(schema)
        self.shape = self._shape()
        self.refill = self._refill_sql()

    def _create(self, schema: str) -> None:
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        _migrated(_schema_url(schema))

    def _shape(self) -> str:
        with self.admin.connect() as conn:
            found = text("SELECT CAST(CAST(:s AS regnamespace) AS oid)")
            oid = conn.execute(found, {"s": self.work}).scalar_one()
            return str(conn.execute(text(_SHAPE), {"oid": oid}).scalar_one())

    def _refill_sql(self) -> str:
        """Empty every table of the work schema, copy the seed's rows and sequences into it."""
        tables = "SELECT tablename FROM pg_tables WHERE schemaname = :s ORDER BY tablename"
        columns = (
            "SELECT attname FROM pg_attribute WHERE attrelid = CAST(:t AS regclass) "
            "AND attnum > 0 AND NOT attisdropped AND attgenerated = '' ORDER BY attnum"
        )
        sequences = "SELECT sequencename FROM pg_sequences WHERE schemaname = :s"
        seed, work = f'"{self.seed}"', f'"{self.work}"'
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

    def reset(self) -> None:
        """Put the work schema back as the seed is; migrate it anew if its tables changed."""
        if self._shape() != self.shape:
            with self.admin.connect() as conn:
                conn.execute(text(f'DROP SCHEMA "{self.work}" CASCADE'))
            self._create(self.work)
            return
        with self.engine.begin() as conn:
            conn.exec_driver_sql(self.refill)

    def drop(self) -> None:
        with self.admin.connect() as conn:
            for schema in (self.seed, self.work):
                conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        self.admin.dispose()
        self.engine.dispose()


def _schema_url(schema: str) -> str:
    assert PG_URL
    sep = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{sep}options={quote(f'-csearch_path={schema}')}"


@pytest.fixture
def empty_db_url(tmp_path: Path) -> Iterator[str]:
    """A URL to an empty database of the back end under test (nothing created or migrated)."""
    if not PG_URL:
        yield f"sqlite:///{tmp_path / 'govflow.db'}"
        return
    schema = f"gf_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield _schema_url(schema)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


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
def _pg_schemas() -> Iterator[_PgSchemas]:
    schemas = _PgSchemas(create_engine(str(PG_URL), isolation_level="AUTOCOMMIT"))
    try:
        yield schemas
    finally:
        schemas.drop()


@pytest.fixture
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL to a database of the back end under test, as a first ``open_db`` leaves it."""
    if not PG_URL:
        template: Path = request.getfixturevalue("_sqlite_template")
        shutil.copyfile(template, tmp_path / "govflow.db")
        yield f"sqlite:///{tmp_path / 'govflow.db'}"
        return
    schemas: _PgSchemas = request.getfixturevalue("_pg_schemas")
    try:
        yield _schema_url(schemas.work)
    finally:
        schemas.reset()


@pytest.fixture
def gf(db_url: str) -> Iterator[Govflow]:
    """A govflow service over a fresh database (schema migrated, SEC committees registered)."""
    service = govflow.open_db(db_url)
    try:
        yield service
    finally:
        service.close()


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
