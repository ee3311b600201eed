"""The Python API: :func:`open_db` returns a :class:`Govflow` bound to one database.

::

    import govflow
    with govflow.open_db("secretariat.db") as gf:
        gf.raise_proposal("DP160", title="Firmware retry limits", on="2021-03-23")
        gf.advance("DP160", "submit", on="2021-03-30")

Every method is one transaction (``gf.transaction()`` groups several). Errors are
:class:`~govflow.errors.GovflowError` subclasses.

:class:`Govflow` is a facade: it holds the store and the workflow registry, and builds each
use case (one object per concern, :mod:`govflow.service.parts`) once, on its first use, handing
it what it uses. Each public method *is* the bound method of the use case that implements it, so
its signature, type and docstring are that method's own; ``docs/architecture.md`` draws the
whole.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, Self, TypeVar

from govflow.errors import InvalidInput
from govflow.records.definitions import reconcile
from govflow.service.parts import Lazy, Parts
from govflow.store import database
from govflow.store.definitions import stored as stored_definitions
from govflow.store.session import Engine, Store, connect
from govflow.validation import checked
from govflow.workflow.registry import Registry
from govflow.workflow.registry import from_env as registry_env

P = ParamSpec("P")
R = TypeVar("R")


def _method(pick: Callable[[Parts], Callable[P, R]]) -> Lazy[Govflow, Callable[P, R]]:
    """A public method of :class:`Govflow`: the use case's method ``pick`` finds, its arguments
    checked against its annotations (:func:`checked`), made on first use."""
    return Lazy(lambda gf: checked(pick(gf._parts)))


class Govflow:
    """A database of proposals, meetings and their history, with the workflows that rule them.

    Each public method is its use case's bound method, wrapped by :func:`checked`, made on first
    use; the use cases are :class:`~govflow.service.parts.Parts`, built on first use too.
    """

    def __init__(self, engine: Engine, registry: Registry, *, owns_engine: bool = True) -> None:
        self.registry = registry
        self._owns_engine = owns_engine
        self._store = store = Store(engine)
        self._parts = Parts(store, registry)

    # -- the public methods -----------------------------------------------------------------------
    # proposals: raise and move, amend, read
    raise_proposal = _method(lambda p: p.raising.raise_proposal)
    advance = _method(lambda p: p.writes.advance)
    record = _method(lambda p: p.writes.record)
    link = _method(lambda p: p.writes.link)
    relate = _method(lambda p: p.relations.relate)
    correct = _method(lambda p: p.corrections.correct)
    set_route = _method(lambda p: p.amendments.set_route)
    set_proposer = _method(lambda p: p.amendments.set_proposer)
    release = _method(lambda p: p.amendments.release)
    vote = _method(lambda p: p.decisions.vote)
    raise_alternative = _method(lambda p: p.decisions.raise_alternative)
    proposal = _method(lambda p: p.queries.proposal)
    proposals = _method(lambda p: p.queries.proposals)
    proposal_count = _method(lambda p: p.queries.proposal_count)
    proposal_version = _method(lambda p: p.queries.proposal_version)
    history = _method(lambda p: p.queries.history)
    next_steps = _method(lambda p: p.queries.next_steps)
    plan = _method(lambda p: p.plans.plan)
    proposal_page = _method(lambda p: p.page_reads.proposal_page)
    plan_portfolio = _method(lambda p: p.plans.portfolio)
    set_release_scope = _method(lambda p: p.plans.set_release_scope)
    register = _method(lambda p: p.register.register)
    register_page = _method(lambda p: p.register.page)
    search = _method(lambda p: p.search.search)
    verify = _method(lambda p: p.verification.verify)
    migrate = _method(lambda p: p.migration.migrate)
    checkpoint = _method(lambda p: p.checkpoints.checkpoint)
    latest_checkpoint = _method(lambda p: p.checkpoints.latest_checkpoint)
    verify_checkpoint = _method(lambda p: p.checkpoints.verify_checkpoint)
    # committees, meetings, agenda items, releases
    committees = _method(lambda p: p.meetings.committees)
    add_committee = _method(lambda p: p.meetings.add_committee)
    update_committee = _method(lambda p: p.meetings.update_committee)
    add_meeting = _method(lambda p: p.meetings.add_meeting)
    meeting = _method(lambda p: p.meetings.meeting)
    meetings = _method(lambda p: p.meetings.meetings)
    add_item = _method(lambda p: p.meetings.add_item)
    set_meeting = _method(lambda p: p.edits.set_meeting)
    update_item = _method(lambda p: p.edits.update_item)
    next_meeting = _method(lambda p: p.meetings.next_meeting)
    releases = _method(lambda p: p.meetings.releases)
    # working days, deadlines and actions
    calendar = _method(lambda p: p.closures.calendar)
    add_closure = _method(lambda p: p.closures.add_closure)
    closures = _method(lambda p: p.closures.closures)
    remove_closure = _method(lambda p: p.closures.remove_closure)
    deadlines = _method(lambda p: p.deadlines.deadlines)
    due = _method(lambda p: p.deadlines.due)
    actions = _method(lambda p: p.actions.actions)
    add_action = _method(lambda p: p.actions.add_action)
    close_action = _method(lambda p: p.actions.close_action)
    # minutes, bulk import and exports
    parse_minutes = _method(lambda p: p.minutes.parse_minutes)
    import_minutes = _method(lambda p: p.minutes.import_minutes)
    import_events = _method(lambda p: p.bulk.import_events)
    open_audit = _method(lambda p: p.exports.open_audit)
    iter_audit = _method(lambda p: p.exports.iter_audit)
    export_audit = _method(lambda p: p.exports.audit)
    export_register = _method(lambda p: p.exports.register)
    export_timeline = _method(lambda p: p.exports.timeline)
    export_portfolio = _method(lambda p: p.exports.portfolio)
    export_calendar = _method(lambda p: p.calendar_export.calendar)
    # govflow serve: tokens and the reading setting
    add_token = _method(lambda p: p.tokens.add_token)
    tokens = _method(lambda p: p.tokens.tokens)
    revoke_token = _method(lambda p: p.tokens.revoke_token)
    authenticate = _method(lambda p: p.tokens.authenticate)
    reading = _method(lambda p: p.tokens.reading)
    set_reading = _method(lambda p: p.tokens.set_reading)

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

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Run several reads on one snapshot of the database, in one read-only transaction:
        they see the same state, whatever another process writes meanwhile, and no write lock
        is taken. A web page built from several reads uses one.

        ::

            with gf.snapshot():
                p = gf.proposal("DP160")
                events = gf.history("DP160")

        Reads made inside (on this thread) join it; a write inside is its own transaction,
        which the snapshot does not see.
        """
        with self._store.read(repeatable=True):
            yield

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _register_committees(self) -> None:
        """Add the committees the loaded workflows declare (on a new or upgraded database)."""
        with self._store.write() as conn:
            self._parts.meetings.register_committees(conn, self.registry)


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
