"""Only our databases: govflow creates its schema only in a new or empty database or one already
its own, refuses another program's and a newer govflow's, reads without ever creating or
migrating, reads a database it may not write, and never shows a password."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from typer.testing import CliRunner, Result

import govflow
from govflow.cli import app
from govflow.errors import GovflowError, IntegrityError, InvalidInput, UnusableDatabase
from govflow.store import database
from govflow.store.migrations import HEAD

READS = [("proposal", "list"), ("proposal", "show", "MP099"), ("proposal", "history", "MP099"),
         ("verify",), ("export", "audit", "--format", "jsonl"), ("committee", "list"),
         ("meeting", "list"), ("due",)]  # fmt: skip
READ_IDS = [" ".join(r[:2]) for r in READS]


def _run(db: str, *args: str) -> Result:
    return CliRunner().invoke(app, ["--db", db, *args])


def _clean(result: Result, code: int) -> None:
    assert result.exit_code == code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception


def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def _untouched(url: str) -> tuple[object, ...]:
    """What a refusal must leave as it was: the tables, and for an SQLite file its bytes, its
    journal mode (written in the file: WAL is a change) and the files beside it."""
    if not url.startswith("sqlite"):
        return (_tables(url),)
    path = Path(url.removeprefix("sqlite:///"))
    with sqlite3.connect(path) as conn:
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
    conn.close()
    beside = sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name))
    return _tables(url), path.read_bytes(), mode, beside


def _execute(url: str, *statements: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement))
    engine.dispose()


FOREIGN = {
    "an-event-table": ["CREATE TABLE event (id INTEGER, what TEXT)"],
    "other-tables": ["CREATE TABLE notes (body TEXT)", "CREATE TABLE tags (name TEXT)"],
    "alembic-of-another-app": ["CREATE TABLE alembic_version (version_num VARCHAR(32))",
                               "INSERT INTO alembic_version VALUES ('ae1027a6acf')",
                               "CREATE TABLE orders (id INTEGER)"],
}  # fmt: skip


class TestNotOurs:
    @pytest.mark.parametrize("statements", FOREIGN.values(), ids=FOREIGN.keys())
    @pytest.mark.parametrize("how", ["read", "write", "init", "library"])
    def test_another_programs_database_is_refused_and_left_alone(
        self, empty_db_url: str, statements: list[str], how: str
    ) -> None:
        _execute(empty_db_url, *statements)
        before = _untouched(empty_db_url)
        if how == "library":
            with pytest.raises(UnusableDatabase, match=r"not a govflow database|does not know"):
                govflow.open_db(empty_db_url)
        else:
            args = {"read": ["proposal", "list"], "init": ["init"],
                    "write": ["committee", "add", "ZZ", "--name", "Z"]}[how]  # fmt: skip
            result = _run(empty_db_url, *args)
            _clean(result, 1)
            assert "not a govflow database" in result.stderr or "does not know" in result.stderr
        assert _untouched(empty_db_url) == before  # not even switched to WAL (SQLite)

    def test_a_newer_govflows_database_is_named_as_such(self, empty_db_url: str) -> None:
        govflow.open_db(empty_db_url).close()
        _execute(empty_db_url, "UPDATE alembic_version SET version_num = '9999'")
        for args in (["proposal", "list"], ["init"], ["committee", "add", "ZZ", "--name", "Z"]):
            result = _run(empty_db_url, *args)
            _clean(result, 1)
            assert "'9999'" in result.stderr and "newer govflow" in result.stderr

    def test_a_file_that_is_not_a_database(self, tmp_path: Path) -> None:
        path = tmp_path / "notes.db"
        path.write_text("just some text, not SQLite\n" * 100)
        for args in (["proposal", "list"], ["init"]):
            result = _run(str(path), *args)
            _clean(result, 1)
            assert "cannot open the database" in result.stderr


class TestReadsNeverCreate:
    @pytest.mark.parametrize("args", READS, ids=READ_IDS)
    def test_a_missing_file_is_not_created(self, tmp_path: Path, args: tuple[str, ...]) -> None:
        path = tmp_path / "sub" / "none.db"
        result = _run(str(path), *args)
        _clean(result, 1)
        assert f"no database at {path}; run `govflow init`" in result.stderr
        assert not path.parent.exists()

    @pytest.mark.parametrize("args", READS[:4], ids=READ_IDS[:4])
    def test_an_empty_database_is_not_given_a_schema(
        self, empty_db_url: str, args: tuple[str, ...]
    ) -> None:
        if empty_db_url.startswith("sqlite"):
            sqlite3.connect(empty_db_url.removeprefix("sqlite:///")).close()
        result = _run(empty_db_url, *args)
        _clean(result, 1)
        assert "run `govflow init`" in result.stderr
        assert _tables(empty_db_url) == set()

    def test_an_older_schema_is_not_migrated_by_a_read(self, empty_db_url: str) -> None:
        govflow.open_db(empty_db_url).close()
        engine = database.make_engine(empty_db_url)
        database.downgrade(engine, "0003")
        result = _run(empty_db_url, "proposal", "list")
        _clean(result, 1)
        assert "older than this govflow's" in result.stderr and "govflow init" in result.stderr
        assert database.current_revision(engine) == "0003"
        _clean(_run(empty_db_url, "init"), 0)
        assert database.current_revision(engine) == HEAD
        engine.dispose()

    def test_the_library_chooses(self, empty_db_url: str) -> None:
        with pytest.raises(UnusableDatabase, match="database at") as refused:
            govflow.open_db(empty_db_url, create=False)
        assert refused.value.remedy is not None
        assert refused.value.remedy.action == "create_database"
        with govflow.open_db(empty_db_url) as gf:  # the default creates, for library users
            assert gf.committees()


@pytest.fixture
def filled(empty_db_url: str) -> str:
    from govflow import demo

    with govflow.open_db(empty_db_url) as gf:
        demo.build(gf)
    return empty_db_url


class TestReadOnly:
    def test_a_read_only_open_cannot_write(self, filled: str) -> None:
        with govflow.open_db(filled, read_only=True) as gf:
            assert gf.proposals()
            assert gf.verify() == []
            with pytest.raises(IntegrityError):
                gf.add_committee("ZZ", "Z")

    def test_reads_work_where_not_even_the_shm_file_can_be_written(
        self, filled: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        if not filled.startswith("sqlite"):
            pytest.skip("SQLite files only")
        monkeypatch.setattr(database, "_writable_beside", lambda _path: False)
        with govflow.open_db(filled, read_only=True) as gf:
            assert gf.verify() == []

    @pytest.mark.skipif(os.geteuid() == 0, reason="root may write any file")
    def test_a_read_only_file_can_be_read_and_verified(self, tmp_path: Path) -> None:
        path = tmp_path / "ro" / "govflow.db"
        with govflow.open_db(path) as gf:
            gf.raise_proposal("DP960", title="Read only", on="2021-03-01")
        path.chmod(0o444)
        path.parent.chmod(0o555)
        try:
            for args in READS[:5]:
                _clean(_run(str(path), *args), 0)
        finally:
            path.parent.chmod(0o755)


SECRET = "S3cretPW"
URLS_WITH_PASSWORDS = [
    f"mysql://alice:{SECRET}@host/prod",
    f"postgresql+psycopg://alice:{SECRET}@127.0.0.1:1/prod",
    f"postgresql://alice:{SECRET}@host:notaport/prod",
    f"nosuchdialect://alice:{SECRET}@host/prod",
]


class TestTargets:
    @pytest.mark.parametrize("url", URLS_WITH_PASSWORDS)
    @pytest.mark.parametrize("args", [("init",), ("proposal", "list")], ids=["init", "list"])
    def test_a_password_never_appears(self, url: str, args: tuple[str, ...]) -> None:
        result = _run(url, *args)
        _clean(result, 1)
        assert SECRET not in result.output
        assert "alice" in result.output

    @pytest.mark.parametrize("url", URLS_WITH_PASSWORDS)
    def test_a_password_never_appears_in_library_errors(self, url: str) -> None:
        with pytest.raises(GovflowError) as caught:
            govflow.open_db(url)
        assert SECRET not in str(caught.value)

    @pytest.mark.parametrize("url", ["postgresql://", "postgresql+psycopg://user@127.0.0.1:5432",
                                     "postgresql+psycopg://user@127.0.0.1:5432/"])  # fmt: skip
    def test_a_url_without_a_database_name_is_refused(self, url: str) -> None:
        with pytest.raises(InvalidInput, match="names no database"):
            govflow.open_db(url)

    def test_a_port_that_is_not_a_number(self) -> None:
        with pytest.raises(InvalidInput, match="port is not a number"):
            govflow.open_db("postgresql://u@host:abc/db")

    @pytest.mark.parametrize("make", [
        lambda tmp: "~nosuchuser-govflow/x.db",
        lambda tmp: "/dev/null",
        lambda tmp: str(tmp),
        lambda tmp: str(_file(tmp) / "x.db"),
    ], ids=["unknown-user", "dev-null", "a-folder", "under-a-file"])  # fmt: skip
    @pytest.mark.parametrize("args", [("init",), ("proposal", "list")], ids=["init", "list"])
    def test_paths_that_cannot_be_a_database(
        self, tmp_path: Path, make: Callable[[Path], str], args: tuple[str, ...]
    ) -> None:
        result = _run(make(tmp_path), *args)
        _clean(result, 1)
        assert result.stderr.startswith("Error: ")

    def test_dev_null_is_left_alone(self) -> None:
        with pytest.raises(InvalidInput, match="not a regular file"):
            govflow.open_db("/dev/null")
        assert Path("/dev/null").is_char_device()


def _file(folder: Path) -> Path:
    path = folder / "plain.txt"
    path.write_text("x")
    return path


def test_the_known_revisions_are_the_shipped_scripts() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from govflow.store.migrations import KNOWN

    config = Config()
    config.set_main_option("script_location", str(Path(database.__file__).parent / "migrations"))
    scripts = ScriptDirectory.from_config(config)
    assert {s.revision for s in scripts.walk_revisions()} == KNOWN
    assert HEAD in KNOWN
