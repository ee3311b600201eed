"""Importing parsed minutes: the meeting, its agenda items, proposal links, actions and the
meetings it announces, in one transaction (a dry run is the same work, rolled back).

Importing the same file twice changes nothing the second time; a corrected file updates the
meeting's items and the report says what changed. References to proposals govflow does not know
are listed, not invented, unless ``create_missing`` raises them (recorded as coming from the item).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from govflow.errors import GovflowError, NotFound
from govflow.minutes import announced
from govflow.minutes._raising import said_stage, said_title
from govflow.minutes._report import ImportRun, LinkResult, MinutesReport, report
from govflow.records.lookup import Lookup
from govflow.records.meetings import Meetings
from govflow.records.proposals import ProposalWrites
from govflow.records.raising import ProposalRaising
from govflow.store import minutes_rows, tables
from govflow.store.session import Connection, Store

if TYPE_CHECKING:
    from govflow.minutes._model import Minutes
    from govflow.store.rows import MeetingRecord

__all__ = ["LinkResult", "MinutesImport", "MinutesReport"]


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

    def parse_minutes(
        self, text: str | bytes, *, committee: str | None = None, name: str | None = None
    ) -> Minutes:
        """Parse minutes (Markdown, HTML, Word or PDF: see ``parse_minutes``) with this
        database's committees and reference prefixes (no writes)."""
        from govflow.minutes.parser import parse_minutes

        return parse_minutes(
            text,
            committees=self.committee_names(),
            prefixes=self._lookup.grammar,
            committee=committee,
            name=name,
        )

    def import_minutes(
        self,
        text: str | bytes,
        *,
        committee: str | None = None,
        dry_run: bool = False,
        create_missing: bool = False,
        workflow: str | None = None,
        name: str | None = None,
    ) -> MinutesReport:
        """Import one meeting's minutes (the file's bytes, or text; ``name``, the file's name,
        breaks a tie between Markdown and HTML); with ``dry_run`` report and write nothing."""
        minutes = self.parse_minutes(text, committee=committee, name=name)
        warnings = list(minutes.warnings)
        with self._store.write(rollback=dry_run) as conn:
            meeting, created = self._upsert_meeting(conn, minutes, warnings)
            run = ImportRun(minutes, meeting, created, warnings=warnings)
            self._upsert_items(conn, run)
            self._link_mentions(conn, run, create_missing, workflow)
            announced.plan_meetings(conn, run)
            announced.add_actions(conn, run)
            announced.keep_references(conn, run)
        return report(run, dry_run)

    # -- meeting and items ---------------------------------------------------------------------
    def _upsert_meeting(
        self, conn: Connection, m: Minutes, warnings: list[str]
    ) -> tuple[MeetingRecord, bool]:
        """The minutes' meeting row, written or brought up to date, and whether it is new."""
        committee = tables.committee(conn, m.committee)
        found = minutes_rows.numbered_meeting(conn, committee.id, m.number)
        times = {
            "start_time": m.start_time.strftime("%H:%M") if m.start_time else None,
            "end_time": m.end_time.strftime("%H:%M") if m.end_time else None,
        }
        if found is None:
            minutes_rows.add_meeting(
                conn, committee.id, number=m.number, date=m.date, kind="main", status="held",
                **times,
            )  # fmt: skip
        elif (found.date, found.status) != (m.date, "held"):
            if found.status == "held" and found.date != m.date:
                warnings.append(f"{m.code} was dated {found.date}; the minutes say {m.date}")
            minutes_rows.update_meeting(
                conn, committee.id, m.number, date=m.date, status="held", **times
            )
        meeting = minutes_rows.numbered_meeting(conn, committee.id, m.number)
        assert meeting is not None  # written above, in this transaction
        return meeting, found is None

    def _upsert_items(self, conn: Connection, run: ImportRun) -> None:
        existing = {r.number: r for r in minutes_rows.items_of(conn, run.meeting.id)}
        for item in run.minutes.items:
            values = {"title": item.title, "presenter": item.presenter, "text": item.text}
            old = existing.pop(item.number, None)
            if old is None:
                minutes_rows.add_item(conn, run.meeting.id, item.number, **values)
                run.items["added"].append(item.number)
            elif (old.title, old.presenter, old.text) != (item.title, item.presenter, item.text):
                minutes_rows.update_item(conn, old.id, **values)
                run.items["updated"].append(item.number)
            else:
                run.items["unchanged"].append(item.number)
        for number, old in existing.items():
            if minutes_rows.item_used(conn, old.id):
                run.warnings.append(
                    f"item {number} is no longer in the minutes but events refer to it: kept"
                )
                continue
            minutes_rows.remove_item(conn, old.id)
            run.items["removed"].append(number)

    # -- proposal references -------------------------------------------------------------------
    def _link_mentions(
        self, conn: Connection, run: ImportRun, create_missing: bool, workflow: str | None
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
                    where = run.minutes.where(mention.line)
                    run.unknown.append({"spelling": ref.spelling, "item": mention.item,
                                        "line": mention.line, "where": where})  # fmt: skip
                    continue
                created = self._create(run, ref.spelling, mention.item, workflow)
                if created is not None:  # raised at this item: that is its link
                    run.links.append(LinkResult(created, ref.spelling, mention.item, "linked",
                                                "raised from the minutes"))  # fmt: skip
                continue
            run.links.append(self._link_one(conn, run, ref.spelling, mention.item))

    def _create(
        self, run: ImportRun, spelling: str, item: str | None, workflow: str | None
    ) -> str | None:
        """Raise a proposal the minutes name: titled as they quote it (else the item's title),
        in the stage they say it is in (an override naming the minutes); its new reference."""
        found = run.minutes.item(item) if item else None
        text = found.text if found is not None else ""
        title = said_title(text, spelling) or (found.title if found is not None else None)
        stage, entered = self._said_stage(text, spelling, workflow)
        where = f"{run.minutes.code}" + (f" item {item}" if item else "")
        try:
            change = self._raising.raise_proposal(
                spelling,
                title=title or f"Raised from the minutes of {run.minutes.code}",
                workflow=workflow,
                on=run.minutes.date,
                meeting=run.minutes.code,
                item=item,
                stage=stage,
                override=None if entered else f"the minutes of {where} say it is in {stage!r}",
                note=f"raised from {where}",
            )
        except GovflowError as exc:
            run.unknown.append({"spelling": spelling, "item": item, "reason": str(exc)})
            return None
        run.created_proposals.append(change.reference)
        return change.reference

    def _said_stage(
        self, text: str, spelling: str, workflow: str | None
    ) -> tuple[str | None, bool]:
        """The stage the minutes say a proposal is in (None: where its prefix enters first), and
        whether its prefix may enter there (else raising it there is an override)."""
        ref = self._lookup.parse(spelling)
        candidates = self._lookup.registry.for_prefix(ref.prefix)
        wf = next((w for w in candidates if workflow in (None, w.name)), None)
        if wf is None:
            return None, True
        prefix = wf.references.prefix(ref.prefix)
        entry = prefix.entry if prefix and prefix.entry else (wf.initial,)
        stage = said_stage(text, spelling, [(s.name, s.label) for s in wf.states])
        return stage, stage is None or stage in entry

    def _link_one(
        self, conn: Connection, run: ImportRun, spelling: str, item: str | None
    ) -> LinkResult:
        row, _ = self._lookup.find(conn, spelling)
        reference = self._lookup.label(row)
        if minutes_rows.linked(conn, row.id, run.meeting.id, item):
            return LinkResult(reference, spelling, item, "already linked")
        try:
            self._writes.link(spelling, meeting=run.minutes.code, item=item, spelling=spelling)
        except GovflowError as exc:
            return LinkResult(reference, spelling, item, "skipped", str(exc))
        return LinkResult(reference, spelling, item, "linked")
