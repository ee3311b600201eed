"""The audit's batches of rows (what the CSV writes) hold exactly the values of its records."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import text

from govflow import demo
from govflow.records import audit as audit_module
from govflow.service import Govflow
from tests.conftest import backend


def _payload(value: dict[str, Any]) -> str:
    return json.dumps(value, sort_keys=True)


def _as_rows(gf: Govflow, **kw: Any) -> list[tuple[Any, ...]]:
    with gf.open_audit(**kw) as audit:
        return [row for rows in audit.rows(_payload) for row in rows]


def _as_records(gf: Govflow, **kw: Any) -> list[tuple[Any, ...]]:
    at = audit_module.AUDIT_COLUMNS.index("payload")
    return [(*r[:at], _payload(r.payload) if r.payload else "{}", *r[at + 1 :])
            for r in gf.iter_audit(**kw)]  # fmt: skip


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches of 3 events: proposals span batches, and batches span proposals."""
    monkeypatch.setattr(audit_module, "BATCH", 3)


@pytest.mark.parametrize(
    "selection",
    [{}, {"proposals": ["MP901", "MP099"]}, {"since": "2021-03-01", "until": "2021-06-01"}],
    ids=["all", "some proposals", "dates"],
)
def test_the_rows_hold_the_records_values(
    gf: Govflow, small_batches: None, selection: dict[str, Any]
) -> None:
    demo.build(gf)
    rows = _as_rows(gf, **selection)
    assert rows == _as_records(gf, **selection)
    assert len({r[0] for r in rows}) > 1  # references read for each proposal, in every batch


def test_progress_is_told_as_the_batches_go(gf: Govflow, small_batches: None) -> None:
    demo.build(gf)
    seen: list[int] = []
    with gf.open_audit() as audit:
        batches = list(audit.rows(_payload, seen.append))
    assert seen[-1] == sum(map(len, batches)) == audit.events


@pytest.mark.skipif(backend() != "sqlite", reason="a timestamp text only SQLite can hold")
def test_a_timestamp_stored_in_another_form_is_exported_as_hashed(gf: Govflow) -> None:
    gf.raise_proposal("DP950", title="Stamps", on="2021-03-01", stage="development")
    with gf.engine.begin() as conn:  # as another program may have written it: no microseconds
        conn.execute(text(
            "INSERT INTO event (proposal_id, seq, kind, occurred_on, recorded_at, payload, "
            "prev_hash, hash) SELECT proposal_id, 2, 'milestone', occurred_on, "
            "'2021-03-02 10:01:02+01:00', '{\"b\": 1, \"a\": \"\\u00fc\"}', hash, 'x' "
            "FROM event WHERE seq = 1"
        ))  # fmt: skip
    rows = _as_rows(gf)
    assert rows == _as_records(gf)
    assert [r[10][-1] for r in rows] == ["Z", "Z"]
    assert rows[1][10] == "2021-03-02T09:01:02.000000Z"
    assert rows[1][18] == '{"a": "\\u00fc", "b": 1}'


def test_the_rows_write_references_as_the_records_do(gf: Govflow) -> None:
    """Padded numbers, alternatives with and without a label: the rows' references and keys
    are the records'."""
    gf.raise_proposal("CMP961", title="A fictional CUSC modification", on="2021-01-07")
    gf.advance("CMP961", "send_to_workgroup", on="2021-01-29")
    gf.raise_alternative("CMP961 WACM1", title="A fictional WACM", on="2021-03-01")
    gf.raise_proposal("P990", title="A fictional modification", on="2021-01-07")
    gf.raise_alternative("P990A", title="A fictional Alternative Modification", on="2021-03-04")
    gf.raise_proposal("CMP 9315 WACM12", title="Fictional WACM", on="2024-01-03")
    gf.raise_proposal("P991A", title="Fictional", on="2021-01-04")
    gf.raise_proposal("0991A", title="Fictional", on="2021-01-04")
    gf.raise_proposal("MP905", title="Fictional", on="2021-01-04")
    gf.raise_proposal("DP7", title="Fictional", on="2021-01-04", stage="development")
    rows = _as_rows(gf)
    assert rows == _as_records(gf)
    assert {"CMP9315 WACM12", "P991A", "0991A", "MP905", "DP007"} <= {r[0] for r in rows}
    assert _as_rows(gf, since="2021-03-01") == _as_records(gf, since="2021-03-01")
