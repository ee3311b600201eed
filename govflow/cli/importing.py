"""``govflow import events``: load an audit history (JSONL export or its CSV form) in bulk."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from govflow.cli._db import opened
from govflow.cli._output import fields, progress_counter

app = typer.Typer(add_completion=False, help="Bulk imports.", no_args_is_help=True)


@app.command()
def events(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            help="An audit export (.jsonl, or its .csv form).",
            exists=True,
            dir_okay=False,
            readable=True,
        ),
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check everything, write nothing, report counts.")
    ] = False,
) -> None:
    """Import proposals, meetings, items and events from an audit export, all or nothing.

    Example: govflow import events audit.jsonl --dry-run
    """
    with (
        opened(ctx) as gf,
        file.open(encoding="utf-8-sig", newline="") as handle,
        progress_counter("events checked") as tick,
    ):
        report = gf.import_events(handle, dry_run=dry_run, progress=tick)
    fields(
        [
            ("result", "checked, nothing written (dry run)" if report.dry_run else "imported"),
            ("proposals", report.proposals),
            ("events", report.events),
            ("meetings", report.meetings),
            ("agenda items", report.items),
        ]
    )
