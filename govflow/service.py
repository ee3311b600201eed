"""The Python API: :func:`open_db` returns a :class:`Govflow` bound to one database.

::

    import govflow
    with govflow.open_db("secretariat.db") as gf:
        gf.raise_proposal("DP160", title="Firmware retry limits", on="2021-03-23")
        gf.advance("DP160", "submit", on="2021-03-30")

Every method is one transaction. Errors are :class:`~govflow.errors.GovflowError` subclasses.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from govflow.minutes.importer import MinutesImports
from govflow.records.bulk_import import BulkImport
from govflow.records.queries import Queries
from govflow.store import database as db
from govflow.workflow.registry import Registry


class Govflow(MinutesImports, BulkImport, Queries):
    """A database of proposals, meetings and their history, with the workflows that rule them."""

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)


def open_db(
    target: str | os.PathLike[str] | None = None,
    *,
    workflows: Iterable[Path] = (),
    upgrade: bool = True,
) -> Govflow:
    """Open (and create or upgrade) a database from a path or a SQLAlchemy URL.

    ``target`` defaults to ``GOVFLOW_DB`` or the per-user data folder. ``workflows`` adds
    definition files to the shipped ones.
    """
    engine = db.make_engine(target)
    registry = Registry.shipped(extra=workflows)
    changed = db.ensure_schema(engine) if upgrade else False
    gf = Govflow(engine, registry)
    if changed:  # a new (or upgraded) database gets the committees its workflows declare
        with gf._write() as conn:
            gf._register_committees(conn)
    return gf
