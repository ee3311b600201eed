"""Several reads on one snapshot (``gf.snapshot()``), as a web page makes them, and a proposal's
version read alone (``gf.proposal_version``), as a write's answer gives it. DP9xx are fictional."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import event, select

import govflow
from govflow.errors import GovflowError
from govflow.service import Govflow
from govflow.store import reads, tables


def _begins(gf: Govflow) -> list[Any]:
    """Every transaction begun from now: SQLAlchemy's, or on SQLite each ``BEGIN`` the driver
    runs (a read snapshot and a write begin on the driver's connection there)."""
    begun: list[Any] = []
    if gf.engine.dialect.name != "sqlite":
        event.listen(gf.engine, "begin", begun.append)
        return begun
    gf._store.release()  # the kept connections made again, each traced
    gf.engine.dispose()

    @event.listens_for(gf.engine, "connect")
    def _traced(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.set_trace_callback(
            lambda sql: sql.startswith("BEGIN") and begun.append(sql)
        )

    return begun


def _in_transaction(gf: Govflow) -> bool:
    """Whether the read connection kept for the next read is still in a transaction."""
    (conn,) = gf._store._idle_reads
    driver = conn.connection.driver_connection
    return conn.in_transaction() or bool(getattr(driver, "in_transaction", False))


def test_a_snapshot_on_the_driver_reads_what_sqlalchemys_reads(gf: Govflow) -> None:
    """SQLite's read snapshot is begun on the driver's connection; the same reads in one begun
    by SQLAlchemy (PostgreSQL's way, the general one) give the same pages."""
    for n, stage in ((934, "draft"), (935, "development")):
        gf.raise_proposal(f"DP{n}", title="Invented", on="2021-03-01")
        if stage == "development":
            gf.advance(f"DP{n}", "submit", on="2021-03-02")
    fast = [gf.proposal_page(f"DP{n}") for n in (934, 935)]
    store = gf._store
    kept, store._write_begin = store._write_begin, None  # SQLAlchemy begins every transaction
    try:
        assert [gf.proposal_page(f"DP{n}") for n in (934, 935)] == fast
    finally:
        store._write_begin = kept


def test_a_snapshot_ends_well_after_sqlalchemys_statements_and_after_a_failure(
    gf: Govflow,
) -> None:  # fmt: skip
    gf.raise_proposal("DP936", title="Invented", on="2021-03-01")
    with gf._store.read() as conn:  # a statement through SQLAlchemy joins the snapshot
        assert conn.execute(select(1)).scalar() == 1
        assert gf.proposal("DP936").title == "Invented"
    assert not _in_transaction(gf)
    with pytest.raises(GovflowError), gf.snapshot():  # the caller's refusal: the snapshot ended
        gf.proposal("DP936")
        gf.proposal("DP999")
    assert not _in_transaction(gf)
    with pytest.raises(RuntimeError), gf.snapshot():  # what failed: its connection not kept
        gf.proposal("DP936")
        raise RuntimeError("boom")
    gf.advance("DP936", "submit", on="2021-03-02")
    with gf.snapshot():
        assert gf.proposal("DP936").stage == "development"
    assert not _in_transaction(gf)


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
