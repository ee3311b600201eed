"""Use cases that read: show, history, list and next steps; now, or as of a date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from govflow.dates import optional_date
from govflow.errors import InvalidInput, NotFound, hint
from govflow.model import Event
from govflow.records import derive
from govflow.records.closures import calendar_of
from govflow.records.deadlines import Deadlines, due_item
from govflow.records.event_views import decision_views, solution_views, vote_views
from govflow.records.lookup import Lookup, state_of
from govflow.store import tables
from govflow.store.hashing import proposal_key
from govflow.store.rows import ProposalRecord, ReleaseLinkRecord
from govflow.store.session import Connection, Store
from govflow.views import DueItem, EventView, ProposalView, RelatedView, ReleaseLink
from govflow.workflow.directions import solution_label
from govflow.workflow.facts import facts as facts_in_order
from govflow.workflow.solutions import milestones_of, named
from govflow.workflow.state import ProposalState
from govflow.workflow.windows import window_kind

if TYPE_CHECKING:
    from govflow.views.steps import NextSteps


class Queries:
    """What users ask of the record: one proposal, its history, next steps, lists, the register,
    and whether every chain is intact."""

    def __init__(self, store: Store, lookup: Lookup, deadlines: Deadlines) -> None:
        self._store = store
        self._lookup = lookup
        self._deadlines = deadlines
        self._registry = lookup.registry

    def proposal(
        self,
        reference: str,
        *,
        as_of: str | dt.date | None = None,
        known_on: str | dt.date | None = None,
    ) -> ProposalView:
        """One proposal, found by any of its references: as it stands now, or as it stood at
        the end of ``as_of`` (from what is known now, or from what was known on ``known_on``)."""
        day = optional_date(as_of, field="as_of")
        before = derive.cutoff(known_on)
        with self._store.read() as conn:
            row, _ = self._lookup.find(conn, reference)
            return self.view_of(conn, row, reference, day, known_on, before)

    def view_of(
        self, conn: Connection, row: ProposalRecord, reference: str, day: dt.date | None = None,
        known_on: str | dt.date | None = None, before: dt.datetime | None = None,
        links: Sequence[ReleaseLinkRecord] | None = None,
        open_deadlines: Sequence[DueItem] | None = None,
    ) -> ProposalView:  # fmt: skip
        """:meth:`proposal` of the proposal ``row``, found by ``reference`` (``before``: the
        cutoff ``known_on`` gives; ``links``: its release links, and ``open_deadlines``: its
        open deadlines today, as already read and made)."""
        facts = derive.facts_of(conn, row, before)
        if day is None and before is None:  # the view made once, with every field at hand
            view = self._fields(
                row, tables.aliases(conn, row.id),
                tables.release_links(conn, row.id) if links is None else links,
                facts[-1] if facts else None,
            )  # fmt: skip
            if open_deadlines is None:
                today = dt.datetime.now(dt.UTC).date()
                open_deadlines = self._deadlines.of_proposal(conn, row, today)
            view["deadlines"] = tuple(open_deadlines)
        else:
            view = dict(self._view_then(conn, row, facts, day, known_on).__dict__)
        related: tuple[RelatedView, ...] = ()
        if any(f.kind == "related" for f in facts):  # relations load for a linked one only
            from govflow.records.relations import as_written_now, related_views

            related = as_written_now(conn, self._lookup, related_views(facts, day))
        raise_ = next((f for f in facts if f.kind == "raised"), None)
        precision = raise_.date_precision if raise_ is not None else "day"
        wf = self._lookup.workflow_of(row)
        label = view["alternative_of"] or self._lookup.label(row)
        ref = self._lookup.parse(reference)
        names = {self._letter(n): n for n in view["solutions"]}
        votes = vote_views(
            wf, label, (f for f in facts if day is None or f.occurred_on <= day), names
        )
        letter = f"{ref.alternative_label}{ref.alternative}"
        asked = names.get(letter) or solution_label(label, letter)
        view.update(related=related, votes=votes, asked=asked if ref.alternative else None,
                    raised_on_precision=precision)  # fmt: skip
        return ProposalView(**view)

    def _letter(self, solution: str) -> str:
        """The letter of a solution's reference (``A`` of 0990AV, ``WACM4``; "": the original)."""
        ref = self._lookup.parse(solution)
        return f"{ref.alternative_label}{ref.alternative}"

    def _view_then(
        self, conn: Connection, row: ProposalRecord, facts: list[Event], day: dt.date | None,
        known_on: str | dt.date | None,
    ) -> ProposalView:  # fmt: skip
        """The proposal as its facts (up to ``day``) left it."""
        label = self._lookup.label(row)
        state = derive.derive(conn, self._lookup, row, facts, upto=day)
        if not state.stage:
            when = f"on {day}" if day is not None else ""
            known = f" as recorded by {known_on}" if known_on is not None else ""
            raise NotFound(f"{label} had not been raised {when}{known}".replace("  ", " "))
        dates = {r.name: r.date for r in tables.release_links(conn, row.id)}
        last = [f for f in facts if day is None or f.occurred_on <= day][-1]
        view = self._make_view(row, tables.aliases(conn, row.id), [], last, state)
        releases = tuple(
            ReleaseLink(name, dates.get(name), status)
            for name, (status, _) in state.releases.items()
        )
        on = day or dt.datetime.now(dt.UTC).date()
        cal = calendar_of(conn)
        wf = self._lookup.workflow_of(row)
        deadlines = tuple(
            due_item(d, view.reference, cal, on, window_kind(wf, d.kind, d.name))
            for d in state.deadlines
            if d.status == "open"
        )
        return replace(view, releases=releases, deadlines=deadlines)

    def _make_view(
        self,
        row: ProposalRecord,
        aliases: list[str],
        releases: Iterable[ReleaseLinkRecord],
        last: Event | None,
        state: ProposalState | None = None,
    ) -> ProposalView:
        """A proposal row as a view; ``state`` (derived as of a day) overrides its values."""
        return ProposalView(**self._fields(row, aliases, releases, last, state))

    def _fields(
        self,
        row: ProposalRecord,
        aliases: list[str],
        releases: Iterable[ReleaseLinkRecord],
        last: Event | None,
        state: ProposalState | None = None,
    ) -> dict[str, Any]:
        """:meth:`_make_view`'s fields, by name (the others are the view's defaults)."""
        now = state or state_of(row)
        wf = self._lookup.workflow_of(row)
        stage = wf.state(now.stage)
        plain = (state.reference if state else "") or self._lookup.label(row)
        reference = plain + self._lookup.marks(row, now.flags, milestones_of(now, ""))
        names = named(wf, plain, now)
        step = None
        if last is not None and last.milestone:
            found = wf.step_of(now.stage, last.milestone)
            step = found.name if found else None
        alternative_of = (
            self._lookup.written(row.workflow, row.workflow_version, row.prefix, row.number, "")
            if row.alternative
            else None
        )
        return dict(
            reference=reference, key=proposal_key(row.scheme, row.number, row.alternative),
            aliases=tuple(dict.fromkeys([self._lookup.label(row), *aliases])), title=row.title,
            proposer=now.proposer, workflow=row.workflow, workflow_version=row.workflow_version,
            stage=now.stage, stage_label=stage.label if stage else now.stage, step=step,
            path=now.path, flags=tuple(sorted(now.flags)), milestones=tuple(now.milestones),
            raised_on=now.raised_on or row.raised_on,
            releases=tuple(ReleaseLink(r.name, r.date, r.status) for r in releases),
            last_event=last, version=row.version,
            alternative_of=alternative_of, solutions=tuple(names.values()),
            vote=now.vote, decisions=decision_views(plain, now.decisions, names),
            standing=solution_views(wf, plain, now),
            route_label=wf.route_text(now.path),
            flags_not_on_record=tuple(sorted(now.unknown_flags)),
        )  # fmt: skip

    def proposal_version(self, reference: str) -> int:
        """The version of a proposal (found by any of its references): the number a write
        given ``expected_version`` checks, one more after each write to it."""
        with self._store.read() as conn:
            row, _ = self._lookup.find(conn, reference)
            return int(row.version)

    def history(
        self,
        reference: str,
        *,
        as_of: str | dt.date | None = None,
        known_on: str | dt.date | None = None,
        as_recorded: bool = False,
    ) -> list[EventView]:
        """A proposal's history, oldest first: as the record now tells it (corrections applied,
        in occurrence order, up to ``as_of``), or ``as_recorded`` (every event, corrections and
        all, in recording order, with its original values). ``known_on`` keeps the events
        recorded by the end of that day (UTC)."""
        day = optional_date(as_of, field="as_of")
        before = derive.cutoff(known_on)
        with self._store.read() as conn:
            row, _ = self._lookup.find(conn, reference)
            events = derive.events(conn, row)
            if not as_recorded:  # judged now: the rules a lack of facts left unchecked
                found = self.judged_history(conn, row, events, before)
        if as_recorded:
            return [
                e for e in events
                if (before is None or e.recorded_at is None or e.recorded_at < before)
                and (day is None or e.occurred_on <= day)
            ]  # fmt: skip
        return found if day is None else [f for f in found if f.occurred_on <= day]

    def judged_history(
        self, conn: Connection, row: ProposalRecord, events: list[Event],
        before: dt.datetime | None = None,
    ) -> list[EventView]:  # fmt: skip
        """:meth:`history` of the proposal ``row`` (its ``events``), as the record now tells it:
        each event with the rules a lack of facts left unchecked."""
        from govflow.workflow.replay import annotated  # not loaded to show a proposal

        return annotated(self._lookup.rules(conn, row), facts_in_order(events, before))

    def next_steps(self, reference: str, *, on: str | dt.date | None = None) -> NextSteps:
        """What can happen to a proposal on a day (default today), and what is blocked and why:
        each judged by the rule core as the event itself would be on that day, so that
        ``advance`` on that day with an allowed trigger succeeds and a blocked one fails for the
        same reasons."""
        day = optional_date(on, "date") or dt.datetime.now(dt.UTC).date()
        with self._store.read() as conn:
            row, _ = self._lookup.find(conn, reference)
            from govflow.records.next_steps import next_steps  # not loaded to read a proposal

            return next_steps(conn, self._lookup, row, day)

    def proposals(
        self,
        *,
        stage: str | None = None,
        workflow: str | None = None,
        committee: str | None = None,
        since: str | dt.date | None = None,
        until: str | dt.date | None = None,
        limit: int | None = None,
        after: str | None = None,
    ) -> list[ProposalView]:
        """Proposals, filtered by stage, workflow, a committee that handled them, or event dates;
        the first ``limit`` of them in reference order when it is given, those after the
        proposal ``after`` (any of its references) in that order when it is: a page of a long
        list costs the page, not the list."""
        if limit is not None and limit < 0:
            raise InvalidInput(f"limit is a number of proposals, 0 or more, not {limit}")
        if stage is not None:
            stages = sorted({s for wf in self._registry.all() for s in wf.state_names})
            if stage not in stages:
                raise InvalidInput(
                    f"unknown stage {stage!r}{hint(stage, stages)}; stages: {', '.join(stages)}"
                )
        if workflow is not None:
            self._registry.get(workflow)
        start, end = optional_date(since, field="since"), optional_date(until, field="until")
        from govflow.store import listing  # lists load their paging when first asked for

        with self._store.read() as conn:
            last = self._lookup.find(conn, after)[0] if after is not None else None
            held = tables.committee(conn, committee).id if committee is not None else None
            rows = listing.proposals(
                conn, stage=stage, workflow=workflow, committee_id=held, since=start, until=end,
                limit=limit, after=last,
            )  # fmt: skip
            return list(self._views(conn, rows))

    def _views(self, conn: Connection, rows: Sequence[ProposalRecord]) -> Iterator[ProposalView]:
        from govflow.store import listing

        page = listing.page_details(conn, rows)
        for row in rows:
            last = page.lasts.get(row.id)
            if row.amended or last is None or last.occurred_on != row.head_occurred_on:
                facts = derive.facts_of(conn, row)  # its last event is not the last recorded
                fact = facts[-1] if facts else None
            else:
                fact = last
            yield self._make_view(row, page.aliases[row.id], page.releases[row.id], fact)

    def proposal_count(self) -> int:
        from govflow.store import listing

        with self._store.read() as conn:
            return listing.count(conn)
