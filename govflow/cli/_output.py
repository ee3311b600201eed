"""Rendering for the CLI: rich tables on a terminal, plain tab-separated lines when piped."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from typing import TYPE_CHECKING, Any

import typer

from govflow.safe_text import escape_controls, json_safe

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text


@cache
def console() -> Console:
    """The terminal console (rich is imported on first use: it is slow to import)."""
    from rich.console import Console

    return Console()


def is_terminal() -> bool:
    return sys.stdout.isatty() and console().is_terminal


def say(message: object, err: bool = False, nl: bool = True) -> None:
    """Output holding user data: control characters shown escaped (``\\x1b``), line breaks
    kept."""
    typer.echo(escape_controls(str(message), keep="\n"), err=err, nl=nl)


def _plain_cell(cell: str) -> str:
    """A cell of a tab-separated line: one line, no tab inside, no control character."""
    return escape_controls(cell.replace("\n", " "))


def _rich(cell: str) -> Text:
    """Text rich shows as it is: never read as markup, control characters escaped."""
    from rich.text import Text

    return Text(escape_controls(cell, keep="\n"))


def table(title: str | None, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """A table: rich and wrapped to the terminal when interactive, else one line per row.

    Cells and the title are user data: never markup, and control characters are shown escaped.
    """
    rows = [["" if cell is None else str(cell) for cell in row] for row in rows]
    if not is_terminal():
        if title:
            say(f"# {title}")
        typer.echo("\t".join(columns))
        for row in rows:
            typer.echo("\t".join(_plain_cell(cell) for cell in row))
        return
    from rich.table import Table

    t = Table(title=_rich(title) if title else None, title_justify="left", show_lines=False)
    for column in columns:
        t.add_column(_rich(column), overflow="fold")
    for row in rows:
        t.add_row(*(_rich(cell) for cell in row))
    console().print(t)


def fields(pairs: Iterable[tuple[str, Any]]) -> None:
    """``key: value`` lines for one record."""
    pairs = [(k, "" if v is None else str(v)) for k, v in pairs]
    width = max((len(k) for k, _ in pairs), default=0)
    for key, value in pairs:
        typer.echo(f"{key + ':':<{width + 1}} {escape_controls(value)}")


def emit_json(data: Any) -> None:
    """JSON on stdout; every control character in it escaped (``\\u001b``)."""
    text = json.dumps(data, indent=2, ensure_ascii=False, default=str)
    sys.stdout.write(json_safe(text) + "\n")


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print ``Error: message`` to stderr and return the Exit to raise."""
    say(f"Error: {message}", err=True)
    return typer.Exit(code)


@contextmanager
def progress_counter(label: str) -> Iterator[Callable[[int], None]]:
    """A live count on stderr when it is a terminal; a no-op when piped."""
    if not sys.stderr.isatty():
        yield lambda _count: None
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn

    with Progress(SpinnerColumn(), TextColumn("{task.completed:,} " + label), transient=True,
                  console=_stderr_console()) as bar:  # fmt: skip
        task = bar.add_task(label, total=None)
        yield lambda count: bar.update(task, completed=count)


@cache
def _stderr_console() -> Console:
    from rich.console import Console

    return Console(stderr=True)
