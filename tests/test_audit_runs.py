"""The audit CSV reads its events' rows as they are written and each proposal's run (label,
number of events, first seq) from a second statement in the same order: the two must agree,
or the export stops rather than put an event under another proposal."""

from __future__ import annotations

import io
from collections.abc import Generator
from typing import Any

import pytest
from sqlalchemy import text

from govflow import demo
from govflow.errors import IntegrityError
from govflow.records import audit as audit_module
from govflow.service import Govflow
from govflow.store.audit_sql import AuditReader
from tests.conftest import backend


def _csv(gf: Govflow, **kw: Any) -> str:
    out = io.StringIO()
    gf.export_audit(out, "csv", **kw)
    return out.getvalue()


@pytest.mark.parametrize("change", [+1, -1])
def test_runs_that_disagree_with_the_events_stop_the_export(
    gf: Govflow, monkeypatch: pytest.MonkeyPatch, change: int
) -> None:
    demo.build(gf)
    runs = AuditReader.runs

    def miscounted(
        self: AuditReader, size: int, text: bool = False
    ) -> Generator[list[Any], None, None]:
        for batch in runs(self, size, text):
            yield [(*run[:6], run[6] + change, *run[7:]) for run in batch]

    monkeypatch.setattr(AuditReader, "runs", miscounted)
    with pytest.raises(IntegrityError, match="runs disagree"):
        _csv(gf)


@pytest.mark.parametrize("batch", [1, 2, 7])
def test_any_batch_size_writes_the_same_file(
    gf: Govflow, monkeypatch: pytest.MonkeyPatch, batch: int
) -> None:
    """Runs cut by batches of any size (a run split over many batches, many runs in one)."""
    demo.build(gf)
    whole, dated = _csv(gf), _csv(gf, since="2021-03-01", until="2021-09-30")
    monkeypatch.setattr(audit_module, "BATCH", batch)
    assert _csv(gf) == whole
    assert _csv(gf, since="2021-03-01", until="2021-09-30") == dated


@pytest.mark.skipif(backend() != "sqlite", reason="events written past the head by hand")
def test_a_run_counts_the_events_not_the_proposal_s_head(gf: Govflow) -> None:
    """An event written by another program without moving the proposal's head is exported under
    its own proposal, and the next proposal's events under theirs."""
    gf.raise_proposal("DP950", title="First", on="2021-03-01", stage="development")
    gf.raise_proposal("DP951", title="Second", on="2021-03-01", stage="development")
    with gf.engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO event (proposal_id, seq, kind, occurred_on, recorded_at, payload, "
            "prev_hash, hash) SELECT e.proposal_id, 2, 'milestone', e.occurred_on, "
            "e.recorded_at, '{}', e.hash, 'x' FROM event e JOIN proposal p "
            "ON p.id = e.proposal_id WHERE p.number = 950"
        ))  # fmt: skip
    lines = _csv(gf).splitlines()[1:]
    assert [line.split(",")[:3] for line in lines] == [
        ["DP950", "SEC:950", "1"], ["DP950", "SEC:950", "2"], ["DP951", "SEC:951", "1"],
    ]  # fmt: skip
