"""Bulk import of an audit history (the JSONL audit export, or its CSV form).

Each proposal's events are checked as a chain (in recording order: seq, previous hash, hash),
then replayed in occurrence order, corrections applied, against its pinned workflow by the same
rules as a live write (:mod:`govflow.records.history`). The first refused event stops the import
with its line, proposal and reason, and nothing is written. The hash chains are recomputed, so an
export imported into an empty database reproduces the same histories and the same chains. Rows
are written with ``executemany`` in one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Connection, insert, select

from govflow.calendar import WorkingCalendar
from govflow.errors import AlreadyExists, GovflowError, InvalidInput
from govflow.records import history
from govflow.records.auditfile import date_of, normalise, read_records
from govflow.records.closures import calendar_of
from govflow.records.history import Derived, HistoryError
from govflow.records.lookup import Lookup
from govflow.store import definitions, tables, writes
from govflow.store.hashing import GENESIS, event_hash
from govflow.store.session import Store
from govflow.store.tables import deadline_t
from govflow.workflow.definition import Workflow
from govflow.workflow.engine import Engine
from govflow.workflow.references import Ref

KINDS = ("raised", "transition", "override", "implied", "milestone", "relabel", "link", "route",
         "proposer", "release", "correction", "alternative")  # fmt: skip


@dataclass(frozen=True)
class ImportReport:
    proposals: int
    events: int
    meetings: int
    items: int
    dry_run: bool


@dataclass
class _Proposal:
    """A proposal being rebuilt from its events."""

    key: str
    scheme: str
    number: int
    alternative: str
    workflow: Workflow
    engine: Engine
    head_seq: int = 0
    head_hash: str = GENESIS
    aliases: dict[str, str] = field(default_factory=dict)
    events: list[dict[str, Any]] = field(default_factory=list)
    lines: dict[int, int] = field(default_factory=dict)  # seq -> line of the file
    reference: str = ""
    state: Derived = field(default_factory=Derived)
    amended: bool = False


WRITE_BATCH = 20_000
"""Events written per ``executemany``: large enough to keep its speed, small enough to report."""


class BulkImport:
    """A whole audit history replayed against its workflows, then written at once."""

    def __init__(self, store: Store, lookup: Lookup) -> None:
        self._store = store
        self._lookup = lookup

    def import_events(
        self,
        lines: Iterable[str],
        *,
        dry_run: bool = False,
        progress: Callable[[int], None] | None = None,
        phases: Callable[[str, int, int | None], None] | None = None,
    ) -> ImportReport:
        """Check and (unless ``dry_run``) write a whole audit export, all or nothing.

        ``progress(count)`` hears the events checked so far; ``phases(phase, done, total)`` also
        hears the writing ("checking", then "writing" with its total).
        """
        proposals: dict[str, _Proposal] = {}
        chains: dict[str, tuple[int, dict[str, Any]]] = {}  # the export's own summary lines
        meetings: dict[str, dt.date] = {}
        items: dict[tuple[str, str], str] = {}
        count = 0
        for number, record in read_records(lines):
            if "chain" in record:
                chains[str(record.get("proposal"))] = (number, record)
                continue
            if "log" in record:  # the log lines of a checkpointed export: this log is new
                continue
            try:
                self._read_event(number, record, proposals, meetings, items)
            except GovflowError as exc:
                where = record.get("reference") or record.get("proposal")
                raise InvalidInput(
                    f"line {number} ({where}, event {record.get('seq')}): {exc}"
                ) from None
            count += 1
            if count % 1000 == 0:
                if progress is not None:
                    progress(count)
                if phases is not None:
                    phases("checking", count, None)
        _check_chains(chains, proposals)
        if phases is not None:
            phases("checking", count, count)
        with self._store.read() as conn:
            calendar = calendar_of(conn)
        for p in proposals.values():
            _replay(p, calendar)
        report = ImportReport(len(proposals), count, len(meetings), len(items), dry_run)
        if not dry_run:
            with self._store.write() as conn:
                self._bulk_write_all(conn, proposals, meetings, items, phases)
        return report

    # -- reading -------------------------------------------------------------------------------
    def _read_event(
        self, number: int, record: dict[str, Any], proposals: dict[str, _Proposal],
        meetings: dict[str, dt.date], items: dict[tuple[str, str], str],
    ) -> None:  # fmt: skip
        event = normalise(record)
        if event["kind"] not in KINDS:
            raise InvalidInput(f"unknown event kind {event['kind']!r}; kinds: {', '.join(KINDS)}")
        key = event["proposal"]
        p = proposals.get(key)
        if p is None:
            if event["kind"] != "raised" or event["seq"] != 1:
                raise InvalidInput(
                    "a proposal's history must start with its 'raised' event (seq 1)"
                )
            p = proposals[key] = self._start(event, record)
        _chain(p, event)
        code = event["meeting"]
        if code:
            meetings.setdefault(code, date_of(record.get("meeting_date")) or event["occurred_on"])
            if event["item"]:
                items.setdefault((code, event["item"]), record.get("item_title") or event["item"])
        payload = event["payload"]
        if event["kind"] == "relabel" and payload.get("to"):
            p.aliases.setdefault(str(payload["to"]), "relabel")
        elif event["kind"] == "link" and payload.get("spelling"):
            p.aliases.setdefault(str(payload["spelling"]), str(code))
        elif event["kind"] == "alternative" and payload.get("solution"):
            p.aliases.setdefault(f"{record['reference']}{payload['solution']}", "alternative")
        p.lines[event["seq"]] = number
        p.events.append(event)

    def _start(self, event: dict[str, Any], record: dict[str, Any]) -> _Proposal:
        payload = event["payload"]
        registry = self._lookup.registry
        wf = registry.get(payload.get("workflow", ""), payload.get("workflow_version"))
        ref: Ref = self._lookup.parse(payload.get("reference") or record.get("reference") or "")
        scheme, _, _ = event["proposal"].partition(":")
        if scheme != wf.references.code:
            raise InvalidInput(f"{event['proposal']} does not belong to workflow {wf.name}")
        return _Proposal(
            key=event["proposal"], scheme=scheme, number=ref.number, alternative=ref.alternative,
            workflow=wf, engine=registry.engine(wf.name, wf.version),
            aliases={ref.spelling: "raised"},
        )  # fmt: skip

    # -- writing -------------------------------------------------------------------------------
    def _bulk_write_all(
        self, conn: Connection, proposals: dict[str, _Proposal],
        meetings: dict[str, dt.date], items: dict[tuple[str, str], str],
        phases: Callable[[str, int, int | None], None] | None = None,
    ) -> None:  # fmt: skip
        self._bulk_refuse_existing(conn, proposals)
        for wf in {p.workflow.key: p.workflow for p in proposals.values()}.values():
            definitions.store(conn, wf.name, wf.version, wf.text)
        meeting_ids = self._bulk_meetings(conn, meetings)
        item_ids = self._bulk_items(conn, items, meeting_ids)
        conn.execute(insert(tables.proposal_t), [_proposal_row(p) for p in proposals.values()])
        ids = self._bulk_proposal_ids(conn, proposals)
        events = []
        for p in proposals.values():
            for e in p.events:
                events.append({
                    **e, "proposal_id": ids[p.key],
                    "meeting_id": meeting_ids.get(e["meeting"]) if e["meeting"] else None,
                    "item_id": item_ids.get((e["meeting"], e["item"])) if e["item"] else None,
                })  # fmt: skip
        for start in range(0, len(events), WRITE_BATCH):  # in batches, to report progress
            writes.insert_events(conn, events[start : start + WRITE_BATCH])
            if phases is not None:
                phases("writing", min(start + WRITE_BATCH, len(events)), len(events))
        aliases = [{"proposal_id": ids[p.key], "spelling": s, "source": src}
                   for p in proposals.values() for s, src in p.aliases.items()]  # fmt: skip
        if aliases:
            conn.execute(insert(tables.alias_t), aliases)
        self._bulk_releases(conn, proposals, ids)
        deadlines = [
            {**d, "proposal_id": ids[p.key]} for p in proposals.values() for d in p.state.deadlines
        ]
        if deadlines:
            conn.execute(insert(deadline_t), deadlines)

    @staticmethod
    def _bulk_refuse_existing(conn: Connection, proposals: dict[str, _Proposal]) -> None:
        t = tables.proposal_t
        existing = {
            f"{r.scheme}:{r.number}{r.alternative}"
            for r in conn.execute(select(t.c.scheme, t.c.number, t.c.alternative))
        }
        clash = sorted(existing & set(proposals))
        if clash:
            raise AlreadyExists(
                f"the database already holds {len(clash)} of these proposals "
                f"({', '.join(clash[:5])}{', ...' if len(clash) > 5 else ''}); "
                "import into an empty database"
            )

    def _bulk_meetings(self, conn: Connection, meetings: dict[str, dt.date]) -> dict[str, int]:
        ids: dict[str, int] = {}
        m = tables.meeting_t
        for code, day in meetings.items():
            committee_code, number = tables.parse_meeting_code(code)
            committee = conn.execute(
                select(tables.committee_t.c.id).where(tables.committee_t.c.code == committee_code)
            ).scalar()
            if committee is None:
                committee = tables.inserted_id(conn.execute(
                    insert(tables.committee_t).values(code=committee_code, name=committee_code)
                ))  # fmt: skip
            found = conn.execute(
                select(m.c.id).where(m.c.committee_id == committee, m.c.number == number)
            ).scalar()
            if found is None:
                found = tables.inserted_id(conn.execute(
                    insert(m).values(committee_id=committee, number=number, date=day,
                                     kind="main", status="held")
                ))  # fmt: skip
            ids[code] = int(found)
        return ids

    @staticmethod
    def _bulk_items(
        conn: Connection, items: dict[tuple[str, str], str], meeting_ids: dict[str, int]
    ) -> dict[tuple[str, str], int]:
        i = tables.item_t
        ids: dict[tuple[str, str], int] = {}
        for (code, number), title in items.items():
            meeting_id = meeting_ids[code]
            found = conn.execute(
                select(i.c.id).where(i.c.meeting_id == meeting_id, i.c.number == number)
            ).scalar()
            if found is None:
                found = tables.inserted_id(conn.execute(
                    insert(i).values(meeting_id=meeting_id, number=number, title=title, text="")
                ))  # fmt: skip
            ids[(code, number)] = int(found)
        return ids

    @staticmethod
    def _bulk_proposal_ids(conn: Connection, proposals: dict[str, _Proposal]) -> dict[str, int]:
        t = tables.proposal_t
        wanted = set(proposals)
        rows = conn.execute(select(t.c.id, t.c.scheme, t.c.number, t.c.alternative))
        found = {f"{r.scheme}:{r.number}{r.alternative}": r.id for r in rows}
        return {k: v for k, v in found.items() if k in wanted}

    def _bulk_releases(
        self, conn: Connection, proposals: dict[str, _Proposal], ids: dict[str, int]
    ) -> None:
        for p in proposals.values():
            for name, (status, day) in p.state.releases.items():
                release_id = tables.release_id(conn, name, date_of(day))
                tables.link_release(conn, release_id, ids[p.key], status)


def _check_chains(
    chains: dict[str, tuple[int, dict[str, Any]]], proposals: dict[str, _Proposal]
) -> None:
    """Each chain line of the export must match the history its events rebuilt."""
    for key, (number, chain) in chains.items():
        p = proposals.get(key)
        name = chain.get("reference") or key
        if p is None:
            raise InvalidInput(f"line {number}: {name} has no events in the file")
        if (p.head_seq, p.head_hash) != (chain.get("last_seq"), chain.get("head_hash")):
            raise InvalidInput(
                f"line {number}: the file's events of {name} end at event {p.head_seq}, its "
                f"chain line says {chain.get('last_seq')}: events are missing or altered"
            )


def _proposal_row(p: _Proposal) -> dict[str, Any]:
    s = p.state
    return {
        "scheme": p.scheme, "number": p.number, "alternative": p.alternative, "prefix": s.prefix,
        "title": s.title, "proposer": s.proposer, "workflow": p.workflow.name,
        "workflow_version": p.workflow.version, "stage": s.stage, "path": s.path,
        "flags": sorted(s.flags), "milestones": s.milestones, "raised_on": s.raised_on,
        "head_seq": p.head_seq, "head_hash": p.head_hash, "head_occurred_on": s.latest_on,
        "amended": p.amended, "version": 1, "outcomes": s.outcomes(),
    }  # fmt: skip


def _chain(p: _Proposal, event: dict[str, Any]) -> None:
    """The event must follow the previous one in the chain, and its hash must be its content's."""
    if event["seq"] != p.head_seq + 1:
        raise InvalidInput(f"expected event {p.head_seq + 1}, found {event['seq']}")
    if event["prev_hash"] != p.head_hash:
        raise InvalidInput("prev_hash does not match the previous event's hash")
    if event_hash(event) != event["hash"]:
        raise InvalidInput("the event's content does not match its hash (altered?)")
    p.head_seq, p.head_hash = event["seq"], event["hash"]


def _replay(p: _Proposal, cal: WorkingCalendar) -> None:
    """The proposal as its events, in occurrence order, make it; refused like a live write."""
    events = [SimpleNamespace(**e) for e in p.events]
    facts = history.facts(events)
    try:
        p.state = history.replay(p.workflow, p.engine, facts, cal)
    except HistoryError as exc:
        seq = exc.fact.seq
        raise InvalidInput(
            f"line {p.lines[seq]} ({p.state.reference or p.key}, event {seq}): {exc.why}"
        ) from None
    latest = dt.date.min
    for e in p.events:
        if e["kind"] == "correction" or (e["kind"] != "link" and e["occurred_on"] < latest):
            p.amended = True
        if e["kind"] != "correction":
            latest = max(latest, e["occurred_on"])
