"""Several reads on one snapshot (``gf.snapshot()``), as a web page makes them, and a proposal's
version read alone (``gf.proposal_version``), as a write's answer gives it. DP9xx are fictional."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event

import govflow
from govflow.service import Govflow


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
