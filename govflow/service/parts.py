"""The use cases behind :class:`~govflow.service.Govflow`, each built on first use.

A command imports and builds only the use cases it calls: ``proposal show`` needs the queries,
not the exporters, the minutes import or the bulk import. Each is built once, handed the store,
the lookup and the other use cases it works with.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, Self, TypeVar, overload

from govflow.store.session import Store
from govflow.workflow.registry import Registry

if TYPE_CHECKING:
    from govflow.audit.checkpoints import Checkpoints
    from govflow.exporters.exports import Exports
    from govflow.exporters.to_ics import CalendarExport
    from govflow.minutes.importer import MinutesImport
    from govflow.records.actions import Actions
    from govflow.records.agenda import MeetingEdits
    from govflow.records.amendments import Amendments
    from govflow.records.bulk_import import BulkImport
    from govflow.records.closures import Closures
    from govflow.records.corrections import Corrections
    from govflow.records.deadlines import Deadlines
    from govflow.records.decisions import Decisions
    from govflow.records.lookup import Lookup
    from govflow.records.meetings import Meetings
    from govflow.records.migration import Migration
    from govflow.records.page_reads import PageReads
    from govflow.records.plans import Plans
    from govflow.records.proposals import ProposalWrites
    from govflow.records.queries import Queries
    from govflow.records.raising import ProposalRaising
    from govflow.records.recording import Recorder
    from govflow.records.register import Register
    from govflow.records.relations import Relations
    from govflow.records.search import Search
    from govflow.records.tokens import Tokens
    from govflow.records.verify import Verification

Owner = TypeVar("Owner")
T = TypeVar("T")


class Lazy(Generic[Owner, T]):
    """An attribute built on first use and kept on the instance (where later reads find it
    first, without this descriptor). Built under a lock, so that threads sharing a service
    share one of each."""

    def __init__(self, build: Callable[[Owner], T]) -> None:
        self._build = build
        self._name = ""
        self._lock = threading.RLock()

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> Self: ...
    @overload
    def __get__(self, obj: Owner, owner: type | None = None) -> T: ...
    def __get__(self, obj: Owner | None, owner: type | None = None) -> Self | T:
        if obj is None:
            return self
        with self._lock:
            built = obj.__dict__
            if self._name not in built:
                built[self._name] = self._build(obj)
        return built[self._name]  # type: ignore[no-any-return]


class Parts:
    """The store, the workflow registry and the use cases over them."""

    def __init__(self, store: Store, registry: Registry) -> None:
        self.store = store
        self.registry = registry

    @Lazy
    def lookup(self) -> Lookup:
        from govflow.records.lookup import Lookup

        return Lookup(self.registry)

    @Lazy
    def meetings(self) -> Meetings:
        from govflow.records.meetings import Meetings

        return Meetings(self.store, self.lookup)

    @Lazy
    def closures(self) -> Closures:
        from govflow.records.closures import Closures

        return Closures(self.store)

    @Lazy
    def deadlines(self) -> Deadlines:
        from govflow.records.deadlines import Deadlines

        return Deadlines(self.store, self.lookup)

    @Lazy
    def recorder(self) -> Recorder:
        from govflow.records.recording import Recorder

        return Recorder(self.lookup)

    @Lazy
    def raising(self) -> ProposalRaising:
        from govflow.records.raising import ProposalRaising

        return ProposalRaising(self.store, self.lookup)

    @Lazy
    def writes(self) -> ProposalWrites:
        from govflow.records.proposals import ProposalWrites

        return ProposalWrites(self.store, self.lookup, self.recorder)

    @Lazy
    def amendments(self) -> Amendments:
        from govflow.records.amendments import Amendments

        return Amendments(self.store, self.lookup, self.recorder)

    @Lazy
    def decisions(self) -> Decisions:
        from govflow.records.decisions import Decisions

        return Decisions(self.store, self.lookup, self.recorder, self.writes)

    @Lazy
    def queries(self) -> Queries:
        from govflow.records.queries import Queries

        return Queries(self.store, self.lookup, self.deadlines)

    @Lazy
    def register(self) -> Register:
        from govflow.records.register import Register

        return Register(self.store, self.lookup)

    @Lazy
    def checkpoints(self) -> Checkpoints:
        from govflow.audit.checkpoints import Checkpoints

        return Checkpoints(self.store)

    @Lazy
    def minutes(self) -> MinutesImport:
        from govflow.minutes.importer import MinutesImport

        return MinutesImport(self.store, self.lookup, self.meetings, self.raising, self.writes)

    @Lazy
    def exports(self) -> Exports:
        from govflow.exporters.exports import Exports

        return Exports(self)  # builds the use cases its reports read as it needs them

    @Lazy
    def tokens(self) -> Tokens:
        from govflow.records.tokens import Tokens

        return Tokens(self.store)

    @Lazy
    def relations(self) -> Relations:
        from govflow.records.relations import Relations

        return Relations(self.store, self.lookup, self.recorder)

    @Lazy
    def corrections(self) -> Corrections:
        from govflow.records.corrections import Corrections

        return Corrections(self.store, self.lookup, self.recorder)

    @Lazy
    def search(self) -> Search:
        from govflow.records.search import Search

        return Search(self.store, self.lookup)

    @Lazy
    def verification(self) -> Verification:
        from govflow.records.verify import Verification

        return Verification(self.store, self.lookup)

    @Lazy
    def migration(self) -> Migration:
        from govflow.records.migration import Migration

        return Migration(self.store, self.lookup, self.recorder)

    @Lazy
    def edits(self) -> MeetingEdits:
        from govflow.records.agenda import MeetingEdits

        return MeetingEdits(self.store, self.meetings)

    @Lazy
    def actions(self) -> Actions:
        from govflow.records.actions import Actions

        return Actions(self.store)

    @Lazy
    def bulk(self) -> BulkImport:
        from govflow.records.bulk_import import BulkImport

        return BulkImport(self.store, self.lookup)

    @Lazy
    def calendar_export(self) -> CalendarExport:
        from govflow.exporters.to_ics import CalendarExport

        return CalendarExport(self.store, self.lookup, self.deadlines, self.meetings)

    @Lazy
    def plans(self) -> Plans:
        from govflow.records.plans import Plans

        return Plans(self.store, self.lookup)

    @Lazy
    def page_reads(self) -> PageReads:
        from govflow.records.page_reads import PageReads

        return PageReads(self.store, self.lookup, self.queries, self.deadlines, self.plans)
