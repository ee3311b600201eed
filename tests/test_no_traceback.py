"""No traceback, ever: every failure is ``Error: ...`` and exit 1 (a failed action) or 2 (a
misused command line), whatever the arguments, the numbers or the state of the disk."""

from __future__ import annotations

import contextlib
import errno
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer.main
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

import govflow
from govflow.cli import app
from govflow.errors import GovflowError
from govflow.exporters.exports import Exports
from govflow.service import Govflow

HUGE = str(2**70)


def _run(db: str, *args: str) -> Result:
    return CliRunner().invoke(app, ["--db", db, *args])


def _no_traceback(result: Result, codes: tuple[int, ...] = (0, 1, 2)) -> None:
    assert result.exit_code in codes, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.output


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from govflow import demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    with govflow.open_db(path) as gf:
        demo.build(gf)
    yield str(path)


class TestArguments:
    @pytest.mark.parametrize("args", [("proposal", "show", "MP\udcff"),
                                      ("committee", "add", "ZZ", "--name", "caf\udce9"),
                                      ("export", "audit", "--format", "\udcff")],
                             ids=["reference", "option-value", "choice"])  # fmt: skip
    def test_an_argument_that_is_not_utf8_is_misuse(
        self, demo_db: str, args: tuple[str, ...]
    ) -> None:
        result = _run(demo_db, *args)
        _no_traceback(result, (2,))
        assert "not valid UTF-8" in result.stderr

    @pytest.mark.parametrize("value", ["\x1b[2J", "a\x07", "\x9b31m", "\x00"],
                             ids=["esc", "bel", "c1", "nul"])  # fmt: skip
    @pytest.mark.parametrize("where", ["command", "argument", "option"])
    def test_an_argument_holding_a_terminal_control_is_misuse(
        self, demo_db: str, value: str, where: str
    ) -> None:
        args = {"command": [value], "argument": ["proposal", "show", value],
                "option": ["committee", "add", "ZZ", "--name", value]}[where]  # fmt: skip
        result = _run(demo_db, *args)
        _no_traceback(result, (2,))
        assert "holds a control character" in result.stderr
        assert not any(c in result.output for c in "\x1b\x07\x9b\x00")

    def test_line_breaks_and_tabs_are_text(self, db_url: str) -> None:
        _no_traceback(_run(db_url, "init"), (0,))
        result = _run(db_url, "committee", "add", "ZZ", "--name", "Two\tparts\nand lines")
        _no_traceback(result, (0,))

    def test_the_real_command_with_bytes_that_are_not_utf8(self, demo_db: str) -> None:
        done = subprocess.run(
            [sys.executable, "-m", "govflow", "--db", demo_db, "proposal", "show", b"MP\xff"],
            capture_output=True, timeout=60,
        )  # fmt: skip
        assert done.returncode == 2, done.stderr
        assert b"not valid UTF-8" in done.stderr and b"Traceback" not in done.stderr


class TestLargeIntegers:
    @pytest.mark.parametrize("args", [
        ("committee", "add", "ZZ", "--name", "Z", "--paper-lead-days", HUGE),
        ("action", "close", HUGE),
        ("proposal", "raise", f"DP{HUGE}", "--title", "x", "--on", "2021-03-01"),
        ("proposal", "raise", "DP970", "--title", "x", "--on", "2021-03-01", "--path", HUGE),
        ("meeting", "add", f"CSC_{HUGE}", "--on", "2021-03-01"),
        ("meeting", "item", "CSC_38", HUGE, "--title", "x"),
        ("proposal", "show", f"MP{HUGE}"),
    ], ids=["lead-days", "action", "reference", "path", "meeting", "item", "show"])  # fmt: skip
    def test_the_command_line(self, db_url: str, args: tuple[str, ...]) -> None:
        _no_traceback(_run(db_url, "init"), (0,))
        result = _run(db_url, *args)
        _no_traceback(result, (1, 2))
        assert "Error" in result.stderr

    def test_the_library(self, gf: Govflow) -> None:
        calls = [
            lambda: gf.add_committee("ZZ", "Z", paper_lead_days=2**70),
            lambda: gf.close_action(2**70),
            lambda: gf.raise_proposal("DP970", title="x", on="2021-03-01", path=2**70),
            lambda: gf.proposal(f"MP{HUGE}"),
        ]
        for call in calls:
            with pytest.raises(GovflowError):
                call()


class TestDiskFull:
    def test_an_export_that_runs_out_of_space(
        self, demo_db: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        def full(*_args: object, **_kwargs: object) -> int:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        monkeypatch.setattr(Exports, "audit", full)
        result = _run(demo_db, "export", "audit", "--format", "jsonl")
        _no_traceback(result, (1,))
        assert "no space left" in result.stderr

    @pytest.mark.skipif(not Path("/dev/full").is_char_device(), reason="needs /dev/full")
    @pytest.mark.parametrize("args", [("proposal", "list"), ("export", "audit", "--format", "csv")],
                             ids=["list", "export"])  # fmt: skip
    def test_stdout_on_a_full_device(self, demo_db: str, args: tuple[str, ...]) -> None:
        with open("/dev/full", "w") as full:
            done = subprocess.run([sys.executable, "-m", "govflow", "--db", demo_db, *args],
                                  stdout=full, stderr=subprocess.PIPE, timeout=60)  # fmt: skip
        assert done.returncode == 1, done.stderr
        assert done.stderr.count(b"Error: ") == 1 and b"Traceback" not in done.stderr


COMMANDS = [
    ("proposal", "list"), ("proposal", "show"), ("proposal", "history"), ("proposal", "next"),
    ("proposal", "raise"), ("proposal", "advance"), ("proposal", "record"),
    ("proposal", "correct"), ("proposal", "route"), ("proposal", "release"),
    ("proposal", "proposer"), ("proposal", "link"), ("meeting", "add"), ("meeting", "show"),
    ("meeting", "item"), ("meeting", "list"), ("meeting", "next"), ("committee", "add"),
    ("committee", "set"), ("committee", "list"), ("due",), ("calendar", "show"),
    ("calendar", "close"), ("action", "list"), ("action", "close"), ("export", "audit"),
    ("export", "register"), ("export", "timeline"), ("verify",), ("workflow", "show"),
    ("workflow", "check"), ("import", "events"), ("minutes", "import"), ("init",),
]  # fmt: skip
# Options come from each command's declaration, except --output/-o: a random path there could
# be any file of the machine running the tests.
VALUES = ["MP099", "DP960", "MP947", "CSC_38", f"CSC_{HUGE}", HUGE, "-1", "0", "1.0", "3",
          "2021-02-30", "2021-05-26", "26 May 2021", "[/]", "[link=https://x]y[/link]",
          "\x1b[2J", "\x1b]0;t\x07", "=HYPERLINK(1)", "", " ", "~nosuchuser/x", "/dev/null",
          "\u202e", "jsonl", "csv", "md", "html", "xml", "x" * 300, "send_to_change_board",
          "convert", "sec-modification", "SECMP0071", "\x00"]  # fmt: skip


def _options_of(command: tuple[str, ...]) -> list[tuple[str, bool]]:
    """(option, is a flag) for each option the command declares, read from the command tree."""
    node = typer.main.get_command(app)
    for name in command:
        node = node.commands[name]  # type: ignore[attr-defined]
    return [(p.opts[0], bool(getattr(p, "is_flag", False))) for p in node.params
            if p.param_type_name == "option" and p.opts[0] not in ("--output", "-o")]  # fmt: skip


def _with_options(command: tuple[str, ...]) -> st.SearchStrategy[list[str]]:
    declared = _options_of(command)
    one = st.sampled_from(declared or [("--", True)]).flatmap(
        lambda o: st.just([o[0]]) if o[1] else st.sampled_from(VALUES).map(lambda v: [o[0], v])
    )
    arguments = st.lists(st.sampled_from(VALUES), max_size=2)
    return st.tuples(arguments, st.lists(one, max_size=3)).map(
        lambda ao: [*command, *ao[0], *(part for o in ao[1] for part in o)]
    )


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(args=st.sampled_from(COMMANDS).flatmap(_with_options))
def test_fuzz_the_command_line(demo_db: str, args: list[str]) -> None:
    """Commands shaped as users write them (arguments, then the command's own options with
    values), filled with hostile values: output and 0, or a message on stderr and 1 or 2. Run
    in a folder of its own: a value may name a file a command writes (an iCalendar export)."""
    with tempfile.TemporaryDirectory() as folder, contextlib.chdir(folder):
        result = _run(demo_db, *args)
    _no_traceback(result)
    if result.exit_code != 0:
        assert result.stderr.strip()
