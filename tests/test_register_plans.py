"""The register's statements read the partial indexes made for them (issue 29), on SQLite,
whose planner chose otherwise before: the latest stage-changing event by the index of those
events (not by walking every event of the proposal back from its last), the change events and
the vote milestones by theirs (not every event of a page's proposals, nor every milestone of
the database). SQLite only: PostgreSQL plans by its statistics."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.dialects import sqlite

import govflow
from govflow.store import paging


@pytest.fixture
def db_file(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "plans.db"
    govflow.open_db(path).close()  # the schema, every migration run
    yield path


def _plan(path: Path, sql: str, params: tuple[object, ...]) -> str:
    with sqlite3.connect(path) as conn:
        return "\n".join(r[3] for r in conn.execute(f"EXPLAIN QUERY PLAN {sql}", params))


def test_the_page_reads_the_latest_stage_event_by_the_index_of_stage_changes(
    db_file: Path,
) -> None:
    sql, order, given = paging.compiled_page(sqlite.dialect(), (False, False, None, False, False))
    values = {**given, "day": "2021-01-04", "limit": 51}
    plan = _plan(db_file, sql, tuple(values[name] for name in order or ()))
    subquery = plan.split("CORRELATED SCALAR SUBQUERY", 1)[1].splitlines()[1]
    assert "ix_event_stage_changes" in subquery, plan


@pytest.mark.parametrize("ids", [1, 3, 50, 501])
def test_a_pages_changes_are_read_by_their_indexes(db_file: Path, ids: int) -> None:
    """For a page of any size: from 50 proposals on, SQLite chose the index of kinds (every
    change event of the database) unless told."""
    given = tuple(range(1, ids + 1))
    plan = _plan(db_file, paging.changes_statement("sqlite", "?", ids, 2), (*given, "a", "b",
                                                                          *given))  # fmt: skip
    assert "ix_event_register_changes (proposal_id=?)" in plan, plan
    assert "ix_event_kind" not in plan, plan
    assert "ix_event_milestone (milestone=? AND proposal_id=?)" in plan, plan
    assert "sqlite_autoindex_event" not in plan, plan  # not every event of the proposals


def test_a_pages_changes_by_its_ids_range_are_read_by_their_indexes(db_file: Path) -> None:
    plan = _plan(db_file, paging.changes_statement("sqlite", "?", 50, 2, True),
                 (1, 50, "a", "b", 1, 50))  # fmt: skip
    assert "ix_event_register_changes (proposal_id>? AND proposal_id<?)" in plan, plan
    assert "ix_event_milestone (milestone=? AND proposal_id>? AND proposal_id<?)" in plan, plan
    assert "ix_event_kind" not in plan, plan


def test_the_whole_registers_votes_are_read_by_the_milestones_index(db_file: Path) -> None:
    plan = _plan(db_file, paging.changes_statement("sqlite", "?", None, 2), ("a", "b"))
    votes = plan.split("UNION ALL", 1)[1]
    assert "ix_event_milestone (milestone=?)" in votes, plan


@pytest.mark.parametrize("ids", [3, 50])
def test_a_pages_later_moves_are_read_by_the_index_of_stage_changes(
    db_file: Path, ids: int
) -> None:
    sql = paging.next_moves_statement("sqlite", "?", ids)
    plan = _plan(db_file, sql, (*range(1, ids + 1), "2021-01-04"))
    assert "ix_event_stage_changes (proposal_id=? AND occurred_on>?)" in plan, plan
    assert "ix_event_kind" not in plan, plan  # not every move of the database
