"""What a proposal's page shows, read in one call: its view, its history, every deadline and
its plan, in one read snapshot.

The page asked the facade four times (``proposal``, ``history``, ``deadlines`` with
``open_only=False``, ``plan``): each call checked its arguments, joined the snapshot and found
the proposal again. :meth:`PageReads.proposal_page` finds it once and hands the row to each use
case's own read of it, so each part is what its own call gives.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from govflow.planning.model import Plan
from govflow.records import snapshot_rows
from govflow.records.deadlines import Deadlines
from govflow.records.derive import events
from govflow.records.lookup import Lookup
from govflow.records.plans import Plans
from govflow.records.queries import Queries
from govflow.store.session import Store
from govflow.views import DueItem, EventView, ProposalView


@dataclass(frozen=True)
class ProposalPage:
    """A proposal's page's record: each part as its own call gives it."""

    proposal: ProposalView  # gf.proposal(reference)
    history: list[EventView]  # gf.history(reference)
    deadlines: list[DueItem]  # gf.deadlines(reference, open_only=False)
    plan: Plan  # gf.plan(reference)


class PageReads:
    """The reads of a page, one call each."""

    def __init__(
        self, store: Store, lookup: Lookup, queries: Queries, deadlines: Deadlines, plans: Plans
    ) -> None:
        self._store = store
        self._lookup = lookup
        self._queries = queries
        self._deadlines = deadlines
        self._plans = plans

    def proposal_page(self, reference: str) -> ProposalPage:
        """What the page of the proposal ``reference`` (any of its references) shows, as it
        stands now, read in one snapshot."""
        today = dt.datetime.now(dt.UTC).date()
        with self._store.read(repeatable=True) as conn:
            row, _ = self._lookup.find(conn, reference)
            links = snapshot_rows.release_links(conn, row.id)  # the plan's state reads them too
            opened, deadlines = self._deadlines.open_and_all(conn, row, today)  # made once
            view = self._queries.view_of(conn, row, reference, links=links,
                                         open_deadlines=opened)  # fmt: skip
            history = self._queries.judged_history(conn, row, events(conn, row))
            plan = self._plans.plan_of(conn, row, today)
        return ProposalPage(view, history, deadlines, plan)
