"""The Python API: :func:`open_db` returns a :class:`Govflow` bound to one database.

::

    import govflow
    with govflow.open_db("secretariat.db") as gf:
        gf.raise_proposal("DP160", title="Firmware retry limits", on="2021-03-23")
        gf.advance("DP160", "submit", on="2021-03-30")

Every method is one transaction. Errors are :class:`~govflow.errors.GovflowError` subclasses.

:class:`Govflow` is a facade: it builds the collaborators once (the store, the workflow registry
and its lookups, one use-case object per concern) and hands each what it uses. Each public method
*is* the bound method of the use case that implements it, so its signature, type and docstring
are that method's own; ``docs/architecture.md`` draws the whole.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Self

from sqlalchemy import Engine

from govflow.exporters.exports import Exports
from govflow.minutes.importer import MinutesImport
from govflow.records.actions import Actions
from govflow.records.amendments import Amendments
from govflow.records.bulk_import import BulkImport
from govflow.records.closures import Closures
from govflow.records.corrections import Corrections
from govflow.records.deadlines import Deadlines
from govflow.records.decisions import Decisions
from govflow.records.lookup import Lookup
from govflow.records.meetings import Meetings
from govflow.records.proposals import ProposalWrites
from govflow.records.queries import Queries
from govflow.records.raising import ProposalRaising
from govflow.records.recording import Recorder
from govflow.records.register import Register
from govflow.records.verification import Verification
from govflow.store import database
from govflow.store.session import Store
from govflow.workflow.registry import Registry


class Govflow:
    """A database of proposals, meetings and their history, with the workflows that rule them."""

    def __init__(self, engine: Engine, registry: Registry) -> None:
        self.registry = registry
        self._store = store = Store(engine)
        lookup = Lookup(registry)
        meetings = Meetings(store, lookup)
        closures = Closures(store)
        actions = Actions(store)
        deadlines = Deadlines(store, lookup)
        recorder = Recorder(lookup, deadlines)
        raising = ProposalRaising(store, lookup, deadlines)
        writes = ProposalWrites(store, lookup, recorder)
        amendments = Amendments(store, lookup, recorder)
        decisions = Decisions(store, lookup, recorder, writes)
        corrections = Corrections(store, lookup, recorder)
        queries = Queries(store, lookup, deadlines)
        register = Register(store, lookup)
        verification = Verification(store, lookup)
        minutes = MinutesImport(store, lookup, meetings, raising, writes)
        exports = Exports(store, lookup, queries, register)
        bulk = BulkImport(store, lookup)
        # proposals: raise and move, amend, read
        self.raise_proposal = raising.raise_proposal
        self.advance = writes.advance
        self.record = writes.record
        self.link = writes.link
        self.correct = corrections.correct
        self.set_route = amendments.set_route
        self.set_proposer = amendments.set_proposer
        self.release = amendments.release
        self.vote = decisions.vote
        self.raise_alternative = decisions.raise_alternative
        self.proposal = queries.proposal
        self.proposals = queries.proposals
        self.proposal_count = queries.proposal_count
        self.history = queries.history
        self.next_steps = queries.next_steps
        self.register = register.register
        self.verify = verification.verify
        # committees, meetings, agenda items, releases
        self.committees = meetings.committees
        self.add_committee = meetings.add_committee
        self.update_committee = meetings.update_committee
        self.add_meeting = meetings.add_meeting
        self.meeting = meetings.meeting
        self.meetings = meetings.meetings
        self.add_item = meetings.add_item
        self.next_meeting = meetings.next_meeting
        self.releases = meetings.releases
        # working days, deadlines and actions
        self.calendar = closures.calendar
        self.add_closure = closures.add_closure
        self.closures = closures.closures
        self.deadlines = deadlines.deadlines
        self.due = deadlines.due
        self.actions = actions.actions
        self.close_action = actions.close_action
        # minutes, bulk import and exports
        self.parse_minutes = minutes.parse_minutes
        self.import_minutes = minutes.import_minutes
        self.import_events = bulk.import_events
        self.open_audit = exports.open_audit
        self.iter_audit = exports.iter_audit
        self.export_audit = exports.audit
        self.export_register = exports.register
        self.export_timeline = exports.timeline
        self._meetings = meetings

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine (for tools that need the database itself)."""
        return self._store.engine

    @property
    def url(self) -> str:
        """The database URL with any password hidden (safe to print)."""
        return self._store.url

    def close(self) -> None:
        self._store.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _register_committees(self) -> None:
        """Add the committees the loaded workflows declare (on a new or upgraded database)."""
        with self._store.write() as conn:
            self._meetings.register_committees(conn, self.registry)


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
    engine = database.make_engine(target)
    registry = Registry.shipped(extra=workflows)
    changed = database.ensure_schema(engine) if upgrade else False
    gf = Govflow(engine, registry)
    if changed:  # a new (or upgraded) database gets the committees its workflows declare
        gf._register_committees()
    return gf
