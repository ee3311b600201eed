"""The audit CSV checks a whole slice of rows for text needing neutralising in one search: it may
send a plain slice the slow way (a line feed before a formula character inside a cell), never an
unplain slice the fast way."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from govflow.safe_text import csv_row_is_plain, csv_rows_are_plain

_CELL = st.one_of(
    st.none(), st.integers(), st.text(alphabet="ab =+-@\t\r'\n\x01\x7f\x85\u202e", max_size=4)
)
_ROWS = st.lists(st.tuples(_CELL, _CELL, _CELL), max_size=4)


@given(_ROWS)
def test_a_slice_is_plain_only_when_every_row_is(rows: list[tuple[object, ...]]) -> None:
    if csv_rows_are_plain(rows):
        assert all(csv_row_is_plain(row) for row in rows)
    elif all(csv_row_is_plain(row) for row in rows):  # the one way a plain slice looks unplain
        assert any("\n" in c for row in rows for c in row if isinstance(c, str))


def test_each_kind_of_unplain_cell_is_caught_in_a_slice() -> None:
    plain = ("MP950", 3, None, "a note\nwith a line")
    for cell in ("=1+1", "+1", "-1", "@SUM", "\tx", "\rx", "'x", "a\x1bb", "x\u202ey", "\x85"):
        assert not csv_rows_are_plain([plain, ("ok", cell)]), cell
    assert csv_rows_are_plain([plain, ("ok", "1-1", "a=b")])
