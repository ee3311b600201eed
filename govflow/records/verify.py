"""``verify``: every proposal's hash chain recomputed, its history re-judged, and its row
recomputed from its events.

The chain proves the events were not altered, dropped or reordered since they were written. The
history is judged again by the rule core (:func:`govflow.workflow.replay.judged`) under the
rules of the workflow version it is pinned to: each event those rules refuse is reported (kind
``rules``, naming the rule), whether it came in through an import, an older govflow, or a hand
outside govflow; nothing is rewritten. The replay proves that the proposal row (stage, route,
milestones, reference, proposer, votes, decisions and solutions) says what its events,
corrections applied, say (kind ``row``). A window that a database written before windows could
be moot stores open, and that the events make moot, is compared as every read takes it: moot
(:mod:`govflow.records.stored_windows`); it is not rewritten.

Then the database-wide log is recomputed and compared with every proposal's events
(:mod:`govflow.audit.log_check`): a proposal deleted with its events, a deleted last event with
its head rewound, or a proposal rewritten and rehashed is a break there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from govflow.audit.log_check import log_breaks
from govflow.errors import GovflowError
from govflow.records.definitions import definition_breaks
from govflow.records.lookup import Lookup
from govflow.records.stored_windows import made_so
from govflow.records.verify_rows import (
    alias_breaks,
    deadline_breaks,
    release_breaks,
    release_date_breaks,
    row_breaks,
)
from govflow.store import derived_rows, ledger
from govflow.store.definitions import fingerprint
from govflow.store.definitions import stored as stored_definitions
from govflow.store.hashing import ChainBreak, first_break, hash_record, proposal_key
from govflow.store.rows import StoredProposal
from govflow.store.session import Connection, Store
from govflow.views import EventView
from govflow.workflow.facts import BadCorrection, facts
from govflow.workflow.replay import judged
from govflow.workflow.state import ProposalState


def _pinned_break(
    label: str, row: StoredProposal, views: list[EventView], prints: dict[tuple[str, int], str]
) -> ChainBreak | None:
    """The raised event names the fingerprint of the definition it was pinned to (databases
    from before stored definitions: nothing to compare), and each ``migrated`` event the one it
    moved to; each must be the one stored."""
    moves = [v for v in views if v.kind == "migrated"]
    version = moves[0].payload.get("from_version") if moves else row.workflow_version
    pins = [(1, views[0].payload.get("workflow_fingerprint") if views else None, version)]
    pins += [(v.seq, v.payload.get("fingerprint"), v.payload.get("to_version")) for v in moves]
    for seq, said, number in pins:
        held = prints.get((row.workflow, int(number or 0)))
        if said is None or held == said:
            continue
        what = "is not stored" if held is None else f"is stored with fingerprint {held[:12]}..."
        return ChainBreak(label, seq, f"it was pinned to {row.workflow} version "
                          f"{number} ({str(said)[:12]}...), which {what}")  # fmt: skip
    return None


class Verification:
    """Checks every proposal's record."""

    def __init__(self, store: Store, lookup: Lookup) -> None:
        self._store = store
        self._lookup = lookup

    def verify(self, progress: Callable[[int, int], None] | None = None) -> list[ChainBreak]:
        """Recompute every proposal's chain and row; the first break of each broken one.

        ``progress(done, total)`` hears how many proposals are checked, every 500.
        """
        breaks = []
        with self._store.read() as conn:
            rows = derived_rows.proposals(conn)
            derived = _Derived(conn)
            histories = derived_rows.histories(conn)
            prints = self._fingerprints(conn)
            breaks.extend(definition_breaks(conn))
            seen = set()
            logged: dict[tuple[str, int], str] = {}
            for proposal_id, views in histories:
                seen.add(proposal_id)
                if progress is not None and len(seen) % 500 == 0:
                    progress(len(seen), len(rows))
                row = rows.get(proposal_id)
                if row is not None:
                    key = proposal_key(row.scheme, row.number, row.alternative)
                    logged.update(((key, v.seq), v.hash) for v in views)
                found = self._check(conn, derived, row, views) if row is not None else [ChainBreak(
                    f"proposal id {proposal_id}", 1, "its events have no proposal row"
                )]  # fmt: skip
                if not any(b.kind == "chain" for b in found) and row is not None:
                    pinned = _pinned_break(self._lookup.label(row), row, views, prints)
                    found += [pinned] if pinned is not None else []
                breaks.extend(found)
            for row in rows.values():
                if row.id not in seen and row.head_seq:
                    breaks.append(ChainBreak(self._lookup.label(row), 1, "event 1 is missing"))
            labels = {proposal_key(r.scheme, r.number, r.alternative): self._lookup.label(r)
                      for r in rows.values()}  # fmt: skip
            named = {b.proposal for b in breaks if b.kind == "chain"}  # their own break first
            log = log_breaks(list(ledger.entries(conn)), logged, labels)
            breaks.extend(b for b in log if b.proposal not in named)
            breaks.extend(derived.release_dates())
        return breaks

    def _fingerprints(self, conn: Connection) -> dict[tuple[str, int], str]:
        """Each definition's fingerprint: as stored, else (a database whose stored definitions
        were lost with a downgrade) as the loaded file reads."""
        found = {(wf.name, wf.version): fingerprint(wf.text) for wf in self._lookup.registry.all()}
        found.update({(s.name, s.version): s.fingerprint for s in stored_definitions(conn)})
        return found

    def _check(
        self, conn: Connection, derived: _Derived, row: StoredProposal, views: list[EventView]
    ) -> list[ChainBreak]:
        key = proposal_key(row.scheme, row.number, row.alternative)
        records = [hash_record(view, key) for view in views]
        reference = self._lookup.label(row)
        broken = first_break(reference, records)
        if broken is not None:
            return [broken]
        if records[-1]["hash"] != row.head_hash or records[-1]["seq"] != row.head_seq:
            seq = len(records) + 1
            return [ChainBreak(reference, seq, f"event {seq} (the last recorded) is missing")]
        return self._check_row(conn, derived, row, views, reference)

    def _check_row(
        self, conn: Connection, derived: _Derived, row: StoredProposal, views: Iterable[EventView],
        reference: str,
    ) -> list[ChainBreak]:  # fmt: skip
        try:
            known = facts(views)
        except BadCorrection as exc:
            return [ChainBreak(reference, exc.event.seq, exc.why, "rules", "correction")]
        state, refused = judged(self._lookup.rules(conn, row), known)
        if refused:
            return [
                ChainBreak(reference, r.event.seq, f"{r.event.describe()}: {reason.message}",
                           "rules", reason.rule)
                for r in refused for reason in r.verdict.refused
            ]  # fmt: skip
        label = reference
        found = row_breaks(row, state, label)
        stored = made_so(derived.deadlines.get(row.id, []), state.deadlines)  # older databases
        found += deadline_breaks(stored, state.deadlines, label, derived.closures)
        found += release_breaks(derived.links.get(row.id, {}), state, label, row.head_seq)
        derived.heard(state)
        found += alias_breaks(derived.aliases.get(row.id, set()), views,
                              _Spelt(self._lookup, row), label, row.head_seq)  # fmt: skip
        return found[:1]


class _Spelt:
    """A proposal's spellings as its workflow reads and writes them
    (:class:`govflow.records.verify_rows.Spelt`)."""

    def __init__(self, lookup: Lookup, row: StoredProposal) -> None:
        self._lookup = lookup
        self._row = row

    def key(self, spelling: str) -> object:
        try:
            ref = self._lookup.parse(spelling)
        except GovflowError:
            return spelling
        return (ref.prefix, ref.number, ref.alternative)

    def written(self, spelling: str, version: int) -> str:
        row = self._row
        try:
            prefix = self._lookup.parse(spelling).prefix
            return self._lookup.written(row.workflow, version, prefix, row.number,
                                        row.alternative)  # fmt: skip
        except GovflowError:
            return spelling


class _Derived:
    """The derived rows of every proposal, read once (:mod:`govflow.store.derived_rows`), and the
    release dates the events give."""

    def __init__(self, conn: Connection) -> None:
        self.deadlines = derived_rows.deadlines(conn)
        self.links = derived_rows.release_links(conn)
        self.aliases = derived_rows.aliases(conn)
        self.closures = derived_rows.closures(conn)
        self._dates = derived_rows.release_dates(conn)
        self._given: dict[str, set[str]] = {}

    def heard(self, state: ProposalState) -> None:
        for name, (_, day) in state.releases.items():
            days = self._given.setdefault(name, set())
            if day is not None:
                days.add(day if isinstance(day, str) else day.isoformat())

    def release_dates(self) -> list[ChainBreak]:
        return release_date_breaks(self._dates, self._given)
