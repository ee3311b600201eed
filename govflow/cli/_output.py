"""Rendering for the CLI: rich tables on a terminal, plain tab-separated lines when piped."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from rich.console import Console


@cache
def console() -> Console:
    """The terminal console (rich is imported on first use: it is slow to import)."""
    from rich.console import Console

    return Console()


def is_terminal() -> bool:
    return sys.stdout.isatty() and console().is_terminal


def table(title: str | None, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """A table: rich and wrapped to the terminal when interactive, else one line per row."""
    rows = [["" if cell is None else str(cell) for cell in row] for row in rows]
    if not is_terminal():
        if title:
            typer.echo(f"# {title}")
        typer.echo("\t".join(columns))
        for row in rows:
            typer.echo("\t".join(cell.replace("\n", " ") for cell in row))
        return
    from rich.table import Table

    t = Table(title=title, title_justify="left", show_lines=False)
    for column in columns:
        t.add_column(column, overflow="fold")
    for row in rows:
        t.add_row(*row)
    console().print(t)


def fields(pairs: Iterable[tuple[str, Any]]) -> None:
    """``key: value`` lines for one record."""
    pairs = [(k, "" if v is None else str(v)) for k, v in pairs]
    width = max((len(k) for k, _ in pairs), default=0)
    for key, value in pairs:
        typer.echo(f"{key + ':':<{width + 1}} {value}")


def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print ``Error: message`` to stderr and return the Exit to raise."""
    typer.echo(f"Error: {message}", err=True)
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
