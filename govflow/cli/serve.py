"""``govflow serve``: the JSON API (and pages) over the database, with uvicorn."""

from __future__ import annotations

import importlib.util
from typing import Annotated

import typer

from govflow.cli._db import target
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

    Example: govflow --db postgresql+psycopg://gf@db/govflow serve --workers 4
    """
    missing = [name for name in _EXTRA if importlib.util.find_spec(name) is None]
    if missing:
        raise fail(f"govflow serve needs {', '.join(missing)}: pip install 'govflow[web]'")
    from govflow.web.app import WebConfig
    from govflow.web.serve import serve as run

    run(WebConfig(database=target(ctx)), host=host, port=port, workers=workers,
        log_level=log_level)  # fmt: skip
