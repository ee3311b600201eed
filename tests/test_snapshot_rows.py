"""A page's rows read once in its snapshot (:mod:`govflow.records.snapshot_rows`): the plan's
state taken from them is the state read on its own. Data: the demo (proposals in several
stages, deadlines open and closed, releases) and fictional MP962."""

from __future__ import annotations

import datetime as dt

import pytest

from govflow.errors import NotFound
from govflow.records.next_steps import state_on
from govflow.records.snapshot_rows import state_read
from govflow.service import Govflow
from govflow.store import reads


def test_the_plan_state_from_the_page_rows_is_the_state_read_alone(demo_gf: Govflow) -> None:
    lookup = demo_gf._parts.lookup
    today = dt.datetime.now(dt.UTC).date()
    seen = 0
    with demo_gf.snapshot(), demo_gf._store.read() as conn:
        read = state_read(conn)
        assert read is not None
        for p in demo_gf.proposals():
            row, _ = lookup.find(conn, p.reference)
            deadlines, releases = read(row)
            assert deadlines == reads.open_deadlines(conn, row.id)
            assert releases == reads.releases(conn, row.id)
            assert state_on(conn, lookup, row, today, read) == state_on(conn, lookup, row, today)
            seen += bool(deadlines) and bool(releases)
    assert seen  # a proposal with both, so that neither side is empty throughout


def test_a_write_reads_the_state_itself(gf: Govflow) -> None:
    with gf._store.write() as conn:
        assert state_read(conn) is None


def test_the_plan_in_a_snapshot_is_the_plan_alone(gf: Govflow) -> None:
    """A release linked and a deadline open (fictional MP962); and an unknown reference is
    refused alike."""
    gf.raise_proposal("MP962", title="Invented", on="2021-03-01", path=3)
    gf.advance("MP962", "start_refinement", on="2021-03-02")
    gf.release("MP962", "November 2099", on="2021-03-03")
    alone = gf.plan("MP962")
    with gf.snapshot():
        gf.deadlines("MP962", open_only=False)  # the page's order: its rows read first
        assert gf.plan("MP962") == alone
        with pytest.raises(NotFound) as inside:
            gf.plan("MP969")
    with pytest.raises(NotFound) as outside:
        gf.plan("MP969")
    assert str(inside.value) == str(outside.value)
