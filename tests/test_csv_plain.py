"""The audit CSV checks a whole batch of columns for text needing neutralising at once: it may
send a plain batch the slow way (a line feed before a formula character inside a cell), never an
unplain batch the fast way."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govflow.safe_text import csv_columns_are_plain, csv_row_is_plain

_CELL = st.one_of(
    st.none(),
    st.integers(),
    st.text(alphabet="ab =+-@\t\r'\n\x01\x1f\x7f\x80\x85\x9f\xa0é\u2013\u061c\u2028\u202e"
            "\u2069日\U0001f600", max_size=4),
)  # fmt: skip
_ROWS = st.lists(st.tuples(_CELL, _CELL, _CELL), max_size=4)


@given(_ROWS)
def test_a_batch_is_plain_only_when_every_row_is(rows: list[tuple[object, ...]]) -> None:
    columns = list(zip(*rows, strict=True))
    if csv_columns_are_plain(columns):
        assert all(csv_row_is_plain(row) for row in rows)
    elif all(csv_row_is_plain(row) for row in rows):  # the one way a plain batch looks unplain
        assert any("\n" in c for row in rows for c in row if isinstance(c, str))


_UNPLAIN = ["=1+1", "+1", "-1", "@SUM", "\tx", "\rx", "'x", "a\x1bb", "a\x7fb", "x\u202ey", "\x85",
            "é\x9b", "日\u2028", "\u2013\u061c"]  # fmt: skip


@pytest.mark.parametrize("cell", _UNPLAIN)
def test_each_kind_of_unplain_cell_is_caught_in_any_column(cell: str) -> None:
    plain = ("MP950", 3, None, "a note\nwith a line", "ünïcödé \u2013 日本 ✓")
    for at in range(len(plain)):
        row = (*plain[:at], cell, *plain[at + 1 :])
        assert not csv_columns_are_plain(list(zip(plain, row, strict=True))), (cell, at)


def test_plain_text_of_any_script_passes_at_once() -> None:
    unicode = "ünïcödé \u2013 日本 ✓ 😀"
    columns = [("MP950", "DP1"), (3, None), ("1-1", "a=b"), (unicode, "tab\tinside")]
    assert csv_columns_are_plain(columns)
