"""``govflow serve``: the JSON API (and pages) over the database, with uvicorn."""

from __future__ import annotations

import importlib.util
from typing import Annotated

import typer

from govflow.cli._db import target, workflow_folders
from govflow.cli._output import fail

_EXTRA = ("fastapi", "uvicorn", "jinja2")


def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="The address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="The port.")] = 8000,
    workers: Annotated[
        int, typer.Option(min=1, max=64, help="Worker processes (several: use PostgreSQL).")
    ] = 1,
    log_level: Annotated[
        str, typer.Option(metavar="LEVEL", help="uvicorn's log level: info, warning, ...")
    ] = "info",
) -> None:
    """Serve the JSON API and the pages over HTTP (docs/serve.md); stop with Ctrl-C.

    The database must exist (`govflow init` makes one); an older govflow's is upgraded.

    Example: govflow --db postgresql+psycopg://gf@db/govflow serve --workers 4
    """
    missing = [name for name in _EXTRA if importlib.util.find_spec(name) is None]
    if missing:
        raise fail(f"govflow serve needs {', '.join(missing)}: pip install 'govflow[web]'")
    import os
    from pathlib import Path

    from govflow.service import open_db

    database, folders = target(ctx), workflow_folders(ctx)
    # A database that cannot be served (missing, another program's, a newer govflow's, an
    # unreachable server) is refused here, as the server would refuse it, before the web stack
    # (FastAPI, uvicorn, the templates) is loaded for nothing.
    open_db(database, workflows=folders, create=False, upgrade=False).close()

    from govflow.web.app import WebConfig, max_body_from
    from govflow.web.serve import serve as run

    config = WebConfig(database=database, create=False, workflows=tuple(Path(p) for p in folders),
                       max_body=max_body_from(os.environ.get("GOVFLOW_MAX_BODY")))  # fmt: skip
    run(config, host=host, port=port, workers=workers, log_level=log_level)
