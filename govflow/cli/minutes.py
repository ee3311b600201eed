"""``govflow minutes import`` and ``govflow action ...``: meetings and actions from minutes."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from govflow.cli._complete import AsCsv, AsJson, Committee, Limit
from govflow.cli._db import opened
from govflow.cli._output import emit_json, fields, listing, say, table, warn

if TYPE_CHECKING:
    from govflow.minutes._report import MinutesReport
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
        Path,
        typer.Argument(
            metavar="FILE",
            help="The minutes: Markdown, Word (.docx), PDF or HTML; - reads them from stdin.",
            dir_okay=False,
            allow_dash=True,
        ),
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
    """Import a meeting's items, proposal links and actions from minutes (Markdown, Word, PDF).

    Example: govflow minutes import opsg-12.docx --dry-run
    """
    from govflow.minutes.documents import LIMITS

    data = read_input(file, LIMITS.max_bytes + 1)  # one byte more: too big is refused, not cut
    with opened(ctx) as gf:
        report = gf.import_minutes(
            data, committee=committee, dry_run=dry_run,
            create_missing=create_missing, name=None if str(file) == "-" else file.name,
        )  # fmt: skip
    if as_json:
        emit_json(report.to_dict())
        return
    _print_report(report)


def read_input(file: Path, limit: int) -> bytes:
    """At most ``limit`` bytes of ``file``, or of stdin for ``-``; a missing file exits 2."""
    import sys

    if str(file) == "-":
        return sys.stdin.buffer.read(limit)
    try:
        with file.open("rb") as stream:
            return stream.read(limit)
    except OSError as exc:
        raise typer.BadParameter(f"cannot read {file}: {exc.strerror or exc}",
                                 param_hint="FILE") from None  # fmt: skip


def _print_report(r: MinutesReport) -> None:
    verb = "would write" if r.dry_run else "wrote"
    times = " - ".join(t for t in (r.start_time, r.end_time) if t)
    fields(
        [
            (
                "meeting",
                f"{r.meeting} on {r.date}"
                + (f", {times}" if times else "")
                + (" (new)" if r.meeting_created else ""),
            ),
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
              ["as written", "item", "where"],
              [(u["spelling"], u.get("item"), u.get("where"))
               for u in r.unknown_references])  # fmt: skip
    if r.actions_added:
        table("Actions", ["due", "at", "item", "party", "action"],
              [(a["due"], a.get("at_meeting"), a["item"], a["party"], a["text"])
               for a in r.actions_added])  # fmt: skip
    if r.planned_meetings:
        table("Meetings announced", ["meeting", "kind", "date", "status"],
              [(p["meeting"], p["kind"], p["date"], "planned" if p["stored"] else
                p.get("conflict", "already known")) for p in r.planned_meetings])  # fmt: skip
    kept = [o for o in r.other_references if o["kind"] != "meeting"]
    if kept:
        table("References kept", ["kind", "value", "item"],
              [(o["kind"], o["value"], o["item"]) for o in kept])  # fmt: skip
    for warning in r.warnings:
        warn(warning)


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
    as_csv: AsCsv = False,
    limit: Limit = None,
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
        emit_json([a.to_dict() for a in (found[:limit] if limit else found)])
        return
    listing("Actions", ACTION_COLUMNS, action_rows(found), as_csv=as_csv, limit=limit)


@actions_app.command("add")
def add(
    ctx: typer.Context,
    meeting: Annotated[str, typer.Argument(metavar="MEETING", help="Where it was asked: OPSG_49.")],
    text: Annotated[str, typer.Argument(metavar="TEXT", help="What was asked.")],
    due: Annotated[str | None, typer.Option(metavar="DATE", help="When it is due.")] = None,
    at: Annotated[
        str | None, typer.Option(metavar="MEETING", help="Due at this meeting (its date).")
    ] = None,
    party: Annotated[str | None, typer.Option(metavar="NAME", help="Who is asked.")] = None,
    item: Annotated[str | None, typer.Option(metavar="N", help="The agenda item.")] = None,
    as_json: AsJson = False,
) -> None:
    """Record an action a meeting asked for, due on a date or at a later meeting.

    Example: govflow action add OPSG_49 "OPSG to review the CSR paper" --due 2021-06-11 --party OPSG
    """
    if (due is None) == (at is None):
        raise typer.BadParameter("give --due DATE or --at MEETING (one of them)",
                                 param_hint="'--due' / '--at'")  # fmt: skip
    with opened(ctx) as gf:
        added = gf.add_action(meeting, text, due=due, at=at, party=party, item=item)
    if as_json:
        emit_json(added.to_dict())
        return
    say(f"added action {added.id} ({added.meeting}), due {added.due_on}: {added.what}")


@actions_app.command("close")
def close(
    ctx: typer.Context,
    action_id: Annotated[int, typer.Argument(metavar="ID", help="The action's id.")],
    on: Annotated[str | None, typer.Option(metavar="DATE", help="When it was done.")] = None,
    as_json: AsJson = False,
) -> None:
    """Mark an action done.

    Example: govflow action close 3
    """
    with opened(ctx) as gf:
        done = gf.close_action(action_id, on=on)
    if as_json:
        emit_json(done.to_dict())
        return
    say(f"closed action {done.id} ({done.meeting} item {done.item}): {done.what}")
