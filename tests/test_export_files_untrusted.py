"""Export files are untrusted: `import events` and `verify --file` check every field of every
record by type before using it, and a malformed file is a message naming the line (exit 1),
never a traceback."""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import govflow
from govflow import demo
from govflow.audit.verify_file import check_export
from govflow.cli import app
from govflow.errors import GovflowError, InvalidInput
from govflow.service import Govflow
from govflow.store.hashing import event_hash

Lines = list[str]


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Govflow:
    gf = govflow.open_db(tmp_path_factory.mktemp("source") / "demo.db")
    demo.build(gf)
    return gf


def _export(gf: Govflow, fmt: str) -> Lines:
    out = io.StringIO(newline="")
    gf.export_audit(out, fmt)
    return out.getvalue().splitlines(keepends=True)


@pytest.fixture(scope="module")
def jsonl(source: Govflow) -> Lines:
    return _export(source, "jsonl")


@pytest.fixture(scope="module")
def csv_lines(source: Govflow) -> Lines:
    return _export(source, "csv")


def _event(lines: Lines, **changes: object) -> Lines:
    """The file with the first event line changed (its hash recomputed, as an attacker would)."""
    record = json.loads(lines[2])
    record.update(changes)
    with contextlib.suppress(TypeError, ValueError, RecursionError):
        record["hash"] = event_hash(record)
    return [*lines[:2], json.dumps(record) + "\n", *lines[3:]]


def _raw(lines: Lines, old: str, new: str) -> Lines:
    return [*lines[:2], lines[2].replace(old, new, 1), *lines[3:]]


BAD_EVENTS: dict[str, Callable[[Lines], Lines]] = {
    "recorded-at-text": lambda ls: _event(ls, recorded_at="yesterday"),
    "recorded-at-impossible": lambda ls: _event(ls, recorded_at="2021-02-30T10:00:00.000000Z"),
    "recorded-at-number": lambda ls: _event(ls, recorded_at=20210101),
    "seq-float": lambda ls: _event(ls, seq=1.0),
    "seq-bool": lambda ls: _event(ls, seq=True),
    "seq-past-64-bits": lambda ls: _event(ls, seq=2**70),
    "seq-zero": lambda ls: _event(ls, seq=0),
    "huge-integer": lambda ls: _raw(ls, '"seq":1', '"seq":' + "9" * 5000),
    "payload-list": lambda ls: _event(ls, payload=[1, 2]),
    "payload-text": lambda ls: _event(ls, payload="{}"),
    "payload-deep": lambda ls: _event(ls, payload={"x": json.loads("[" * 40 + "]" * 40)}),
    "nesting-past-the-parser": lambda ls: _raw(ls, '"payload":{', '"payload":{"x":'
                                               + "[" * 100_000 + "]" * 100_000 + ","),
    "payload-flags-number": lambda ls: _event(ls, payload={**json.loads(ls[2])["payload"],
                                                           "flags": 7}),
    "workflow-list": lambda ls: _event(ls, payload={**json.loads(ls[2])["payload"],
                                                    "workflow": ["x"]}),
    "note-object": lambda ls: _event(ls, note={"a": 1}),
    "kind-number": lambda ls: _event(ls, kind=3),
    "occurred-on-garbage": lambda ls: _event(ls, occurred_on="2021-99-99"),
    "occurred-on-long": lambda ls: _event(ls, occurred_on="2021-01-01" + "0" * 100_000),
    "hash-short": lambda ls: _event(ls, prev_hash="abc"),
    "reference-list": lambda ls: _event(ls, reference=["MP099"]),
    "not-an-object": lambda ls: [*ls[:2], "[1, 2]\n", *ls[3:]],
    "not-json": lambda ls: [*ls[:2], "{oops\n", *ls[3:]],
}  # fmt: skip


class TestImportRefusesMalformedRecords:
    @pytest.mark.parametrize("make", BAD_EVENTS.values(), ids=BAD_EVENTS.keys())
    def test_jsonl(self, gf: Govflow, jsonl: Lines, make: Callable[[Lines], Lines]) -> None:
        with pytest.raises(InvalidInput, match=r"^line \d+"):
            gf.import_events(make(jsonl), dry_run=True)

    @pytest.mark.parametrize(("old", "new"), [(",1,raised,", ",1.0,raised,"),
                                              (",1,raised,", ",99999999999999999999,raised,"),
                                              (",1,raised,", ",٣,raised,"),
                                              ("2019-12-12", "12/12/2019")],
                             ids=["seq-float", "seq-huge", "seq-arabic-digit", "date"])  # fmt: skip
    def test_csv_cells(self, gf: Govflow, csv_lines: Lines, old: str, new: str) -> None:
        lines = [csv_lines[0], csv_lines[1].replace(old, new, 1), *csv_lines[2:]]
        with pytest.raises(InvalidInput, match=r"^line 2"):
            gf.import_events(lines, dry_run=True)

    def test_a_csv_field_past_the_csv_limit(self, gf: Govflow, csv_lines: Lines) -> None:
        long = csv_lines[1].replace("SECAS", "S" * 140_000, 1)
        with pytest.raises(InvalidInput, match="not readable as CSV"):
            gf.import_events([csv_lines[0], long, *csv_lines[2:]], dry_run=True)

    def test_a_csv_row_with_more_cells_than_the_header(self, gf: Govflow, csv_lines: Lines) -> None:
        with pytest.raises(InvalidInput, match="more or fewer cells"):
            gf.import_events([csv_lines[0], csv_lines[1].rstrip() + ",extra\r\n"], dry_run=True)


class TestVerifyFile:
    @pytest.mark.parametrize("make", BAD_EVENTS.values(), ids=BAD_EVENTS.keys())
    def test_a_malformed_event_is_a_break_or_a_refusal(
        self, jsonl: Lines, make: Callable[[Lines], Lines]
    ) -> None:
        try:
            found = check_export(make(jsonl))
        except InvalidInput as exc:
            assert str(exc).startswith("line 3")
        else:
            assert found.breaks, "a changed event must not verify"

    @pytest.mark.parametrize("value", ["all", 3, ["since"], {"since": 5}],
                             ids=["text", "number", "list", "since-number"])  # fmt: skip
    def test_a_malformed_filter_is_refused(self, jsonl: Lines, value: object) -> None:
        header = json.loads(jsonl[0])
        header["filter"] = value
        with pytest.raises(InvalidInput, match="filter"):
            check_export([json.dumps(header) + "\n", *jsonl[1:]])


def _bytes(lines: Lines, at: int) -> bytes:
    data = "".join(lines).encode("utf-8")
    return data[:at] + b"\xff\xfe" + data[at:]


class TestCommandLine:
    @pytest.mark.parametrize("make", [BAD_EVENTS["seq-float"], BAD_EVENTS["huge-integer"],
                                      BAD_EVENTS["nesting-past-the-parser"],
                                      BAD_EVENTS["payload-list"]],
                             ids=["seq-float", "huge-integer", "deep", "payload-list"])  # fmt: skip
    @pytest.mark.parametrize("command", ["import", "verify"])
    def test_a_malformed_file_exits_1_with_a_message(
        self, tmp_path: Path, db_url: str, jsonl: Lines, make: Callable[[Lines], Lines],
        command: str,
    ) -> None:  # fmt: skip
        path = tmp_path / "bad.jsonl"
        path.write_text("".join(make(jsonl)), encoding="utf-8")
        args = ["import", "events", str(path)] if command == "import" else ["verify", "--file",
                                                                            str(path)]  # fmt: skip
        result = CliRunner().invoke(app, ["--db", db_url, *args])
        assert result.exit_code == 1, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert "Error: " in result.stderr

    @pytest.mark.parametrize("at", [0, 300], ids=["first-line", "later-line"])
    @pytest.mark.parametrize("command", ["import", "verify"])
    def test_a_file_that_is_not_utf8(
        self, tmp_path: Path, db_url: str, jsonl: Lines, at: int, command: str
    ) -> None:
        path = tmp_path / "latin.jsonl"
        path.write_bytes(_bytes(jsonl, at))
        args = ["import", "events", str(path)] if command == "import" else ["verify", "--file",
                                                                            str(path)]  # fmt: skip
        result = CliRunner().invoke(app, ["--db", db_url, *args])
        assert result.exit_code == 1, result.output
        assert "not UTF-8" in result.stderr


_VALUES = st.sampled_from([None, 0, -1, 2**70, 1.5, True, "", "x", "MP099", "SEC:99",
                           "2021-01-01", [], {}, ["a"], {"to": None}, {"from": 1, "to": [1]},
                           "0" * 64])  # fmt: skip


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
          HealthCheck.function_scoped_fixture])  # fmt: skip
@given(data=st.data())
def test_fuzz_a_record_then_import_and_verify(
    gf: Govflow, jsonl: Lines, data: st.DataObject
) -> None:
    """Any field of any line set to any JSON value (the hash recomputed): the file imports, or
    is refused with a GovflowError; it verifies, breaks, or is refused; nothing else."""
    index = data.draw(st.integers(1, len(jsonl) - 1))
    record = json.loads(jsonl[index])
    payload = record.get("payload")
    keys = [*record, *([f"payload.{k}" for k in payload] if isinstance(payload, dict) else [])]
    for key in data.draw(st.lists(st.sampled_from(keys), min_size=1, max_size=3)):
        target, name = (record["payload"], key[8:]) if key.startswith("payload.") else (record, key)
        if isinstance(target, dict):
            target[name] = data.draw(_VALUES)
    with contextlib.suppress(TypeError, ValueError):
        record["hash"] = event_hash(record)
    lines = [*jsonl[:index], json.dumps(record) + "\n", *jsonl[index + 1 :]]
    with contextlib.suppress(GovflowError):
        gf.import_events(lines, dry_run=True)
    with contextlib.suppress(GovflowError):
        check_export(lines)
