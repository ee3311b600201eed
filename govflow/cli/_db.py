"""Opening the database for a command: the ``--db``/``GOVFLOW_DB`` target, closed afterwards.

The library is imported inside the functions, so that ``govflow --help`` does not load the
database layer.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from govflow.service import Govflow


def target(ctx: typer.Context) -> str | None:
    """The ``--db`` value (``GOVFLOW_DB`` included); None means the default location.

    The root callback stores it in ``ctx.obj``; during shell completion the callback does not
    run, so the root context's parsed parameters are read instead.
    """
    root = ctx.find_root()
    obj: Any = root.obj
    value = obj.get("db") if isinstance(obj, dict) else root.params.get("db")
    return str(value) if value else None


def workflow_folders(ctx: typer.Context) -> list[str]:
    """The ``--workflows`` folders, else those ``GOVFLOW_WORKFLOWS`` names (read like
    :func:`target`, so that shell completion sees them too)."""
    from govflow.workflow.registry import from_env

    root = ctx.find_root()
    obj: Any = root.obj
    value = obj.get("workflows") if isinstance(obj, dict) else root.params.get("workflows")
    return [str(v) for v in value] if value else from_env()


#: Whether the next :func:`opened` freezes the heap: set by the ``govflow`` command's ``main``
#: (a process of its own), never for a caller that runs commands in its process (a test's
#: ``CliRunner``), whose earlier garbage a freeze would keep for good.
_FREEZE_AT_OPEN = False


def freeze_at_open() -> None:
    """Have the command's first :func:`opened` freeze the heap (``cli/__init__.py: main``)."""
    global _FREEZE_AT_OPEN
    _FREEZE_AT_OPEN = True


def _heap_frozen() -> None:
    """Import the service with the collector paused (its modules live as long as the process:
    there is nothing to collect), then freeze what is imported by now: frozen, the collections
    the command's own work triggers (a full one while the shipped workflows are built) do not
    walk it again. What the command then makes is collected as before, cycles included (a long
    import or export)."""
    import gc

    global _FREEZE_AT_OPEN
    _FREEZE_AT_OPEN = False
    was_on = gc.isenabled()
    gc.disable()
    try:
        import govflow.service  # noqa: F401

        gc.freeze()
    finally:
        if was_on:
            gc.enable()


@contextmanager
def opened(
    ctx: typer.Context, db: str | None = None, *, read_only: bool = False
) -> Iterator[Govflow]:
    """The service over ``db`` (default: the command line's target), closed on the way out.

    A command that only reads opens ``read_only``: it never creates or upgrades a schema (a
    missing database or an older schema is an error saying to run ``govflow init``) and works
    on a database it may not write. A command that writes creates a new database, or upgrades
    an older govflow's; ``govflow init`` does only that.
    """
    if _FREEZE_AT_OPEN:
        _heap_frozen()
    from govflow.service import open_db

    where = db if db is not None else target(ctx)
    gf = open_db(where, read_only=read_only, workflows=workflow_folders(ctx))
    try:
        yield gf
    finally:
        gf.close()


def location(gf: Govflow) -> str:
    """Where a database is: the file path for SQLite, else the URL with its password hidden."""
    from govflow.store.database import shown

    return shown(gf.engine)
