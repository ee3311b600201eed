"""``govflow due`` and ``govflow calendar ...``: deadlines in working days."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from govflow.cli._complete import AsCsv, AsJson, Committee, Limit
from govflow.cli._db import opened
from govflow.cli._output import emit_json, listing, say, table, warn

if TYPE_CHECKING:
    from govflow.views import ClosureView

calendar_app = typer.Typer(
    add_completion=False, help="The working-day calendar and its closures.", no_args_is_help=True
)


def due(
    ctx: typer.Context,
    on: Annotated[
        str | None, typer.Option(metavar="DATE", help="The day (default: today).")
    ] = None,
    within: Annotated[
        int | None,
        typer.Option(
            metavar="N",
            min=0,
            help="Only what falls due in the next N working days (not what is overdue).",
        ),
    ] = None,
    overdue: Annotated[
        bool, typer.Option("--overdue", help="Only what is past due (with --within: and that).")
    ] = False,
    committee: Committee = None,
    as_json: AsJson = False,
    as_csv: AsCsv = False,
    limit: Limit = None,
    ics: Annotated[
        Path | None,
        typer.Option(
            "--ics",
            metavar="FILE",
            dir_okay=False,
            help="Write them, with the meetings, as an iCalendar file to subscribe to.",
        ),
    ] = None,
    url: Annotated[
        str | None,
        typer.Option(
            "--url",
            metavar="URL",
            help="With --ics: where govflow serve shows the pages, to link each event to its "
            "proposal's or meeting's page.",
        ),
    ] = None,
) -> None:
    """What falls due: deadlines and actions, soonest first, with working days left.

    Example: govflow due --within 10
    """
    if url is not None and ics is None:
        raise typer.BadParameter("--url goes with --ics (the calendar's links)",
                                 param_hint="'--url'")  # fmt: skip
    if ics is not None:
        with opened(ctx, read_only=True) as gf:
            data = gf.export_calendar(on=on, within=within, overdue=overdue, committee=committee,
                                      base_url=url)  # fmt: skip
        _write_ics(data, ics)
        return
    with opened(ctx, read_only=True) as gf:
        found = gf.due(on=on, within=within, overdue=overdue, committee=committee)
    if as_json:
        emit_json([d.to_dict() for d in (found[:limit] if limit else found)])
        return
    listing(
        "Due",
        ["due", "WD left", "proposal / meeting", "item", "what", "party", "opened"],
        [
            (d.due_on, d.working_days_left, d.reference or d.meeting, d.item, d.what,
             d.party_name or d.party, d.opened_on)
            for d in found
        ],
        as_csv=as_csv, limit=limit,
    )  # fmt: skip


def _write_ics(data: bytes, ics: Path) -> None:
    """The iCalendar file, written whole or not at all (``-``: stdout)."""
    from govflow.cli.export import destination

    with destination(None if str(ics) == "-" else ics) as out:
        out.write(data.decode("utf-8"))
    if str(ics) != "-":
        say(f"Calendar written to {ics}", err=True)


@calendar_app.command("show")
def show(ctx: typer.Context, as_json: AsJson = False) -> None:
    """Show the calendar in force: region, holiday library and closures.

    Example: govflow calendar show
    """
    with opened(ctx, read_only=True) as gf:
        description = dict(gf.calendar().describe())
        closures = gf.closures()
    if as_json:
        emit_json(description)
        return
    say(f"region: {description['region']}; holidays from {description['holidays']}")
    table("Closures", ["id", "from", "to", "note"],
          [(c.id, c.start, c.end, c.note) for c in closures if c.in_force])  # fmt: skip
    _not_applied(closures)


def _not_applied(closures: list[ClosureView]) -> None:
    for c in closures:
        if c.problem:
            warn(f"closure {c.id} is not applied: {c.problem}. Remove it with "
                 f"`govflow calendar reopen {c.id}`")  # fmt: skip


def _status(c: ClosureView) -> str:
    if c.removed_at is not None:
        return f"removed {c.removed_at:%Y-%m-%d}" + (
            f": {c.removal_note}" if c.removal_note else ""
        )
    return "in force" if c.in_force else "not applied (see the warning)"


@calendar_app.command("closures")
def closures_(
    ctx: typer.Context,
    removed: Annotated[bool, typer.Option("--all", help="Include removed closures.")] = False,
    as_json: AsJson = False,
    as_csv: AsCsv = False,
) -> None:
    """List the closures recorded: id, days, note, when recorded, and whether in force.

    Example: govflow calendar closures --all
    """
    with opened(ctx, read_only=True) as gf:
        found = gf.closures(removed=removed)
    if as_json:
        emit_json([c.to_dict() for c in found])
        return
    rows = [(c.id, c.start, c.end, c.note, f"{c.recorded_at:%Y-%m-%d}" if c.recorded_at else "",
             _status(c)) for c in found]  # fmt: skip
    listing("Closures", ["id", "from", "to", "note", "recorded", "status"], rows,
            as_csv=as_csv, limit=0)  # fmt: skip
    _not_applied(found)


@calendar_app.command("close")
def close(
    ctx: typer.Context,
    start: Annotated[str, typer.Argument(metavar="DATE", help="The first day closed.")],
    until: Annotated[
        str | None, typer.Option(metavar="DATE", help="The last day closed (default: START).")
    ] = None,
    note: Annotated[str, typer.Option(help="Why (a Christmas shutdown, say).")] = "",
    as_json: AsJson = False,
) -> None:
    """Add days that are not working days for this database.

    Example: govflow calendar close 2024-12-23 --until 2025-01-03 --note "Christmas shutdown"
    """
    with opened(ctx) as gf:
        added = gf.add_closure(start, until, note=note)
    if as_json:
        emit_json(added.to_dict())
        return
    say(f"closed {added.start} to {added.end} (closure {added.id}): deadlines opened from now "
        "on skip these days")  # fmt: skip


@calendar_app.command("reopen")
def reopen(
    ctx: typer.Context,
    closure: Annotated[
        int, typer.Argument(metavar="ID", help="The closure (`calendar closures` lists them).")
    ],
    note: Annotated[str, typer.Option(help="Why it no longer applies.")] = "",
    as_json: AsJson = False,
) -> None:
    """Remove a closure, recording the removal: its days are working days again.

    Example: govflow calendar reopen 3 --note "office stays open"
    """
    with opened(ctx) as gf:
        removed = gf.remove_closure(closure, note=note)
    if as_json:
        emit_json(removed.to_dict())
        return
    say(f"reopened {removed.start} to {removed.end} (closure {removed.id}): deadlines opened "
        "from now on count these days again")  # fmt: skip
