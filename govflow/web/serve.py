"""Running the application with uvicorn, in one process or several workers.

Workers are new processes: they build the application from the environment
(:meth:`govflow.web.app.WebConfig.from_environment`), which :func:`serve` sets from its
configuration. Each opens the database itself; the schema is created or upgraded under a lock
(PostgreSQL: an advisory lock; SQLite: its write lock), so workers starting together on an empty
database migrate it once. Before any worker starts, the database is opened once here, so that one
that cannot be used stops ``govflow serve`` with its error rather than every worker with a
traceback.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn

from govflow.errors import GovflowError
from govflow.service import open_db
from govflow.web.app import WebConfig, create_app


@contextmanager
def _listening(host: str, port: int) -> Iterator[None]:
    """uvicorn ends the process (exit 3, or 1 with workers) when it cannot listen, having
    logged why: that becomes govflow's error (exit 1, as every failed command)."""
    try:
        yield
    except SystemExit as exc:
        if exc.code in (0, None):
            raise
        raise GovflowError(
            f"could not serve on {host}:{port} (the line above says why; most often another "
            "program listens there: choose another --port)"
        ) from None


def serve(
    config: WebConfig, *, host: str = "127.0.0.1", port: int = 8000, workers: int = 1,
    log_level: str = "info",
) -> None:  # fmt: skip
    """Serve until interrupted: the app itself with one worker, else uvicorn's workers."""
    if workers <= 1:
        app = create_app(config)
        with _listening(host, port):
            uvicorn.run(app, host=host, port=port, log_level=log_level)
        return
    open_db(config.database, workflows=config.workflows, create=config.create,
            upgrade=config.create).close()  # fmt: skip
    if config.database:
        os.environ["GOVFLOW_DB"] = config.database
    os.environ["GOVFLOW_WORKFLOWS"] = os.pathsep.join(str(p) for p in config.workflows)
    os.environ["GOVFLOW_SERVE_CREATE"] = "1" if config.create else "0"
    with _listening(host, port):
        uvicorn.run("govflow.web.app:app_from_environment", factory=True, host=host, port=port,
                    workers=workers, log_level=log_level)  # fmt: skip
