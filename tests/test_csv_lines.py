"""On SQLite the audit CSV joins each event's line from text cells (``exporters/csv_lines.py``)
instead of writing it cell by cell with the csv module: the file must be the general path's,
byte for byte, whatever the cells hold (delimiters, quotes, line breaks, formula starts, control
characters, payloads stored in another form, numbers where text is kept), however the batches
and chunks fall. On PostgreSQL the export takes the general path; the comparison runs there too."""

from __future__ import annotations

import io
from typing import Any

import pytest
from sqlalchemy import text

from govflow import demo
from govflow.exporters import csv_lines
from govflow.records import audit as audit_module
from govflow.service import Govflow
from govflow.store.audit_sql import AuditReader
from tests.conftest import backend
from tests.histories import drop_event_triggers

_FILTERS: list[dict[str, Any]] = [
    {},
    {"since": "2021-03-01", "until": "2021-09-30"},
    {"since": "2021-06-01"},
]


def _csv(gf: Govflow, **kw: Any) -> str:
    out = io.StringIO(newline="")
    gf.export_audit(out, "csv", **kw)
    return out.getvalue()


def _general(gf: Govflow, monkeypatch: pytest.MonkeyPatch, **kw: Any) -> str:
    with monkeypatch.context() as patched:
        patched.setattr(AuditReader, "has_lines", property(lambda self: False))
        return _csv(gf, **kw)


# Cells planted in the demo's events (one event each, spread over proposals): what makes the csv
# module quote a cell, what the check neutralises, what is stored in another form than written.
_PLANTED = [
    "note = 'a, b'",
    "note = 'said \"so\"'",
    "note = 'two' || {chr}(10) || 'lines'",
    "note = 'cr' || {chr}(13) || 'here'",
    "body = '=1+1'",
    "actor = '-x'",
    "note = '@SUM'",
    "note = 'bell' || {chr}(7)",
    "note = 'ünïcödé \u2013 日本'",
    "note = 'x' || {chr}(8238) || 'y'",
    "note = ''",
    "corrects_seq = 1",
    "corrects_seq = -1",  # a number: not neutralised
    'payload = \'{"b": 1, "a": "x,y"}\'',
]
_SQLITE_ONLY = [
    "actor = 5",  # kept as text '5' (the column's affinity)
    "until = 20210301",  # a number where a date is kept (SQLite keeps what it is given)
    "note = x'00ff'",  # a blob
    "recorded_at = '2021-05-26T10:01:02+00:00'",  # a time stored in another form
    "corrects_seq = 2.5",
    "corrects_seq = 1e100",  # SQLite's text of it is not Python's
    "corrects_seq = x'41'",
    "occurred_on = 20210301",
]


def _plant(gf: Govflow, sets: list[str], again: bool = False) -> None:
    if not again:
        drop_event_triggers(gf)
    char = "char" if backend() == "sqlite" else "chr"
    with gf.engine.begin() as conn:
        ids = [row[0] for row in conn.execute(text("SELECT id FROM event ORDER BY id"))]
        step = max(1, len(ids) // (len(sets) + 1))
        for n, assignment in enumerate(sets, start=1):
            assignment = assignment.replace("{chr}", char)
            conn.execute(text(f"UPDATE event SET {assignment} WHERE id = {ids[n * step]}"))


@pytest.mark.parametrize("filters", _FILTERS, ids=["all", "range", "since"])
def test_the_lines_are_the_general_path_s_file(
    gf: Govflow, monkeypatch: pytest.MonkeyPatch, filters: dict[str, Any]
) -> None:
    demo.build(gf)
    _plant(gf, _PLANTED + (_SQLITE_ONLY if backend() == "sqlite" else []))
    assert _csv(gf, **filters) == _general(gf, monkeypatch, **filters)


@pytest.mark.parametrize(("batch", "chunk"), [(1, 128), (3, 2), (7, 3), (256, 1)])
def test_any_batch_and_chunk_writes_the_same_file(
    gf: Govflow, monkeypatch: pytest.MonkeyPatch, batch: int, chunk: int
) -> None:
    """Runs over many batches and chunks: a chunk read again the general way is the right one."""
    demo.build(gf)
    _plant(gf, _PLANTED + (_SQLITE_ONLY if backend() == "sqlite" else []))
    expected = {i: _general(gf, monkeypatch, **f) for i, f in enumerate(_FILTERS)}
    monkeypatch.setattr(audit_module, "BATCH", batch)
    monkeypatch.setattr(csv_lines, "_CHUNK", chunk)
    for i, filters in enumerate(_FILTERS):
        assert _csv(gf, **filters) == expected[i], filters


@pytest.mark.skipif(backend() != "sqlite", reason="the lines are SQLite's")
def test_only_a_chunk_with_a_cell_not_text_is_read_again(
    gf: Govflow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The demo's events, then a formula start planted (written the general way from the same
    cells), then a blob where text is kept: only that chunk is read again."""
    demo.build(gf)
    reads: list[int] = []
    rows_of = audit_module.Audit.rows_of

    def counted(self: audit_module.Audit, *args: Any) -> Any:
        reads.append(args[-1])
        return rows_of(self, *args)

    monkeypatch.setattr(audit_module.Audit, "rows_of", counted)
    _csv(gf)
    _plant(gf, ["note = '=1+1'"])
    assert "'=1+1" in _csv(gf)
    assert reads == []
    _plant(gf, ["note = x'00ff'"], again=True)
    _csv(gf)
    assert len(reads) == 1


_ADJACENT = [  # the empty payload: a line found only by its cells
    "note = 'a \"b\"', payload = '{}'",
    "note = 'a, b', payload = '{}'",
    "body = 'x,y', actor = '\"z\"', payload = '{}'",
    "payload = '{}'",
]


def test_a_chunk_with_a_quoted_line_and_a_delimiter_in_another(
    gf: Govflow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Lines found by their quotes do not hide another line's extra delimiter (and the other way
    round): one proposal's events, a quote in one cell, a comma in the next event's, both."""
    demo.build(gf)
    drop_event_triggers(gf)
    with gf.engine.begin() as conn:
        pid = conn.execute(text("SELECT proposal_id FROM event WHERE seq = 4 LIMIT 1")).scalar()
        ids = conn.execute(
            text(f"SELECT id FROM event WHERE proposal_id = {pid} ORDER BY seq LIMIT 4")
        ).scalars()
        for assignment, event in zip(_ADJACENT, ids, strict=True):
            conn.execute(text(f"UPDATE event SET {assignment} WHERE id = {event}"))
    assert _csv(gf) == _general(gf, monkeypatch)
