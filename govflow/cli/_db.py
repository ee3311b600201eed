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


@contextmanager
def opened(ctx: typer.Context, db: str | None = None) -> Iterator[Govflow]:
    """The service over ``db`` (default: the command line's target), closed on the way out."""
    from govflow.service import open_db

    gf = open_db(db if db is not None else target(ctx))
    try:
        yield gf
    finally:
        gf.close()


def location(gf: Govflow) -> str:
    """Where a database is: the file path for SQLite, else the URL with its password hidden."""
    url = gf.engine.url
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return url.database
    return gf.url
