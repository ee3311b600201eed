"""Every output path treats user text alike: one CSV writer (quoting, formulas, control
characters) for the exports and the CLI's ``--csv``, no raw control character on a terminal from
any command, log records escaped, and a reader that goes away ends a command quietly."""

from __future__ import annotations

import csv
import io
import logging
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from typer.testing import Result

from govflow.cli import _output
from govflow.safe_text import CONTROL, csv_value, csv_writer, logger
from govflow.service import Govflow

Invoke = Callable[..., Result]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Titles, notes and names that attack terminals and spreadsheets.
HOSTILE = [
    "note\r=1+1",
    "bell \x07 and vt \x0b and esc \x1b[2J",
    "osc \x1b]0;pwned\x07 title",
    "c1 \x9b31m and del \x7f",
    "bidi \u202eright\u202c",
    "line\nbreak and\ttab",
    '=HYPERLINK("https://evil.example","x")',
    "[link=https://evil.example]click[/link]",
]
#: What the library stores: every hostile text but a NUL, which it refuses on every database
#: (an older SQLite database may hold one: the terminal helpers are shown it directly below).
STORED = HOSTILE


def _written(rows: list[list[object]]) -> str:
    out = io.StringIO(newline="")
    writer = csv_writer(out)
    writer.rows(rows)
    return out.getvalue()


def _read(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


class TestCsvWriter:
    @settings(max_examples=300, deadline=None, derandomize=True)
    @given(st.text())
    def test_any_text_reads_back_as_the_same_cell_and_never_starts_a_formula(
        self, text: str
    ) -> None:
        written = _written([[text, "next"]])
        rows = _read(written)
        assert len(rows) == 1 and len(rows[0]) == 2
        cell = rows[0][0]
        assert csv_value(cell) == text
        assert not cell.startswith(FORMULA_STARTS)
        assert rows[0][1] == "next"  # nothing in the cell ended it or its row early
        # Nothing but tabs and line breaks stays raw, and those only where the csv module quotes
        assert [c for c in written if CONTROL.match(c) and c not in "\t\r\n"] == []

    @settings(max_examples=100, deadline=None, derandomize=True)
    @given(st.lists(st.one_of(st.text(), st.integers(), st.none()), min_size=1, max_size=6))
    def test_rows_of_text_numbers_and_gaps_read_back(self, row: list[object]) -> None:
        [back] = _read(_written([row]))
        expected = ["" if v is None else v if isinstance(v, str) else str(v) for v in row]
        assert [csv_value(c) for c in back] == expected

    def test_a_bare_carriage_return_is_quoted(self) -> None:
        assert _written([["note\r=1+1", "x"]]) == '"note\r=1+1",x\r\n'

    def test_a_number_is_never_prefixed(self) -> None:
        assert _written([[-3, "-3"]]) == "-3,'-3\r\n"

    def test_batches_write_what_rows_write(self) -> None:
        rows = [["MP099", 1, "=x", None], ["a\x1b", 2, "plain", "b\rc"]]
        out = io.StringIO(newline="")
        assert csv_writer(out).batch(rows) == 2
        assert out.getvalue() == _written(rows)


def test_safe_text_holds_the_only_csv_writer() -> None:
    package = Path(__file__).resolve().parents[1] / "govflow"
    writers = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if re.search(r"csv\.(writer|DictWriter)\(", path.read_text(encoding="utf-8"))
    ]
    assert writers == ["safe_text.py"]


@pytest.fixture
def hostile(gf: Govflow) -> Govflow:
    """A database whose every user-written text attacks terminals and spreadsheets."""
    gf.add_meeting("CSC_38", on="2021-03-03")
    for number, text in enumerate(STORED, start=960):
        gf.raise_proposal(f"DP{number}", title=text, proposer=text, on="2021-03-01",
                          stage="development", note=text)  # fmt: skip
        gf.record(f"DP{number}", "working_group_meeting", on="2021-03-02", note=text)
        gf.add_action(meeting="CSC_38", text=text, due="2021-03-19")
    gf.add_closure("2021-12-24", "2021-12-31", note=HOSTILE[1])
    return gf


class TestCliCsv:
    def test_a_note_with_a_bare_carriage_return_stays_in_its_cell(
        self, hostile: Govflow, cli: Invoke
    ) -> None:
        result = cli("proposal", "history", "DP960", "--csv")
        assert result.exit_code == 0, result.output
        rows = _read(result.stdout)
        events = hostile.history("DP960")
        assert len(rows) == 1 + len(events)  # no row started inside a note
        cells = [c for row in rows for c in row]
        assert "note\r=1+1" in cells and not [c for c in cells if c.startswith(FORMULA_STARTS)]

    def test_the_cli_and_the_export_write_a_title_alike(
        self, hostile: Govflow, cli: Invoke
    ) -> None:
        listed = cli("proposal", "list", "--csv")
        assert listed.exit_code == 0, listed.output
        out = io.StringIO(newline="")
        hostile.export_register(out, "csv")
        exported = _read(out.getvalue())
        by_cli = {r[0]: r[-1] for r in _read(listed.stdout)[1:]}  # reference -> title
        by_export = {r[0]: r[1] for r in exported[1:]}
        assert by_cli == by_export
        assert {csv_value(t) for t in by_cli.values()} == set(STORED)

    def test_the_audit_csv_is_what_the_csv_module_writes_for_ordinary_data(
        self, gf: Govflow
    ) -> None:
        from govflow.demo import build

        build(gf)
        out = io.StringIO(newline="")
        gf.export_audit(out, "csv")
        again = io.StringIO(newline="")
        csv.writer(again).writerows(_read(out.getvalue()))  # Python's default: RFC 4180, CRLF
        assert out.getvalue() == again.getvalue()


def _controls(text: str, allowed: str = "\n") -> list[str]:
    return [c for c in text if CONTROL.match(c) and c not in allowed]


@pytest.fixture
def screen(monkeypatch: pytest.MonkeyPatch) -> Iterator[io.StringIO]:
    """Output as if to a terminal: rich draws into the buffer (without colours, so that any
    escape in it came from the data), plain output goes to the runner."""
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, color_system=None, width=200, height=9999)
    monkeypatch.setattr(_output, "console", lambda: console)
    monkeypatch.setattr(_output, "is_terminal", lambda: True)
    yield buffer


COMMANDS = [
    ("proposal", "list"),
    ("proposal", "list", "--csv"),
    ("proposal", "show", "DP961"),
    ("proposal", "history", "DP961"),
    ("proposal", "history", "DP961", "--csv"),
    ("proposal", "history", "DP961", "--json"),
    ("due", "--on", "2021-03-05"),
    ("action", "list"),
    ("meeting", "show", "CSC_38"),
    ("calendar", "show"),
    ("verify",),
    ("export", "register", "--format", "md"),
]


class TestTerminal:
    @pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
    def test_no_control_character_reaches_a_terminal(
        self, hostile: Govflow, cli: Invoke, screen: io.StringIO, command: tuple[str, ...]
    ) -> None:
        result = cli(*command)
        assert result.exit_code == 0, result.output
        assert _controls(result.stdout) == []  # (the runner reads CSV's CRLF as a line feed)
        assert _controls(result.stderr) == []
        assert _controls(screen.getvalue()) == []

    def test_the_plain_aligned_columns_escape_too(self, screen: io.StringIO) -> None:
        _output.aligned(["title"], [[text] for text in [*HOSTILE, "nul \x00"]])
        assert _controls(screen.getvalue()) == []
        assert "esc \\x1b[2J" in screen.getvalue()

    @pytest.mark.parametrize("command", [("proposal", "list"), ("due", "--on", "2021-03-05")])
    def test_piped_output_holds_no_control_character(
        self, hostile: Govflow, cli: Invoke, command: tuple[str, ...]
    ) -> None:
        result = cli(*command)
        assert result.exit_code == 0, result.output
        assert _controls(result.stdout, "\n\t") == []  # tabs separate the columns

    def test_an_error_naming_a_hostile_value_escapes_it(
        self, hostile: Govflow, cli: Invoke
    ) -> None:
        result = cli("proposal", "advance", "DP961", "no_such_trigger")
        assert result.exit_code != 0
        assert _controls(result.output) == []


class TestLogs:
    def test_a_logged_value_cannot_forge_a_line_or_a_terminal_sequence(
        self, caplog: pytest.LogCaptureFixture
    ) -> None:
        log = logger("govflow.test_output_paths")
        with caplog.at_level(logging.INFO, logger="govflow.test_output_paths"):
            log.info("opened %s", "x.db\nERROR forged \x1b[2J")
        [record] = caplog.records
        assert record.getMessage() == "opened x.db\\nERROR forged \\x1b[2J"
        assert "\n" not in caplog.text.rstrip("\n")

    def test_the_library_logs_a_database_path_escaped(
        self, tmp_path: Path, caplog: pytest.LogCaptureFixture
    ) -> None:
        import govflow

        path = tmp_path / "a\nb\x1b.db"
        with caplog.at_level(logging.INFO, logger="govflow.store.database"):
            govflow.open_db(str(path)).close()
        messages = [r.getMessage() for r in caplog.records if r.name == "govflow.store.database"]
        assert messages and all("a\\nb\\x1b.db" in m for m in messages)


def _govflow(*args: str, db: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "GOVFLOW_DB": db, "COLUMNS": "200"}
    command = [sys.executable, "-m", "govflow", *args]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)


@pytest.mark.parametrize(
    "args",
    [("proposal", "list"), ("export", "audit", "--format", "csv")],
    ids=["proposal list", "export audit"],
)
def test_a_reader_that_goes_away_ends_the_command_quietly(
    hostile: Govflow, db_url: str, args: tuple[str, ...]
) -> None:
    process = _govflow(*args, db=db_url)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # the reader is gone before the first line is written
    error = process.stderr.read()
    assert process.wait(timeout=60) == 0
    assert error == b""
