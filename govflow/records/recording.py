"""Appending to a proposal's history: at its end on the fast path, anywhere in it otherwise.

An event dated on or after the proposal's latest event (the usual case) is checked against the
proposal row, which holds the proposal as its history leaves it, and appended with the row's new
values: no event is read. An event dated earlier (minutes approved weeks later, a register
adopted with gaps) and every correction take the other path: the proposal's events are read, the
new one is placed in occurrence order, the whole history is replayed against the workflow
(:mod:`govflow.records.history`), and the row, its deadlines and its releases are rewritten from
the replay. The entry is refused when the replay is: the refusal names the later event that would
become impossible. Either way the new events join the hash chain at its end (recording order).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Connection, delete, insert

from govflow.errors import GovflowError, InvalidInput, TransitionNotAllowed
from govflow.records import derive, history
from govflow.records.deadlines import Deadlines
from govflow.records.history import Derived, Fact, HistoryError
from govflow.records.lookup import Lookup
from govflow.records.windows import lapse_names
from govflow.store import reads, tables
from govflow.store.tables import EventDraft, Head, deadline_t
from govflow.views import EventView
from govflow.workflow.definition import Situation


@dataclass
class Entry:
    """What one write appends, worked out against the proposal as it stood on the entry's date."""

    drafts: list[EventDraft]
    changes: dict[str, Any] = field(default_factory=dict)  # the row's columns after it
    moved: tuple[str, str] | None = None  # (source, trigger) when the stage changes
    milestone: str | None = None  # when a milestone is recorded
    until: dt.date | None = None  # an announced closing date for the window it opens


#: Works out an entry from the proposal as it stood on the entry's date.
Make = Callable[[Derived], Entry]


def derived_of_row(row: Any) -> Derived:
    """The proposal as its row holds it (the whole history applied)."""
    return Derived(
        stage=row.stage, path=row.path, flags=frozenset(row.flags or ()),
        milestones=list(row.milestones or ()), prefix=row.prefix, title=row.title,
        proposer=row.proposer, raised_on=row.raised_on, latest_on=row.head_occurred_on,
        vote=(row.outcomes or {}).get("vote"),
        decisions=list((row.outcomes or {}).get("decisions", ())),
        solutions=list((row.outcomes or {}).get("solutions", ())),
    )  # fmt: skip


def _pending(draft: EventDraft, seq: int) -> SimpleNamespace:
    """A draft as :func:`history.facts` reads an event."""
    return SimpleNamespace(
        seq=seq, kind=draft.kind, trigger=draft.trigger, milestone=draft.milestone,
        from_stage=draft.from_stage, to_stage=draft.to_stage, occurred_on=draft.occurred_on,
        until=draft.until, recorded_at=dt.datetime.max, meeting=draft.meeting_code,
        item=draft.item.number if draft.item is not None else None,
        item_title=draft.item.title if draft.item is not None else None, actor=draft.actor,
        note=draft.note, payload=draft.payload, corrects_seq=draft.corrects_seq,
    )  # fmt: skip


class Recorder:
    """Appends events to proposals' histories, keeping the rows derived from them."""

    def __init__(self, lookup: Lookup, deadlines: Deadlines) -> None:
        self._lookup = lookup
        self._deadlines = deadlines
        self._asks: dict[str, tuple[frozenset[str], frozenset[str]]] = {}

    def append(
        self, conn: Connection, row: Any, day: dt.date, make: Make, label: str,
        names: Collection[str] | None = None,
    ) -> tuple[Head, Entry]:  # fmt: skip
        """Append what ``make`` works out for ``day``: at the end, or in its place.

        ``names`` are the triggers and milestones ``make`` may fire or record, when the caller
        knows them: at the end, the open windows and the releases are read only when the rules
        may look at them for one of these (None: read whatever the workflow's rules may ask).
        """
        if day >= row.head_occurred_on:
            entry = make(self._now(conn, row, names))
            if any(d.kind == "implied" for d in entry.drafts):  # deadlines of the steps too
                return self.rederive(conn, row, entry.drafts, label, day, amended=False)[0], entry
            return self._at_end(conn, row, day, entry), entry
        events = derive.events(conn, row)  # read once: placed, then replayed whole
        known = history.facts(events)
        _before_migration(known, day, label)
        before = self.replay(conn, row, [f for f in known if f.occurred_on <= day])
        entry = make(before) if before.stage else _before_raised(row, day, label, make)
        if all(d.kind == "link" for d in entry.drafts):  # a link changes nothing derived
            return tables.commit_events(conn, row, entry.drafts), entry
        return self.rederive(conn, row, entry.drafts, label, day, events=events)[0], entry

    def _now(self, conn: Connection, row: Any, names: Collection[str] | None) -> Derived:
        """The proposal as its row holds it, with the open windows a lapsing window's rule and
        the releases an ``after_release`` transition look at, when one of ``names`` may ask."""
        now = derived_of_row(row)
        lapsing, released = self._asked(row)
        if lapsing and (names is None or not lapsing.isdisjoint(names)):
            now.deadlines = reads.open_deadlines(conn, row.id)
        if released and (names is None or not released.isdisjoint(names)):
            now.releases = reads.releases(conn, row.id)
        return now

    def _asked(self, row: Any) -> tuple[frozenset[str], frozenset[str]]:
        """The names a lapsing window may refuse, and the triggers held back until a targeted
        release, under the row's workflow (worked out once per workflow version)."""
        wf = self._lookup.workflow_of(row)
        found = self._asks.get(wf.key)
        if found is None:
            registry = self._lookup.registry
            versions = [registry.get(wf.name, v) for v in registry.versions(wf.name)]
            released = frozenset(t.trigger for t in wf.transitions if t.after_release)
            found = self._asks[wf.key] = (lapse_names(wf, versions), released)
        return found

    def _at_end(self, conn: Connection, row: Any, day: dt.date, entry: Entry) -> Head:
        head = tables.commit_events(conn, row, entry.drafts, **entry.changes)
        first = head.seq - len(entry.drafts) + 1
        values = {k: entry.changes.get(k, getattr(row, k)) for k in ("stage", "path")}
        outcomes = entry.changes.get("outcomes", row.outcomes) or {}
        after = Situation(
            values["stage"], frozenset(entry.changes.get("milestones", row.milestones)),
            values["path"], frozenset(entry.changes.get("flags", row.flags)),
            vote=outcomes.get("vote"),
        )  # fmt: skip
        if entry.moved is not None:
            source, trigger = entry.moved
            self._deadlines.after_move(conn, row, after, source, trigger, day, first)
        elif entry.milestone is not None:
            self._deadlines.after_milestone(
                conn, row, after, entry.milestone, day, first, entry.until
            )
        return head

    def replay(self, conn: Connection, row: Any, facts: list[Fact]) -> Derived:
        """What ``facts`` make of the proposal under its workflow."""
        return derive.derive(conn, self._lookup, row, facts)

    def rederive(
        self,
        conn: Connection,
        row: Any,
        drafts: Sequence[EventDraft],
        label: str,
        day: dt.date | None = None,
        amended: bool = True,
        events: Sequence[EventView] | None = None,
    ) -> tuple[Head, Derived]:
        """Append ``drafts`` and rewrite the row, deadlines and releases from the replayed whole.

        ``amended`` marks the proposal's history as one whose recording order is not its
        occurrence order (or that has corrections): its register rows are then replayed too.
        ``events`` are the proposal's events when the caller has read them already.
        """
        pending = [_pending(d, row.head_seq + i) for i, d in enumerate(drafts, start=1)]
        stored = derive.events(conn, row) if events is None else events
        facts = history.facts([*stored, *pending])
        try:
            derived = self.replay(conn, row, facts)
        except HistoryError as exc:
            raise _refusal(label, day, exc, new=exc.fact.seq > row.head_seq) from None
        head = tables.commit_events(
            conn, row, drafts, **derived.row_values(), amended=amended or row.amended,
            head_occurred_on=derived.latest_on or row.head_occurred_on,
        )  # fmt: skip
        _rewrite_deadlines(conn, row.id, derived.deadlines)
        _rewrite_releases(conn, row.id, derived)
        return head, derived


def _before_migration(known: Sequence[Fact], day: dt.date, label: str) -> None:
    """An entry dated before the proposal moved to another workflow version would be checked
    against rules it was not under then: refused."""
    moved = next((f for f in known if f.kind == "migrated" and f.occurred_on > day), None)
    if moved is not None:
        raise InvalidInput(
            f"{label} moved from version {moved.payload.get('from_version')} to "
            f"{moved.payload.get('to_version')} of its workflow on {moved.occurred_on}: an entry "
            f"dated {day} cannot be recorded after that; correct an earlier event instead"
        )


def _before_raised(row: Any, day: dt.date, label: str, make: Make) -> Entry:
    """Only a link may be dated before the proposal was raised (a meeting discussed it first)."""
    try:
        entry: Entry | None = make(Derived())
    except GovflowError:
        entry = None
    if entry is not None and all(d.kind == "link" for d in entry.drafts):
        return entry
    raise InvalidInput(
        f"{label} was raised on {row.raised_on}: an entry dated {day} comes before it. If the "
        "raise date is wrong, correct it (`govflow proposal correct`)."
    )


def _refusal(label: str, day: dt.date | None, exc: HistoryError, new: bool) -> TransitionNotAllowed:
    entry = f"an entry dated {day}" if day is not None else "this correction"
    if new:
        message = f"{label}: cannot record {exc.fact.describe()}: {exc.why}"
    else:
        message = f"{label}: {entry} would make {exc.fact.describe()} impossible: {exc.why}"
    return TransitionNotAllowed(message, exc.reasons)


def _rewrite_deadlines(conn: Connection, proposal_id: int, deadlines: list[dict[str, Any]]) -> None:
    conn.execute(delete(deadline_t).where(deadline_t.c.proposal_id == proposal_id))
    if deadlines:
        conn.execute(insert(deadline_t), [{**d, "proposal_id": proposal_id} for d in deadlines])


def _rewrite_releases(conn: Connection, proposal_id: int, derived: Derived) -> None:
    t = tables.release_proposal_t
    conn.execute(delete(t).where(t.c.proposal_id == proposal_id))
    for name, (status, day) in derived.releases.items():
        when = dt.date.fromisoformat(day) if isinstance(day, str) else day
        release_id = tables.release_id(conn, name, when)
        tables.link_release(conn, release_id, proposal_id, status)
