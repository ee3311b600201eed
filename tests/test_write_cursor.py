"""A write's statements share one driver cursor (``store/cursors.py``), and what they read and
write on it is what they read and write on a cursor each (the way before): the same rows read,
the same rows written, the same refusal; the cursor is closed and forgotten when the write ends,
committed, refused or rolled back. A proposal's open windows read packed into one JSON array a
row (SQLite) are the windows read column by column.

MP947, DP960 and CSC_938 are invented (the fictional numbers the docs use)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from govflow.errors import TransitionNotAllowed
from govflow.model import Deadline
from govflow.service import Govflow
from govflow.store import cursors, derived, reads, tables, writes
from govflow.store.session import Connection
from tests.conftest import NewGovflow


def _records(gf: Govflow) -> None:
    gf.add_meeting("CSC_938", on="2021-06-18")
    gf.add_item("CSC_938", "5", title="Draft Proposals")
    gf.raise_proposal("MP947", title="Hub returns", on="2021-05-24", path=3)
    gf.advance("MP947", "start_refinement", on="2021-06-18")
    gf.record("MP947", "refinement_consultation_opened", on="2021-06-21")  # a window opens
    gf.raise_proposal("DP960", title="Invented", on="2021-06-01")


def _reads(conn: Connection, proposal_id: int) -> list[Any]:
    """Every read a write makes on the write's cursor, each after another statement on it."""
    return [
        writes.read_proposal(conn, ["SEC"], 947, ""),
        reads.place(conn, "CSC", 938, "5"),
        reads.open_deadlines(conn, proposal_id),
        writes.read_proposal(conn, ["SEC"], 948, ""),  # none
        reads.place(conn, "CSC", 938, "9"),  # no such item
        reads.releases(conn, proposal_id),
        reads.history(conn, proposal_id),
        writes.read_proposal_by_id(conn, proposal_id),
        reads.open_deadlines(conn, proposal_id + 1),
    ]


def test_a_write_s_reads_on_its_cursor_are_the_reads_on_a_cursor_each(gf: Govflow) -> None:
    _records(gf)
    with gf._store.write(rollback=True) as conn:
        kept = cursors.HELD[conn]
        assert writes.statement_cursor(conn) == kept  # every statement of the write: one cursor
        proposal_id = writes.read_proposal(conn, ["SEC"], 947, "").id  # type: ignore[union-attr]
        on_one = _reads(conn, proposal_id)
        del cursors.HELD[conn]  # the way before: a new cursor for each statement
        try:
            assert writes.statement_cursor(conn)[0] is not kept[0]
            on_each = _reads(conn, proposal_id)
        finally:
            cursors.HELD[conn] = kept
    assert on_one == on_each
    assert on_one[2] and on_one[6]  # a window open, a history read: not empty reads compared


def _written(gf: Govflow) -> list[Any]:
    """What the database holds after the advances, read as rows."""
    with gf._store.read() as conn:
        return [
            tables.raw_rows(conn, f"SELECT * FROM {table} ORDER BY 1")
            for table in ("proposal", "event", "ledger", "deadline", "proposal_alias")
        ]


def _advances(gf: Govflow) -> tuple[list[Any], str]:
    _records(gf)
    gf.advance("DP960", "submit", on="2021-06-18", meeting="CSC_938", item="5")
    gf.advance("DP960", "convert", on="2021-06-18", meeting="CSC_938", item="5")
    gf.advance("MP947", "send_to_report", on="2021-07-01", override="the window as minuted")
    with pytest.raises(TransitionNotAllowed) as refused:  # forbidden: from the wrong stage
        gf.advance("MP960", "approve", on="2021-07-01", meeting="CSC_938", item="5")
    assert not cursors.HELD  # closed and forgotten, after a commit and after a refusal
    return _written(gf), str(refused.value)


def test_writes_on_one_cursor_store_what_a_cursor_each_stores(
    new_gf: NewGovflow, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = dt.datetime(2021, 7, 1, 9, 30, 0, 120)  # one recorded time: the same hashes both ways
    monkeypatch.setattr(tables, "utcnow", lambda: at)
    with new_gf() as gf:
        on_one = _advances(gf)
    monkeypatch.setattr(cursors, "hold", lambda conn, cursor, dialect: cursor.close())
    with new_gf() as gf:
        on_each = _advances(gf)
    assert on_one == on_each
    assert len(on_one[0][1]) == 8  # the events: two raises, a milestone, five moves


def test_the_cursor_is_closed_and_forgotten_when_a_write_fails(gf: Govflow) -> None:
    with pytest.raises(KeyError), gf._store.write() as conn:
        cursor = cursors.HELD[conn][0]
        raise KeyError("a failure inside the write")
    assert not cursors.HELD
    with pytest.raises(Exception, match="closed"):
        cursor.execute("SELECT 1")


_ODD = 'quoted " back\\slash é ü \u2028 \t tab\nline'


def _window(kind: str, name: str, label: str, **values: Any) -> Deadline:
    days = {"opened_on": dt.date(2021, 6, 21), "due_on": dt.date(2021, 7, 12)}
    plain = {"opened_seq": 3, "working_days": 15, "first_day_counts": False}
    return Deadline(kind=kind, name=name, label=label, **{**days, **plain, **values})


_WINDOWS = [
    _window("milestone", "refinement_consultation_opened", "Refinement Consultation opened",
            first_day_counts=True,
            calendar={"closures": ["2021-07-01"], "nested": {"a": [1, None, True, 2.5]}}),
    _window("stage", "report_phase", _ODD, opened_on=dt.date(1900, 1, 1),
            due_on=dt.date(2099, 12, 31), opened_seq=2**31 - 1, working_days=0,
            closed_by=("send_to_report", "withdraw"), note=_ODD, closed_with=_ODD),
    _window("milestone", "", "", working_days=-5, note=""),
    _window("stage", "closed", "not read", status="closed", closed_on=dt.date(2021, 6, 30)),
]  # fmt: skip


def test_open_windows_read_packed_are_the_windows_read_column_by_column(gf: Govflow) -> None:
    gf.raise_proposal("MP947", title="Hub returns", on="2021-05-24", path=3)
    with gf._store.write(rollback=True) as conn:
        proposal_id = writes.read_proposal(conn, ["SEC"], 947, "").id  # type: ignore[union-attr]
        cursor, d = writes.statement_cursor(conn)
        for stored in ([], _WINDOWS):
            derived.replace_deadlines(conn, proposal_id, stored)
            read = reads.open_deadlines(conn, proposal_id)
            packed = reads._open_deadlines(cursor, d, proposal_id, d.name == "sqlite")
            plain = reads._open_deadlines(cursor, d, proposal_id, False)
            assert read == packed == plain
            assert [dataclasses.replace(w, id=None) for w in read] == stored[:3]
            assert [type(getattr(w, f)) for w in read for f in _FIELDS] == [
                type(getattr(w, f)) for w in plain for f in _FIELDS
            ]


_FIELDS = [f.name for f in dataclasses.fields(Deadline)]
