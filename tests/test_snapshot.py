"""Several reads on one snapshot (``gf.snapshot()``), as a web page makes them, and a proposal's
version read alone (``gf.proposal_version``), as a write's answer gives it. DP9xx are fictional."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import event

import govflow
from govflow.service import Govflow
from govflow.store import reads, tables


def _begins(gf: Govflow) -> list[Any]:
    begun: list[Any] = []
    event.listen(gf.engine, "begin", begun.append)
    return begun


def test_reads_inside_a_snapshot_share_one_transaction(gf: Govflow) -> None:
    gf.raise_proposal("DP931", title="Invented", on="2021-03-01")
    begun = _begins(gf)
    gf.proposal("DP931"), gf.history("DP931"), gf.deadlines("DP931")
    assert len(begun) == 3
    with gf.snapshot():
        gf.proposal("DP931"), gf.history("DP931"), gf.deadlines("DP931")
    assert len(begun) == 4


def test_a_snapshot_finds_a_proposal_and_reads_its_events_once(
    gf: Govflow, monkeypatch: pytest.MonkeyPatch
) -> None:  # fmt: skip
    gf.raise_proposal("DP933", title="Invented", on="2021-03-01")
    gf.advance("DP933", "submit", on="2021-03-02")
    calls: list[str] = []
    row, history = tables.proposal, reads.history
    monkeypatch.setattr(tables, "proposal", lambda *a: calls.append("row") or row(*a))
    monkeypatch.setattr(reads, "history", lambda *a: calls.append("events") or history(*a))
    with gf.snapshot():  # as the proposal's page reads it
        p, events = gf.proposal("DP933"), gf.history("DP933")
        gf.deadlines("DP933", open_only=False), gf.plan("DP933")
    assert calls == ["row", "events"]
    assert p == gf.proposal("DP933") and events == gf.history("DP933")  # as read alone
    calls.clear()
    with gf.transaction():  # a write transaction reads at every call: it may change the rows
        gf.proposal("DP933"), gf.history("DP933")
    assert calls == ["row", "events", "row", "events"]


def test_a_snapshot_does_not_see_what_another_process_writes_meanwhile(
    gf: Govflow, db_url: str
) -> None:
    gf.raise_proposal("DP932", title="Invented", on="2021-03-01")
    with govflow.open_db(db_url) as other, gf.snapshot():
        before = gf.proposal("DP932")
        other.advance("DP932", "submit", on="2021-03-02")
        assert len(gf.history("DP932")) == 1
        assert gf.proposal("DP932") == before
    assert gf.proposal("DP932").stage != before.stage


def test_the_version_read_alone_is_the_proposals(gf: Govflow) -> None:
    gf.raise_proposal("DP933", title="Invented", on="2021-03-01")
    raised = gf.proposal_version("DP933")
    assert raised == gf.proposal("DP933").version
    gf.advance("DP933", "submit", on="2021-03-02")
    assert gf.proposal_version("DP933") == gf.proposal("DP933").version == raised + 1
