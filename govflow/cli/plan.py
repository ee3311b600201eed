"""``govflow plan``: what happens next to a proposal and when at the earliest; the portfolio."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from govflow.cli._complete import AsCsv, AsJson, Limit, complete_reference
from govflow.cli._db import opened
from govflow.cli._output import emit_json, listing, say, table
from govflow.cli.proposal_reads import AsOf, KnownOn

if TYPE_CHECKING:
    from govflow.planning.model import Plan, PlannedStep, RoutePlan, TargetCheck
    from govflow.planning.portfolio import PortfolioRow

_SORTS = ("reference", "next", "live", "risk")


def plan(
    ctx: typer.Context,
    reference: Annotated[
        str | None,
        typer.Argument(
            metavar="[REF]", help="The proposal: MP122, DP960...", autocompletion=complete_reference
        ),
    ] = None,
    every: Annotated[
        bool, typer.Option("--all", help="Every open proposal, one line each (the portfolio).")
    ] = False,
    what_if: Annotated[
        list[str] | None,
        typer.Option(
            "--if",
            metavar="'STEP on DATE'",
            help="Plan as if this step happened (a trigger or milestone; repeatable); "
            "nothing is written.",
        ),
    ] = None,
    target: Annotated[
        list[str] | None,
        typer.Option(
            "--target",
            metavar="RELEASE",
            help="Is this release reachable? If not, which step makes it late (repeatable).",
        ),
    ] = None,
    as_of: AsOf = None,
    known_on: KnownOn = None,
    on: Annotated[
        str | None,
        typer.Option("--on", metavar="DATE", help="Plan from this day (default: today)."),
    ] = None,
    sort: Annotated[
        str,
        typer.Option("--sort", metavar="KEY", help="With --all: reference, next, live or risk."),
    ] = "reference",
    as_json: AsJson = False,
    as_csv: AsCsv = False,
    limit: Limit = None,
) -> None:
    """What happens next to a proposal, and when at the earliest, with the reason for each date.

    Example: govflow plan MP902 --target "November 2022" --if "send_to_report on 21 Jan 2022"
    """
    if every == (reference is not None):
        raise typer.BadParameter("name one proposal, or give --all", param_hint="REF")
    if every:
        return _portfolio(ctx, as_of, on, sort, as_json, as_csv, limit, bool(what_if or target))
    assert reference is not None
    with opened(ctx, read_only=True) as gf:
        found = gf.plan(reference, as_of=as_of, known_on=known_on, assume=what_if or [],
                        target=target or [], today=on)  # fmt: skip
    if as_json:
        emit_json(found.to_dict())
        return
    _show(found)


def _show(found: Plan) -> None:
    when = f"as it stood on {found.as_of}" if found.as_of else f"from {found.start}"
    known = f", as recorded by {found.known_on}" if found.known_on else ""
    stage = found.stage_label or found.stage or "not raised yet"
    say(f"{found.reference} ({stage}), planned {when}{known}")
    for step in found.assumed_words or found.assumed:
        say(f"  what if: {step} (not written)")
    if found.terminal:
        say("Nothing to plan: it is in a terminal stage.")
        return
    for route in found.routes:
        _route(route)
    for check in found.targets:
        say(_target(check))


def _route(route: RoutePlan) -> None:
    path = route.path or "not on record"
    say(f"\nPath {path}{' (assumed: not on record)' if route.path_assumed else ''}:")
    if not route.steps and route.stops is None:
        say("  Nothing left to plan.")
    if route.steps:
        table(None, ["earliest", "step", "meeting", "why"], [_row(s) for s in route.steps])
    if route.stops:
        say(f"  The plan stops: {route.stops}")


def _row(s: PlannedStep) -> tuple[str, str, str, str]:
    when = "no date" if s.earliest is None else s.earliest.isoformat()
    if s.latest is not None:
        when += f" to {s.latest}"
    if s.assumed and s.earliest is not None:
        when += " (assumed)"
    what = f"{s.label} ({s.name})" if s.label and s.label != s.name else s.name
    what += (" [decision]" if s.decision else "") + (" [live]" if s.implementation else "")
    return when, what, s.meeting or s.release or "", s.reason


def _target(c: TargetCheck) -> str:
    head = f"Target {c.release} ({c.on}), path {c.path or '-'}: "
    if c.reachable:
        return head + "reachable."
    if c.reachable is None:
        return head + f"cannot be judged ({c.why})."
    by = f" by {c.late_by} working days" if c.late_by is not None else ""
    return head + f"out of reach: {c.late_label or c.late_step} makes it late{by} ({c.why})."


def _portfolio(
    ctx: typer.Context, as_of: str | None, on: str | None, sort: str, as_json: bool,
    as_csv: bool, limit: int | None, single_only: bool,
) -> None:  # fmt: skip
    if single_only:
        raise typer.BadParameter("--if and --target plan one proposal", param_hint="'--all'")
    if sort not in _SORTS:
        raise typer.BadParameter(f"sort by {', '.join(_SORTS)}", param_hint="'--sort'")
    with opened(ctx, read_only=True) as gf:
        rows = sorted(gf.plan_portfolio(as_of=as_of, today=on), key=_KEYS[sort])
    if as_json:
        emit_json([r.to_dict() for r in (rows[:limit] if limit else rows)])
        return
    columns = ["proposal", "stage", "path", "next step", "earliest", "decision", "live",
               "release", "target", "at risk"]  # fmt: skip
    listing("Plan", columns, [_line(r) for r in rows], as_csv=as_csv, limit=limit)


def _line(r: PortfolioRow) -> list[Any]:
    risk = "" if r.at_risk is None else ("yes" if r.at_risk else "no")
    return [r.reference, r.stage_label or r.stage, r.path or "", r.next_label or r.next_step or "",
            r.next_on, r.decision_on,
            r.live_on, r.release or "", r.target or "", risk]  # fmt: skip


def _date_key(value: Any) -> str:
    return value.isoformat() if value is not None else "9999"


_KEYS: dict[str, Any] = {
    "reference": lambda r: 0,  # the portfolio comes in reference order
    "next": lambda r: _date_key(r.next_on),
    "live": lambda r: _date_key(r.live_on),
    # at risk first, then on target, then those with no target (or none judged)
    "risk": lambda r: ({True: 0, False: 1, None: 2}[r.at_risk], _date_key(r.live_on)),
}
