"""The register's fast paths (issue 29) agree with the slow ones: a row read with SQL is the row
replayed from the proposal's facts, the view its constructor makes; a page made without the
frozen dataclasses' ``__init__`` is the constructed one; the statement's rows are read by
position in ``RegisterValues``' order; the collector's pause ends as it began."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc

import pytest

from govflow.errors import InvalidInput, UnknownReference
from govflow.records import register as register_module
from govflow.records.register_changes import Dates, changes_on
from govflow.records.register_rows import PLAIN, sql_rows
from govflow.service import Govflow
from govflow.store import listing, paging
from govflow.views import RegisterRow

#: Days the demo records moved on, and days between (a register as of each).
DAYS = [dt.date(2020, 6, 1), dt.date(2021, 3, 1), dt.date(2021, 6, 30), dt.date(2022, 1, 1),
        dt.date(2030, 1, 1)]  # fmt: skip


def test_a_plain_row_is_the_views_fields_in_order_with_their_defaults() -> None:
    fields = dataclasses.fields(RegisterRow)
    assert list(PLAIN) == [f.name for f in fields]
    for f in fields:
        if f.default is not dataclasses.MISSING:
            assert PLAIN[f.name] == f.default, f.name


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_rows_read_with_sql_are_the_rows_replayed_from_the_facts(
    demo_gf: Govflow, day: dt.date
) -> None:
    """Every proposal the page statement reads with SQL, built both ways: the one loop of
    :func:`sql_rows` and the replay of its facts (what an amended proposal takes)."""
    register, lookup, store = demo_gf._parts.register, demo_gf._parts.lookup, demo_gf._store
    with store.read() as conn:
        batch = paging.register_page(conn, day, limit=100_000)
        plain = [v for v in batch if v[3] is not None and not (v[17] or v[21] or v[22])
                 and not (v[1] == "reached" and v[20] is None)]  # fmt: skip
        assert plain
        dates = Dates(conn)
        changes = changes_on(conn, day, [v[0] for v in plain], dates, register._votes)
        later = paging.next_moves(conn, [v[0] for v in plain], day)
        fast = sql_rows(lookup, plain, day, changes, later)
        slow = register._from_replay(conn, {v[0] for v in plain}, day, None, dates)
    assert len(fast) == len(plain)
    for values, row in zip(plain, fast, strict=True):
        assert row == slow[values[0]], values


def test_a_row_read_with_sql_is_the_view_its_constructor_makes(demo_gf: Govflow) -> None:
    rows = demo_gf.register(as_of="2021-06-30")
    assert any(r.last_decision for r in rows) and any(r.last_meeting for r in rows)
    for row in rows:
        made = RegisterRow(**{f.name: getattr(row, f.name) for f in dataclasses.fields(row)})
        assert (row, hash(row), row.to_dict(), repr(row), vars(row)) == (
            made, hash(made), made.to_dict(), repr(made), vars(made)
        )  # fmt: skip
        with pytest.raises(dataclasses.FrozenInstanceError):
            row.stage = "withdrawn"  # type: ignore[misc]


def test_a_page_is_the_page_its_constructor_makes(demo_gf: Govflow) -> None:
    page = demo_gf.register_page("2021-06-30", limit=3)
    made = register_module.RegisterPage(page.rows, page.after, page.before)
    assert (page, repr(page), page.after) == (made, repr(made), made.after)
    assert page.after is not None and page.before is None
    with pytest.raises(dataclasses.FrozenInstanceError):
        page.after = None  # type: ignore[misc]


def test_the_page_statements_rows_are_in_register_values_order(demo_gf: Govflow) -> None:
    with demo_gf._store.read() as conn:
        rows = paging.register_page(conn, dt.date(2021, 6, 30), limit=5)
    named = [paging.RegisterValues(*row) for row in rows]
    assert [v.proposal_id for v in named] == [row[0] for row in rows]
    assert all(isinstance(v.title, str) and v.prefix for v in named)


@pytest.mark.parametrize("enabled", [True, False], ids=["enabled", "disabled"])
def test_a_page_leaves_the_collector_as_it_found_it(demo_gf: Govflow, enabled: bool) -> None:
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        demo_gf.register_page("2021-06-30", limit=5)
        assert gc.isenabled() is enabled
        with pytest.raises(InvalidInput, match="limit is a number of proposals"):
            demo_gf.register_page("2021-06-30", limit=0)
        with pytest.raises(UnknownReference):
            demo_gf.register_page("2021-06-30", after="MP999999")
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


@pytest.mark.parametrize(
    "ids",
    [[1, 2, 3, 4, 5, 6], [1, 3], [2, 4], [4, 2], [1, 6], [3], [5, 6], [1, 2, 6]],
    ids=["all", "1,3 by range", "2,4 by range", "4,2 by range", "1,6 by list", "3", "none",
         "1,2,6 by list"],
)  # fmt: skip
def test_a_pages_changes_by_its_ids_range_are_its_own(demo_gf: Govflow, ids: list[int]) -> None:
    """Read by the ids' range (ids close together) or by their list, a page's changes are those
    of the whole register's that are its proposals' (the demo's proposals 1-4 have route,
    release, relabel events and a vote; 5 and 6 none): none of a proposal in the range and not
    on the page."""
    votes = demo_gf._parts.register._votes
    with demo_gf._store.read() as conn:
        known = sorted(r.id for r in listing.proposals(conn))
        assert len(known) == 6 and known[-1] - known[0] == 5  # the demo's, in a row
        given = [known[i - 1] for i in ids]  # the demo's first proposal is 1 here
        every = paging.register_changes(conn, None, votes)
        mine = paging.register_changes(conn, given, votes)
    assert {c.proposal_id for c in every} == set(known[:4])
    assert mine == [c for c in every if c.proposal_id in given]
