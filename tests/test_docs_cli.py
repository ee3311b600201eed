"""docs/cli.md keeps up with the app: every command is documented, every help has an example,
and the session at the top of the page runs as written."""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
import typer.main
import typer.testing
from typer.testing import CliRunner

from govflow.cli import app

DOCS = Path(__file__).parents[1] / "docs" / "cli.md"


# Typer's CliRunner rebuilds the whole click command tree on every invoke (about 40 ms); build it
# once. (A candidate for tests/conftest.py, shared by every CLI test.)
def _commands(command: Any, path: str) -> Iterator[str]:
    """Every command path under ``command``: ``govflow proposal raise``, ``govflow init``..."""
    children = getattr(command, "commands", None)
    if not children:
        yield path
        return
    for name, child in children.items():
        yield from _commands(child, f"{path} {name}")


COMMANDS = sorted(_commands(typer.main.get_command(app), "govflow"))


def test_the_walk_finds_the_commands_of_issue_4() -> None:
    assert {"govflow init", "govflow proposal raise", "govflow proposal list",
            "govflow meeting show", "govflow committee add", "govflow verify",
            "govflow demo", "govflow workflow show"} <= set(COMMANDS)  # fmt: skip


def _words(line: str) -> list[str]:
    """A command line's words without ``govflow`` and the global ``--db X``."""
    words = shlex.split(line)[1:]
    return words[2:] if words[:1] == ["--db"] else words


def _examples() -> list[list[str]]:
    docs = DOCS.read_text(encoding="utf-8")
    blocks = re.findall(r"```bash\n(.*?)```", docs, re.DOTALL)
    return [_words(line) for block in blocks for line in block.splitlines() if line.strip()]


@pytest.mark.parametrize("path", COMMANDS)
def test_every_command_is_documented_with_an_example(path: str) -> None:
    assert f"`{path}" in DOCS.read_text(encoding="utf-8"), f"{path} is not in docs/cli.md"
    words = path.split()[1:]
    assert [e for e in _examples() if e[: len(words)] == words], f"no example of {path}"


@pytest.mark.parametrize("path", COMMANDS)
def test_every_command_help_gives_an_example(path: str) -> None:
    result = CliRunner().invoke(app, [*path.split()[1:], "--help"])
    assert result.exit_code == 0, result.output
    example = result.stdout.split("Example: ", 1)[1].split()
    if example[1:2] == ["--db"]:
        del example[1:3]
    assert example[: len(path.split())] == path.split(), example


def _session() -> list[list[str]]:
    docs = DOCS.read_text(encoding="utf-8")
    block = docs.split("## A session", 1)[1].split("```bash\n", 1)[1].split("```", 1)[0]
    return [shlex.split(line)[1:] for line in block.splitlines() if line.strip()]


def test_the_session_runs_as_written(db_url: str) -> None:
    runner = CliRunner()
    steps = _session()
    assert len(steps) >= 10
    for args in steps:
        assert args[:2] == ["--db", "secretariat.db"], args
        result = runner.invoke(app, ["--db", db_url, *args[2:]])
        assert result.exit_code == 0, (args, result.output)
    assert result.stdout.startswith("ok: 1 proposal verified")
