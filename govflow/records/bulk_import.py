"""Bulk import of an audit history (the JSONL audit export, or its CSV form).

Every event is replayed against its proposal's pinned workflow before anything is written: the
first refused event stops the import with its line, proposal and reason, and nothing is written.
The hash chains are recomputed, so an export imported into an empty database reproduces the same
histories and the same chains. Rows are written with ``executemany`` in one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, insert, select

from govflow.calendar import WorkingCalendar
from govflow.errors import AlreadyExists, GovflowError, InvalidInput
from govflow.records.auditfile import date_of, normalise, read_records
from govflow.records.closures import calendar_of
from govflow.records.deadlines import closes, deadline_values, must_close, window
from govflow.records.lookup import Lookup
from govflow.store import tables, writes
from govflow.store.hashing import GENESIS, event_hash
from govflow.store.session import Store
from govflow.store.tables import deadline_t
from govflow.workflow.definition import Situation, Workflow
from govflow.workflow.engine import Engine
from govflow.workflow.references import Ref

KINDS = ("raised", "transition", "override", "milestone", "relabel", "link", "route",
         "proposer", "release", "correction")  # fmt: skip


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
    prefix: str
    workflow: Workflow
    engine: Engine
    title: str
    proposer: str | None
    situation: Situation
    raised_on: dt.date
    head_seq: int = 0
    head_hash: str = GENESIS
    head_on: dt.date = dt.date.min
    aliases: dict[str, str] = field(default_factory=dict)
    releases: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    events: list[dict[str, Any]] = field(default_factory=list)
    deadlines: list[dict[str, Any]] = field(default_factory=list)
    milestones: list[str] = field(default_factory=list)  # in the order first recorded


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
        with self._store.read() as conn:
            calendar = calendar_of(conn)
        count = 0
        for number, record in read_records(lines):
            if "chain" in record:
                chains[str(record.get("proposal"))] = (number, record)
                continue
            try:
                self._bulk_replay(record, proposals, meetings, items, calendar)
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
        report = ImportReport(len(proposals), count, len(meetings), len(items), dry_run)
        if not dry_run:
            with self._store.write() as conn:
                self._bulk_write_all(conn, proposals, meetings, items, phases)
        return report

    # -- replay --------------------------------------------------------------------------------
    def _bulk_replay(
        self, record: dict[str, Any], proposals: dict[str, _Proposal],
        meetings: dict[str, dt.date], items: dict[tuple[str, str], str], cal: WorkingCalendar,
    ) -> None:  # fmt: skip
        event = normalise(record)
        key = event["proposal"]
        p = proposals.get(key)
        if p is None:
            if event["kind"] != "raised" or event["seq"] != 1:
                raise InvalidInput(
                    "a proposal's history must start with its 'raised' event (seq 1)"
                )
            p = proposals[key] = self._bulk_start(event, record)
        self._bulk_chain(p, event)
        self._bulk_apply(p, event, record, cal)
        code = event["meeting"]
        if code:
            meetings.setdefault(code, date_of(record.get("meeting_date")) or event["occurred_on"])
            if event["item"]:
                items.setdefault((code, event["item"]), record.get("item_title") or event["item"])
        p.events.append(event)

    def _bulk_start(self, event: dict[str, Any], record: dict[str, Any]) -> _Proposal:
        payload = event["payload"]
        registry = self._lookup.registry
        wf = registry.get(payload.get("workflow", ""), payload.get("workflow_version"))
        ref: Ref = self._lookup.parse(payload.get("reference") or record.get("reference") or "")
        scheme, _, _ = event["proposal"].partition(":")
        if scheme != wf.references.code:
            raise InvalidInput(f"{event['proposal']} does not belong to workflow {wf.name}")
        stage = event["to_stage"]
        if wf.state(stage) is None:
            raise InvalidInput(f"unknown stage {stage!r} in workflow {wf.name}")
        flags = frozenset(payload.get("flags") or ())
        return _Proposal(
            key=event["proposal"], scheme=scheme, number=ref.number, alternative=ref.alternative,
            prefix=ref.prefix, workflow=wf, engine=registry.engine(wf.name, wf.version),
            title=payload.get("title") or "", proposer=payload.get("proposer"),
            situation=Situation(stage, frozenset(), payload.get("path"), flags),
            raised_on=event["occurred_on"], aliases={ref.spelling: "raised"},
        )  # fmt: skip

    @staticmethod
    def _bulk_chain(p: _Proposal, event: dict[str, Any]) -> None:
        if event["seq"] != p.head_seq + 1:
            raise InvalidInput(f"expected event {p.head_seq + 1}, found {event['seq']}")
        if event["prev_hash"] != p.head_hash:
            raise InvalidInput("prev_hash does not match the previous event's hash")
        if event_hash(event) != event["hash"]:
            raise InvalidInput("the event's content does not match its hash (altered?)")
        if event["kind"] != "correction" and event["occurred_on"] < p.head_on:
            raise InvalidInput(f"dated {event['occurred_on']}, before the previous event")
        p.head_seq, p.head_hash = event["seq"], event["hash"]
        p.head_on = max(p.head_on, event["occurred_on"])

    def _bulk_apply(
        self, p: _Proposal, event: dict[str, Any], record: dict[str, Any], cal: WorkingCalendar
    ) -> None:
        kind, s, payload = event["kind"], p.situation, event["payload"]
        if kind in ("transition", "override") and event["trigger"]:
            move = p.engine.fire(s, event["trigger"], override=kind == "override")
            if (move.source, move.dest) != (event["from_stage"], event["to_stage"]):
                raise InvalidInput(
                    f"{event['trigger']!r} leads from {move.source!r} to {move.dest!r}, "
                    f"not {event['from_stage']!r} to {event['to_stage']!r}"
                )
            p.situation = Situation(move.dest, s.milestones, s.path, s.flags)
            _track(p, event, cal, source=move.source)
        elif kind in ("milestone", "override") and event["milestone"]:
            if kind == "milestone":
                p.engine.check_milestone(s, event["milestone"])
            if event["milestone"] not in s.milestones:
                p.milestones.append(event["milestone"])
            p.situation = Situation(s.stage, s.milestones | {event["milestone"]}, s.path, s.flags)
            _track(p, event, cal, source=None)
        elif kind == "relabel":
            p.prefix = self._lookup.parse(payload["to"]).prefix
            p.aliases.setdefault(payload["to"], "relabel")
        elif kind == "route":
            to_path, to_flags = payload["path"]["to"], frozenset(payload["flags"]["to"])
            p.situation = Situation(s.stage, s.milestones, to_path, to_flags)
        elif kind == "proposer":
            p.proposer = payload.get("to")
        elif kind == "release":
            known = p.releases.get(payload["release"], ("", None))[1]
            p.releases[payload["release"]] = (
                payload["status"],
                payload.get("release_date") or known,
            )
        elif kind == "link" and payload.get("spelling"):
            p.aliases.setdefault(payload["spelling"], str(event["meeting"]))
        elif kind not in KINDS:
            raise InvalidInput(f"unknown event kind {kind!r}; kinds: {', '.join(KINDS)}")

    # -- writing -------------------------------------------------------------------------------
    def _bulk_write_all(
        self, conn: Connection, proposals: dict[str, _Proposal],
        meetings: dict[str, dt.date], items: dict[tuple[str, str], str],
        phases: Callable[[str, int, int | None], None] | None = None,
    ) -> None:  # fmt: skip
        self._bulk_refuse_existing(conn, proposals)
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
            {**d, "proposal_id": ids[p.key]} for p in proposals.values() for d in p.deadlines
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
            for name, (status, day) in p.releases.items():
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


def _track(p: _Proposal, event: dict[str, Any], cal: WorkingCalendar, source: str | None) -> None:
    """Open and close deadlines by the same rules as the live service."""
    stage = source is not None
    name = event["trigger"] if stage else event["milestone"]
    day = event["occurred_on"]
    if must_close(p.workflow, name, source):
        for d in p.deadlines:
            if d["status"] == "open" and closes(d, name, source):
                d.update(status="closed", closed_on=day, closed_with=name)
    found = window(p.workflow, p.situation, p.situation.stage if stage else name, stage)
    if found is not None:
        p.deadlines.append(deadline_values(p.workflow, *found, day, event["seq"], cal))


def _proposal_row(p: _Proposal) -> dict[str, Any]:
    s = p.situation
    return {
        "scheme": p.scheme, "number": p.number, "alternative": p.alternative, "prefix": p.prefix,
        "title": p.title, "proposer": p.proposer, "workflow": p.workflow.name,
        "workflow_version": p.workflow.version, "stage": s.stage, "path": s.path,
        "flags": sorted(s.flags), "milestones": p.milestones, "raised_on": p.raised_on,
        "head_seq": p.head_seq, "head_hash": p.head_hash, "head_occurred_on": p.head_on,
        "version": 1,
    }  # fmt: skip
