"""Rendering for the CLI: rich tables on a terminal (through a pager when longer than the
screen), plain tab-separated lines when piped (a header line, then one line per row), CSV with
``--csv``; progress bars on stderr. User text never reaches the terminal raw: control characters
are shown as escapes (``\\x1b``) on every path."""

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


JSON_SHAPE_VERSION = 1
"""The version of the ``--json`` shapes docs/cli.md documents (a test holds the two equal)."""


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


def _min_widths(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> list[int] | None:
    """Each column's least width: its longest word (or its name), so that "development" is
    never cut into "developmen t"; None when the columns cannot all stand side by side at those
    widths on this terminal."""
    widths = [
        max(max((len(w) for row in rows for w in row[i].split()), default=0), len(c))
        for i, c in enumerate(columns)
    ]
    room = console().width - 3 * len(columns) - 1  # rich draws "│ " and " " around each cell
    return widths if sum(widths) <= room else None


def table(title: str | None, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """A table: rich and wrapped to the terminal when interactive, else one line per row.

    On a terminal, cells wrap at spaces and no word is cut: when the columns cannot stand side
    by side at their longest words, each row is a block of ``column  value`` lines instead
    (as ``psql``'s expanded display), where only a word longer than the whole line is folded.
    Cells and the title are user data: never markup, and control characters are shown escaped.
    """
    rows = [["" if cell is None else str(cell) for cell in row] for row in rows]
    if not is_terminal():  # no title line: the first line is the header, for CSV/TSV readers
        typer.echo("\t".join(columns))
        for row in rows:
            typer.echo("\t".join(_plain_cell(cell) for cell in row))
        return
    least = _min_widths(columns, rows)
    if least is None:
        _blocks(title, columns, rows)
        return
    from rich.table import Table

    t = Table(title=_rich(title) if title else None, title_justify="left", show_lines=False)
    for column, width in zip(columns, least, strict=True):
        t.add_column(_rich(column), overflow="fold", min_width=width)
    for row in rows:
        t.add_row(*(_rich(cell) for cell in row))
    console().print(t)


def _blocks(title: str | None, columns: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """Each row as a block of ``column  value`` lines, a rule between rows."""
    from rich.rule import Rule
    from rich.table import Table

    out = console()
    if title:
        out.print(_rich(title))
    name_width = max(len(c) for c in columns)
    for n, row in enumerate(rows, start=1):
        out.print(Rule(_rich(f"{n} of {len(rows)}"), align="left", style="dim"))
        block = Table.grid(padding=(0, 2))
        block.add_column(min_width=name_width, style="bold")
        block.add_column(overflow="fold")
        for column, cell in zip(columns, row, strict=True):
            if cell:
                block.add_row(_rich(column), _rich(cell))
        out.print(block)


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


def closed_pipe(exc: OSError) -> bool:
    """Whether ``exc`` says the reader of our output went away (``govflow proposal list |
    head``). That ends the command quietly with exit code 0: the reader had what it wanted, and
    under ``set -o pipefail`` anything else would fail a script that stops reading early (every
    command has written to the database before it prints, so nothing is left half-done). The
    rest of the output goes to the null device, so nothing is reported when Python exits."""
    import errno
    import os
    import sys

    if not isinstance(exc, BrokenPipeError) and exc.errno != errno.EPIPE:
        return False
    try:
        stdout = sys.stdout.fileno()
    except (OSError, ValueError):  # no real stdout (a test runner's buffer)
        return True
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, stdout)
    os.close(null)
    return True


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print ``Error: message`` to stderr and return the Exit to raise."""
    say(f"Error: {message}", err=True)
    return typer.Exit(code)


@cache
def _stderr_console() -> Console:
    from rich.console import Console

    return Console(stderr=True)


# -- record listings: --limit, --csv, the pager ------------------------------------------------
TERMINAL_LIMIT = 100
"""Rows shown on a terminal when ``--limit`` is not given (piped output has no default limit)."""
RICH_MAX_ROWS = 2_000
"""Above this many rows a terminal gets plain aligned columns: rich's table measures every cell
and takes minutes over tens of thousands of rows."""


def default_limit(limit: int | None) -> int:
    """``--limit`` as given (0: all), else :data:`TERMINAL_LIMIT` on a terminal, all when piped."""
    if limit is None:
        return TERMINAL_LIMIT if is_terminal() else 0
    return limit


def limited(rows: Sequence[Any], limit: int | None) -> tuple[Sequence[Any], int]:
    """The first rows to show and how many are left out (see :func:`default_limit`)."""
    limit = default_limit(limit)
    if limit <= 0 or len(rows) <= limit:
        return rows, 0
    return rows[:limit], len(rows) - limit


def listing(
    title: str | None,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    as_csv: bool = False,
    limit: int | None = None,
) -> None:
    """Records as CSV (``as_csv``), else as :func:`table`; long output pages on a terminal and
    what ``limit`` leaves out is counted on stderr."""
    shown, left = limited(rows, limit)
    if as_csv:
        emit_csv(columns, shown)
    elif is_terminal() and len(shown) > RICH_MAX_ROWS:
        with paged():
            aligned(columns, shown)
    elif is_terminal() and len(shown) + 6 > console().height:
        with paged():
            table(title, columns, shown)
    else:
        table(title, columns, shown)
    if left:
        typer.echo(f"... and {left:,} more; --limit N shows N, --limit 0 all of them", err=True)


def aligned(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Plain columns padded to their widest cell: fast for any number of rows (cells on one
    line, control characters escaped)."""
    cells = [list(columns), *[["" if c is None else _plain_cell(str(c)) for c in row]
                              for row in rows]]  # fmt: skip
    widths = [max(len(row[i]) for row in cells) for i in range(len(columns))]
    out = console()
    for row in cells:
        line = "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        out.out(line.rstrip(), highlight=False)


@contextmanager
def paged() -> Iterator[None]:
    """Output through the user's pager (``$PAGER``, else ``less -FRX``) on a terminal."""
    import os

    os.environ.setdefault("LESS", "-FRX")  # quit if one screen, keep colours, no clearing
    with console().pager(styles=True):
        yield


def emit_csv(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """A header line and one line per row on stdout, written as every govflow CSV is
    (:func:`govflow.safe_text.csv_writer`: RFC 4180, formulas neutralised). On a terminal,
    which is not a spreadsheet, control characters in cells are shown escaped first (tabs and
    line breaks included), so that none reaches the screen raw."""
    from govflow.safe_text import csv_writer

    writer = csv_writer(sys.stdout)
    writer.row(columns)
    if is_terminal():
        rows = ([escape_controls(c) if isinstance(c, str) else c for c in row] for row in rows)
    writer.rows(rows)


def warn(message: str) -> None:
    """``Warning: message`` on stderr (the library returns warnings; the CLI prints them)."""
    from govflow.cli._advice import warned

    say(f"Warning: {warned(message)}", err=True)


def count(n: int, noun: str, plural: str | None = None) -> str:
    """``1 proposal``, ``2 proposals``, ``20,000 events``."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"


# -- progress with phases -----------------------------------------------------------------------
Report = Callable[[str, int, "int | None"], None]
"""``report(phase, done, total)``: where long work is (total None when not known yet)."""


@contextmanager
def progress_bar(noun: str) -> Iterator[Report]:
    """A bar per phase on stderr (done of total, rate, time left) when stderr is a terminal; a
    no-op when it is not."""
    if not sys.stderr.isatty():
        yield lambda _phase, _done, _total: None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TaskID,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )  # fmt: skip

    columns = (SpinnerColumn(), TextColumn("{task.description:<9}"), BarColumn(),
               MofNCompleteColumn(), TextColumn(f"{noun} {{task.fields[rate]}}"),
               TimeElapsedColumn(), TimeRemainingColumn())  # fmt: skip
    with Progress(*columns, console=_stderr_console(), transient=True) as bar:
        tasks: dict[str, TaskID] = {}

        def report(phase: str, done: int, total: int | None) -> None:
            if phase not in tasks:
                for task in tasks.values():  # a new phase finishes the ones before it
                    bar.update(task, total=bar.tasks[task].completed)
                tasks[phase] = bar.add_task(phase, total=total, rate="")
            task = tasks[phase]
            speed = bar.tasks[task].speed
            rate = f"{speed:,.0f}/s" if speed else ""
            bar.update(task, completed=done, total=total, rate=rate)

        yield report
