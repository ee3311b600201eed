"""``govflow token add|list|revoke|reading``: who may use ``govflow serve``, and whether reading
needs a token."""

from __future__ import annotations

from typing import Annotated

import typer

from govflow.cli._complete import AsJson
from govflow.cli._db import opened
from govflow.cli._output import emit_json, listing, say

app = typer.Typer(
    add_completion=False,
    help="Tokens for govflow serve: add, list and revoke them; set whether reading needs one.",
)

Role = Annotated[
    str,
    typer.Option("--role", metavar="ROLE", help="reader, secretariat (writes) or admin."),
]


@app.command()
def add(ctx: typer.Context, name: str, role: Role, as_json: AsJson = False) -> None:
    """Make a token; its secret is printed once and only its hash is kept.

    Example: govflow token add "CSC secretariat" --role secretariat
    """
    with opened(ctx) as gf:
        made = gf.add_token(name, role=role)
    if as_json:
        emit_json(made.to_dict())
        return
    say(made.secret)
    say(f"token {made.token.name!r} ({made.token.role}) made; the secret above is shown this "
        "once: keep it somewhere safe", err=True)  # fmt: skip


@app.command("list")
def list_(ctx: typer.Context, as_json: AsJson = False) -> None:
    """List the tokens (names, roles, first characters; never the secrets).

    Example: govflow token list
    """
    with opened(ctx, read_only=True) as gf:
        found = gf.tokens()
    if as_json:
        emit_json([t.to_dict() for t in found])
        return
    rows = [(t.name, t.role, t.hint + "...", t.created_at.date(),
             t.revoked_at.date() if t.revoked_at else "") for t in found]  # fmt: skip
    listing("Tokens", ["name", "role", "starts", "created", "revoked"], rows, as_csv=False,
            limit=0)  # fmt: skip


@app.command()
def revoke(ctx: typer.Context, name: str) -> None:
    """Revoke a token: govflow serve refuses it from now on.

    Example: govflow token revoke "CSC secretariat"
    """
    with opened(ctx) as gf:
        token = gf.revoke_token(name)
    say(f"token {token.name!r} revoked")


@app.command()
def reading(
    ctx: typer.Context,
    mode: Annotated[
        str | None, typer.Argument(metavar="[public|token]", help="Set it (else show it).")
    ] = None,
) -> None:
    """Show or set whether reading (the API's reads, the pages) is public or needs a token.

    Example: govflow token reading token
    """
    if mode is None:
        with opened(ctx, read_only=True) as gf:
            say(gf.reading())
        return
    if mode not in ("public", "token"):
        raise typer.BadParameter("must be public or token", param_hint="'MODE'")
    with opened(ctx) as gf:
        say(f"reading: {gf.set_reading(mode)}")
