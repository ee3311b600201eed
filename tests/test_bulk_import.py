"""Bulk import: an export imported into an empty database reproduces histories and chains."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

import govflow
from govflow.demo import build
from govflow.errors import AlreadyExists, InvalidInput
from govflow.service import Govflow


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Govflow:
    """The demo database on SQLite, exported by the tests below."""
    gf = govflow.open_db(tmp_path_factory.mktemp("source") / "demo.db")
    build(gf)
    gf.record("MP904", "paused", on="2021-06-22", note='A note, with "quotes"\nand a new line')
    return gf


def _export(gf: Govflow, fmt: str) -> list[str]:
    out = io.StringIO(newline="")
    gf.export_audit(out, fmt)
    return out.getvalue().splitlines(keepends=True)


def _histories(gf: Govflow) -> dict[str, list[tuple[object, ...]]]:
    return {
        p.reference: [
            (e.seq, e.kind, e.trigger, e.milestone, e.occurred_on, e.meeting, e.item, e.note,
             e.payload, e.hash)
            for e in gf.history(p.reference, as_recorded=True)
        ]
        for p in gf.proposals()
    }  # fmt: skip


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_an_export_imported_into_an_empty_database_is_the_same(
    source: Govflow, gf: Govflow, fmt: str
) -> None:
    report = gf.import_events(_export(source, fmt))
    expected = (len(source.proposals()), sum(map(len, _histories(source).values())))
    assert (report.proposals, report.events) == expected
    assert _histories(gf) == _histories(source)
    assert gf.verify() == []
    assert gf.register("2021-05-01") == source.register("2021-05-01")
    views = [(p.reference, p.stage, p.path, p.milestones, p.releases, p.aliases)
             for p in gf.proposals()]  # fmt: skip
    assert views == [
        (p.reference, p.stage, p.path, p.milestones, p.releases, p.aliases)
        for p in source.proposals()
    ]
    assert [d.due_on for d in gf.due(on="2021-07-01")] == [
        d.due_on for d in source.due(on="2021-07-01")
    ]


def test_a_dry_run_checks_and_writes_nothing(source: Govflow, gf: Govflow) -> None:
    report = gf.import_events(_export(source, "jsonl"), dry_run=True)
    assert report.dry_run and report.events > 0
    assert gf.proposals() == []
    assert gf.meetings() == []


def _tampered(lines: list[str], index: int, **changes: object) -> list[str]:
    record = json.loads(lines[index])
    record.update(changes)
    return [*lines[:index], json.dumps(record) + "\n", *lines[index + 1 :]]


def _event_lines(lines: list[str]) -> list[int]:
    return [i for i, line in enumerate(lines) if '"seq"' in line and '"chain"' not in line]


def test_an_altered_event_stops_the_import_naming_its_line(source: Govflow, gf: Govflow) -> None:
    lines = _export(source, "jsonl")
    index = _event_lines(lines)[4]
    with pytest.raises(InvalidInput, match=rf"line {index + 1} \(.*\).*hash"):
        gf.import_events(_tampered(lines, index, note="rewritten"))
    assert gf.proposals() == []


def _rechained(lines: list[str], index: int, record: dict[str, Any]) -> list[str]:
    """``lines`` with line ``index`` replaced by ``record`` and its proposal's chain recomputed
    after it (what someone rewriting a file, hashes and all, would produce)."""
    from govflow.store.hashing import event_hash

    out = list(lines)
    previous = record["prev_hash"]
    for i in range(index, len(out)):
        value = record if i == index else json.loads(out[i])
        if value.get("proposal") == record["proposal"] and "chain" not in value:
            value["prev_hash"] = previous
            value["hash"] = previous = event_hash(value)
            out[i] = json.dumps(value) + "\n"
    for i, line in enumerate(out):
        value = json.loads(line)
        if value.get("proposal") == record["proposal"] and "chain" in value:
            out[i] = json.dumps({**value, "head_hash": previous}) + "\n"
    return out


def test_a_refused_transition_stops_the_import(source: Govflow, gf: Govflow) -> None:
    lines = _export(source, "jsonl")
    index = next(i for i in _event_lines(lines) if '"trigger": "send_to_report"' in lines[i]
                 or '"trigger":"send_to_report"' in lines[i])  # fmt: skip
    record = json.loads(lines[index])
    record["trigger"] = "send_to_change_board"  # a well-formed chain the workflow refuses
    broken = _rechained(lines, index, record)
    with pytest.raises(InvalidInput, match=rf"line {index + 1}.*send_to_change_board"):
        gf.import_events(broken)
    assert gf.proposals() == []


def test_a_dropped_last_event_is_caught_by_the_chain_line(source: Govflow, gf: Govflow) -> None:
    lines = _export(source, "jsonl")
    last = _event_lines(lines)[-1]
    with pytest.raises(InvalidInput, match="missing or altered"):
        gf.import_events([*lines[:last], *lines[last + 1 :]])


def test_importing_proposals_that_exist_is_refused(source: Govflow, gf: Govflow) -> None:
    lines = _export(source, "jsonl")
    gf.import_events(lines)
    with pytest.raises(AlreadyExists, match="empty database"):
        gf.import_events(lines)


def test_a_file_that_is_not_an_export_is_refused(gf: Govflow, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="line 1"):
        gf.import_events(['{"hello": "world"}\n'])
    with pytest.raises(InvalidInput, match="CSV header lacks"):
        gf.import_events(["a,b,c\n", "1,2,3\n"])


def test_an_import_written_in_many_batches_is_the_same(
    source: Govflow, gf: Govflow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Small batches: meetings, items and releases made by one batch are found by the next,
    and a meeting already in the database is used, not made again."""
    from govflow.records import bulk_import

    monkeypatch.setattr(bulk_import, "WRITE_BATCH", 3)
    first = source.meetings()[0]
    gf.add_meeting(first.code, on=first.date)
    report = gf.import_events(_export(source, "csv"))
    assert _histories(gf) == _histories(source)
    assert gf.verify() == []
    assert [(m.code, m.date) for m in gf.meetings()] == [
        (m.code, m.date) for m in source.meetings()
    ]
    assert report.meetings == len(source.meetings())
    assert gf.releases() == source.releases()


def test_a_refusal_in_a_later_batch_leaves_nothing_written(
    source: Govflow, gf: Govflow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from govflow.records import bulk_import

    monkeypatch.setattr(bulk_import, "WRITE_BATCH", 1)
    lines = _export(source, "jsonl")
    index = _event_lines(lines)[-1]
    with pytest.raises(InvalidInput, match=rf"line {index + 1} \(.*\).*hash"):
        gf.import_events(_tampered(lines, index, note="rewritten"))
    assert (gf.proposals(), gf.meetings(), gf.releases()) == ([], [], [])


def test_a_proposal_whose_events_are_not_together_is_refused(source: Govflow, gf: Govflow) -> None:
    """The import streams: each proposal's events must follow one another, as an export lists
    them; an event of a proposal already finished is refused naming its line (here without the
    chain lines, which would say first that its events end too soon)."""
    lines = [line for line in _export(source, "jsonl") if '"chain"' not in line]
    keys = {i: json.loads(line).get("proposal") for i, line in enumerate(lines)}
    events = [i for i in _event_lines(lines) if keys[i]]
    last_of_first = max(i for i in events if keys[i] == keys[events[0]])
    moved = [*lines[:last_of_first], *lines[last_of_first + 1 :], lines[last_of_first]]
    with pytest.raises(InvalidInput, match=rf"line {len(lines)} .*follow one another"):
        gf.import_events(moved)
    assert gf.proposals() == []


def test_a_chain_line_without_its_events_is_refused(source: Govflow, gf: Govflow) -> None:
    lines = _export(source, "jsonl")
    chain = next(i for i, line in enumerate(lines) if '"chain"' in line)
    with pytest.raises(InvalidInput, match=rf"line {len(lines) + 1}: .* has no events"):
        gf.import_events([*lines, lines[chain]])
