"""Bulk import of an audit history (the JSONL audit export, or its CSV form).

Each proposal's events are checked as a chain (in recording order: seq, previous hash, hash),
then replayed in occurrence order, corrections applied, through the rule core that judges a live
write (:func:`govflow.workflow.step.step`, by :func:`govflow.workflow.replay.replay`), under the
workflow version each event's time pinned it to. The first refused event stops the import with
its line, proposal, rule and reason, and nothing is written. The hash chains are recomputed, so an
export imported into an empty database reproduces the same histories and the same chains.

The file is streamed: a proposal is replayed as soon as its events end (each proposal's events
follow one another, as every export lists them; an event of a proposal already finished is
refused), and written with the others of its batch (:mod:`govflow.records.bulk_write`), so
memory stays flat whatever the file's size. Everything is written in one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from govflow.audit.files import date_of, normalise, read_records
from govflow.calendar import WorkingCalendar
from govflow.errors import GovflowError, InvalidInput
from govflow.model import KINDS, Event
from govflow.records.bulk_write import BatchWriter
from govflow.records.closures import calendar_of
from govflow.records.lookup import Lookup
from govflow.store import tables
from govflow.store.definitions import fingerprint
from govflow.store.hashing import GENESIS, event_hash, proposal_key
from govflow.store.session import Store
from govflow.validation import check_value
from govflow.workflow.definition import Workflow
from govflow.workflow.facts import BadCorrection, facts, precision_of
from govflow.workflow.references import Ref
from govflow.workflow.registry import Registry
from govflow.workflow.replay import HistoryError, replay
from govflow.workflow.state import ProposalState


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
    head_seq: int = 0
    head_hash: str = GENESIS
    aliases: dict[str, str] = field(default_factory=dict)
    events: list[dict[str, Any]] = field(default_factory=list)
    lines: dict[int, int] = field(default_factory=dict)  # seq -> line of the file
    said: dict[int, str] = field(default_factory=dict)  # seq -> the reference its line names
    reference: str = ""
    state: ProposalState = field(default_factory=ProposalState)
    amended: bool = False
    pinned: list[Workflow] = field(default_factory=list)  # every version it was under

    # -- what the batch writer reads --------------------------------------------------------
    def row(self) -> dict[str, Any]:
        return _proposal_row(self)

    def releases(self) -> Iterable[tuple[str, str, str | None]]:
        return [(name, status, day) for name, (status, day) in self.state.releases.items()]

    def deadlines(self) -> Sequence[dict[str, Any]]:
        return [d.row() for d in self.state.deadlines]


WRITE_BATCH = 5_000
"""Events written per batch: large enough to keep ``executemany``'s speed, small enough that
memory stays flat whatever the file's size."""


@dataclass
class _Stream:
    """Where the reading of one file stands."""

    calendar: WorkingCalendar
    writer: BatchWriter | None  # None on a dry run
    current: _Proposal | None = None
    chains: dict[str, tuple[int, dict[str, Any]]] = field(default_factory=dict)  # pending
    meetings: dict[str, dt.date] = field(default_factory=dict)
    items: dict[tuple[str, str], str] = field(default_factory=dict)
    batch: list[_Proposal] = field(default_factory=list)
    batched: int = 0  # events in the batch
    proposals: int = 0
    events: int = 0


class BulkImport:
    """A whole audit history replayed against its workflows and written as it is read, in one
    transaction: a proposal is checked once its events end (the file lists each proposal's events
    together, as every export does), and written with the others of its batch."""

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
        hears them ("checking"), then the end of the writing ("writing" with its total).
        """
        if dry_run:
            with self._store.read() as conn:
                stream = _Stream(calendar_of(conn), None)
            self._stream(lines, stream, progress, phases)
        else:
            with self._store.write() as conn:
                stream = _Stream(calendar_of(conn), BatchWriter(conn))
                self._stream(lines, stream, progress, phases)
        if phases is not None:
            phases("writing", stream.events, stream.events)
        return ImportReport(stream.proposals, stream.events, len(stream.meetings),
                            len(stream.items), dry_run)  # fmt: skip

    def _stream(
        self, lines: Iterable[str], s: _Stream, progress: Callable[[int], None] | None,
        phases: Callable[[str, int, int | None], None] | None,
    ) -> None:  # fmt: skip
        for number, record in read_records(lines):
            if "log" in record:  # the log lines of a checkpointed export: this log is new
                continue
            if "chain" in record:
                key = str(record.get("proposal"))
                if s.current is not None and s.current.key != key:
                    self._finish(s)
                s.chains[key] = (number, record)
                continue
            try:
                self._read_event(number, record, s)
            except GovflowError as exc:
                where = record.get("reference") or record.get("proposal")
                raise InvalidInput(
                    f"line {number} ({where}, event {record.get('seq')}): {exc}"
                ) from None
            s.events += 1
            if s.events % 1000 == 0:
                if progress is not None:
                    progress(s.events)
                if phases is not None:
                    phases("checking", s.events, None)
        self._finish(s)
        for key, (number, chain) in s.chains.items():
            raise InvalidInput(
                f"line {number}: {chain.get('reference') or key} has no events in the file "
                "after its chain line (an export lists each proposal's events just after it)"
            )
        self._write(s)
        if phases is not None:
            phases("checking", s.events, s.events)

    def _finish(self, s: _Stream) -> None:
        """The current proposal's events have ended: check its chain line, replay, batch it."""
        p, s.current = s.current, None
        if p is None:
            return
        chain = s.chains.pop(p.key, None)
        if chain is not None:
            _check_chain(*chain, p)
        _replay(p, s.calendar, self._lookup.registry)
        self._check_label(p)
        s.proposals += 1
        s.batch.append(p)
        s.batched += len(p.events)
        if s.batched >= WRITE_BATCH:
            self._write(s)

    def _check_label(self, p: _Proposal) -> None:
        """Every line of the proposal names the reference its events make of it (its key and
        the raise's reference agree: :meth:`_start`)."""
        wf = p.workflow
        label = self._lookup.written(wf.name, wf.version, p.state.prefix, p.number, p.alternative)
        for seq, said in p.said.items():
            if said != label:
                raise InvalidInput(
                    f"line {p.lines[seq]} ({p.key}, event {seq}): it names {said!r}, but its "
                    f"proposal's events make it {label} (rule reference)"
                )

    @staticmethod
    def _write(s: _Stream) -> None:
        if s.writer is not None and s.batch:
            s.writer.write(s.batch, s.meetings, s.items)
        s.batch, s.batched = [], 0

    # -- reading -------------------------------------------------------------------------------
    def _read_event(self, number: int, record: dict[str, Any], s: _Stream) -> None:
        event = normalise(record)
        if event["kind"] not in KINDS:
            raise InvalidInput(f"unknown event kind {event['kind']!r}; kinds: {', '.join(KINDS)}")
        key = event["proposal"]
        p = s.current
        if p is None or p.key != key:
            self._finish(s)
            if event["kind"] != "raised" or event["seq"] != 1:
                raise InvalidInput(
                    "a proposal's history must start with its 'raised' event (seq 1), and its "
                    "events must follow one another in the file (as an export lists them)"
                )
            p = s.current = self._start(event, record)
        _chain(p, event)
        code = event["meeting"]
        if code not in s.meetings:  # a meeting already seen was checked when first seen
            _check_place(code, event["item"])
        _check_payload(event)
        if code:
            s.meetings.setdefault(code, date_of(record.get("meeting_date")) or event["occurred_on"])
            if event["item"]:
                s.items.setdefault((code, event["item"]), record.get("item_title") or event["item"])
        payload = event["payload"]
        if event["kind"] == "relabel" and payload.get("to"):
            p.aliases.setdefault(str(payload["to"]), "relabel")
        elif event["kind"] == "link" and payload.get("spelling"):
            p.aliases.setdefault(str(payload["spelling"]), str(code))
        elif event["kind"] == "alternative" and payload.get("solution"):
            p.aliases.setdefault(f"{record['reference']}{payload['solution']}", "alternative")
        p.lines[event["seq"]] = number
        if record.get("reference"):
            p.said[event["seq"]] = str(record["reference"])
        p.events.append(event)

    def _start(self, event: dict[str, Any], record: dict[str, Any]) -> _Proposal:
        payload = event["payload"]
        registry = self._lookup.registry
        wf = registry.get(payload.get("workflow", ""), payload.get("workflow_version"))
        ref: Ref = self._lookup.parse(payload.get("reference") or record.get("reference") or "")
        scheme = wf.references.code
        if event["proposal"] != proposal_key(scheme, ref.number, ref.alternative):
            raise InvalidInput(
                f"its proposal key {event['proposal']!r} disagrees with its reference "
                f"{ref.spelling!r} of workflow {wf.name} (key "
                f"{proposal_key(scheme, ref.number, ref.alternative)!r}) (rule reference)"
            )
        said, held = payload.get("workflow_fingerprint"), fingerprint(wf.text)
        if said is not None and said != held:
            raise InvalidInput(_unpinned(wf, said, held))
        return _Proposal(
            key=event["proposal"], scheme=scheme, number=ref.number, alternative=ref.alternative,
            workflow=wf, aliases={ref.spelling: "raised"},
            reference=str(record.get("reference") or ref.spelling),
        )  # fmt: skip


def _unpinned(wf: Workflow, said: object, held: str) -> str:
    return (f"it was pinned to {wf.name} version {wf.version} with fingerprint "
            f"{str(said)[:12]}..., and that version's definition has fingerprint {held[:12]}... "
            "(rule fingerprint)")  # fmt: skip


def _check_place(code: str | None, item: str | None) -> None:
    """A meeting as govflow stores and hashes it (``CSC_38``); an item only with its meeting."""
    if code is not None:
        committee, number = tables.parse_meeting_code(code)
        if code != f"{committee}_{number}":
            raise InvalidInput(f"meeting {code!r} is not written as govflow records it: "
                               f"{committee}_{number} (rule fields)")  # fmt: skip
    if item is not None and code is None:
        raise InvalidInput(f"it names agenda item {item!r} but no meeting (rule fields)")


def _check_payload(event: dict[str, Any]) -> None:
    """A payload holds nothing a database cannot store, and a title no longer than a live write
    takes (:data:`govflow.validation.LIMITS`)."""
    check_value("payload", event["payload"], bounded=False)
    if event["kind"] in ("raised", "alternative") and "title" in event["payload"]:
        check_value("title", event["payload"]["title"])


def _check_chain(number: int, chain: dict[str, Any], p: _Proposal) -> None:
    """The export's chain line must match the history its events rebuilt."""
    if (p.head_seq, p.head_hash) != (chain.get("last_seq"), chain.get("head_hash")):
        raise InvalidInput(
            f"line {number}: the file's events of {chain.get('reference') or p.key} end at "
            f"event {p.head_seq}, its chain line says {chain.get('last_seq')}: events are "
            "missing or altered"
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


def _event(e: dict[str, Any]) -> Event:
    """A record of the file as the rule core reads an event."""
    meeting = e["meeting"]
    return Event(
        seq=e["seq"], kind=e["kind"], trigger=e["trigger"], milestone=e["milestone"],
        from_stage=e["from_stage"], to_stage=e["to_stage"], occurred_on=e["occurred_on"],
        until=e["until"], recorded_at=e["recorded_at"], meeting=meeting, item=e["item"],
        committee=meeting.rpartition("_")[0] if meeting else None, body=e["body"],
        actor=e["actor"], note=e["note"], payload=e["payload"], corrects_seq=e["corrects_seq"],
        prev_hash=e["prev_hash"], hash=e["hash"], date_precision=precision_of(e["payload"]),
        implied=e["kind"] == "implied",
    )  # fmt: skip


def _replay(p: _Proposal, cal: WorkingCalendar, registry: Registry) -> None:
    """The proposal as its events, in occurrence order, make it, judged by the rule core as a
    live write is. A migrated proposal ends pinned to the version its last migration moved it
    to."""
    name = p.workflow.name
    try:
        known = facts([_event(e) for e in p.events])
        p.state = replay(registry.rules(name, cal), known)
    except (HistoryError, BadCorrection) as exc:
        event = exc.fact if isinstance(exc, HistoryError) else exc.event
        broken = exc.rules if isinstance(exc, HistoryError) else ("correction",)
        raise InvalidInput(f"line {p.lines.get(event.seq, 0)} ({p.reference}, event {event.seq}): "
                           f"{exc.why} (rule {', '.join(broken)})") from None  # fmt: skip
    moves = [f for f in known if f.kind == "migrated"]
    p.pinned = [p.workflow, *(registry.get(name, int(f.payload["to_version"])) for f in moves)]
    for f, wf in zip(moves, p.pinned[1:], strict=True):
        said, held = f.payload.get("fingerprint"), fingerprint(wf.text)
        if said is not None and said != held:
            raise InvalidInput(f"line {p.lines.get(f.seq, 0)} ({p.reference}, event {f.seq}): "
                               f"{_unpinned(wf, said, held)}")  # fmt: skip
    p.workflow = p.pinned[-1]
    latest = dt.date.min
    for e in p.events:
        if e["kind"] == "correction" or (e["kind"] != "link" and e["occurred_on"] < latest):
            p.amended = True
        if e["kind"] != "correction":
            latest = max(latest, e["occurred_on"])
