"""The application: :func:`create_app` opens the database once and mounts the routes.

::

    from govflow.web.app import WebConfig, create_app
    app = create_app(WebConfig(database="secretariat.db"))

The database is opened (created or upgraded when ``WebConfig.create`` allows, under a lock, so
that several workers starting together migrate it once) when the application is made, so a
database that cannot be used stops the server before it listens; it is closed when the
application shuts down.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI

from govflow.service import open_db
from govflow.web import api_admin, api_meetings, api_proposals, auth, pages, problems

VERSION = "0.1.0"


@dataclass(frozen=True)
class WebConfig:
    """What a server needs to know.

    ``database`` is a path or SQLAlchemy URL (None: ``GOVFLOW_DB``, else the per-user default);
    ``workflows`` adds definition files to the shipped ones; ``create`` lets the server create
    the schema in an empty database or upgrade an older one (as every writing command does).
    """

    database: str | None = None
    workflows: tuple[Path, ...] = ()
    create: bool = True

    @classmethod
    def from_environment(cls) -> WebConfig:
        """The configuration ``govflow serve`` hands its workers (they are new processes):
        ``GOVFLOW_DB``, ``GOVFLOW_WORKFLOWS`` (paths separated by ``os.pathsep``) and
        ``GOVFLOW_SERVE_CREATE`` (``0`` or ``1``)."""
        extra = os.environ.get("GOVFLOW_WORKFLOWS", "")
        return cls(
            database=os.environ.get("GOVFLOW_DB") or None,
            workflows=tuple(Path(p) for p in extra.split(os.pathsep) if p),
            create=os.environ.get("GOVFLOW_SERVE_CREATE", "1") != "0",
        )


def create_app(config: WebConfig) -> FastAPI:
    """The FastAPI application over the database ``config`` names."""
    gf = open_db(config.database, workflows=config.workflows, create=config.create,
                 upgrade=config.create)  # fmt: skip

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        gf.close()

    app = FastAPI(
        title="govflow",
        version=VERSION,
        summary="Change proposals of the GB energy codes: their register, history and rules.",
        lifespan=lifespan,
    )
    app.state.govflow = gf
    problems.install(app)
    app.include_router(pages.signin)  # the styled sign-in form, before auth's bare one
    app.include_router(auth.router)
    app.include_router(api_proposals.router)
    app.include_router(api_meetings.router)
    app.include_router(api_admin.router)
    app.include_router(pages.router)
    return app


def app_from_environment() -> FastAPI:
    """The application a ``govflow serve`` worker builds (uvicorn calls this factory)."""
    return create_app(WebConfig.from_environment())
