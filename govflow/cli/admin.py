"""Root-level commands: ``govflow init``, ``govflow verify`` and ``govflow demo``."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Annotated

import typer

from govflow.cli._db import location, opened, target
from govflow.cli._output import count as count_of
from govflow.cli._output import emit_json, fail, is_terminal, progress_bar, say, table
from govflow.cli._render import history_table, register_table

DEMO_FILE = "govflow-demo.db"


def _revision_before(db: str | None) -> str | None:
    """The schema revision of the database before ``init`` touches it (None: empty or new)."""
    from govflow.store import database

    engine = database.make_engine(db)
    try:
        return database.current_revision(engine)
    finally:
        engine.dispose()


def init(ctx: typer.Context) -> None:
    """Create or upgrade the database, and say where it is.

    Example: govflow --db secretariat.db init
    """
    from govflow.store.database import current_revision

    before = _revision_before(target(ctx))
    with opened(ctx) as gf:
        after = current_revision(gf.engine)
        where = location(gf)
    if before is None:
        done = "created"
    elif before != after:
        done = f"upgraded from {before}"
    else:
        done = "already up to date"
    say(f"database: {where}")
    say(f"schema:   {after} ({done})")


def verify(
    ctx: typer.Context,
    file: Annotated[
        Path | None,
        typer.Option(
            "--file",
            exists=True,
            dir_okay=False,
            metavar="EXPORT.jsonl",
            help="Check a JSONL audit export on its own, without the database.",
        ),
    ] = None,
    checkpoint: Annotated[
        Path | None,
        typer.Option("--checkpoint", exists=True, dir_okay=False, metavar="FILE",
                     help="Also check the database's log against this signed checkpoint."),
    ] = None,
    public_key: Annotated[
        Path | None,
        typer.Option("--public-key", exists=True, dir_okay=False, metavar="FILE",
                     help="The public key checkpoints must be signed with."),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print JSON (shapes in docs/cli.md).")
    ] = False,
) -> None:  # fmt: skip
    """Check every proposal's hash chain and the log; exit 1 naming the first break of each.

    Example: govflow verify --checkpoint cp.json --public-key signing.key.pub
    """
    if (checkpoint is not None or (public_key is not None and file is None)) and (
        public_key is None or checkpoint is None
    ):
        raise fail("--checkpoint and --public-key go together (the key that signed it)", code=2)
    from govflow import limits

    key = None
    if public_key is not None:
        key = limits.read_bytes(public_key, limits.KEY_BYTES, "a public key")
    if file is not None:
        if checkpoint is not None:
            raise fail("--checkpoint checks the database; a file carries its own", code=2)
        from govflow.audit.verify_file import check_export

        with limits.open_regular(file, "an audit export to verify") as raw:
            found = check_export(limits.bounded_lines(raw, str(file)), public_key=key)
        breaks, count = found.breaks, found.chains
        where = f" ({count_of(found.events, 'event')}) in {file}"
    else:
        with opened(ctx, read_only=True) as gf, progress_bar("proposals") as report:
            breaks = gf.verify(progress=lambda done, total: report("verifying", done, total))
            if checkpoint is not None and key is not None:
                statement = limits.read_text(checkpoint, limits.KEY_BYTES, "a checkpoint")
                breaks += gf.verify_checkpoint(statement, key)
            count = gf.proposal_count()
        where = ""
    if as_json:
        emit_json({"ok": not breaks, "proposals": count,
                   "breaks": [b.to_dict() for b in breaks]})  # fmt: skip
        if breaks:
            raise typer.Exit(1)
        return
    if not breaks:
        say(f"ok: {count_of(count, 'proposal')}{where} verified")
        return
    refused = [b for b in breaks if b.kind == "rules"]  # judged again: not an integrity break
    broken = [b for b in breaks if b.kind != "rules"]
    said = []
    if broken:
        table("Broken chains", ["reference", "seq", "reason"],
              [(b.proposal, b.seq, b.reason) for b in broken])  # fmt: skip
        said.append(
            f"{len(broken)} of {count_of(count, 'proposal')} "
            f"{'has' if len(broken) == 1 else 'have'} a broken history: events were changed "
            "outside govflow. Restore the database (or the file) from a backup"
        )
    if refused:
        _titled("Events the rules refuse")
        table("Events the rules refuse", ["reference", "seq", "rule", "reason"],
              [(b.proposal, b.seq, b.rule, b.reason) for b in refused])  # fmt: skip
        its = "its" if len(refused) == 1 else "their"
        said.append(
            f"{count_of(len(refused), 'event')} the rules of {its} workflow version refuse, "
            "recorded by an earlier govflow or outside it (reported; nothing was rewritten)"
        )
    raise fail(f"{'. '.join(said)}. See `govflow proposal history REF`.")


def _fresh_demo_file() -> str:
    """``govflow-demo.db`` in the current folder, an earlier one removed (saying so)."""
    path = Path(DEMO_FILE)
    if path.exists():
        say(f"Replacing the earlier demo database {path.resolve()}")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return DEMO_FILE


def _hints(db: str, shown: str, reference: str) -> None:
    option = f"--db {shlex.quote(db if '://' not in db else shown)}"
    say("\nTry next:")
    for command in (
        f"proposal show {reference}",
        f"proposal history {reference} --json",
        "meeting list",
    ):
        say(f"  govflow {option} {command}")


def _titled(title: str) -> None:
    """Piped tables have no title line: say which table follows."""
    if not is_terminal():
        say(f"{title}:")


def demo(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db", metavar="PATH|URL", help=f"An empty database (default: ./{DEMO_FILE})."
        ),
    ] = None,
) -> None:
    """Build a database of realistic SEC proposals; show one's timeline and the register.

    Example: govflow demo
    """
    from govflow.demo import build

    chosen = db or target(ctx) or _fresh_demo_file()
    with opened(ctx, chosen) as gf:
        where = location(gf)
        if gf.meetings() or gf.proposals():
            raise fail(
                f"{where} already holds meetings or proposals; the demo fills an empty database. "
                f"Run `govflow demo` without --db (and without GOVFLOW_DB) to use ./{DEMO_FILE}."
            )
        featured = build(gf)  # built before anything is printed (see _output.closed_pipe)
        events = gf.history(featured)
        register = gf.register()
        registry = gf.registry
    say(f"Demo database: {where}")
    _titled(f"Timeline of {featured}")
    from govflow.workflow.words import workflow_of

    history_table(f"Timeline of {featured}", events, workflow_of(events, registry))
    _titled("Register today")
    register_table("Register today", register, registry)
    _hints(chosen, where, featured)
