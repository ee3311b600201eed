"""Shell completion, and the argument and option types that carry it (shared by the commands).

Stage, trigger and milestone names come from the shipped workflows; references, meeting and
committee codes from the database the command line points at. A completion runs inside the
user's shell on every TAB: it never raises and never creates a database (an empty list is the
answer to anything that goes wrong).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from govflow.cli._db import target, workflow_folders

if TYPE_CHECKING:
    from govflow.service import Govflow
    from govflow.workflow.definition import Workflow


def _workflows(ctx: typer.Context | None = None) -> tuple[Workflow, ...]:
    """The shipped workflows and those of --workflows / GOVFLOW_WORKFLOWS."""
    from govflow.workflow.registry import from_env

    return _loaded(tuple(workflow_folders(ctx)) if ctx is not None else tuple(from_env()))


@lru_cache(maxsize=4)
def _loaded(folders: tuple[str, ...]) -> tuple[Workflow, ...]:
    from govflow.workflow.registry import Registry

    return tuple(Registry.shipped(extra=folders).all())


def _matching(values: Iterable[str], incomplete: str) -> list[str]:
    folded = incomplete.casefold()
    return sorted({v for v in values if v.casefold().startswith(folded)})


def _names(
    ctx: typer.Context, pick: Callable[[Workflow], Iterable[str]], incomplete: str
) -> list[str]:
    try:
        return _matching((name for wf in _workflows(ctx) for name in pick(wf)), incomplete)
    except Exception:  # a broken workflow file must not break the shell
        return []


def complete_workflow(ctx: typer.Context, incomplete: str) -> list[str]:
    """Workflow names (here rather than in ``cli/workflow.py``, so that a command taking
    ``--workflow`` does not build the ``workflow`` group)."""
    try:
        names = {wf.name for wf in _workflows(ctx)}
    except Exception:  # a broken workflow file must not break the shell
        return []
    return sorted(n for n in names if n.startswith(incomplete))


def complete_stage(ctx: typer.Context, incomplete: str) -> list[str]:
    return _names(ctx, lambda wf: wf.state_names, incomplete)


def complete_trigger(ctx: typer.Context, incomplete: str) -> list[str]:
    return _names(ctx, lambda wf: wf.triggers, incomplete)


def complete_milestone(ctx: typer.Context, incomplete: str) -> list[str]:
    return _names(ctx, lambda wf: (m.name for m in wf.milestones), incomplete)


def _concerned(ctx: typer.Context) -> list[Workflow]:
    """The workflows a command line is about: the one --workflow names, else those using the
    reference's prefix, else every one loaded."""
    from govflow.workflow.references import parse_reference

    loaded = list(_workflows(ctx))
    named = ctx.params.get("workflow")
    if named:
        return [wf for wf in loaded if wf.name == named]
    try:
        prefix = parse_reference(str(ctx.params.get("reference") or "")).prefix
    except Exception:  # no reference yet, or not one: every workflow
        return loaded
    return [wf for wf in loaded if wf.references.prefix(prefix)] or loaded


def complete_route(ctx: typer.Context, incomplete: str) -> list[str]:
    try:
        return _matching((r for wf in _concerned(ctx) for r in wf.paths), incomplete)
    except Exception:
        return []


def complete_flag(ctx: typer.Context, incomplete: str) -> list[str]:
    try:
        return _matching((f for wf in _concerned(ctx) for f in wf.flags), incomplete)
    except Exception:
        return []


def _existing_db(ctx: typer.Context) -> Govflow | None:
    """The service over the command line's database, or None when there is none yet."""
    from govflow.service import open_db
    from govflow.store.database import ENV_VAR, default_path

    value = target(ctx) or os.environ.get(ENV_VAR) or str(default_path())
    if "://" not in value and not Path(value).expanduser().is_file():
        return None
    return open_db(value, read_only=True, workflows=workflow_folders(ctx))


def _from_db(ctx: typer.Context, pick: Callable[[Govflow], Iterable[str]]) -> list[str]:
    try:
        gf = _existing_db(ctx)
        if gf is None:
            return []
        try:
            return list(pick(gf))
        finally:
            gf.close()
    except Exception:  # no database, an old schema, a server down: nothing to offer
        return []


def complete_reference(ctx: typer.Context, incomplete: str) -> list[str]:
    found = _from_db(ctx, lambda gf: [a for p in gf.proposals() for a in p.aliases])
    return _matching(found, incomplete)


def complete_meeting(ctx: typer.Context, incomplete: str) -> list[str]:
    found = _from_db(ctx, lambda gf: [m.code for m in gf.meetings()])
    return _matching(found, incomplete)


def complete_committee(ctx: typer.Context, incomplete: str) -> list[str]:
    found = _from_db(ctx, lambda gf: [c.code for c in gf.committees()])
    return _matching(found, incomplete)


# -- argument and option types --------------------------------------------------------------------
def _option(name: str, metavar: str, help: str, complete: Callable[..., Any] | None = None) -> Any:
    return typer.Option(name, metavar=metavar, help=help, autocompletion=complete)


def _check_stage(ctx: typer.Context, value: str | None) -> str | None:
    """Refuse a stage no shipped workflow has (a filter on it would silently match nothing)."""
    from govflow.errors import hint

    stages = sorted({s for wf in _workflows(ctx) for s in wf.state_names})
    if value is not None and stages and value not in stages:
        raise typer.BadParameter(f"unknown stage {value!r}{hint(value, stages)}; stages: "
                                 f"{', '.join(stages)}")  # fmt: skip
    return value


DATE_HELP = "2021-05-24 or 24 May 2021"
Reference = Annotated[
    str,
    typer.Argument(
        metavar="REF", help="The proposal: MP122, DP960, SECMP0116...",
        autocompletion=complete_reference,
    ),
]  # fmt: skip
MeetingCode = Annotated[
    str,
    typer.Argument(
        metavar="CODE", help="The meeting: OPSG_49 (or OPSG 49, OPSG/49).",
        autocompletion=complete_meeting,
    ),
]  # fmt: skip
On = Annotated[
    str | None,
    _option("--on", "DATE", f"When: {DATE_HELP} (default: the meeting's date, or today)."),
]
Until = Annotated[str | None, _option("--until", "DATE", "The last day of a period.")]
Meeting = Annotated[
    str | None,
    _option("--meeting", "CODE", "The meeting: CSC_38 (or CSC 38, CSC/38).", complete_meeting),
]
Item = Annotated[str | None, _option("--item", "N", "The agenda item: 5 or 4.1 (with --meeting).")]
By = Annotated[str | None, _option("--by", "NAME", "Who did it (recorded as the actor).")]
Note = Annotated[str | None, _option("--note", "TEXT", "A note for the record.")]
Override = Annotated[
    str | None, _option("--override", "REASON", "Set the rules aside, saying why (recorded).")
]
StageOption = Annotated[str | None, _option("--stage", "STAGE", "A stage name.", complete_stage)]
StageFilter = Annotated[
    str | None,
    typer.Option("--stage", metavar="STAGE", help="Only proposals in this stage.",
                 autocompletion=complete_stage, callback=_check_stage),
]  # fmt: skip
WorkflowOption = Annotated[
    str | None, _option("--workflow", "NAME", "A workflow name.", complete_workflow)
]
Committee = Annotated[
    str | None,
    _option("--committee", "CODE", "A committee code: CSC, PANEL...", complete_committee),
]
ROUTE_HELP = "(`govflow workflow show NAME` lists its routes and flags)"
RouteOption = Annotated[
    str | None,
    _option("--route", "NAME", f"A route the proposal's workflow declares {ROUTE_HELP}.",
            complete_route),
]  # fmt: skip
FlagOption = Annotated[
    list[str] | None,
    _option("--flag", "NAME", f"Set a flag the workflow declares (repeatable) {ROUTE_HELP}.",
            complete_flag),
]  # fmt: skip
NoFlagOption = Annotated[
    list[str] | None,
    _option("--no-flag", "NAME", "Clear a flag (repeatable).", complete_flag),
]
UnknownFlagOption = Annotated[
    list[str] | None,
    _option("--flag-not-on-record", "NAME",
            "Record a flag as not on record: neither set nor clear (repeatable).", complete_flag),
]  # fmt: skip
PathOption = Annotated[
    str | None, _option("--path", "N", "A numbered route: --path 3 is --route 3.", complete_route)
]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON (shapes in docs/cli.md).")]
AsCsv = Annotated[bool, typer.Option("--csv", help="Print CSV: a header line, then the rows.")]
Limit = Annotated[
    int | None,
    typer.Option(
        "--limit", "-n", metavar="N", min=0,
        help="Show at most N rows (0: all; default 100 on a terminal, all when piped).",
    ),
]  # fmt: skip
Title = Annotated[str, typer.Option("--title", metavar="TEXT", help="The title.")]
Proposer = Annotated[str | None, _option("--proposer", "NAME", "Who proposes it.")]
FastTrack = Annotated[bool, typer.Option("--fast-track", help="Same as --flag fast_track.")]
Urgent = Annotated[bool, typer.Option("--urgent", help="Same as --flag urgent.")]
Trigger = Annotated[
    str | None,
    typer.Argument(
        metavar="TRIGGER", help="What happened: submit, convert...", autocompletion=complete_trigger
    ),
]
ToStage = Annotated[
    str | None, _option("--to", "STAGE", "The stage to move to, not a trigger.", complete_stage)
]
MilestoneName = Annotated[
    str,
    typer.Argument(
        metavar="MILESTONE", help="The milestone reached.", autocompletion=complete_milestone
    ),
]
RequiredMeeting = Annotated[
    str, _option("--meeting", "CODE", "The meeting: CSC_38 (or CSC 38, CSC/38).", complete_meeting)
]
