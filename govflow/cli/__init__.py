"""The ``govflow`` command line: a thin shell over the library (the only place importing typer).

Each command parses its arguments, calls one library function and renders the result. Errors from
the library (:class:`~govflow.errors.GovflowError`) are turned into ``Error: ...`` on stderr and
exit code 1 here, once; misuse of the command line exits 2 (Typer's own handling).
"""

from __future__ import annotations

from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from govflow import __version__
from govflow.cli import (
    admin,
    committee,
    export,
    importing,
    meeting,
    minutes,
    planning,
    proposal,
    workflow,
)
from govflow.errors import GovflowError


class _Group(TyperGroup):
    """The root group: translates library errors into a message and exit code 1."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except GovflowError as exc:
            typer.echo(f"Error: {exc}", err=True)
            raise typer.Exit(1) from None


app = typer.Typer(
    cls=_Group,
    name="govflow",
    help="Governance workflows for GB energy industry-code change proposals.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    # Plain help: Typer's rich help renderer costs more to import than Typer itself, and
    # `govflow --help` must answer about as fast as `import typer`.
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.command("init")(admin.init)
app.add_typer(proposal.app, name="proposal")
app.add_typer(committee.app, name="committee")
app.add_typer(meeting.app, name="meeting")
app.add_typer(workflow.app, name="workflow")
app.add_typer(export.app, name="export")
app.command("verify")(admin.verify)
app.command("demo")(admin.demo)
app.add_typer(minutes.app, name="minutes")
app.add_typer(minutes.actions_app, name="action")
app.command("due")(planning.due)
app.add_typer(planning.calendar_app, name="calendar")
app.add_typer(importing.app, name="import")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"govflow {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            envvar="GOVFLOW_DB",
            help="Database file path or SQLAlchemy URL (default: the per-user data folder).",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Governance workflows for GB energy industry-code change proposals."""
    ctx.obj = {"db": db}


def main() -> None:
    app()
