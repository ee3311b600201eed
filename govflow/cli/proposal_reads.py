"""``govflow proposal show|history|next|list``: a proposal and the register, now or as of a day.

These commands join the ``proposal`` group defined in :mod:`govflow.cli.proposal`.
"""

from __future__ import annotations

from typing import Annotated

import typer

from govflow.cli._complete import AsJson, Committee, Reference, StageFilter, WorkflowOption
from govflow.cli._db import opened
from govflow.cli._output import emit_json, say, table
from govflow.cli._render import history_table, next_steps_table, register_table, show_proposal
from govflow.cli.proposal import app

AsOf = Annotated[
    str | None,
    typer.Option("--as-of", metavar="DATE", help="As it stood at the end of that day."),
]
KnownOn = Annotated[
    str | None,
    typer.Option(
        "--known-on", metavar="DATE", help="From what had been recorded by that day (UTC)."
    ),
]


@app.command()
def show(
    ctx: typer.Context,
    reference: Reference,
    as_of: AsOf = None,
    known_on: KnownOn = None,
    as_json: AsJson = False,
) -> None:
    """Show a proposal: stage, route, milestones, releases, last event (now, or --as-of a day).

    Example: govflow proposal show MP099 --as-of 2021-05-01
    """
    with opened(ctx, read_only=True) as gf:
        view = gf.proposal(reference, as_of=as_of, known_on=known_on)
    if as_json:
        emit_json(view.to_dict())
    else:
        show_proposal(view)


@app.command()
def history(
    ctx: typer.Context,
    reference: Reference,
    as_of: AsOf = None,
    known_on: KnownOn = None,
    as_recorded: Annotated[
        bool,
        typer.Option(
            "--as-recorded", help="The chain itself: in recording order, original values."
        ),
    ] = False,
    as_json: AsJson = False,
) -> None:
    """List a proposal's events in the order they happened, corrections applied.

    Example: govflow proposal history MP099 --as-recorded
    """
    with opened(ctx, read_only=True) as gf:
        events = gf.history(reference, as_of=as_of, known_on=known_on, as_recorded=as_recorded)
    if as_json:
        emit_json([e.to_dict() for e in events])
    else:
        history_table(f"History of {reference}", events)


@app.command("next")
def next_(ctx: typer.Context, reference: Reference, as_json: AsJson = False) -> None:
    """Show what can happen to a proposal now, and what is blocked and why.

    Example: govflow proposal next MP171
    """
    with opened(ctx, read_only=True) as gf:
        steps = gf.next_steps(reference)
    if as_json:
        emit_json(steps.to_dict())
    elif steps.terminal:
        say(f"{steps.reference} is {steps.stage!r}, a terminal stage: nothing can happen.")
    else:
        say(f"{steps.reference} is in {steps.stage!r}.")
        next_steps_table("Allowed", steps.allowed, blocked=False)
        next_steps_table("Blocked", steps.blocked, blocked=True)
        say(f"Milestones recordable now: {', '.join(steps.milestones) or 'none'}")


DateFilter = Annotated[str | None, typer.Option(metavar="DATE", help="Only with an event then.")]


@app.command("list")
def list_(
    ctx: typer.Context,
    stage: StageFilter = None,
    workflow: WorkflowOption = None,
    committee: Committee = None,
    since: DateFilter = None,
    until: DateFilter = None,
    as_of: AsOf = None,
    known_on: KnownOn = None,
    as_json: AsJson = False,
) -> None:
    """List proposals, or the register as it stood on a day (--as-of, --known-on).

    Example: govflow proposal list --as-of 2021-05-01 --known-on 2021-05-03
    """
    if as_of is not None or known_on is not None:
        when = (as_of, known_on)
        _register(ctx, when, stage, workflow, [committee, since, until], as_json)
        return
    with opened(ctx, read_only=True) as gf:
        views = gf.proposals(
            stage=stage, workflow=workflow, committee=committee, since=since, until=until
        )
    if as_json:
        emit_json([v.to_dict() for v in views])
        return
    rows = [
        (v.reference, v.stage, v.path, v.last_event.occurred_on if v.last_event else "", v.title)
        for v in views
    ]
    table("Proposals", ["reference", "stage", "path", "last event", "title"], rows)


def _register(
    ctx: typer.Context,
    when: tuple[str | None, str | None],
    stage: str | None,
    workflow: str | None,
    unsupported: list[str | None],
    as_json: bool,
) -> None:
    if any(v is not None for v in unsupported):
        raise typer.BadParameter(
            "the register on a day takes --stage and --workflow, not --committee, --since or "
            "--until",
            param_hint="'--as-of'",
        )
    as_of, known_on = when
    with opened(ctx, read_only=True) as gf:
        rows = [
            r for r in gf.register(as_of, known_on=known_on)
            if (stage is None or r.stage == stage) and (workflow is None or r.workflow == workflow)
        ]  # fmt: skip
    if as_json:
        emit_json([r.to_dict() for r in rows])
    else:
        known = f", as recorded by {known_on}" if known_on else ""
        register_table(f"Register as of {as_of or 'today'}{known}", rows)
