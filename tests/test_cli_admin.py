"""``govflow init``, ``verify``, ``demo``, ``--version`` and the fast ``--help``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner, Result

import govflow
from govflow.cli import app
from govflow.cli._db import location
from govflow.service import Govflow
from govflow.store import database
from govflow.store.migrations import HEAD
from govflow.workflow.registry import Registry
from tests.histories import drop_event_triggers


# Typer's CliRunner rebuilds the whole click command tree on every invoke (about 40 ms); build it
# once. (A candidate for tests/conftest.py, shared by every CLI test.)
@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def _refused_cleanly(result: Result) -> bool:
    """Exit 1 with an ``Error:`` line, and no exception escaping the command."""
    escaped = result.exception is not None and not isinstance(result.exception, SystemExit)
    return result.exit_code == 1 and not escaped and result.stderr.startswith("Error: ")


# -- init ------------------------------------------------------------------------------------------
def test_init_creates_then_finds_the_database_up_to_date(
    runner: CliRunner, empty_db_url: str
) -> None:
    first = runner.invoke(app, ["--db", empty_db_url, "init"])
    assert first.exit_code == 0, first.output
    assert f"schema:   {HEAD} (created)" in first.stdout
    again = runner.invoke(app, ["--db", empty_db_url, "init"])
    assert again.exit_code == 0, again.output
    assert f"schema:   {HEAD} (already up to date)" in again.stdout


def test_init_says_where_the_database_is(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "secretariat.db"
    result = runner.invoke(app, ["--db", str(path), "init"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == f"database: {path.resolve()}"
    assert path.is_file()


def test_init_upgrades_an_older_schema(runner: CliRunner, empty_db_url: str) -> None:
    engine = database.make_engine(empty_db_url)
    database.upgrade(engine, "0002")
    engine.dispose()
    result = runner.invoke(app, ["--db", empty_db_url, "init"])
    assert result.exit_code == 0, result.output
    assert f"schema:   {HEAD} (upgraded from 0002)" in result.stdout


def test_a_url_is_shown_with_its_password_hidden() -> None:
    engine = database.make_engine("postgresql+psycopg://ana:s3cret@db.example/govflow")
    shown = location(Govflow(engine, Registry.shipped()))
    assert "s3cret" not in shown
    assert shown == "postgresql+psycopg://ana:***@db.example/govflow"


def test_init_refuses_a_folder(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["--db", str(tmp_path), "init"])
    assert _refused_cleanly(result), result.output
    assert f"{tmp_path} is a folder" in result.stderr


def test_init_refuses_a_path_under_a_file(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not a folder")
    result = runner.invoke(app, ["--db", str(tmp_path / "notes.txt" / "x.db"), "init"])
    assert _refused_cleanly(result), result.output


def test_init_refuses_a_file_that_is_not_a_database(runner: CliRunner, tmp_path: Path) -> None:
    junk = tmp_path / "notes.db"
    junk.write_text("these are my notes, not a database\n" * 100)
    result = runner.invoke(app, ["--db", str(junk), "init"])
    assert _refused_cleanly(result), result.output


def test_init_refuses_an_unknown_driver(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--db", "nosuchdb://x/y", "init"])
    assert _refused_cleanly(result), result.output
    assert "cannot use database 'nosuchdb://x/y'" in result.stderr


# -- verify ----------------------------------------------------------------------------------------
@pytest.fixture
def converted(gf: Govflow) -> Govflow:
    """MP960 (raised as DP960, converted) and MP947."""
    gf.raise_proposal("DP960", title="Firmware retry limits", on="2021-03-01")
    gf.advance("DP960", "submit", on="2021-03-02")
    gf.advance("DP960", "convert", on="2021-03-23")
    gf.raise_proposal("MP947", title="Hub returns", on="2021-05-24")
    return gf


def test_verify_an_intact_database(runner: CliRunner, db_url: str, converted: Govflow) -> None:
    result = runner.invoke(app, ["--db", db_url, "verify"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "ok: 2 proposals verified\n"


def test_verify_names_the_first_broken_event(
    runner: CliRunner, db_url: str, converted: Govflow
) -> None:
    drop_event_triggers(converted)
    with converted.engine.begin() as conn:
        mp960 = conn.execute(text("SELECT id FROM proposal WHERE number = 960")).scalar_one()
        conn.execute(
            text("UPDATE event SET note = 'nothing to see' WHERE proposal_id = :p AND seq = 2"),
            {"p": mp960},
        )
    result = runner.invoke(app, ["--db", db_url, "verify"])
    assert result.exit_code == 1, result.output
    assert "MP960\t2\tcontent does not match its hash (altered)" in result.stdout
    assert "MP947" not in result.stdout
    assert result.stderr.startswith("Error: 1 of 2 proposals has a broken history")


# -- version and help ------------------------------------------------------------------------------
def test_version(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"govflow {govflow.__version__}\n"


@pytest.mark.parametrize(
    "args",
    [["--help"], ["proposal", "--help"], ["proposal", "advance", "--help"], ["meeting", "-h"]],
    ids=["root", "group", "command", "short"],
)
def test_help_does_not_import_the_database_layer(args: list[str]) -> None:
    run = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "govflow", *args],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "Usage" in run.stdout
    imported = [line.rsplit("|", 1)[-1].strip() for line in run.stderr.splitlines()]
    assert not [m for m in imported if m.split(".")[0] in ("sqlalchemy", "sqlmodel", "alembic")]


def test_an_unknown_command_is_misuse(runner: CliRunner) -> None:
    result = runner.invoke(app, ["proposal", "rase"])
    assert result.exit_code == 2
    assert "No such command 'rase'" in result.stderr


# -- demo ------------------------------------------------------------------------------------------
def test_demo_fills_an_empty_database(runner: CliRunner, db_url: str) -> None:
    pytest.importorskip("govflow.demo")
    result = runner.invoke(app, ["--db", db_url, "demo"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Timeline of " in out and "Register today:\nreference\tstage" in out
    assert "\tRaised in " in out
    assert "Try next:\n  govflow --db " in out
    assert "proposal show " in out
    again = runner.invoke(app, ["--db", db_url, "demo"])
    assert again.exit_code == 1
    assert "already holds meetings or proposals" in again.stderr


def test_demo_from_an_empty_folder_uses_a_fresh_file(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("govflow.demo")
    monkeypatch.chdir(tmp_path)
    first = runner.invoke(app, ["demo"])
    assert first.exit_code == 0, first.output
    demo_db = tmp_path / "govflow-demo.db"
    assert first.stdout.startswith(f"Demo database: {demo_db}\n")
    assert "  govflow --db govflow-demo.db proposal show " in first.stdout
    second = runner.invoke(app, ["demo"])
    assert second.exit_code == 0, second.output
    assert second.stdout.startswith(f"Replacing the earlier demo database {demo_db}\n")
    verified = runner.invoke(app, ["--db", "govflow-demo.db", "verify"])
    assert verified.exit_code == 0, verified.output
    assert verified.stdout.startswith("ok: ")
