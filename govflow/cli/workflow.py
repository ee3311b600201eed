"""``govflow workflow ...``: list, show, diagram and check workflow definitions."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from govflow.cli._complete import complete_workflow
from govflow.cli._output import emit_json, fields, listing, say, table

if TYPE_CHECKING:
    from govflow.workflow.registry import Registry

app = typer.Typer(
    add_completion=False,
    help="Workflow definitions: list, show, draw and check them.",
    no_args_is_help=True,
)


def _registry(ctx: typer.Context) -> Registry:
    """The shipped workflows and those of --workflows / GOVFLOW_WORKFLOWS."""
    from govflow.cli._db import workflow_folders
    from govflow.workflow.registry import Registry

    return Registry.shipped(extra=workflow_folders(ctx))


WorkflowName = Annotated[
    str, typer.Argument(help="Workflow name.", autocompletion=complete_workflow)
]
Version = Annotated[int | None, typer.Option("--version", help="A version (default: the latest).")]


@app.command("list")
def list_(
    ctx: typer.Context,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print JSON (shapes in docs/cli.md).")
    ] = False,
    as_csv: Annotated[
        bool, typer.Option("--csv", help="Print CSV: a header line, then the rows.")
    ] = False,
) -> None:
    """List the workflows (shipped, and --workflows). Example: govflow workflow list"""
    found = _registry(ctx).all()
    if as_json:
        emit_json([{"name": wf.name, "version": wf.version, "in_force_from": wf.in_force_from,
                    "code": wf.references.code, "title": wf.title} for wf in found])  # fmt: skip
        return
    rows = [
        (wf.name, wf.version, wf.in_force_from.isoformat(), wf.references.code, wf.title)
        for wf in found
    ]
    columns = ["name", "version", "in force from", "code", "title"]
    listing("Workflows", columns, rows, as_csv=as_csv, limit=0)


@app.command()
def show(
    ctx: typer.Context,
    name: WorkflowName,
    version: Version = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """Show a workflow's states, transitions, rules and milestones.

    Example: govflow workflow show sec-modification
    """
    from govflow.workflow.describe import workflow_to_dict
    from govflow.workflow.references import reference_forms

    wf = _registry(ctx).get(name, version)
    if as_json:
        emit_json(workflow_to_dict(wf))
        return
    fields(
        [
            ("workflow", f"{wf.name} (version {wf.version}, in force from {wf.in_force_from})"),
            ("title", wf.title),
            ("initial", wf.initial),
            ("prefixes", ", ".join(p.prefix or "(a bare number)" for p in wf.references.prefixes)),
            ("forms", ", ".join(reference_forms(wf.references))),
        ]
    )
    table(
        "States",
        ["state", "label", "body", "steps", "terminal"],
        [
            (s.name, s.label, s.body, ", ".join(st.label for st in s.steps), "yes" * s.terminal)
            for s in wf.states
        ],
    )
    table(
        "Transitions",
        ["trigger", "from", "to", "body", "requires"],
        [
            (t.trigger, ", ".join(t.sources), t.dest, t.body,
             "; ".join(r.describe() for r in t.requires))
            for t in wf.transitions
        ],
    )  # fmt: skip
    table(
        "Milestones",
        ["milestone", "label", "body", "in stages", "working days"],
        [
            (m.name, m.label, m.body, ", ".join(m.states) or "any open",
             m.deadline.working_days if m.deadline else "")
            for m in wf.milestones
        ],
    )  # fmt: skip


@app.command()
def diagram(
    ctx: typer.Context,
    name: WorkflowName,
    version: Version = None,
    format_: Annotated[str, typer.Option("--format", help="Diagram format (mermaid).")] = "mermaid",
    highlight: Annotated[
        str | None, typer.Option("--highlight", help="A state to highlight.")
    ] = None,
) -> None:
    """Draw a workflow as a Mermaid stateDiagram-v2.

    Example: govflow workflow diagram sec-modification --highlight refinement
    """
    from govflow.errors import InvalidInput, hint
    from govflow.workflow.describe import mermaid

    if format_ != "mermaid":
        raise typer.BadParameter(
            f"unknown format {format_!r}; allowed: mermaid", param_hint="--format"
        )
    wf = _registry(ctx).get(name, version)
    if highlight is not None and wf.state(highlight) is None:
        raise InvalidInput(
            f"unknown state {highlight!r}{hint(highlight, wf.state_names)} for --highlight; "
            f"states: {', '.join(wf.state_names)}"
        )
    say(mermaid(wf, highlight), nl=False)


@app.command()
def check(
    ctx: typer.Context,
    files: Annotated[
        list[Path] | None,
        typer.Argument(help="Workflow files (default: the shipped workflows).", exists=True),
    ] = None,
) -> None:
    """Check workflow files; exit 1 if any has problems.

    Example: govflow workflow check my-code.yaml
    """
    from govflow.cli._db import workflow_folders
    from govflow.workflow.registry import check_files, expand, workflow_files

    defaults = [*workflow_files(), *expand(workflow_folders(ctx))]
    failures = 0
    for path, problem in check_files(files or defaults):
        if problem is None:
            say(f"ok: {path}")
        else:
            failures += 1
            say(str(problem), err=True)
    if failures:
        raise typer.Exit(1)


@app.command()
def migrate(
    ctx: typer.Context,
    name: WorkflowName,
    from_version: Annotated[int, typer.Option("--from", help="The version they are pinned to.")],
    to_version: Annotated[int, typer.Option("--to", help="The version to move them to.")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Only list what would move and what cannot.")
    ] = False,
    on: Annotated[
        str | None, typer.Option("--on", help="The date of the migration (default: today).")
    ] = None,
    actor: Annotated[
        str | None, typer.Option("--by", help="Who did it (recorded as the actor).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """Move a version's open proposals to a later version, by the stage mapping it declares
    (`migrates_from`); closed proposals stay pinned. All or nothing.

    Example: govflow workflow migrate sec-modification --from 0 --to 1 --dry-run
    """
    from govflow.cli._db import opened

    with opened(ctx) as gf:
        result = gf.migrate(name, from_version, to_version, dry_run=dry_run, on=on, actor=actor)
    if as_json:
        emit_json(result.to_dict())
        return
    verb = "would move" if dry_run else "moved"
    counts = (len(result.moved), len(result.refused), len(result.pinned))
    say(f"{name} version {from_version} -> {to_version}: {verb} {counts[0]}, cannot move "
        f"{counts[1]}, closed (stay pinned) {counts[2]}")  # fmt: skip
    if result.moved:
        title = "Would move" if dry_run else "Moved"
        table(title, ["proposal", "from", "to"], result.moved)
    if result.refused:
        table("Cannot move", ["proposal", "stage", "why"], result.refused)
