"""The export use cases: the audit history, the register as of a date, one proposal's timeline.

Each writes to a text stream in a format chosen by name (:data:`govflow.exporters.EXPORTERS`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Protocol, TextIO

from govflow.dates import optional_date
from govflow.exporters import exporter
from govflow.exporters.reports import AuditReport, RegisterReport, TimelineReport, now_text
from govflow.records.audit import Audit, AuditRecord, iter_audit, open_audit

if TYPE_CHECKING:  # the other reports' use cases are imported when first asked for
    from govflow.audit.checkpoints import Checkpoints
    from govflow.records.lookup import Lookup
    from govflow.records.plans import Plans
    from govflow.records.queries import Queries
    from govflow.records.register import Register
    from govflow.store.session import Store


class UseCases(Protocol):
    """The use cases the reports read, each built when first asked for
    (:class:`govflow.service.parts.Parts`): the audit export needs none of the others'."""

    @property
    def store(self) -> Store: ...
    @property
    def lookup(self) -> Lookup: ...
    @property
    def checkpoints(self) -> Checkpoints: ...
    @property
    def queries(self) -> Queries: ...
    @property
    def register(self) -> Register: ...
    @property
    def plans(self) -> Plans: ...


class Exports:
    """Reports leaving govflow, each read in one transaction and streamed to ``out``."""

    def __init__(self, uses: UseCases) -> None:
        self._uses = uses
        self._store = uses.store
        self._lookup = uses.lookup

    def open_audit(
        self,
        *,
        proposals: Sequence[str] | None = None,
        since: str | dt.date | None = None,
        until: str | dt.date | None = None,
    ) -> AbstractContextManager[Audit]:
        """The selected events in one read transaction (see :mod:`govflow.records.audit`)."""
        return open_audit(self._store, self._lookup, proposals=proposals, since=since, until=until)

    def iter_audit(
        self,
        *,
        proposals: Sequence[str] | None = None,
        since: str | dt.date | None = None,
        until: str | dt.date | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> Iterator[AuditRecord]:
        """Stream every selected event, proposals in reference order, each one's oldest first."""
        return iter_audit(
            self._store, self._lookup, proposals=proposals, since=since, until=until,
            progress=progress,
        )  # fmt: skip

    def audit(
        self,
        out: TextIO,
        fmt: str,
        *,
        proposals: Sequence[str] | None = None,
        since: str | dt.date | None = None,
        until: str | dt.date | None = None,
        progress: Callable[[int], None] | None = None,
        phases: Callable[[str, int, int | None], None] | None = None,
    ) -> int:
        """Write every selected event to ``out`` in ``fmt``; return how many were written.

        ``progress`` is called with the number of events read so far, now and then;
        ``phases("exporting", done, total)`` also hears how many there are in all.
        """
        write = exporter("audit", fmt).audit
        assert write is not None
        # Read before the events' snapshot, so that every event the checkpoint covers is in it.
        checkpoint, log = self._uses.checkpoints.signed_log()
        with self.open_audit(proposals=proposals, since=since, until=until) as audit:
            if phases is not None:
                told, total = progress, audit.events

                def progress(done: int) -> None:
                    phases("exporting", done, total)
                    if told is not None:
                        told(done)

            report = AuditReport(
                audit, self._lookup.registry, now_text(), progress, checkpoint, log
            )
            return write(report, out)

    def register(
        self,
        out: TextIO,
        fmt: str,
        *,
        as_of: str | dt.date | None = None,
        known_on: str | dt.date | None = None,
    ) -> int:
        """Write the register as it stood at the end of ``as_of`` (default today), from what is
        known now or what was recorded by ``known_on``; return the rows written."""
        write = exporter("register", fmt).register
        assert write is not None
        day = optional_date(as_of, field="as_of") or dt.datetime.now(dt.UTC).date()
        registry = self._lookup.registry
        labels = {s.name: s.label for wf in registry.all() for s in wf.states}
        rows = self._uses.register.register(day, known_on=known_on)
        latest = {name: registry.get(name) for name in registry.names}
        return write(RegisterReport(day, rows, labels, now_text(), latest), out)

    def portfolio(self, out: TextIO, *, today: str | dt.date | None = None) -> int:
        """Write every open proposal's plan as one self-contained HTML page (the Gantt chart and
        the table of the portfolio page), planned from ``today``; return the lines written."""
        from govflow.exporters.to_html_portfolio import portfolio_html

        day = optional_date(today, field="today") or dt.datetime.now(dt.UTC).date()
        rows = self._uses.plans.portfolio(today=day)
        out.write(portfolio_html(rows, self._uses.plans.releases(), day, now_text()))
        return len(rows)

    def timeline(self, out: TextIO, fmt: str, reference: str) -> None:
        """Write one proposal's life on one page: stages over time (its plan dashed after
        today), events, the workflow."""
        write = exporter("timeline", fmt).timeline
        assert write is not None
        proposal = self._uses.queries.proposal(reference)
        events = self._uses.queries.history(reference)
        workflow = self._lookup.registry.get(proposal.workflow, proposal.workflow_version)
        today = dt.datetime.now(dt.UTC).date()
        plan = self._uses.plans.plan(reference, today=today)
        write(TimelineReport(proposal, workflow, events, now_text(), today, plan), out)
