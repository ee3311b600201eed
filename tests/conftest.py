"""Shared fixtures. Database tests run on SQLite, or on PostgreSQL when
``GOVFLOW_TEST_DATABASE_URL`` is set: each test then gets a schema of its own, dropped after it.
"""

from __future__ import annotations

import functools
import os
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
from sqlalchemy import create_engine, text
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
