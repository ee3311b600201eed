"""The audit CSV checks a batch's written text for cells needing neutralising at once: it may send
a plain batch the slow way (a line feed before a formula character inside a cell), never an
unplain batch the fast way; either way its cells come out as :func:`csv_cell` makes them."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govflow import safe_text
from govflow.safe_text import (
    _has_pair,
    csv_cell,
    csv_row_is_plain,
    csv_text_is_plain,
    csv_writer,
)

_CELL = st.one_of(
    st.none(),
    st.integers(),
    st.text(alphabet="ab =+-@\t\r'\n\x01\x1f\x7f\x80\x85\x9f\xa0é\u2013\u061c\u2028\u202e"
            "\u2069日\U0001f600", max_size=4),
)  # fmt: skip
_COLUMN = st.lists(_CELL, max_size=6)


@given(_COLUMN)
def test_a_column_is_plain_only_when_every_cell_is(column: list[object]) -> None:
    """Written as a column (a cell a row), text found plain holds no cell needing
    :func:`csv_cell` (the other way is allowed: a line feed, an empty cell or a negative number
    can make plain text look unplain, which only sends it the slow way)."""
    if csv_text_is_plain(_written([[v] for v in column])):
        assert csv_row_is_plain(tuple(column))


_UNPLAIN = ["=1+1", "+1", "-1", "@SUM", "\tx", "\rx", "'x", "a\x1bb", "a\x7fb", "x\u202ey", "\x85",
            "é\x9b", "日\u2028", "\u2013\u061c"]  # fmt: skip


@pytest.mark.parametrize("cell", _UNPLAIN)
def test_each_kind_of_unplain_cell_is_caught_in_any_column(cell: str) -> None:
    for plain in ("MP950", 3, None, "a note\nwith a line", "ünïcödé \u2013 日本 ✓"):
        assert not csv_text_is_plain(_written([[plain, cell]])), (plain, cell)
        assert not csv_text_is_plain(_written([[cell, plain]])), (plain, cell)


def test_plain_text_of_any_script_passes_at_once() -> None:
    unicode = "ünïcödé \u2013 日本 ✓ 😀"
    for row in [("MP950", "DP1"), (None, 3), ("1-1", "a=b"), (unicode, "tab\tinside")]:
        assert csv_text_is_plain(_written([list(row)]))


_ROWS = st.integers(min_value=1, max_value=4).flatmap(
    lambda width: st.lists(st.lists(_CELL, min_size=width, max_size=width), max_size=5)
)


_QUOTED_CELL = st.one_of(
    _CELL, st.text(alphabet='ab ,"=+-@\t\r\'\n\x01\x7f\x85\u202eé', max_size=5)
)  # fmt: skip
_ANY_ROWS = st.integers(min_value=1, max_value=4).flatmap(
    lambda width: st.lists(st.lists(_QUOTED_CELL, min_size=width, max_size=width), max_size=5)
)


@given(_ANY_ROWS)
def test_a_batch_is_written_as_row_by_row(rows: list[list[object]]) -> None:
    """Whatever the cells (numbers, absent values, text the csv module quotes: delimiters,
    quotes, line ends), a batch checked at once writes what the rows written one by one do."""
    one_by_one, batched = io.StringIO(), io.StringIO()
    csv_writer(one_by_one).rows(rows)
    assert csv_writer(batched).batch(rows) == len(rows)
    assert batched.getvalue() == one_by_one.getvalue()


@pytest.mark.parametrize("cell", [*_UNPLAIN, '=1,"x"', "@x\r\ny", "-1\n"])
def test_an_unplain_cell_deep_in_a_large_batch_is_neutralised(cell: str) -> None:
    """One dangerous cell among 2,000 rows of audit-like cells (quoted ones, numbers, empty
    cells, dates with dashes), which alone would be written at once, is neutralised in the
    middle, in the last row and column and in the first, with nothing else changed."""
    row = ("MP950", "SEC:950", 7, "note", None, 'a, "quoted"\nline', "2021-05-26", 3, "ab12")
    assert csv_text_is_plain(_written([list(row) for _ in range(2000)]))
    for at in ((1234, 3), (1999, 8), (0, 0)):
        rows = [list(row) for _ in range(2000)]
        rows[at[0]][at[1]] = cell
        batched, one_by_one = io.StringIO(), io.StringIO()
        csv_writer(batched).batch(rows)
        csv_writer(one_by_one).rows(rows)
        assert batched.getvalue() == one_by_one.getvalue()
        assert csv_cell(cell) != cell
        assert not csv_text_is_plain(_written(rows))
        assert csv_cell(cell).replace('"', '""') in batched.getvalue()


def _written(rows: list[list[object]]) -> str:
    """The rows as the csv module writes them, unchecked."""
    out = io.StringIO()
    csv.writer(out, dialect="excel", lineterminator="\r\n").writerows(rows)
    return out.getvalue()


@pytest.mark.parametrize("cell", _UNPLAIN)
def test_a_batch_neutralises_an_unplain_cell_in_any_column(cell: str) -> None:
    rows = [("MP950", 1, "a note\nwith a line"), ("DP1", 2, None)]
    for at in range(3):
        for row in range(2):
            given_rows = [list(r) for r in rows]
            given_rows[row][at] = cell
            batched, one_by_one = io.StringIO(), io.StringIO()
            csv_writer(batched).batch(given_rows)
            csv_writer(one_by_one).rows(given_rows)
            assert batched.getvalue() == one_by_one.getvalue()


_GROUPS = st.lists(
    st.tuples(
        st.lists(_QUOTED_CELL, max_size=2),
        st.lists(st.lists(_QUOTED_CELL, max_size=3), max_size=3),
    ),
    max_size=4,
)


@given(_GROUPS)
def test_groups_are_written_as_their_whole_rows(groups: list[tuple[list[object], list]]) -> None:
    """Shared first cells written once a group and put before each row's text: the same bytes as
    the whole rows written one by one, whatever the cells (lone empty cells, rows of any width,
    quoted or unplain shared cells) and wherever a group ends."""
    one_by_one, grouped = io.StringIO(), io.StringIO()
    csv_writer(one_by_one).rows([*first, *row] for first, rows in groups for row in rows)
    assert csv_writer(grouped).groups(groups) == sum(len(rows) for _, rows in groups)
    assert grouped.getvalue() == one_by_one.getvalue()


@pytest.mark.parametrize("cell", [*_UNPLAIN, '=1,"x"'])
def test_an_unplain_cell_deep_in_a_large_group_or_its_label_is_neutralised(cell: str) -> None:
    row = ("7", "note", None, 'a, "quoted"\nline', "2021-05-26", 3, "ab12")
    for label_at, at in ((None, (1500, 2)), (None, (1999, 6)), (0, None), (1, None)):
        label = ["MP950", "SEC:950"]
        rows = [list(row) for _ in range(2000)]
        if at is None:
            label[label_at] = cell
        else:
            rows[at[0]][at[1]] = cell
        groups = [(["MP949", "SEC:949"], [list(row)] * 3), (label, rows)]
        grouped, one_by_one = io.StringIO(), io.StringIO()
        csv_writer(grouped).groups(groups)
        csv_writer(one_by_one).rows([*first, *r] for first, rs in groups for r in rs)
        assert grouped.getvalue() == one_by_one.getvalue()
        assert csv_cell(cell).replace('"', '""') in grouped.getvalue()


@given(st.binary(max_size=40).map(lambda b: b.translate(bytes(b"\x00\x01\x02\x05" * 64))))
def test_a_pair_is_found_wherever_it_stands(classes: bytes) -> None:
    """The UTF-16 reading finds a class 1 byte before a class 2 byte exactly when the plain
    search does: at even and odd offsets, at the very end, in texts of odd length."""
    assert _has_pair(classes) == (b"\x01\x02" in classes)


@pytest.mark.parametrize("at", range(6))
def test_a_pair_at_each_offset_is_found(at: int) -> None:
    for length in (at + 2, at + 3, 9, 10):
        classes = bytearray(length)
        classes[at : at + 2] = b"\x01\x02"
        assert _has_pair(bytes(classes)), (at, length)
        assert not _has_pair(bytes(classes).replace(b"\x01\x02", b"\x02\x01"))


@given(_ANY_ROWS)
def test_rows_are_plain_only_when_every_cell_is(rows: list[list[object]]) -> None:
    """Rows of any width and cells (quoted ones too) written at once: text found plain holds no
    cell that :func:`csv_cell` would change."""
    if csv_text_is_plain(_written(rows)):
        assert all(csv_row_is_plain(tuple(row)) for row in rows)


@given(_GROUPS)
def test_groups_written_in_small_chunks_are_their_whole_rows(
    groups: list[tuple[list[object], list]],
) -> None:
    """A group is checked and written a chunk of rows at a time: an unplain cell in one chunk
    neutralises that chunk's cells, and the output is the whole rows' whatever the chunks."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(safe_text, "_CHUNK", 2)
        one_by_one, grouped = io.StringIO(), io.StringIO()
        csv_writer(one_by_one).rows([*first, *row] for first, rows in groups for row in rows)
        assert csv_writer(grouped).groups(groups) == sum(len(rows) for _, rows in groups)
    assert grouped.getvalue() == one_by_one.getvalue()
