"""``govflow import events``: load an audit history (JSONL export or its CSV form) in bulk."""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from govflow.cli._db import opened
from govflow.cli._output import emit_json, fields, progress_bar

if TYPE_CHECKING:
    from govflow.records.bulk_import import ImportReport

app = typer.Typer(add_completion=False, help="Bulk imports.", no_args_is_help=True)


@app.command()
def events(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE",
            help="An audit export (.jsonl, or its .csv form); - reads it from stdin.",
            dir_okay=False,
            allow_dash=True,
        ),
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check everything, write nothing, report counts.")
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print JSON (shapes in docs/cli.md).")
    ] = False,
) -> None:
    """Import proposals, meetings, items and events from an audit export, all or nothing.

    Example: govflow import events audit.jsonl --dry-run
    """
    with (
        _lines(file) as (handle, lines),  # a file refused before the database is opened
        opened(ctx) as gf,
        progress_bar("events") as report,
    ):

        def phases(phase: str, done: int, total: int | None) -> None:
            report(phase, done, total if total is not None else lines)

        found = gf.import_events(handle, dry_run=dry_run, phases=phases)
    if as_json:
        emit_json(dataclasses.asdict(found))
        return
    report_fields(found)


@contextmanager
def _lines(file: Path) -> Iterator[tuple[Iterator[str], int | None]]:
    """The file's lines and how many there are (the total to show), or stdin's (no total);
    read within the limits of :mod:`govflow.limits` (a regular file only, size, lines)."""
    from govflow.limits import bounded_lines, count_lines, open_regular

    if str(file) == "-":
        yield bounded_lines(sys.stdin.buffer, "standard input"), None
        return
    if not file.exists():  # misuse, as for every FILE argument (the other checks are input's)
        raise typer.BadParameter(f"no such file: {file}", param_hint="FILE")
    with open_regular(file, "an audit export to import") as raw:
        total = count_lines(raw, str(file))  # counting in bytes is quick, even for a large file
        yield bounded_lines(raw, str(file)), total


def report_fields(report: ImportReport) -> None:
    fields(
        [
            ("result", "checked, nothing written (dry run)" if report.dry_run else "imported"),
            ("proposals", report.proposals),
            ("events", report.events),
            ("meetings", report.meetings),
            ("agenda items", report.items),
        ]
    )
