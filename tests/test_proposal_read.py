"""A proposal read by one scheme, its number and its alternative does not read those three back
(the statement matched them exactly), and is made a named tuple (``proposal_read``): the row is
the one the general read gives (every column read, each decoded by the dialect's decoder into
the write's dataclass), column by column, values and types, on both back ends, for stored values
of every kind (JSON lists and mappings, spaced JSON, NULLs, dates, ``amended`` either way, text
to escape); a proposal not there is None either way. The tuple's fields are the table's columns.

MP953, MP954 and DP955 are invented (the fictional numbers the docs use)."""

from __future__ import annotations

import datetime as dt
import sys
from typing import Any

import pytest
from sqlalchemy import text

from govflow.service import Govflow
from govflow.store import proposal_read, writes
from govflow.store.session import Connection
from tests.test_write_reads_by_hand import _STORED

COLUMNS = writes.PROPOSAL_COLUMNS


def _general(conn: Connection, scheme: str, number: Any, alternative: str) -> Any:
    """The read every column of which comes from the statement (round nine's)."""
    cursor, d = writes.statement_cursor(conn)
    cursor.execute(writes._select_sql(d, 1), (scheme, number, alternative))
    found = cursor.fetchone()
    return None if found is None else writes._proposal_row(d, found)


def _columns(row: Any) -> dict[str, tuple[Any, type]]:
    return {c: (getattr(row, c), type(getattr(row, c))) for c in COLUMNS}


ASKED = [
    ("SEC", 953, ""), ("SEC", 954, ""), ("SEC", 955, ""), ("SEC", 953, "A"), ("SEC", 956, ""),
    ("SEC", 953, "a"), ("OTHER", 953, ""), ("SEC", 954, " "),
]  # fmt: skip

#: Stored values of every kind, set on MP954 by SQL (each a column's text as SQLite keeps it).
ODD = [
    {},
    {"flags": '["urgent","fast_track"]', "milestones": '["critical_friend_comments"]'},
    {"outcomes": '{"vote":"approve","solutions":["A"]}', "amended": True},
    {"flags": "[ ]", "milestones": "[]", "outcomes": "{ }", "path": "urgent"},
    {"proposer": 'O\'Brien "é" \u2028', "title": "'); -- \\", "head_occurred_on": "2021-07-01"},
]


@pytest.mark.parametrize("odd", ODD, ids=["plain", "lists", "outcomes", "spaced", "text"])
def test_a_proposal_read_by_its_reference_is_the_row_read_whole(
    gf: Govflow, odd: dict[str, Any]
) -> None:
    gf.raise_proposal("MP953", title="Invented, with é", on="2021-06-01", path=3)
    gf.raise_proposal("MP954", title="Invented", on="2021-06-01")
    gf.raise_proposal("DP955", title="Invented", on="2021-06-02")
    gf.advance("MP953", "start_refinement", on="2021-06-18")
    found = 0
    with gf._store.write(rollback=True) as conn:
        if odd:
            sets = ", ".join(f"{c} = :{c}" for c in odd)
            if conn.dialect.name == "postgresql":  # JSON and dates as the columns' types
                sets = ", ".join(f"{c} = CAST(:{c} AS {_pg_type(c)})" for c in odd)
            conn.execute(text(f"UPDATE proposal SET {sets} WHERE number = 954"), odd)
        for scheme, number, alternative in ASKED:
            short = writes.read_proposal(conn, [scheme], number, alternative)
            whole = _general(conn, scheme, number, alternative)
            assert (short is None) == (whole is None)
            if whole is not None:
                found += 1
                assert isinstance(short, proposal_read.ProposalRead)
                assert _columns(short) == _columns(whole)
                assert short.flags is not _general(conn, scheme, number, alternative).flags
    assert found == 3


def _pg_type(column: str) -> str:
    """What PostgreSQL is told a value set by text is (the columns ODD sets)."""
    return {"flags": "JSONB", "milestones": "JSONB", "outcomes": "JSONB", "amended": "BOOLEAN",
            "head_occurred_on": "DATE"}.get(column, "TEXT")  # fmt: skip


@pytest.mark.parametrize("asked", [(["SEC", "OTHER"], 953, ""), (["SEC"], "953", "")])
def test_other_reads_take_the_general_way(gf: Govflow, asked: tuple[Any, ...]) -> None:
    """Two schemes, or a number given as text, are read whole: nothing is assumed of them."""
    gf.raise_proposal("MP953", title="Invented", on="2021-06-01")
    with gf._store.write(rollback=True) as conn:
        row = writes.read_proposal(conn, *asked)
        assert row is not None
        assert _columns(row) == _columns(_general(conn, "SEC", 953, ""))
        assert type(row.number) is int


@pytest.mark.parametrize(
    "changed",
    [
        {},
        {"flags": '["urgent"]', "milestones": "{}", "outcomes": "[]"},
        {"flags": None, "milestones": None, "outcomes": None, "amended": None},
        {"raised_on": dt.date(2021, 1, 4), "head_occurred_on": dt.date(2021, 2, 1)},
        {"flags": ["parsed"], "outcomes": {"vote": "reject"}, "amended": True},
        {"amended": 1, "path": "urgent", "outcomes": '{"a": [1, 2.5, null]}'},
    ],
    ids=["empty-json", "swapped-empties", "nulls", "dates-parsed", "json-parsed", "amended"],
)
def test_values_are_decoded_as_the_dialect_s_decoder_decodes_each_column(
    changed: dict[str, Any],
) -> None:
    """Both ways of making the tuple (the read by reference, the whole row) against the
    dataclass of the values each decoded by ``writes._decode``, on values as SQLite and as
    psycopg give them."""
    stored = {**_STORED, **changed}
    plain = writes.ProposalRow(**{c: writes._decode(c, stored[c]) for c in COLUMNS})
    short = proposal_read.read(
        [stored[c] for c in proposal_read.READ], stored["scheme"], 960, stored["alternative"]
    )
    whole = proposal_read.read_whole([stored[c] for c in COLUMNS])
    assert _columns(short) == _columns(whole) == _columns(plain)


def test_the_tuple_s_fields_are_the_table_s_columns() -> None:
    """The columns read in the table's order, then the three matched: the SELECT names them
    from the tuple, and the decoding finds the JSON and date columns by the table's types."""
    fields = getattr(proposal_read.ProposalRead, "_fields")  # noqa: B009 - a class made at run time
    assert sorted(fields) == sorted(COLUMNS)
    assert tuple(c for c in COLUMNS if c not in proposal_read.MATCHED) == proposal_read.READ
    assert fields[len(proposal_read.READ) :] == proposal_read.MATCHED
    assert proposal_read.JSON == writes._PROPOSAL_JSON == ("flags", "milestones", "outcomes")
    assert proposal_read.DATES == writes._PROPOSAL_DATES == ("raised_on", "head_occurred_on")


def test_column_names_are_plain_interned_text(gf: Govflow) -> None:
    """The statements' column names, and so the fields of a row read for a write, are plain
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
            assert all(type(k) is str and k is sys.intern(k) for k in row._fields)
