"""The root of the CLI builds a command group only when it is used; its help must not drift."""

from __future__ import annotations

import subprocess
import sys

import pytest
import typer.main

from govflow.cli import LAZY, app


@pytest.mark.parametrize("name", list(LAZY))
def test_the_root_help_text_is_the_command_s_own(name: str) -> None:
    root = typer.main.get_command(app)
    command = root.commands[name]  # type: ignore[attr-defined]
    assert command.get_short_help_str(500) == LAZY[name][2]
    assert command.name == name


def test_help_does_not_build_the_command_groups() -> None:
    code = (
        "import sys, govflow.cli as c, typer.main; "
        "from typer.testing import CliRunner; "
        "r = CliRunner().invoke(c.app, ['--help']); "
        "assert r.exit_code == 0, r.output; "
        "print(sorted(m for m in sys.modules if m.startswith(('govflow.cli.', 'sqlalchemy'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_reading_a_proposal_does_not_load_the_signing_library(tmp_path: object) -> None:
    """cryptography loads when a checkpoint is signed or verified, not for `proposal show`."""
    code = (
        "import sys, govflow; "
        f"gf = govflow.open_db({str(tmp_path)!r} + '/x.db'); "
        "gf.raise_proposal('MP916', title='Invented', on='2021-01-04'); "
        "gf.proposal('MP916'); "
        "print(sorted(m for m in sys.modules if m.startswith('cryptography')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
