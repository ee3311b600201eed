"""Importing parsed minutes: the meeting, its agenda items, proposal links, actions and the
meetings it announces, in one transaction (a dry run is the same work, rolled back).

Importing the same file twice changes nothing the second time; a corrected file updates the
meeting's items and the report says what changed. References to proposals govflow does not know
are listed, not invented, unless ``create_missing`` raises them (recorded as coming from the item).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, delete, insert, select, update

from govflow.errors import GovflowError, NotFound
from govflow.records.lookup import Lookup
from govflow.records.meetings import Meetings
from govflow.records.proposals import ProposalWrites
from govflow.records.raising import ProposalRaising
from govflow.store import tables
from govflow.store.session import Store
from govflow.store.tables import action_t
from govflow.views import json_fields

if TYPE_CHECKING:
    from govflow.minutes._model import Minutes


@dataclass(frozen=True)
class LinkResult:
    reference: str
    spelling: str
    item: str | None
    status: str  # linked | already linked | skipped
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        return json_fields(self)


@dataclass(frozen=True)
class MinutesReport:
    """What an import wrote (or, in a dry run, would write)."""

    meeting: str
    date: dt.date
    committee: str
    meeting_created: bool
    items_added: tuple[str, ...]
    items_updated: tuple[str, ...]
    items_removed: tuple[str, ...]
    items_unchanged: tuple[str, ...]
    links: tuple[LinkResult, ...]
    unknown_references: tuple[dict[str, Any], ...]
    created_proposals: tuple[str, ...]
    actions_added: tuple[dict[str, Any], ...]
    planned_meetings: tuple[dict[str, Any], ...]
    other_references: tuple[dict[str, Any], ...]
    warnings: tuple[str, ...]
    dry_run: bool

    @property
    def changed(self) -> bool:
        return bool(
            self.meeting_created
            or self.items_added
            or self.items_updated
            or self.items_removed
            or any(link.status == "linked" for link in self.links)
            or self.created_proposals
            or self.actions_added
            or self.planned_meetings
        )

    def to_dict(self) -> dict[str, Any]:
        return json_fields(self)


@dataclass
class _Run:
    minutes: Minutes
    meeting: Any = None
    created: bool = False
    items: dict[str, list[str]] = field(
        default_factory=lambda: {"added": [], "updated": [], "removed": [], "unchanged": []}
    )
    links: list[LinkResult] = field(default_factory=list)
    unknown: list[dict[str, Any]] = field(default_factory=list)
    created_proposals: list[str] = field(default_factory=list)
    actions: list[dict[str, Any]] = field(default_factory=list)
    planned: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class MinutesImport:
    """One meeting's minutes into the database: the meeting, its items, links, actions."""

    def __init__(
        self,
        store: Store,
        lookup: Lookup,
        meetings: Meetings,
        raising: ProposalRaising,
        writes: ProposalWrites,
    ) -> None:
        self._store = store
        self._lookup = lookup
        self._meetings = meetings
        self._raising = raising
        self._writes = writes

    def committee_names(self) -> dict[str, str]:
        """Names and codes a minutes heading may use, mapped to committee codes."""
        names = {
            b.name: b.code for wf in self._lookup.registry.all() for b in wf.bodies if b.committee
        }
        names.update({c.name: c.code for c in self._meetings.committees()})
        names.update({code: code for code in list(names.values())})
        return names

    def parse_minutes(self, text: str | bytes, *, committee: str | None = None) -> Minutes:
        """Parse minutes with this database's committees and reference prefixes (no writes)."""
        from govflow.minutes.parser import parse_minutes

        return parse_minutes(
            text,
            committees=self.committee_names(),
            prefixes=self._lookup.prefixes,
            committee=committee,
        )

    def import_minutes(
        self,
        text: str | bytes,
        *,
        committee: str | None = None,
        dry_run: bool = False,
        create_missing: bool = False,
        workflow: str | None = None,
    ) -> MinutesReport:
        """Import one meeting's minutes; with ``dry_run`` report and write nothing."""
        minutes = self.parse_minutes(text, committee=committee)
        run = _Run(minutes, warnings=list(minutes.warnings))
        with self._store.write(rollback=dry_run) as conn:
            self._upsert_meeting(conn, run)
            self._upsert_items(conn, run)
            self._link_mentions(conn, run, create_missing, workflow)
            self._add_actions(conn, run)
            self._plan_meetings(conn, run)
        return _report(run, dry_run)

    # -- meeting and items ---------------------------------------------------------------------
    def _upsert_meeting(self, conn: Connection, run: _Run) -> None:
        m = run.minutes
        committee = tables.committee(conn, m.committee)
        t = tables.meeting_t
        where = (t.c.committee_id == committee.id) & (t.c.number == m.number)
        found = conn.execute(select(t).where(where)).first()
        times = {
            "start_time": m.start_time.strftime("%H:%M") if m.start_time else None,
            "end_time": m.end_time.strftime("%H:%M") if m.end_time else None,
        }
        if found is None:
            conn.execute(
                insert(t).values(
                    committee_id=committee.id,
                    number=m.number,
                    date=m.date,
                    kind="main",
                    status="held",
                    **times,
                )
            )
            run.created = True
        elif (found.date, found.status) != (m.date, "held"):
            if found.status == "held" and found.date != m.date:
                run.warnings.append(f"{m.code} was dated {found.date}; the minutes say {m.date}")
            conn.execute(update(t).where(where).values(date=m.date, status="held", **times))
        run.meeting = conn.execute(select(t).where(where)).one()

    def _upsert_items(self, conn: Connection, run: _Run) -> None:
        i = tables.item_t
        existing = {
            r.number: r for r in conn.execute(select(i).where(i.c.meeting_id == run.meeting.id))
        }
        for item in run.minutes.items:
            values = {"title": item.title, "presenter": item.presenter, "text": item.text}
            old = existing.pop(item.number, None)
            if old is None:
                conn.execute(
                    insert(i).values(meeting_id=run.meeting.id, number=item.number, **values)
                )
                run.items["added"].append(item.number)
            elif (old.title, old.presenter, old.text) != (item.title, item.presenter, item.text):
                conn.execute(update(i).where(i.c.id == old.id).values(**values))
                run.items["updated"].append(item.number)
            else:
                run.items["unchanged"].append(item.number)
        for number, old in existing.items():
            if self._item_used(conn, old.id):
                run.warnings.append(
                    f"item {number} is no longer in the minutes but events refer to it: kept"
                )
                continue
            conn.execute(delete(action_t).where(action_t.c.item_id == old.id))
            conn.execute(delete(i).where(i.c.id == old.id))
            run.items["removed"].append(number)

    @staticmethod
    def _item_used(conn: Connection, item_id: int) -> bool:
        e = tables.event_t
        return (
            conn.execute(select(e.c.id).where(e.c.item_id == item_id).limit(1)).first() is not None
        )

    # -- proposal references -------------------------------------------------------------------
    def _link_mentions(
        self, conn: Connection, run: _Run, create_missing: bool, workflow: str | None
    ) -> None:
        seen: set[tuple[tuple[int, str], str | None]] = set()
        for mention in run.minutes.proposal_refs:
            ref = mention.ref
            if (ref.key, mention.item) in seen:
                continue
            seen.add((ref.key, mention.item))
            try:
                self._lookup.find(conn, ref.spelling)
            except NotFound:
                if not create_missing:
                    run.unknown.append(
                        {"spelling": ref.spelling, "item": mention.item, "line": mention.line}
                    )
                    continue
                if not self._create(run, ref.spelling, mention.item, workflow):
                    continue
            run.links.append(self._link_one(conn, run, ref.spelling, mention.item))

    def _create(self, run: _Run, spelling: str, item: str | None, workflow: str | None) -> bool:
        title = f"Raised from the minutes of {run.minutes.code}"
        found = run.minutes.item(item) if item else None
        item_title = found.title if found is not None else None
        try:
            change = self._raising.raise_proposal(
                spelling,
                title=item_title or title,
                workflow=workflow,
                on=run.minutes.date,
                meeting=run.minutes.code,
                item=item,
                note=f"raised from {run.minutes.code}" + (f" item {item}" if item else ""),
            )
        except GovflowError as exc:
            run.unknown.append({"spelling": spelling, "item": item, "reason": str(exc)})
            return False
        run.created_proposals.append(change.reference)
        return True

    def _link_one(self, conn: Connection, run: _Run, spelling: str, item: str | None) -> LinkResult:
        row, _ = self._lookup.find(conn, spelling)
        reference = self._lookup.label(row)
        if self._already_linked(conn, row.id, run.meeting.id, item):
            return LinkResult(reference, spelling, item, "already linked")
        try:
            self._writes.link(spelling, meeting=run.minutes.code, item=item, spelling=spelling)
        except GovflowError as exc:
            return LinkResult(reference, spelling, item, "skipped", str(exc))
        return LinkResult(reference, spelling, item, "linked")

    @staticmethod
    def _already_linked(
        conn: Connection, proposal_id: int, meeting_id: int, item: str | None
    ) -> bool:
        e, i = tables.event_t, tables.item_t
        query = select(e.c.id).where(e.c.proposal_id == proposal_id, e.c.meeting_id == meeting_id)
        if item is None:
            query = query.where(e.c.item_id.is_(None))
        else:
            query = query.join(i, i.c.id == e.c.item_id).where(i.c.number == item)
        return conn.execute(query.limit(1)).first() is not None

    # -- actions and planned meetings ----------------------------------------------------------
    def _add_actions(self, conn: Connection, run: _Run) -> None:
        i = tables.item_t
        items = {
            r.number: r.id
            for r in conn.execute(
                select(i.c.number, i.c.id).where(i.c.meeting_id == run.meeting.id)
            )
        }
        known = set(
            conn.execute(
                select(action_t.c.text).where(action_t.c.meeting_id == run.meeting.id)
            ).scalars()
        )
        for action in run.minutes.actions:
            if action.text in known:
                continue
            known.add(action.text)
            conn.execute(
                insert(action_t).values(
                    meeting_id=run.meeting.id,
                    item_id=items.get(action.item or ""),
                    due_on=action.due,
                    text=action.text,
                    party=action.party,
                    status="open",
                )
            )
            run.actions.append(
                {
                    "due": action.due.isoformat(),
                    "item": action.item,
                    "party": action.party,
                    "text": action.text,
                }
            )

    def _plan_meetings(self, conn: Connection, run: _Run) -> None:
        """The first announced meeting becomes the committee's next numbered meeting, planned.

        Later announcements (a reporting meeting, say) carry no number in the minutes, so they
        are reported but not stored.
        """
        m = run.minutes
        if not m.next_meetings:
            return
        first, *others = m.next_meetings
        t = tables.meeting_t
        number = m.number + 1
        exists = conn.execute(
            select(t.c.id).where(t.c.committee_id == run.meeting.committee_id, t.c.number == number)
        ).first()
        if exists is None:
            conn.execute(
                insert(t).values(
                    committee_id=run.meeting.committee_id,
                    number=number,
                    date=first.date,
                    kind=first.kind,
                    status="planned",
                )
            )
            run.planned.append(
                {
                    "meeting": f"{m.committee}_{number}",
                    "kind": first.kind,
                    "date": first.date.isoformat(),
                    "stored": True,
                }
            )
        for other in others:
            run.warnings.append(
                f"announced {other.kind} meeting on {other.date} not stored: the minutes give it "
                "no number (add it with `govflow meeting add`)"
            )


def _report(run: _Run, dry_run: bool) -> MinutesReport:
    m = run.minutes
    return MinutesReport(
        meeting=m.code,
        date=m.date,
        committee=m.committee,
        meeting_created=run.created,
        items_added=tuple(run.items["added"]),
        items_updated=tuple(run.items["updated"]),
        items_removed=tuple(run.items["removed"]),
        items_unchanged=tuple(run.items["unchanged"]),
        links=tuple(run.links),
        unknown_references=tuple(run.unknown),
        created_proposals=tuple(run.created_proposals),
        actions_added=tuple(run.actions),
        planned_meetings=tuple(run.planned),
        other_references=tuple(
            {"kind": r.kind, "value": r.value, "item": r.item} for r in m.other_refs
        ),
        warnings=tuple(run.warnings),
        dry_run=dry_run,
    )
