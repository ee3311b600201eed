"""Shared fixtures. Database tests run on SQLite, or on PostgreSQL when
``GOVFLOW_TEST_DATABASE_URL`` is set: each test then gets a schema of its own, dropped after it.
"""

from __future__ import annotations

import functools
import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
import typer.main
import typer.testing
from sqlalchemy import create_engine, text
from typer.testing import CliRunner, Result

import govflow
from govflow.cli import app
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


@pytest.fixture
def db_url(tmp_path: Path) -> Iterator[str]:
    """A URL to an empty database of the back end under test."""
    if not PG_URL:
        yield f"sqlite:///{tmp_path / 'govflow.db'}"
        return
    schema = f"gf_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in PG_URL else "?"
    try:
        yield f"{PG_URL}{sep}options={quote(f'-csearch_path={schema}')}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def gf(db_url: str) -> Iterator[Govflow]:
    """A govflow service over a fresh database (schema migrated, SEC committees registered)."""
    service = govflow.open_db(db_url)
    try:
        yield service
    finally:
        service.close()


@pytest.fixture
def cli(db_url: str) -> Callable[..., Result]:
    """Run ``govflow --db <db_url> ARGS...`` through Typer's runner; return the result."""
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        return runner.invoke(app, ["--db", db_url, *args])

    return invoke
