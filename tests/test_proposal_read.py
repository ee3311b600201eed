"""A proposal read by one scheme, its number and its alternative does not read those three back
(the statement matched them exactly): the row is the one the general read gives, field by field
and in the same order, on both back ends; a proposal not there is None either way.

MP953, MP954 and DP955 are invented (the fictional numbers the docs use)."""

from __future__ import annotations

import sys
from typing import Any

import pytest

from govflow.service import Govflow
from govflow.store import writes
from govflow.store.session import Connection


def _general(conn: Connection, scheme: str, number: Any, alternative: str) -> Any:
    """The read every column of which comes from the statement (round nine's)."""
    cursor, d = writes.statement_cursor(conn)
    cursor.execute(writes._select_sql(d, 1), (scheme, number, alternative))
    found = cursor.fetchone()
    return None if found is None else writes._proposal_row(d, found)


ASKED = [
    ("SEC", 953, ""), ("SEC", 954, ""), ("SEC", 955, ""), ("SEC", 953, "A"), ("SEC", 956, ""),
    ("SEC", 953, "a"), ("OTHER", 953, ""), ("SEC", 954, " "),
]  # fmt: skip


def test_a_proposal_read_by_its_reference_is_the_row_read_whole(gf: Govflow) -> None:
    gf.raise_proposal("MP953", title="Invented, with é", on="2021-06-01", path=3)
    gf.raise_proposal("MP954", title="Invented", on="2021-06-01")
    gf.raise_proposal("DP955", title="Invented", on="2021-06-02")
    gf.advance("MP953", "start_refinement", on="2021-06-18")
    found = 0
    with gf._store.write(rollback=True) as conn:
        for scheme, number, alternative in ASKED:
            short = writes.read_proposal(conn, [scheme], number, alternative)
            whole = _general(conn, scheme, number, alternative)
            assert short == whole
            if whole is not None:
                found += 1
                assert list(vars(short)) == list(vars(whole)) == list(writes.PROPOSAL_COLUMNS)
                assert [type(v) for v in vars(short).values()] == [
                    type(v) for v in vars(whole).values()
                ]
    assert found == 3


@pytest.mark.parametrize("asked", [(["SEC", "OTHER"], 953, ""), (["SEC"], "953", "")])
def test_other_reads_take_the_general_way(gf: Govflow, asked: tuple[Any, ...]) -> None:
    """Two schemes, or a number given as text, are read whole: nothing is assumed of them."""
    gf.raise_proposal("MP953", title="Invented", on="2021-06-01")
    with gf._store.write(rollback=True) as conn:
        row = writes.read_proposal(conn, *asked)
        assert row is not None
        assert row == _general(conn, "SEC", 953, "")
        assert type(row.number) is int


def test_column_names_are_plain_interned_text(gf: Govflow) -> None:
    """The statements' column names, and so the keys of a row read for a write, are plain
    ``str`` (SQLAlchemy's ``quoted_name`` is a subclass, whose keys make every look-up in the
    row's ``__dict__`` take the general way), each the one interned string of its text."""
    names = [*writes.PROPOSAL_COLUMNS, *writes.EVENT_COLUMNS, *writes.LOG_COLUMNS,
             *writes._JSON_COLUMNS, *writes._DATE_COLUMNS]  # fmt: skip
    assert all(type(n) is str and n is sys.intern(str(n)) for n in names)
    gf.raise_proposal("MP953", title="Invented", on="2021-06-01")
    with gf._store.write(rollback=True) as conn:
        for row in (writes.read_proposal(conn, ["SEC"], 953, ""),
                    writes.read_proposal(conn, ["SEC", "OTHER"], 953, "")):  # fmt: skip
            assert row is not None
            assert all(type(k) is str for k in vars(row))
