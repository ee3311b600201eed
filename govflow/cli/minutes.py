"""``govflow minutes import`` and ``govflow action ...``: meetings and actions from minutes."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from govflow.cli._complete import AsJson, Committee
from govflow.cli._db import opened
from govflow.cli._output import emit_json, fields, say, table

if TYPE_CHECKING:
    from govflow.minutes.importer import MinutesReport
    from govflow.views import DueItem

app = typer.Typer(
    add_completion=False, help="Minutes: import a meeting's minutes.", no_args_is_help=True
)
actions_app = typer.Typer(
    add_completion=False, help="Actions asked for in minutes.", no_args_is_help=True
)


@app.command("import")
def import_(
    ctx: typer.Context,
    file: Annotated[
        Path, typer.Argument(help="The minutes, as Markdown.", exists=True, dir_okay=False)
    ],
    committee: Committee = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be written; write nothing.")
    ] = False,
    create_missing: Annotated[
        bool,
        typer.Option(
            "--create-missing", help="Raise proposals the minutes name but govflow lacks."
        ),
    ] = False,
    as_json: AsJson = False,
) -> None:
    """Import a meeting, its agenda items, proposal links and actions from minutes.

    Example: govflow minutes import opsg-12.md --dry-run
    """
    with opened(ctx) as gf:
        report = gf.import_minutes(
            file.read_bytes(), committee=committee, dry_run=dry_run,
            create_missing=create_missing,
        )  # fmt: skip
    if as_json:
        emit_json(report.to_dict())
        return
    _print_report(report)


def _print_report(r: MinutesReport) -> None:
    verb = "would write" if r.dry_run else "wrote"
    fields(
        [
            ("meeting", f"{r.meeting} on {r.date}" + (" (new)" if r.meeting_created else "")),
            ("result", f"{verb} changes" if r.changed else "nothing to change"),
            ("items added", ", ".join(r.items_added) or "-"),
            ("items updated", ", ".join(r.items_updated) or "-"),
            ("items removed", ", ".join(r.items_removed) or "-"),
            ("proposals raised", ", ".join(r.created_proposals) or "-"),
        ]
    )
    if r.links:
        table("Links", ["proposal", "as written", "item", "status", "reason"],
              [(x.reference, x.spelling, x.item, x.status, x.reason) for x in r.links])  # fmt: skip
    if r.unknown_references:
        table("Unknown references (not raised; --create-missing raises them)",
              ["as written", "item", "line"],
              [(u["spelling"], u.get("item"), u.get("line"))
               for u in r.unknown_references])  # fmt: skip
    if r.actions_added:
        table("Actions", ["due", "item", "party", "action"],
              [(a["due"], a["item"], a["party"], a["text"]) for a in r.actions_added])  # fmt: skip
    for warning in r.warnings:
        say(f"warning: {warning}", err=True)


def action_rows(items: list[DueItem]) -> list[tuple[object, ...]]:
    return [
        (a.id, a.due_on, a.working_days_left, a.meeting, a.item, a.party, a.status, a.what)
        for a in items
    ]


ACTION_COLUMNS = ["id", "due", "WD left", "meeting", "item", "party", "status", "action"]


@actions_app.command("list")
def list_(
    ctx: typer.Context,
    open_only: Annotated[bool, typer.Option("--open", help="Only open actions.")] = False,
    overdue: Annotated[
        bool, typer.Option("--overdue", help="Only actions past due on --on.")
    ] = False,
    on: Annotated[
        str | None, typer.Option(metavar="DATE", help="The day (default: today).")
    ] = None,
    as_json: AsJson = False,
) -> None:
    """List actions from minutes, soonest first.

    Example: govflow action list --overdue --on 2021-04-07
    """
    if on is not None and not overdue:
        raise typer.BadParameter("--on goes with --overdue", param_hint="--on")
    import datetime as dt

    day = on or dt.date.today().isoformat() if overdue else None
    with opened(ctx, read_only=True) as gf:
        found = gf.actions(open_only=open_only, overdue_on=day)
    if as_json:
        emit_json([a.to_dict() for a in found])
        return
    table("Actions", ACTION_COLUMNS, action_rows(found))


@actions_app.command("close")
def close(
    ctx: typer.Context,
    action_id: Annotated[int, typer.Argument(metavar="ID", help="The action's id.")],
    on: Annotated[str | None, typer.Option(metavar="DATE", help="When it was done.")] = None,
) -> None:
    """Mark an action done.

    Example: govflow action close 3
    """
    with opened(ctx) as gf:
        done = gf.close_action(action_id, on=on)
    say(f"closed action {done.id} ({done.meeting} item {done.item}): {done.what}")
