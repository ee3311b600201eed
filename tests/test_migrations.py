"""The shipped Alembic migrations: empty to head and back, on the back end under test."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlmodel import SQLModel

import govflow.store.models  # noqa: F401  (the tables)
from govflow.store import database as db
from govflow.store.migrations import HEAD

TABLES = {"committee", "meeting", "agenda_item", "proposal", "proposal_alias", "event",
          "release", "release_proposal"}  # fmt: skip


def test_head_constant_matches_the_scripts() -> None:
    config = Config()
    config.set_main_option("script_location", str(db.Path(db.__file__).parent / "migrations"))
    assert ScriptDirectory.from_config(config).get_current_head() == HEAD


def test_upgrade_from_empty_then_downgrade_to_empty(db_url: str) -> None:
    engine = db.make_engine(db_url)
    assert db.current_revision(engine) is None
    assert db.ensure_schema(engine) is True
    assert db.current_revision(engine) == HEAD
    assert set(inspect(engine).get_table_names()) >= TABLES
    assert db.ensure_schema(engine) is False
    db.downgrade(engine, "base")
    assert not TABLES & set(inspect(engine).get_table_names())
    db.upgrade(engine)
    assert db.current_revision(engine) == HEAD
    engine.dispose()


def test_migrations_build_exactly_the_models(db_url: str) -> None:
    engine = db.make_engine(db_url)
    db.ensure_schema(engine)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": False})
        differences = compare_metadata(context, SQLModel.metadata)
    engine.dispose()
    assert differences == []
