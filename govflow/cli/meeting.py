"""``govflow meeting ...``: committee meetings and their agenda items."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

import typer

from govflow.cli._complete import (
    AsCsv,
    AsJson,
    Committee,
    Limit,
    MeetingCode,
    complete_committee,
)
from govflow.cli._db import opened
from govflow.cli._output import emit_json, fields, listing, say, table

if TYPE_CHECKING:
    from govflow.views import MeetingView

app = typer.Typer(
    add_completion=False,
    help="Meetings: add them and their agenda items, show them.",
    no_args_is_help=True,
)

# The kinds the library accepts (govflow.records.meetings.MEETING_KINDS; a test holds them equal).
MeetingKind = Literal["main", "reporting", "extraordinary", "workshop"]
MeetingStatus = Literal["held", "planned"]


@app.command()
def add(
    ctx: typer.Context,
    code: MeetingCode,
    on: Annotated[
        str, typer.Option("--on", metavar="DATE", help="Its date: 2021-05-24 or 24 May 2021.")
    ],
    kind: Annotated[MeetingKind, typer.Option("--kind", help="The kind of meeting.")] = "main",
    status: Annotated[
        MeetingStatus, typer.Option("--status", help="held, or planned (to come).")
    ] = "held",
    as_json: AsJson = False,
) -> None:
    """Add a committee meeting, given as its code and number (a planned one: the code alone).

    Example: govflow meeting add OPSG_49 --on "24 May 2021"
    """
    with opened(ctx) as gf:
        added = gf.add_meeting(code, on=on, kind=kind, status=status)
    if as_json:
        emit_json(added.to_dict())
        return
    papers = f"; papers {added.paper_code}" if added.paper_code else ""
    say(f"Added {added.code} on {added.date} ({added.kind}, {added.status}{papers})")


@app.command("set")
def set_(
    ctx: typer.Context,
    code: MeetingCode,
    on: Annotated[str | None, typer.Option("--on", metavar="DATE", help="A new date.")] = None,
    number: Annotated[
        int | None, typer.Option("--number", metavar="N", min=1, help="Its number, once known.")
    ] = None,
    kind: Annotated[MeetingKind | None, typer.Option("--kind", help="Its kind.")] = None,
    status: Annotated[MeetingStatus | None, typer.Option("--status", help="Its status.")] = None,
    as_json: AsJson = False,
) -> None:
    """Re-date a meeting, number a planned one, or change its kind or status.

    Example: govflow meeting set OPSG@2021-06-28 --number 50 --on 2021-06-29
    """
    if on is None and number is None and kind is None and status is None:
        raise typer.BadParameter("say what to change: --on, --number, --kind or --status",
                                 param_hint="CODE")  # fmt: skip
    with opened(ctx) as gf:
        changed = gf.set_meeting(code, on=on, number=number, kind=kind, status=status)
    if as_json:
        emit_json(changed.to_dict())
        return
    say(f"{changed.code}: {changed.date}, {changed.kind}, {changed.status}")
    if on is not None:
        say(
            "Events recorded at it keep their dates; correct one with "
            "`govflow proposal correct REF SEQ --occurred-on DATE --note TEXT`.",
            err=True,
        )


def _show(m: MeetingView, committee: str) -> None:
    times = " - ".join(t for t in (m.start_time, m.end_time) if t)
    refs = "; ".join(f"{r['kind']} {r['value']}" + (f" (item {r['item']})" if r["item"] else "")
                     for r in m.references if r["kind"] != "meeting")  # fmt: skip
    number = m.number or ("not yet" if m.status == "planned" else "not on record")
    fields([
        ("meeting", m.code), ("committee", committee), ("number", number),
        ("date", m.date), ("time", times), ("kind", m.kind), ("status", m.status),
        ("paper code", m.paper_code), ("references", refs),
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
        names = {c.code: c.name for c in gf.committees()}
    if as_json:
        emit_json(found.to_dict())
    else:  # the committee by its name, its code after it ("Change Board (CB)")
        name = names.get(found.committee)
        _show(found, f"{name} ({found.committee})" if name else found.committee)


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
    as_json: AsJson = False,
) -> None:
    """Add an agenda item to a meeting.

    Example: govflow meeting item CSC_38 5 --title "DP960 conversion" --presenter SECAS
    """
    with opened(ctx) as gf:
        added = gf.add_item(code, number, title=title, presenter=presenter, text=text)
    if as_json:
        emit_json(added.to_dict())
        return
    say(f"Added item {added.number} to {code}: {added.title}")


@app.command("item-set")
def item_set(
    ctx: typer.Context,
    code: MeetingCode,
    number: Annotated[str, typer.Argument(metavar="NUMBER", help="The item number: 5 or 4.1.")],
    title: Annotated[
        str | None, typer.Option("--title", metavar="TEXT", help="A new title.")
    ] = None,
    presenter: Annotated[
        str | None, typer.Option("--presenter", metavar="NAME", help="Who presents it.")
    ] = None,
    text: Annotated[
        str | None, typer.Option("--text", metavar="TEXT", help="What the minutes say.")
    ] = None,
    as_json: AsJson = False,
) -> None:
    """Change an agenda item's title, presenter or text.

    Example: govflow meeting item-set CSC_38 5 --title "DP960 conversion to MP960"
    """
    if title is None and presenter is None and text is None:
        raise typer.BadParameter("say what to change: --title, --presenter or --text",
                                 param_hint="NUMBER")  # fmt: skip
    with opened(ctx) as gf:
        changed = gf.update_item(code, number, title=title, presenter=presenter, text=text)
    if as_json:
        emit_json(changed.to_dict())
        return
    say(f"Item {changed.number} of {code}: {changed.title}")


@app.command("list")
def list_(
    ctx: typer.Context,
    committee: Committee = None,
    as_json: AsJson = False,
    as_csv: AsCsv = False,
    limit: Limit = None,
) -> None:
    """List meetings, oldest first.

    Example: govflow meeting list --committee CSC
    """
    with opened(ctx, read_only=True) as gf:
        meetings = gf.meetings(committee)
    if as_json:
        emit_json([m.to_dict() for m in (meetings[:limit] if limit else meetings)])
        return
    rows = [(m.code, m.date, m.kind, m.status, m.paper_code) for m in meetings]
    columns = ["meeting", "date", "kind", "status", "paper code"]
    listing("Meetings", columns, rows, as_csv=as_csv, limit=limit)


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
