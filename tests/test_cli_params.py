"""The CLI reads plain values (texts, flags, lists of texts, whole numbers) without pydantic
(``govflow/cli/_params.py``), and reads them exactly as typer's own adapters do."""

from __future__ import annotations

from typing import Annotated

import pytest
import typer
from typer.core import TyperCommand
from typer.testing import CliRunner

from govflow.cli._params import PlainCommand


def _app(cls: type[TyperCommand]) -> typer.Typer:
    app = typer.Typer(add_completion=False)

    @app.command(cls=cls)
    def read(
        text: str,
        number: Annotated[int, typer.Option()] = 1,
        bounded: Annotated[int, typer.Option(min=1, max=9)] = 1,
        items: Annotated[list[str] | None, typer.Option("--item")] = None,
        flag: Annotated[bool, typer.Option("--flag/--no-flag")] = False,
        maybe: Annotated[str | None, typer.Option(envvar="GOVFLOW_TEST_MAYBE")] = None,
    ) -> None:
        typer.echo(repr((text, number, bounded, items, flag, maybe)))

    return app


CASES = [
    ["x"], [""], ["ünï code"], ["--", "-x"], ["x", "--number", "007"], ["x", "--number", "-3"],
    ["x", "--number", " 12 "], ["x", "--number", "1_000"], ["x", "--number", "12.0"],
    ["x", "--number", "abc"], ["x", "--number", "9" * 30], ["x", "--bounded", "10"],
    ["x", "--item", "a", "--item", "b"], ["x", "--flag"], ["x", "--no-flag"], [],
    ["x", "--maybe", "y"],
]  # fmt: skip


@pytest.mark.parametrize("args", CASES, ids=" ".join)
@pytest.mark.parametrize("env", [{}, {"GOVFLOW_TEST_MAYBE": "from env"}], ids=["", "env"])
def test_plain_values_read_as_typer_reads_them(args: list[str], env: dict[str, str]) -> None:
    runner = CliRunner()
    theirs = runner.invoke(_app(TyperCommand), args, env=env)
    ours = runner.invoke(_app(PlainCommand), args, env=env)
    assert (ours.exit_code, ours.output) == (theirs.exit_code, theirs.output)
    assert type(ours.exception) is type(theirs.exception)
