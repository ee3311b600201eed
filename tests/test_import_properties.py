"""The import against random mutations of a valid export (hypothesis; issue 30).

The demo's audit export (MP099 and MP131 carry public facts, with their sources; MP9xx are
fictional) is mutated: a field or a payload value of an event set to another value of the kind
the workflow uses (a stage, a trigger, a milestone, a version, a date, a key), an event dropped,
repeated or moved, a correction added; then, mostly, every chain recomputed (so that only the
rules can refuse the file). Each mutated file must be either

- refused with an error govflow means (an :class:`InvalidInput` naming the line), nothing
  written; or
- imported into a database that ``verify`` passes (every proposal's rows, deadlines, releases and
  aliases are what the rule core, replaying its events as a live write is judged, makes of
  them), that exports the very events the file held, and whose every proposal, register and
  deadline list reads back.
"""

from __future__ import annotations

import copy
import io
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import govflow
from govflow.demo import build
from govflow.errors import GovflowError
from govflow.model import KINDS
from govflow.workflow.registry import Registry
from tests.conftest import NewGovflow
from tests.histories import parsed, rechained

SEC = Registry.shipped().get("sec-modification")
_FIELDS = ("kind", "trigger", "milestone", "from_stage", "to_stage", "until", "occurred_on",
           "corrects_seq", "seq", "meeting", "item")  # fmt: skip
_DATES = ("2019-01-01", "2020-04-30", "2021-05-26", "2021-06-22", "2022-11-03", "2099-12-31")
_PAYLOAD_KEYS = ("workflow_version", "from_version", "to_version", "outcome", "solution",
                 "status", "release", "moved_from", "path", "flags", "to", "override", "title",
                 "reference", "changes", "vote", "spelling", "date_precision", "implied_by",
                 "workflow_fingerprint", "fingerprint")  # fmt: skip

values = st.one_of(
    st.none(),
    st.sampled_from([s.name for s in SEC.states]),
    st.sampled_from(SEC.triggers),
    st.sampled_from([m.name for m in SEC.milestones]),
    st.sampled_from(KINDS),
    st.sampled_from(_DATES),
    st.integers(-1, 30),
    st.sampled_from(["approve", "reject", "A", "B", "MP099", "DP904", "MP950", "CSC_38", "1",
                     "3", "targeted", "implemented", "November 2022", "on_or_before", "month"]),
    st.sampled_from([{}, [], {"to": "2"}, {"from": None, "to": "2"}, {"outcome": "approve"},
                     {"note": "x"}, {"occurred_on": "2021-05-01"}, {"recorded_in_error": True},
                     {"item_title": "x"}, ["fast_track"], ["no_such_flag"]]),
)  # fmt: skip

mutations = st.one_of(
    st.tuples(st.just("field"), st.integers(0, 10_000), st.sampled_from(_FIELDS), values),
    st.tuples(st.just("payload"), st.integers(0, 10_000), st.sampled_from(_PAYLOAD_KEYS), values),
    st.tuples(
        st.just("field"),
        st.integers(0, 10_000),
        st.sampled_from(["note", "actor"]),
        st.sampled_from([None, "", "A fictional note", "=1+1\r\n"]),
    ),
    st.tuples(st.just("drop"), st.integers(0, 10_000)),
    st.tuples(st.just("truncate"), st.integers(0, 10_000)),
    st.tuples(st.just("repeat"), st.integers(0, 10_000)),
    st.tuples(st.just("swap"), st.integers(0, 10_000)),
    st.tuples(st.just("correct"), st.integers(0, 10_000), st.integers(-1, 30), values),
)


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    source = govflow.open_db(tmp_path_factory.mktemp("mutations") / "demo.db")
    build(source)
    out = io.StringIO(newline="")
    source.export_audit(out, "jsonl")
    source.close()
    return parsed(out.getvalue().splitlines(keepends=True))


def _events(records: list[dict[str, Any]]) -> list[int]:
    return [i for i, r in enumerate(records) if "seq" in r and "chain" not in r]


def _hashes(records: list[dict[str, Any]]) -> list[tuple[str, int, str]]:
    """Every event as its chain fixes it: what the import stored is what the file held."""
    return sorted((r["proposal"], r["seq"], r["hash"]) for r in records
                  if "seq" in r and "chain" not in r)  # fmt: skip


def _renumber(records: list[dict[str, Any]], key: str) -> None:
    """The events of one proposal numbered 1, 2, ... again, in the file's order."""
    seq = 0
    for r in records:
        if r.get("proposal") == key and "seq" in r and "chain" not in r:
            seq += 1
            r["seq"] = seq


def _mutate(records: list[dict[str, Any]], mutation: tuple[Any, ...]) -> None:
    events = _events(records)
    what, at = mutation[0], events[mutation[1] % len(events)]
    record = records[at]
    if what == "field":
        record[mutation[2]] = mutation[3]
    elif what == "payload":
        record["payload"] = {**record["payload"], mutation[2]: mutation[3]}
    elif what == "drop":
        del records[at]
        _renumber(records, record["proposal"])
    elif what == "truncate":  # the proposal's last event dropped
        last = max(i for i in events if records[i]["proposal"] == record["proposal"])
        if records[last]["seq"] > 1:
            del records[last]
    elif what == "repeat":
        records.insert(at + 1, copy.deepcopy(record))
        _renumber(records, record["proposal"])
    elif what == "swap" and at + 1 < len(records) and "chain" not in records[at + 1]:
        records[at], records[at + 1] = records[at + 1], records[at]
        _renumber(records, record["proposal"])
    elif what == "correct":
        fix = {
            **copy.deepcopy(record),
            "kind": "correction",
            "corrects_seq": mutation[2],
            "note": "a fictional correction",
            "payload": {"changes": mutation[3]},
        }
        for name in ("trigger", "milestone", "from_stage", "to_stage", "until"):
            fix[name] = None
        records.insert(at + 1, fix)
        _renumber(records, record["proposal"])


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(mutations, min_size=1, max_size=3), st.sampled_from([True, True, True, False]))
def test_a_mutated_export_is_refused_or_imported_into_a_database_that_verifies(
    export: list[dict[str, Any]], new_gf: NewGovflow, changes: list[tuple[Any, ...]],
    rehash: bool,
) -> None:  # fmt: skip
    records = copy.deepcopy(export)
    for mutation in changes:
        _mutate(records, mutation)
    lines = rechained(records) if rehash else [json.dumps(r) + "\n" for r in records]
    with new_gf() as gf:
        try:
            gf.import_events(lines)
        except GovflowError as exc:
            assert str(exc).startswith("line ") or "file" in str(exc), str(exc)
            assert gf.proposals() == []
            event("refused")
            return
        event("imported")
        assert gf.verify() == []
        out = io.StringIO(newline="")
        gf.export_audit(out, "jsonl")
        assert _hashes(parsed(out.getvalue().splitlines())) == _hashes(parsed(lines))
        for p in gf.proposals():
            gf.history(p.reference)
        gf.register("2021-06-01")
        gf.due(on="2021-06-01")
