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


def test_upgrade_from_empty_then_downgrade_to_empty(empty_db_url: str) -> None:
    engine = db.make_engine(empty_db_url)
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


def _not_search(name: str | None, kind: str, parents: object) -> bool:
    return not (name or "").startswith("search_")


def test_migrations_build_exactly_the_models(empty_db_url: str) -> None:
    engine = db.make_engine(empty_db_url)
    db.ensure_schema(engine)
    with engine.connect() as conn:
        # The search indexes of 0010 (FTS5 tables, GIN expression indexes) have no model.
        opts = {"compare_type": False, "include_name": _not_search}
        context = MigrationContext.configure(conn, opts=opts)
        differences = compare_metadata(context, SQLModel.metadata)
    engine.dispose()
    assert differences == []


def test_a_database_made_before_0008_upgrades_and_keeps_its_record(empty_db_url: str) -> None:
    """A proposal written under 0007 (no vote, no direction on its decisions) reads the same
    after the upgrade, verifies, and takes a vote and a decision with a direction."""
    import govflow

    with govflow.open_db(empty_db_url) as gf:  # fictional MP9xx
        gf.raise_proposal("MP930", title="fictional", on="2021-03-01", path=2,
                          stage="change_board", override="fictional")  # fmt: skip
        gf.raise_proposal("MP931", title="fictional", on="2021-03-01", path=3)
        gf.advance("MP931", "send_to_report", on="2021-04-01")
        engine = gf.engine
        db.downgrade(engine, "0007")
        assert "outcomes" not in {c["name"] for c in inspect(engine).get_columns("proposal")}
        db.upgrade(engine)
        assert db.current_revision(engine) == HEAD
    with govflow.open_db(empty_db_url) as gf:
        assert gf.verify() == []
        assert (gf.proposal("MP931").stage, gf.proposal("MP930").decisions) == ("report", ())
        gf.vote("MP930", {"Large Supplier": {"for": 5, "against": 1}}, on="2021-05-26")
        gf.advance("MP930", "recommend", on="2021-05-26")
        assert gf.proposal("MP930").decisions[0].outcome == "approve"
        assert gf.verify() == []


def test_a_database_made_before_0011_keeps_its_numbered_routes_as_names(empty_db_url: str) -> None:
    """Routes were numbers before 0011: the column becomes text, each number its name, and the
    old events (holding numbers) still verify against the rows."""
    import govflow

    with govflow.open_db(empty_db_url) as gf:  # fictional MP9xx
        gf.raise_proposal("MP932", title="fictional", on="2021-03-01", route="2")
        gf.raise_proposal("MP933", title="fictional", on="2021-03-01")
        engine = gf.engine
        db.downgrade(engine, "0010")
        with engine.connect() as conn:
            paths = conn.exec_driver_sql("SELECT path FROM proposal ORDER BY number").all()
        assert [p[0] for p in paths] == [2, None]
        db.upgrade(engine)
    with govflow.open_db(empty_db_url) as gf:
        assert gf.verify() == []
        assert (gf.proposal("MP932").path, gf.proposal("MP933").path) == ("2", None)
        gf.set_route("MP933", route="3", on="2021-03-02")
        assert gf.proposal("MP933").route_label.startswith("Path 3: Self-Governance")
        assert gf.verify() == []
