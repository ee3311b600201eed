"""What docs/cli.md promises of the command line's output and options: terminal tables never cut
a word (too wide for the terminal, each row becomes a block of lines), and ``--db`` and
``--workflows`` may come after the command. Every record here is fictional (MP9xx).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from govflow.cli import _output, app
from govflow.service import Govflow

WORDS = ["initial_consideration", "refinement", "development", "Incorporation", "configuration"]


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> Iterator[Console]:
    """The CLI's rich console writing to a buffer, as if to a terminal 80 columns wide."""
    console = Console(file=io.StringIO(), force_terminal=True, width=80, color_system=None)
    monkeypatch.setattr(_output, "console", lambda: console)
    monkeypatch.setattr(_output, "is_terminal", lambda: True)
    yield console


def _printed(console: Console) -> str:
    out = console.file
    assert isinstance(out, io.StringIO)
    return out.getvalue()


def _words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z_]+", text))


@pytest.mark.parametrize("columns", [2, 5, 9], ids=["narrow", "fits", "too-wide"])
def test_a_table_never_cuts_a_word_at_80_columns(terminal: Console, columns: int) -> None:
    names = [f"column {n}" for n in range(columns)]
    rows = [[f"{WORDS[(r + c) % len(WORDS)]} and more words" for c in range(columns)]
            for r in range(4)]  # fmt: skip
    _output.table("Fictional", names, rows)
    printed = _printed(terminal)
    assert {w for w in WORDS} <= _words(printed)
    assert all(len(line) <= 80 for line in printed.splitlines())


def test_a_table_too_wide_for_the_terminal_prints_each_row_as_a_block(terminal: Console) -> None:
    names = [f"column {n}" for n in range(9)]
    _output.table(None, names, [[f"initial_consideration {n}" for n in range(9)]] * 2)
    printed = _printed(terminal)
    assert "1 of 2" in printed and "2 of 2" in printed
    assert re.search(r"^column 8\s+initial_consideration 8\s*$", printed, re.M)


def test_a_word_longer_than_the_line_is_folded_only_then(terminal: Console) -> None:
    word = "x" * 120
    _output.table(None, ["note"], [[word]])
    assert "".join(re.findall(r"x+", _printed(terminal))) == word


@pytest.fixture
def record(gf: Govflow) -> Govflow:
    gf.raise_proposal("MP970", title="Fictional change", on="2021-03-01")
    return gf


def test_db_and_workflows_may_follow_the_command(
    record: Govflow, db_url: str, tmp_path: Path
) -> None:
    runner = CliRunner()
    for args in (["proposal", "list", "--db", db_url],
                 ["proposal", "show", "MP970", f"--db={db_url}"],
                 ["proposal", "list", "--workflows", str(tmp_path), "--db", db_url]):  # fmt: skip
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        assert "MP970" in result.stdout


def test_a_commands_own_db_option_stays_its_own(db_url: str) -> None:
    result = CliRunner().invoke(app, ["demo", "--db", db_url, "--help"])
    assert result.exit_code == 0 and "An empty database" in result.stdout


def test_db_without_a_value_after_the_command_is_a_usage_error() -> None:
    result = CliRunner().invoke(app, ["proposal", "list", "--db"])
    assert result.exit_code == 2 and "--db" in result.stderr
