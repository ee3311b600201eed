"""``verify_export``: a JSONL audit export checked on its own; every kind of tampering caught."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable

import pytest

import govflow
from govflow import demo
from govflow.audit.verify_file import FileCheck, check_export, verify_export
from govflow.errors import InvalidInput
from govflow.service import Govflow
from govflow.store.hashing import ChainBreak, event_hash

Lines = list[str]


def _jsonl(gf: Govflow, **filters: str) -> Lines:
    out = io.StringIO()
    gf.export_audit(out, "jsonl", **filters)  # type: ignore[arg-type]
    return out.getvalue().splitlines(keepends=True)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Lines:
    """The demo's audit export, built once: checking a file needs no database, so any back end
    will do (test_export.py covers exporting from each)."""
    with govflow.open_db(tmp_path_factory.mktemp("demo") / "demo.db") as gf:
        demo.build(gf)
        return _jsonl(gf)


@pytest.fixture
def lines(exported: Lines) -> Lines:
    """A fresh copy of the export: header, then per proposal a chain line and its events."""
    return list(exported)


def _find(lines: Lines, reference: str, seq: int) -> int:
    """The index of an event line."""
    for index, line in enumerate(lines):
        value = json.loads(line)
        if value.get("reference") == reference and value.get("seq") == seq:
            return index
    raise AssertionError(f"no {reference} event {seq}")


def _chain_line(lines: Lines, reference: str) -> int:
    return next(i for i, line in enumerate(lines) if '"chain"' in line and reference in line)


def _edit(lines: Lines, index: int, **changes: object) -> Lines:
    value = json.loads(lines[index])
    value.update(changes)
    return [*lines[:index], json.dumps(value, ensure_ascii=False) + "\n", *lines[index + 1 :]]


def _drop(lines: Lines, *indexes: int) -> Lines:
    return [line for i, line in enumerate(lines) if i not in indexes]


def _swap(lines: Lines, a: int, b: int) -> Lines:
    copy = list(lines)
    copy[a], copy[b] = copy[b], copy[a]
    return copy


def test_an_intact_export_verifies(lines: Lines) -> None:
    assert check_export(lines) == FileCheck(chains=6, events=49, breaks=[])
    assert verify_export(lines) == []
    assert verify_export(iter(lines)) == []  # a stream will do, and blank lines are ignored
    assert verify_export([*lines, "\n"]) == []


def _recomputed(lines: Lines, index: int, **changes: object) -> Lines:
    """An event changed and its own hash recomputed, as a careless forger would."""
    value = json.loads(lines[index])
    value.update(changes)
    value["hash"] = event_hash(value)
    return [*lines[:index], json.dumps(value) + "\n", *lines[index + 1 :]]


Tamper = Callable[[Lines], Lines]
CASES: list[tuple[str, Tamper, str, int, str]] = [
    ("note changed", lambda ls: _edit(ls, _find(ls, "MP099", 13), note="Rejected"),
     "MP099", 13, "content does not match its hash"),
    ("payload changed", lambda ls: _edit(ls, _find(ls, "MP099", 14),
                                         payload={"release": "June 2022", "status": "targeted"}),
     "MP099", 14, "altered"),
    ("date changed", lambda ls: _edit(ls, _find(ls, "MP901", 3), occurred_on="2021-02-20"),
     "MP901", 3, "altered"),
    ("key removed", lambda ls: _edit(ls, _find(ls, "DP903", 2), note=None) and [
        line.replace(',"note":null', "", 1) if i == _find(ls, "DP903", 2) else line
        for i, line in enumerate(ls)], "DP903", 2, "note missing"),
    ("hash recomputed", lambda ls: _recomputed(ls, _find(ls, "MP099", 5), actor="Someone"),
     "MP099", 6, "prev_hash does not match"),
    ("last event recomputed", lambda ls: _recomputed(ls, _find(ls, "DP903", 3), note="x"),
     "DP903", 3, "does not match the head hash"),
    ("middle line dropped", lambda ls: _drop(ls, _find(ls, "MP099", 7)),
     "MP099", 7, "event 7 is missing"),
    ("first event dropped", lambda ls: _drop(ls, _find(ls, "MP901", 1)),
     "MP901", 1, "event 1 is missing"),
    ("last event dropped", lambda ls: _drop(ls, _find(ls, "MP904", 3)),
     "MP904", 3, "event 3 is missing"),
    ("lines reordered", lambda ls: _swap(ls, _find(ls, "MP099", 3), _find(ls, "MP099", 4)),
     "MP099", 3, "event 3 is missing"),
    ("event moved to another proposal", lambda ls: _swap(ls, _find(ls, "MP099", 15),
                                                         _find(ls, "MP901", 1)),
     "MP099", 15, "holds an event of 'SEC:901'"),
    ("event repeated", lambda ls: [*ls[: _find(ls, "MP902", 2) + 1], ls[_find(ls, "MP902", 2)],
                                   *ls[_find(ls, "MP902", 2) + 1 :]],
     "MP902", 3, "repeated or out of order"),
    ("chain line dropped", lambda ls: _drop(ls, _chain_line(ls, "MP902")),
     "MP901", 23, "holds an event of 'SEC:902'"),
    ("whole chain dropped", lambda ls: _drop(ls, *range(_chain_line(ls, "MP131"),
                                                        _chain_line(ls, "MP901"))),
     "(chain 2)", 0, "chain 2 missing before MP901"),
    ("last chain dropped", lambda ls: ls[: _chain_line(ls, "MP904")],
     "(chain 6)", 0, "announces 6 chains"),
    ("chains reordered", lambda ls: [*ls[:1], *ls[_chain_line(ls, "MP131"):
                                                 _chain_line(ls, "MP901")],
                                     *ls[1 : _chain_line(ls, "MP131")],
                                     *ls[_chain_line(ls, "MP901"):]],
     "(chain 1)", 0, "chain 1 missing before MP131"),
    ("header count changed", lambda ls: [ls[0].replace('"events":49', '"events":47'), *ls[1:]],
     "(file)", 0, "announces 6 chains and 47 events"),
    ("header made to look filtered", lambda ls: _drop(
        [ls[0].replace('"since":null', '"since":"2021-01-01"'), *ls[1:]],
        _find(ls, "MP099", 1)), "MP099", 1, "event 1 is missing"),
]  # fmt: skip


@pytest.mark.parametrize(
    "tamper, proposal, seq, reason", [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_tampering_is_caught_and_named(
    lines: Lines, tamper: Tamper, proposal: str, seq: int, reason: str
) -> None:
    breaks = verify_export(tamper(lines))
    assert breaks, "the tampered file verified"
    first = breaks[0]
    assert (first.proposal, first.seq) == (proposal, seq), first
    assert reason in first.reason, first


def test_only_the_broken_chains_are_reported(lines: Lines) -> None:
    tampered = _edit(lines, _find(lines, "MP099", 2), actor="X")
    tampered = _edit(tampered, _find(tampered, "MP904", 2), note="Y")
    breaks = verify_export(tampered)
    assert [(b.proposal, b.seq) for b in breaks] == [("MP099", 2), ("MP904", 2)]
    assert all(isinstance(b, ChainBreak) for b in breaks)


def test_a_filtered_export_verifies_and_its_tampering_is_caught(gf: Govflow) -> None:
    demo.build(gf)
    filtered = _jsonl(gf, since="2021-04-01", until="2021-05-31")
    assert verify_export(filtered) == []
    index = _find(filtered, "MP099", 11)
    assert verify_export(_drop(filtered, index))[0].seq == 11
    unfiltered = [filtered[0].replace('"since":"2021-04-01"', '"since":null').replace(
        '"until":"2021-05-31"', '"until":null'), *filtered[1:]]  # fmt: skip
    first = verify_export(unfiltered)[0]
    assert first.seq == 1 and "not filtered, yet its chain line" in first.reason


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "the file is empty"),
        ("reference,key,seq\nMP099,SEC:99,1\n", "line 1: not a govflow audit export (not JSON"),
        ('{"format": "govflow-register", "version": 1}\n', "line 1: not a govflow audit export"),
        ('{"format": "govflow-audit", "version": 2}\n', "version 2 of the govflow audit format"),
        ("[1, 2]\n", "line 1: not a govflow audit export (each line must be a JSON object)"),
    ],
    ids=["empty", "csv", "other format", "future version", "not an object"],
)
def test_a_file_that_is_not_an_export_is_refused_with_its_line(text: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=re.escape(message)):
        verify_export(io.StringIO(text))


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda h: h.replace('"hash":"sha256"', '"hash":"md5"'), "line 1: the header's 'hash'"),
        (lambda h: h.replace('"chains":6', '"chains":"6"'), "needs 'chains', a whole number"),
        (lambda h: h.replace('"prev_hash"]', '"prev_hash","extra"]'), "'hashed_fields'"),
    ],
    ids=["hash algorithm", "count type", "hashed fields"],
)
def test_a_changed_header_is_refused(
    lines: Lines, change: Callable[[str], str], message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        verify_export([change(lines[0]), *lines[1:]])


def test_a_broken_line_in_the_middle_is_named(lines: Lines) -> None:
    with pytest.raises(InvalidInput, match=r"line 5: not a govflow audit export \(not JSON"):
        verify_export([*lines[:4], lines[4][:40] + "\n", *lines[5:]])
    with pytest.raises(InvalidInput, match=r"line 3: .* \(neither a chain line"):
        verify_export([*lines[:2], '{"hello": "world"}\n', *lines[3:]])
