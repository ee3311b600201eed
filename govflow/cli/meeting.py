"""``govflow meeting ...``: committee meetings and their agenda items."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

import typer

from govflow.cli._complete import AsJson, Committee, MeetingCode, complete_committee
from govflow.cli._db import opened
from govflow.cli._output import emit_json, fields, say, table

if TYPE_CHECKING:
    from govflow.views import MeetingView

app = typer.Typer(
    add_completion=False,
    help="Meetings: add them and their agenda items, show them.",
    no_args_is_help=True,
)

# The kinds the library accepts (govflow.records.meetings.MEETING_KINDS; a test holds them equal).
MeetingKind = Literal["main", "reporting", "extraordinary", "workshop"]


@app.command()
def add(
    ctx: typer.Context,
    code: MeetingCode,
    on: Annotated[
        str, typer.Option("--on", metavar="DATE", help="Its date: 2021-05-24 or 24 May 2021.")
    ],
    kind: Annotated[MeetingKind, typer.Option("--kind", help="The kind of meeting.")] = "main",
) -> None:
    """Add a committee meeting, given as its code and number.

    Example: govflow meeting add OPSG_49 --on "24 May 2021"
    """
    with opened(ctx) as gf:
        added = gf.add_meeting(code, on=on, kind=kind)
    say(f"Added {added.code} on {added.date} ({added.kind}; papers {added.paper_code})")


def _show(m: MeetingView) -> None:
    fields([
        ("meeting", m.code), ("committee", m.committee), ("number", m.number),
        ("date", m.date), ("kind", m.kind), ("status", m.status), ("paper code", m.paper_code),
    ])  # fmt: skip
    if not m.items:
        say(f"No agenda items; add one with `govflow meeting item {m.code} N --title TEXT`")
        return
    rows = [(i.number, i.title, i.presenter, ", ".join(i.proposals), i.text) for i in m.items]
    table("Agenda", ["item", "title", "presenter", "proposals", "text"], rows)


@app.command()
def show(ctx: typer.Context, code: MeetingCode, as_json: AsJson = False) -> None:
    """Show a meeting, its agenda items and the proposals each refers to.

    Example: govflow meeting show CSC_38
    """
    with opened(ctx, read_only=True) as gf:
        found = gf.meeting(code)
    if as_json:
        emit_json(found.to_dict())
    else:
        _show(found)


@app.command()
def item(
    ctx: typer.Context,
    code: MeetingCode,
    number: Annotated[str, typer.Argument(metavar="NUMBER", help="The item number: 5 or 4.1.")],
    title: Annotated[str, typer.Option("--title", metavar="TEXT", help="The item's title.")],
    presenter: Annotated[
        str | None, typer.Option("--presenter", metavar="NAME", help="Who presents it.")
    ] = None,
    text: Annotated[str, typer.Option("--text", metavar="TEXT", help="What the minutes say.")] = "",
) -> None:
    """Add an agenda item to a meeting.

    Example: govflow meeting item CSC_38 5 --title "DP160 conversion" --presenter SECAS
    """
    with opened(ctx) as gf:
        added = gf.add_item(code, number, title=title, presenter=presenter, text=text)
    say(f"Added item {added.number} to {code}: {added.title}")


@app.command("list")
def list_(ctx: typer.Context, committee: Committee = None, as_json: AsJson = False) -> None:
    """List meetings, oldest first.

    Example: govflow meeting list --committee CSC
    """
    with opened(ctx, read_only=True) as gf:
        meetings = gf.meetings(committee)
    if as_json:
        emit_json([m.to_dict() for m in meetings])
        return
    rows = [(m.code, m.date, m.kind, m.status, m.paper_code) for m in meetings]
    table("Meetings", ["meeting", "date", "kind", "status", "paper code"], rows)


@app.command("next")
def next_(
    ctx: typer.Context,
    committee: Annotated[
        str,
        typer.Argument(
            metavar="CODE",
            help="A committee code: CSC, PANEL...",
            autocompletion=complete_committee,
        ),
    ],
    on: Annotated[
        str | None, typer.Option(metavar="DATE", help="From this day (default today).")
    ] = None,
    as_json: AsJson = False,
) -> None:
    """Show a committee's next meeting and the last day its papers can go out.

    Example: govflow meeting next PANEL
    """
    with opened(ctx, read_only=True) as gf:
        found = gf.next_meeting(committee, on=on)
    if as_json:
        emit_json(found.to_dict())
        return
    m = found.meeting
    lead = found.paper_lead_days
    papers = (
        f"{found.papers_due} ({lead} working days before)" if found.papers_due
        else "no paper lead time set (govflow committee add ... --paper-lead-days N)"
    )  # fmt: skip
    fields([("meeting", f"{m.code} ({m.paper_code}), {m.kind}, {m.status}"),
            ("date", m.date), ("papers due", papers)])  # fmt: skip
