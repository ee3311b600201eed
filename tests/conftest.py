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

import httpx
import pytest
import typer.main
import typer.testing
from fastapi.testclient import TestClient
from hypothesis import settings
from sqlalchemy import make_url, text
from typer.testing import CliRunner, Result

import govflow
from govflow import demo
from govflow.cli import app
from govflow.records.tokens import ROLES
from govflow.service import Govflow
from tests import _shared_compiled, _shared_connections
from tests._pg_template import Build, PgDatabase, migrated

# Every property test is derandomized unless its own settings say otherwise: the suite gives the
# same verdict on every run and machine (a CI run cannot fail on a history no one can replay).
# To explore new examples, run with HYPOTHESIS_PROFILE=explore.
settings.register_profile("deterministic", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "deterministic"))

PG_URL = os.environ.get("GOVFLOW_TEST_DATABASE_URL")
NewGovflow = Callable[[], AbstractContextManager[Govflow]]  # the new_gf fixture
_build_once = functools.cache(typer.main.get_command)
_shared_compiled.install()  # compiled SQL shared by the tests' engines (tests/_shared_compiled.py)
_shared_connections.install()  # and PostgreSQL connections handed on (tests/_shared_connections.py)


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


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database file as a first ``open_db`` leaves it (its WAL checkpointed into the file)."""
    path = tmp_path_factory.mktemp("template") / "govflow.db"
    migrated(f"sqlite:///{path}")
    assert not Path(f"{path}-wal").exists()
    return path


@pytest.fixture(scope="session")
def pg_database() -> Iterator[PgDatabase]:
    assert PG_URL
    pg = PgDatabase(PG_URL)
    try:
        yield pg
    finally:
        _shared_connections.close_idle()
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
        shutil.copyfile(_sqlite_built(request, name, build), make_url(db_url).database or "")
        return db_url

    return built


def _sqlite_built(request: pytest.FixtureRequest, name: str, build: Build) -> Path:
    """The SQLite template with what ``build`` wrote into it, made once a session."""
    builds: dict[str, Path] = request.getfixturevalue("_sqlite_builds")
    if name not in builds:
        factory: pytest.TempPathFactory = request.getfixturevalue("tmp_path_factory")
        path = factory.mktemp("built") / "govflow.db"
        shutil.copyfile(request.getfixturevalue("_sqlite_template"), path)
        with govflow.open_db(f"sqlite:///{path}") as gf:
            build(gf)
        assert not Path(f"{path}-wal").exists()
        builds[name] = path
    return builds[name]


@pytest.fixture
def sqlite_demo_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A copy of the demo in SQLite whatever the back end under test, for a test whose result
    cannot depend on the back end: what a browser draws of the served pages, which
    tests/test_web_same_pages.py shows are the same text from either back end (but for the
    moment each demo was built). It is not one of ``DATABASE_FIXTURES``: the PostgreSQL suite
    leaves such a test to the SQLite suite."""
    path = tmp_path / "demo-sqlite.db"
    shutil.copyfile(_sqlite_built(request, "demo", demo.build), path)
    return f"sqlite:///{path}"


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
