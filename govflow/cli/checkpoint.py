"""``govflow checkpoint``: sign the log's length and root hash; ``keygen`` makes the key."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from govflow.cli._db import opened
from govflow.cli._output import fail, say

app = typer.Typer(
    add_completion=False,
    help="Sign the log's length and root hash with a key kept outside the database.",
)

_KEY_HELP = "The Ed25519 private key file (made by `govflow checkpoint keygen`)."


@app.callback(invoke_without_command=True)
def checkpoint(
    ctx: typer.Context,
    key: Annotated[
        Path | None,
        typer.Option("--key", metavar="FILE", dir_okay=False, help=_KEY_HELP),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            dir_okay=False,
            help="Write the signed checkpoint here (default: standard output).",
        ),
    ] = None,
) -> None:
    """Sign the log's length and root hash with a key kept outside the database.

    The signed statement is kept in the database (exports carry the latest) and printed, or
    written to --output.

    Example: govflow --db secretariat.db checkpoint --key ~/.govflow/signing.key -o cp.json
    """
    if ctx.invoked_subcommand is not None:
        return
    if key is None:
        raise fail("give the private key with --key FILE (make one with `govflow checkpoint "
                   "keygen --key FILE`)", code=2)  # fmt: skip
    with opened(ctx) as gf:
        statement = gf.checkpoint(key)
    if output is None:
        say(statement)
        return
    from govflow.cli.export import destination

    with destination(output) as out:  # written whole or not at all
        out.write(statement + "\n")
    say(f"checkpoint written to {output}", err=True)


@app.command()
def keygen(
    key: Annotated[
        Path,
        typer.Option(
            "--key",
            metavar="FILE",
            dir_okay=False,
            help="Where to write the new private key (mode 0600; never overwritten).",
        ),
    ],
) -> None:
    """Make a new Ed25519 signing key: the private key in FILE, the public one in FILE.pub.

    Example: govflow checkpoint keygen --key ~/.govflow/signing.key
    """
    from govflow.audit.checkpoints import new_signing_key

    pair = new_signing_key(key)
    say(pair.public_key, nl=False)
    say(f"private key: {pair.key_file} (keep it outside the database); public key: "
        f"{pair.public_key_file}", err=True)  # fmt: skip
