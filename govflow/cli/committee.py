"""``govflow committee ...``: the committees whose meetings decide on proposals."""

from __future__ import annotations

from typing import Annotated

import typer

from govflow.cli._complete import AsCsv, AsJson, complete_committee
from govflow.cli._db import opened
from govflow.cli._output import emit_json, listing, say

app = typer.Typer(add_completion=False, help="Committees: list and add them.", no_args_is_help=True)


PaperLeadDays = Annotated[
    int | None,
    typer.Option(
        "--paper-lead-days",
        metavar="N",
        min=0,
        help="Working days before a meeting that its papers go out.",
    ),
]
Cadence = Annotated[
    str | None,
    typer.Option(
        "--cadence",
        metavar="TEXT",
        help="Its usual meetings, for the planner: 'monthly 4th Wednesday', 'monthly last "
        "Friday', 'weekly Tuesday' (set: '' clears it).",
    ),
]


@app.command("list")
def list_(ctx: typer.Context, as_json: AsJson = False, as_csv: AsCsv = False) -> None:
    """List the committees (a new database has those its workflows name).

    Example: govflow committee list
    """
    with opened(ctx, read_only=True) as gf:
        committees = gf.committees()
    if as_json:
        emit_json([c.to_dict() for c in committees])
        return
    rows = [(c.code, c.name, c.paper_lead_days, c.cadence) for c in committees]
    listing(
        "Committees", ["code", "name", "paper lead days", "cadence"], rows, as_csv=as_csv, limit=0
    )


@app.command()
def add(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(metavar="CODE", help="The code papers use: OPSG, TABASC.")],
    name: Annotated[str, typer.Option("--name", metavar="TEXT", help="The full name.")],
    paper_lead_days: PaperLeadDays = None,
    cadence: Cadence = None,
    as_json: AsJson = False,
) -> None:
    """Add a committee.

    Example: govflow committee add OPSG --name "Operations Group" --paper-lead-days 5
    """
    with opened(ctx) as gf:
        added = gf.add_committee(code, name, paper_lead_days=paper_lead_days, cadence=cadence)
    if as_json:
        emit_json(added.to_dict())
        return
    say(f"Added committee {added.code}: {added.name}")


@app.command("set")
def set_(
    ctx: typer.Context,
    code: Annotated[
        str,
        typer.Argument(metavar="CODE", help="A committee code.", autocompletion=complete_committee),
    ],
    name: Annotated[str | None, typer.Option("--name", metavar="TEXT", help="A new name.")] = None,
    paper_lead_days: PaperLeadDays = None,
    cadence: Cadence = None,
    as_json: AsJson = False,
) -> None:
    """Change a committee's name, paper lead time or cadence.

    Example: govflow committee set PANEL --paper-lead-days 5
    """
    if name is None and paper_lead_days is None and cadence is None:
        raise typer.BadParameter("give --name, --paper-lead-days or --cadence", param_hint="CODE")
    with opened(ctx) as gf:
        found = gf.update_committee(
            code, name=name, paper_lead_days=paper_lead_days, cadence=cadence
        )
    if as_json:
        emit_json(found.to_dict())
        return
    lead = "not set" if found.paper_lead_days is None else f"{found.paper_lead_days} working days"
    meets = f"; meets {found.cadence}" if found.cadence else ""
    say(f"{found.code}: {found.name}; papers go out {lead} before a meeting{meets}")
