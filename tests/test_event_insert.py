"""An advance's one event is inserted the short way (its row read in one C call, its empty
columns written as ``NULL`` by a statement chosen by which are empty): the stored row is what the
general way stores, a batch bound value by value through ``executemany``, on both back ends; a
record that leaves columns out has them None either way.

MP951 is invented (the fictional numbers the docs use)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest

from govflow.service import Govflow
from govflow.store import tables, writes

_SELECT = f"SELECT {', '.join(writes.EVENT_COLUMNS)} FROM event WHERE proposal_id = ? AND seq = ?"


def _record(proposal_id: int, seq: int, **values: Any) -> dict[str, Any]:
    """A full record as :func:`govflow.store.tables._prepared` makes one."""
    record: dict[str, Any] = dict.fromkeys(writes.EVENT_COLUMNS)
    record |= {"proposal": "SEC:951", "meeting": None, "item": None}
    record |= {
        "proposal_id": proposal_id, "seq": seq, "kind": "note", "occurred_on": dt.date(2021, 6, 2),
        "recorded_at": "2021-06-02 09:30:00.000012", "payload": {}, "prev_hash": "0" * 64,
        "hash": f"{seq:064d}",
    }  # fmt: skip
    return record | values


VARIANTS = {
    "mostly empty": {},
    "every column": {
        "trigger": "t", "milestone": "m", "from_stage": "a", "to_stage": "b",
        "until": dt.date(2021, 7, 1), "body": "CSC", "actor": "Jo", "note": "é \u2028 \"q\"",
        "payload": {"z": [1, None], "a": {"é": True}}, "corrects_seq": 1,
    },
    "some empty": {"trigger": None, "note": "n", "until": None, "actor": "Jo", "body": None},
}  # fmt: skip


def _stored(gf: Govflow, proposal_id: int, seq: int) -> tuple[Any, ...]:
    with gf._store.read() as conn:
        found = tables.raw_rows(conn, _SELECT, (proposal_id, seq))
    return tuple(found[0])


@pytest.mark.parametrize("values", VARIANTS.values(), ids=VARIANTS.keys())
def test_one_event_is_stored_as_a_batch_stores_it(gf: Govflow, values: dict[str, Any]) -> None:
    gf.raise_proposal("MP951", title="Invented", on="2021-06-01")
    with gf._store.read() as conn:
        proposal_id = tables.raw_rows(conn, "SELECT id FROM proposal WHERE number = 951")[0][0]
    with gf._store.write() as conn:
        writes.insert_events(conn, [_record(proposal_id, 2, **values)])  # the short way
        short = {k: v for k, v in _record(proposal_id, 3, **values).items()
                 if k in {"proposal", "seq", "hash"} or v is not None}  # fmt: skip
        writes.insert_events(conn, [_record(proposal_id, 4, **values), short])  # a batch
    one, batch, partial = (_stored(gf, proposal_id, seq) for seq in (2, 4, 3))
    seq_at, hash_at = writes.EVENT_COLUMNS.index("seq"), writes.EVENT_COLUMNS.index("hash")
    same = [i for i in range(len(writes.EVENT_COLUMNS)) if i not in (seq_at, hash_at)]
    assert [one[i] for i in same] == [batch[i] for i in same] == [partial[i] for i in same]


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
@pytest.mark.parametrize("values", VARIANTS.values(), ids=VARIANTS.keys())
def test_a_full_record_s_row_is_the_row_read_column_by_column(
    dialect: str, values: dict[str, Any]
) -> None:
    conn: Any = SimpleNamespace(dialect=SimpleNamespace(name=dialect))
    d = writes.dialect_of(conn)
    encoders = writes._event_encoders(d)
    record = _record(7, 2, **values)
    row = writes._event_row(record, encoders)
    by_name = [record.get(c) for c in writes.EVENT_COLUMNS]
    for i, encode in encoders:
        by_name[i] = None if by_name[i] is None else encode(by_name[i])
    assert row == by_name
    partial = {k: v for k, v in record.items() if v is not None}
    assert writes._event_row(partial, encoders) == row  # left out: None
    empty = tuple(value is None for value in row)
    nulls = tuple(i for i, value in enumerate(row) if value is None)
    assert writes._event_sql_for(d, empty) == writes._event_sql_with_nulls(d, nulls)
