"""``govflow proposal show|history|next|list``: reading proposals (registered on the group in
``cli/proposal.py``)."""

from __future__ import annotations

from typing import Annotated

import typer

from govflow.cli._complete import (
    AsCsv,
    AsJson,
    Committee,
    Limit,
    Reference,
    StageFilter,
    WorkflowOption,
)
from govflow.cli._db import opened
from govflow.cli._output import count, default_limit, emit_json, listing, say
from govflow.cli._render import (
    HISTORY_COLUMNS,
    REGISTER_COLUMNS,
    history_rows,
    next_steps_table,
    register_rows,
    show_proposal,
    when,
)

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
        wf = gf.registry.get(view.workflow, view.workflow_version)
    if as_json:
        emit_json(view.to_dict())
    else:
        show_proposal(view, wf)


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
    as_csv: AsCsv = False,
    limit: Limit = None,
) -> None:
    """List a proposal's events in the order they happened, corrections applied.

    Example: govflow proposal history MP099 --as-recorded
    """
    with opened(ctx, read_only=True) as gf:
        events = gf.history(reference, as_of=as_of, known_on=known_on, as_recorded=as_recorded)
        registry = gf.registry
    if as_json:
        emit_json([e.to_dict() for e in (events[:limit] if limit else events)])
    else:
        from govflow.workflow.words import workflow_of

        rows = history_rows(events, workflow_of(events, registry))
        listing(f"History of {reference}", HISTORY_COLUMNS, rows, as_csv=as_csv, limit=limit)


NextOn = Annotated[
    str | None,
    typer.Option(
        "--on", metavar="DATE",
        help="On that day (default today): what an advance dated then would be allowed.",
    ),
]  # fmt: skip


def next_(
    ctx: typer.Context, reference: Reference, on: NextOn = None, as_json: AsJson = False
) -> None:
    """Show what can happen to a proposal now (or on a day), and what is blocked and why.

    Example: govflow proposal next MP171 --on 2021-05-26
    """
    with opened(ctx, read_only=True) as gf:
        steps = gf.next_steps(reference, on=on)
    if as_json:
        emit_json(steps.to_dict())
    elif steps.terminal:
        say(f"{steps.reference} is {steps.stage_label} ({steps.stage}), a terminal stage: "
            "nothing can happen.")  # fmt: skip
    else:
        when = f" on {on}" if on is not None else ""
        say(f"{steps.reference} is in {steps.stage_label} ({steps.stage}){when}.")
        next_steps_table("Allowed", steps.allowed, blocked=False)
        next_steps_table("Blocked", steps.blocked, blocked=True)
        said = steps.milestone_words or steps.milestones
        say(f"Milestones recordable now: {'; '.join(said) or 'none'}")
        if steps.blocked or any(o.unchecked for o in steps.allowed):
            ref = steps.reference
            say(
                f"The route and flags are set with `govflow proposal route {ref} --route NAME "
                "--flag NAME`; "
                f"milestones are recorded with `govflow proposal record {ref} MILESTONE`."
            )


DateFilter = Annotated[str | None, typer.Option(metavar="DATE", help="Only with an event then.")]


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
    as_csv: AsCsv = False,
    limit: Limit = None,
) -> None:
    """List proposals, or the register as it stood on a day (--as-of, --known-on).

    Example: govflow proposal list --as-of 2021-05-01 --known-on 2021-05-03
    """
    if as_of is not None or known_on is not None:
        shape = _Shape(as_json, as_csv, limit)
        _register(ctx, (as_of, known_on), stage, workflow, [committee, since, until], shape)
        return
    wanted = default_limit(limit)
    with opened(ctx, read_only=True) as gf:  # one more than shown, to know whether there are more
        views = gf.proposals(stage=stage, workflow=workflow, committee=committee, since=since,
                             until=until, limit=wanted + 1 if wanted else None)  # fmt: skip
    more = bool(wanted) and len(views) > wanted
    views = views[:wanted] if more else views
    if as_json:
        emit_json([v.to_dict() for v in views])
        return
    rows = [
        (v.reference, v.stage_label or v.stage, v.path,
         when(e.occurred_on, e.date_precision, e.implied) if (e := v.last_event) else "", v.title)
        for v in views
    ]  # fmt: skip
    columns = ["reference", "stage", "route", "last event", "title"]
    title = count(len(views), "proposal") + (" (the first)" if more else "")
    listing(title, columns, rows, as_csv=as_csv, limit=0)
    if more:
        say("... and more; --limit N shows N, --limit 0 all of them", err=True)


class _Shape:
    """How to print records: JSON, CSV, at most ``limit`` rows (a plain class: a dataclass
    would be built at every start of the CLI's proposal commands)."""

    __slots__ = ("as_csv", "as_json", "limit")

    def __init__(self, as_json: bool, as_csv: bool, limit: int | None) -> None:
        self.as_json, self.as_csv, self.limit = as_json, as_csv, limit


def _register(
    ctx: typer.Context,
    when: tuple[str | None, str | None],
    stage: str | None,
    workflow: str | None,
    unsupported: list[str | None],
    shape: _Shape,
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
        registry = gf.registry
    if shape.as_json:
        emit_json([r.to_dict() for r in (rows[: shape.limit] if shape.limit else rows)])
    else:
        known = f", as recorded by {known_on}" if known_on else ""
        title = f"Register as of {as_of or 'today'}{known}"
        cells = register_rows(rows, registry, standing=not shape.as_csv)
        listing(title, REGISTER_COLUMNS, cells, as_csv=shape.as_csv, limit=shape.limit)
