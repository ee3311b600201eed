"""The versioned UPDATE of a proposal (``writes.update_proposal``) runs the very statement, with
the very values, that round ten's made (kept here: a dict of every value, the statement found by
all its columns, each value encoded when its dialect converts it), for every dialect and every
kind of change; and what it stores is what that one stores, on both back ends.

MP957 and MP958 are invented (the fictional numbers the docs use)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest

from govflow.service import Govflow
from govflow.store import cursors, tables, writes


def _general(conn: Any, row: Any, head: Any, changes: dict[str, Any]) -> int:
    """Round ten's update (``store/writes.py`` at ``05d36f2``)."""
    cursor, d = writes.statement_cursor(conn)
    values = {
        "head_seq": head.seq,
        "head_hash": head.hash,
        "head_occurred_on": head.occurred_on,
        "version": row.version + 1,
        **changes,
    }
    sql = writes._update_sql(d, tuple(values))
    to_db, converted = d.to_db, d.converted
    params = [to_db(c, v) if c in converted else v for c, v in values.items()]
    cursor.execute(sql, (*params, row.id, row.version))
    return int(cursor.rowcount)


class _Conn:
    """A connection of ``dialect`` (what ``dialect_of`` reads), hashable as the held writes are."""

    def __init__(self, dialect: str) -> None:
        self.dialect = SimpleNamespace(name=dialect)


class _Cursor:
    rowcount = 1

    def __init__(self) -> None:
        self.run: list[tuple[str, tuple[Any, ...]]] = []

    def execute(self, sql: str, params: Any) -> None:
        self.run.append((sql, tuple(params)))


CHANGES = {
    "none": {},
    "stage": {"stage": "development"},
    "several": {"stage": "approved", "flags": ["x", "é"], "milestones": [], "title": "T \u2028"},
    "json and none": {"outcomes": {"b": 1, "a": [None]}, "path": None, "proposer": None},
    "head date": {"stage": "x", "head_occurred_on": dt.date(2021, 3, 1), "amended": True},
    "head date first": {"head_occurred_on": dt.date(999, 1, 2), "raised_on": dt.date(2020, 1, 1)},
    "every column": {
        "stage": "s", "prefix": "MP", "path": "3", "flags": ["f"], "milestones": ["m"],
        "proposer": "Jo", "title": "t", "amended": False, "head_occurred_on": dt.date(2022, 2, 2),
        "raised_on": dt.date(2021, 1, 1), "outcomes": {},
    },
}  # fmt: skip


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
@pytest.mark.parametrize("changes", CHANGES.values(), ids=CHANGES.keys())
def test_the_update_runs_round_ten_s_statement_and_values(
    dialect: str, changes: dict[str, Any]
) -> None:
    conn: Any = _Conn(dialect)
    row: Any = SimpleNamespace(id=7, version=3)
    for day in (dt.date(2021, 1, 5), dt.date(2021, 1, 5), dt.date(2021, 1, 6)):
        head = tables._head(4, "h" * 64, day)
        given = dict(changes)
        ran = []
        for update in (writes.update_proposal, _general):
            cursor = _Cursor()
            cursors.hold(conn, cursor, writes.dialect_of(conn))
            try:
                assert update(conn, row, head, given) == 1
            finally:
                cursors.HELD.pop(conn)
            ran.append(cursor.run)
        assert ran[0] == ran[1]
        assert given == changes  # the caller's changes are left as they were


def _stored(gf: Govflow, number: int) -> tuple[Any, ...]:
    sql = f"SELECT {', '.join(writes.PROPOSAL_COLUMNS[4:])} FROM proposal WHERE number = ?"
    with gf._store.read() as conn:
        return tuple(tables.raw_rows(conn, sql, (number,))[0])


@pytest.mark.parametrize("changes", CHANGES.values(), ids=CHANGES.keys())
def test_the_update_stores_what_round_ten_s_stores(gf: Govflow, changes: dict[str, Any]) -> None:
    gf.raise_proposal("MP957", title="Invented", on="2021-06-01")
    gf.raise_proposal("MP958", title="Invented", on="2021-06-01")
    with gf._store.write() as conn:
        for number, update in ((957, writes.update_proposal), (958, _general)):
            row = writes.read_proposal(conn, ["SEC"], number, "")
            head = tables._head(row.head_seq + 1, "a" * 64, dt.date(2021, 6, 3))
            assert update(conn, row, head, dict(changes)) == 1
            assert update(conn, row, head, dict(changes)) == 0  # stale: the version moved on
    assert _stored(gf, 957) == _stored(gf, 958)
