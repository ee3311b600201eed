"""The Python API: :func:`open_db` returns a :class:`Govflow` bound to one database.

::

    import govflow
    with govflow.open_db("secretariat.db") as gf:
        gf.raise_proposal("DP160", title="Firmware retry limits", on="2021-03-23")
        gf.advance("DP160", "submit", on="2021-03-30")

Every method is one transaction (``gf.transaction()`` groups several). Errors are
:class:`~govflow.errors.GovflowError` subclasses.

:class:`Govflow` is a facade: it builds the collaborators once (the store, the workflow registry
and its lookups, one use-case object per concern) and hands each what it uses. Each public method
*is* the bound method of the use case that implements it, so its signature, type and docstring
are that method's own; ``docs/architecture.md`` draws the whole.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, Self

from sqlalchemy import Engine

from govflow.errors import InvalidInput
from govflow.exporters.exports import Exports
from govflow.exporters.to_ics import CalendarExport
from govflow.minutes.importer import MinutesImport
from govflow.records.actions import Actions
from govflow.records.agenda import MeetingEdits
from govflow.records.amendments import Amendments
from govflow.records.bulk_import import BulkImport
from govflow.records.checkpoints import Checkpoints
from govflow.records.closures import Closures
from govflow.records.corrections import Corrections
from govflow.records.deadlines import Deadlines
from govflow.records.decisions import Decisions
from govflow.records.definitions import reconcile
from govflow.records.lookup import Lookup
from govflow.records.meetings import Meetings
from govflow.records.migration import Migration
from govflow.records.proposals import ProposalWrites
from govflow.records.queries import Queries
from govflow.records.raising import ProposalRaising
from govflow.records.recording import Recorder
from govflow.records.register import Register
from govflow.records.relations import Relations
from govflow.records.search import Search
from govflow.records.tokens import Tokens
from govflow.records.verification import Verification
from govflow.store import database
from govflow.store.definitions import stored as stored_definitions
from govflow.store.session import Store, connect
from govflow.validation import checked
from govflow.workflow.registry import Registry
from govflow.workflow.registry import from_env as registry_env

P = ParamSpec("P")


class Govflow:
    """A database of proposals, meetings and their history, with the workflows that rule them."""

    def __init__(self, engine: Engine, registry: Registry, *, owns_engine: bool = True) -> None:
        self.registry = registry
        self._owns_engine = owns_engine
        self._store = store = Store(engine)
        lookup = Lookup(registry)
        self._meetings = meetings = Meetings(store, lookup)
        edits = MeetingEdits(store, meetings)
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
        checkpoints = Checkpoints(store)
        minutes = MinutesImport(store, lookup, meetings, raising, writes)
        exports = Exports(store, lookup, queries, register, checkpoints)
        bulk = BulkImport(store, lookup)
        tokens = Tokens(store)
        # proposals: raise and move, amend, read
        self.raise_proposal = checked(raising.raise_proposal)
        self.advance = checked(writes.advance)
        self.record = checked(writes.record)
        self.link = checked(writes.link)
        self.relate = checked(Relations(store, lookup, recorder).relate)
        self.correct = checked(corrections.correct)
        self.set_route = checked(amendments.set_route)
        self.set_proposer = checked(amendments.set_proposer)
        self.release = checked(amendments.release)
        self.vote = checked(decisions.vote)
        self.raise_alternative = checked(decisions.raise_alternative)
        self.proposal = checked(queries.proposal)
        self.proposals = checked(queries.proposals)
        self.proposal_count = checked(queries.proposal_count)
        self.history = checked(queries.history)
        self.next_steps = checked(queries.next_steps)
        self.register = checked(register.register)
        self.search = checked(Search(store, lookup).search)
        self.verify = checked(verification.verify)
        self.migrate = checked(Migration(store, lookup, recorder).migrate)
        self.checkpoint = checked(checkpoints.checkpoint)
        self.latest_checkpoint = checked(checkpoints.latest_checkpoint)
        self.verify_checkpoint = checked(checkpoints.verify_checkpoint)
        # committees, meetings, agenda items, releases
        self.committees = checked(meetings.committees)
        self.add_committee = checked(meetings.add_committee)
        self.update_committee = checked(meetings.update_committee)
        self.add_meeting = checked(meetings.add_meeting)
        self.meeting = checked(meetings.meeting)
        self.meetings = checked(meetings.meetings)
        self.add_item = checked(meetings.add_item)
        self.set_meeting = checked(edits.set_meeting)
        self.update_item = checked(edits.update_item)
        self.next_meeting = checked(meetings.next_meeting)
        self.releases = checked(meetings.releases)
        # working days, deadlines and actions
        self.calendar = checked(closures.calendar)
        self.add_closure = checked(closures.add_closure)
        self.closures = checked(closures.closures)
        self.deadlines = checked(deadlines.deadlines)
        self.due = checked(deadlines.due)
        self.actions = checked(actions.actions)
        self.add_action = checked(actions.add_action)
        self.close_action = checked(actions.close_action)
        # minutes, bulk import and exports
        self.parse_minutes = checked(minutes.parse_minutes)
        self.import_minutes = checked(minutes.import_minutes)
        self.import_events = checked(bulk.import_events)
        self.open_audit = checked(exports.open_audit)
        self.iter_audit = checked(exports.iter_audit)
        self.export_audit = checked(exports.audit)
        self.export_register = checked(exports.register)
        self.export_timeline = checked(exports.timeline)
        self.export_calendar = checked(CalendarExport(deadlines, meetings).calendar)
        # govflow serve: tokens and the reading setting
        self.add_token = checked(tokens.add_token)
        self.tokens = checked(tokens.tokens)
        self.revoke_token = checked(tokens.revoke_token)
        self.authenticate = checked(tokens.authenticate)
        self.reading = checked(tokens.reading)
        self.set_reading = checked(tokens.set_reading)

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine (for tools that need the database itself)."""
        return self._store.engine

    @property
    def url(self) -> str:
        """The database URL with any password hidden (safe to print)."""
        return self._store.url

    def close(self) -> None:
        """Release the database connections (an engine the caller passed in stays open)."""
        self._store.release()
        if self._owns_engine:
            self._store.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Run several calls as one transaction: all of them are kept, or none.

        ::

            with gf.transaction():
                gf.add_meeting("CSC_38", on="2021-05-25")
                gf.advance("DP160", "convert", meeting="CSC_38")

        Calls made inside (on this thread) join it; an exception leaving the block rolls every
        one of them back and propagates.
        """
        with self._store.write():
            yield

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
    engine: Engine | None = None,
    workflows: Iterable[str | os.PathLike[str]] | None = None,
    create: bool = True,
    upgrade: bool = True,
    read_only: bool = False,
) -> Govflow:
    """Open a govflow database from a path or a SQLAlchemy URL.

    ``target`` defaults to ``GOVFLOW_DB`` or the per-user data folder; ``engine`` uses an
    existing SQLAlchemy engine instead (``Govflow.close`` then leaves it open for its owner).
    ``workflows`` adds definition files, or folders of them, to the shipped ones (``None``: the
    folders ``GOVFLOW_WORKFLOWS`` names, separated by ``os.pathsep``); the definitions the
    database stored for its proposals are loaded too, and a file that edits a stored version
    in place is refused (:class:`~govflow.errors.InvalidWorkflow`).
    ``create`` makes the schema in a new or empty database, ``upgrade`` migrates one an older
    govflow made; ``read_only`` does neither and opens the database so that nothing can be
    written (a file may then be read-only). Another program's database and a newer govflow's
    are always refused
    (:class:`~govflow.errors.UnusableDatabase`), as is a missing or empty one when ``create`` is
    false, or an older one when ``upgrade`` is false. A database that cannot be reached raises
    :class:`~govflow.errors.DatabaseUnavailable`.
    """
    if engine is not None and target is not None:
        raise InvalidInput("open_db() takes a target or an engine, not both")
    if engine is not None and not isinstance(engine, Engine):
        raise InvalidInput(f"open_db(): engine must be a SQLAlchemy Engine, not {type(engine)}")
    if read_only:
        create = upgrade = False
    owns = engine is None
    if engine is None:
        engine = database.make_engine(target, create=create, read_only=read_only)
    else:
        engine = database.adopt_engine(engine)
    try:
        if engine.dialect.name != "sqlite":  # an unreachable server is named before anything
            connect(engine).close()
        loaded = Registry.shipped(extra=registry_env() if workflows is None else workflows)
        changed = database.prepare(engine, create=create, upgrade=upgrade)
        with engine.connect() as conn:
            registry = Registry(reconcile(loaded.all(), stored_definitions(conn)))
    except BaseException:
        if owns:
            engine.dispose()
        raise
    gf = Govflow(engine, registry, owns_engine=owns)
    if changed:  # a new (or upgraded) database gets the committees its workflows declare
        gf._register_committees()
    return gf
