"""Use cases that read: show, history, list, the register as of a date, next steps, verify."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import Any

from sqlalchemy import Connection, Row, and_, func, or_, select

from govflow.dates import optional_date
from govflow.errors import InvalidInput, hint
from govflow.records.deadlines import Deadlines
from govflow.records.lookup import Lookup, situation_of
from govflow.store import reads, tables
from govflow.store.hashing import ChainBreak, first_break, proposal_key
from govflow.store.session import Store
from govflow.views import (
    EventView,
    NextSteps,
    ProposalView,
    RegisterRow,
    ReleaseLink,
    StepOption,
)

STAGE_KINDS = ("raised", "transition", "override")


def event_view(row: Any) -> EventView:
    meeting = f"{row.committee_code}_{row.meeting_number}" if row.committee_code else None
    return EventView(
        seq=row.seq, kind=row.kind, trigger=row.trigger, milestone=row.milestone,
        from_stage=row.from_stage, to_stage=row.to_stage, occurred_on=row.occurred_on,
        until=row.until, recorded_at=tables.as_utc(row.recorded_at), meeting=meeting,
        item=row.item_number, item_title=row.item_title, committee=row.committee_code,
        body=row.body, actor=row.actor, note=row.note, payload=dict(row.payload or {}),
        corrects_seq=row.corrects_seq, prev_hash=row.prev_hash, hash=row.hash,
    )  # fmt: skip


def hash_record(view: EventView, key: str) -> dict[str, Any]:
    """The fields the chain covers, from an event view."""
    return {
        "proposal": key, "seq": view.seq, "kind": view.kind, "trigger": view.trigger,
        "milestone": view.milestone, "from_stage": view.from_stage, "to_stage": view.to_stage,
        "occurred_on": view.occurred_on, "until": view.until, "recorded_at": view.recorded_at,
        "meeting": view.meeting, "item": view.item, "body": view.body, "actor": view.actor,
        "note": view.note, "payload": view.payload, "corrects_seq": view.corrects_seq,
        "prev_hash": view.prev_hash, "hash": view.hash,
    }  # fmt: skip


class Queries:
    """What users ask of the record: one proposal, its history, next steps, lists, the register,
    and whether every chain is intact."""

    def __init__(self, store: Store, lookup: Lookup, deadlines: Deadlines) -> None:
        self._store = store
        self._lookup = lookup
        self._deadlines = deadlines
        self._registry = lookup.registry

    def proposal(self, reference: str) -> ProposalView:
        """One proposal, found by any of its references."""
        with self._store.read() as conn:
            row, _ = self._lookup.find(conn, reference)
            return self._view(conn, row)

    def _view(self, conn: Connection, row: Any) -> ProposalView:
        last = conn.execute(
            tables.events_with_places().where(
                tables.event_t.c.proposal_id == row.id, tables.event_t.c.seq == row.head_seq
            )
        ).first()
        view = self._make_view(
            row, tables.aliases(conn, row.id), tables.release_links(conn, row.id), last
        )
        today = dt.datetime.now(dt.UTC).date()
        return replace(view, deadlines=tuple(self._deadlines.of_proposal(conn, row, today)))

    def _make_view(
        self, row: Any, aliases: list[str], releases: Iterable[Row[Any]], last: Any
    ) -> ProposalView:
        wf = self._lookup.workflow_of(row)
        state = wf.state(row.stage)
        reference = self._lookup.label(row)
        step = None
        if last is not None and last.milestone:
            found = wf.step_of(row.stage, last.milestone)
            step = found.name if found else None
        alternative_of = reference[: -len(row.alternative)] if row.alternative else None
        return ProposalView(
            reference=reference, key=proposal_key(row.scheme, row.number, row.alternative),
            aliases=tuple(dict.fromkeys([reference, *aliases])), title=row.title,
            proposer=row.proposer, workflow=row.workflow, workflow_version=row.workflow_version,
            stage=row.stage, stage_label=state.label if state else row.stage, step=step,
            path=row.path, flags=tuple(row.flags or ()), milestones=tuple(row.milestones or ()),
            raised_on=row.raised_on,
            releases=tuple(ReleaseLink(r.name, r.date, r.status) for r in releases),
            last_event=event_view(last) if last is not None else None, version=row.version,
            alternative_of=alternative_of,
        )  # fmt: skip

    def history(self, reference: str) -> list[EventView]:
        """Every event of a proposal, oldest first."""
        with self._store.read() as conn:
            row, _ = self._lookup.find(conn, reference)
            return [event_view(r) for r in reads.history(conn, row.id)]

    def next_steps(self, reference: str) -> NextSteps:
        """What can happen to a proposal now, and what is blocked and why."""
        with self._store.read() as conn:
            row, _ = self._lookup.find(conn, reference)
        rules = self._lookup.rules(row)
        situation = situation_of(row)
        options = [
            StepOption(o.trigger, o.dest, o.body, o.description, o.reasons)
            for o in rules.options(situation)
        ]
        state = self._lookup.workflow_of(row).state(row.stage)
        return NextSteps(
            reference=self._lookup.label(row),
            stage=row.stage,
            allowed=tuple(o for o in options if not o.reasons),
            blocked=tuple(o for o in options if o.reasons),
            milestones=tuple(m.name for m in rules.milestone_options(situation) if m.allowed),
            terminal=bool(state and state.terminal),
        )

    def proposals(
        self,
        *,
        stage: str | None = None,
        workflow: str | None = None,
        committee: str | None = None,
        since: str | dt.date | None = None,
        until: str | dt.date | None = None,
        limit: int | None = None,
    ) -> list[ProposalView]:
        """Proposals, filtered by stage, workflow, a committee that handled them, or event dates;
        the first ``limit`` of them in reference order when it is given."""
        p, e = tables.proposal_t, tables.event_t
        query = select(p).order_by(p.c.scheme, p.c.number, p.c.alternative)
        if limit is not None:
            if limit < 0:
                raise InvalidInput(f"limit is a number of proposals, 0 or more, not {limit}")
            query = query.limit(limit)
        if stage is not None:
            stages = sorted({s for wf in self._registry.all() for s in wf.state_names})
            if stage not in stages:
                raise InvalidInput(
                    f"unknown stage {stage!r}{hint(stage, stages)}; stages: {', '.join(stages)}"
                )
            query = query.where(p.c.stage == stage)
        if workflow is not None:
            self._registry.get(workflow)
            query = query.where(p.c.workflow == workflow)
        start, end = optional_date(since, "--since date"), optional_date(until, "--until date")
        with self._store.read() as conn:
            if committee is not None:
                found = tables.committee(conn, committee)
                at = select(e.c.proposal_id).join(
                    tables.meeting_t, tables.meeting_t.c.id == e.c.meeting_id
                )
                query = query.where(
                    p.c.id.in_(at.where(tables.meeting_t.c.committee_id == found.id))
                )
            if start is not None or end is not None:
                dated = select(e.c.proposal_id)
                if start is not None:
                    dated = dated.where(e.c.occurred_on >= start)
                if end is not None:
                    dated = dated.where(e.c.occurred_on <= end)
                query = query.where(p.c.id.in_(dated))
            rows = list(conn.execute(query))
            return list(self._views(conn, rows))

    def _views(self, conn: Connection, rows: list[Row[Any]]) -> Iterator[ProposalView]:
        ids = [r.id for r in rows]
        aliases: dict[int, list[str]] = defaultdict(list)
        releases: dict[int, list[Any]] = defaultdict(list)
        lasts: dict[int, Any] = {}
        for chunk in _chunks(ids, 500):
            a = tables.alias_t
            for r in conn.execute(select(a).where(a.c.proposal_id.in_(chunk)).order_by(a.c.id)):
                aliases[r.proposal_id].append(r.spelling)
            rp, rel = tables.release_proposal_t, tables.release_t
            for r in conn.execute(
                select(rp.c.proposal_id, rel.c.name, rel.c.date, rp.c.status)
                .join(rel, rel.c.id == rp.c.release_id)
                .where(rp.c.proposal_id.in_(chunk))
                .order_by(rp.c.id)
            ):
                releases[r.proposal_id].append(r)
            wanted = set(chunk)  # once per chunk: building it per row made long lists quadratic
            heads = [and_(tables.event_t.c.proposal_id == r.id, tables.event_t.c.seq == r.head_seq)
                     for r in rows if r.id in wanted]  # fmt: skip
            for r in conn.execute(tables.events_with_places().where(or_(*heads))):
                lasts[r.proposal_id] = r
        for row in rows:
            yield self._make_view(row, aliases[row.id], releases[row.id], lasts.get(row.id))

    def register(self, as_of: str | dt.date | None = None) -> list[RegisterRow]:
        """Every proposal as it stood at the end of ``as_of`` (default: today), from its events."""
        day = optional_date(as_of, "--as-of date") or dt.datetime.now(dt.UTC).date()
        with self._store.read() as conn:
            rows = reads.register(conn, day)
            routes, releases = self._route_and_releases_on(conn, day)
            names = self._names_on(conn, day)
        return [
            self._register_row(r, releases.get(r[0], []), names.get(r[0]), routes) for r in rows
        ]

    @staticmethod
    def _route_and_releases_on(
        conn: Connection, day: dt.date
    ) -> tuple[dict[int, int | None], dict[int, list[ReleaseLink]]]:
        """Paths and releases as the events up to ``day`` left them, for the proposals whose
        route or releases ever changed (the others: as they are now, and as they always were).

        Only ``route`` and ``release`` events are read (few, and indexed by kind): a route event
        names the path before it too, so a change after ``day`` still says the path on ``day``.
        """
        e = tables.event_t
        dates = {r.name: r.date for r in conn.execute(select(tables.release_t))}
        paths: dict[int, int | None] = {}
        settled: set[int] = set()
        states: dict[int, dict[str, str]] = defaultdict(dict)
        events = conn.execute(
            select(e.c.proposal_id, e.c.kind, e.c.occurred_on, e.c.payload)
            .where(e.c.kind.in_(("route", "release")))
            .order_by(e.c.proposal_id, e.c.seq)
        )
        for r in events:
            payload = r.payload or {}
            if r.kind == "route":
                if r.occurred_on <= day:
                    paths[r.proposal_id] = payload["path"]["to"]
                    settled.add(r.proposal_id)
                elif r.proposal_id not in settled:
                    paths[r.proposal_id] = payload["path"]["from"]
                    settled.add(r.proposal_id)
            elif r.occurred_on <= day:
                states[r.proposal_id][payload["release"]] = payload["status"]
        releases = {
            pid: [ReleaseLink(name, dates.get(name), status) for name, status in found.items()]
            for pid, found in states.items()
        }
        return paths, releases

    @staticmethod
    def _names_on(conn: Connection, day: dt.date) -> dict[int, str]:
        """The reference each relabelled proposal went by on ``day`` (DP099 before conversion)."""
        e = tables.event_t
        names: dict[int, str] = {}
        relabels = conn.execute(
            select(e.c.proposal_id, e.c.occurred_on, e.c.payload)
            .where(e.c.kind == "relabel")
            .order_by(e.c.proposal_id, e.c.seq)
        )
        for r in relabels:
            if r.occurred_on <= day:
                names[r.proposal_id] = r.payload["to"]
            else:
                names.setdefault(r.proposal_id, r.payload["from"])
        return names

    def _register_row(
        self,
        values: tuple[Any, ...],
        releases: list[ReleaseLink],
        name: str | None,
        paths: dict[int, int | None],
    ) -> RegisterRow:
        (_, kind, trigger, stage, day, committee, meeting_number, prefix, number, alternative,
         title, proposer, workflow, version, path, _) = values  # fmt: skip
        decided = kind in ("transition", "override")
        if name is None:
            width = self._lookup.width(workflow, version, prefix)
            name = f"{prefix}{number:0{width}d}{alternative}"
        return RegisterRow(
            reference=name, title=title, proposer=proposer, workflow=workflow,
            path=paths.get(values[0], path),
            stage=stage, stage_since=day, last_decision=trigger if decided else None,
            last_decision_on=day if decided else None,
            last_meeting=f"{committee}_{meeting_number}" if committee else None,
            releases=tuple(releases),
        )  # fmt: skip

    def proposal_count(self) -> int:
        with self._store.read() as conn:
            return int(
                conn.execute(select(func.count()).select_from(tables.proposal_t)).scalar_one()
            )

    def verify(self, progress: Callable[[int, int], None] | None = None) -> list[ChainBreak]:
        """Recompute every proposal's chain; the first broken event of each broken one.

        ``progress(done, total)`` hears how many proposals are checked, every 500.
        """
        breaks = []
        with self._store.read() as conn:
            rows = {r.id: r for r in conn.execute(select(tables.proposal_t))}
            events = conn.execute(
                tables.events_with_places().order_by(
                    tables.event_t.c.proposal_id, tables.event_t.c.seq
                )
            )
            seen = set()
            for proposal_id, group in itertools.groupby(events, key=lambda ev: ev.proposal_id):
                seen.add(proposal_id)
                if progress is not None and len(seen) % 500 == 0:
                    progress(len(seen), len(rows))
                broken = self._check_chain(rows[proposal_id], group)
                if broken is not None:
                    breaks.append(broken)
            for row in rows.values():
                if row.id not in seen and row.head_seq:
                    breaks.append(ChainBreak(self._lookup.label(row), 1, "event 1 is missing"))
        return breaks

    def _check_chain(self, row: Any, events: Iterable[Any]) -> ChainBreak | None:
        key = proposal_key(row.scheme, row.number, row.alternative)
        records = [hash_record(event_view(ev), key) for ev in events]
        reference = self._lookup.label(row)
        broken = first_break(reference, records)
        if broken is None and records[-1]["hash"] != row.head_hash:
            seq = len(records) + 1
            return ChainBreak(reference, seq, f"event {seq} (the last recorded) is missing")
        return broken


def _chunks(values: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]
