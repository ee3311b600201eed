"""The database-wide log checked against itself and against every proposal's events.

The log (table ``ledger``) holds one entry per event, in recording order, each hash-chained to the
one before (:func:`govflow.store.hashing.log_hash`). Recomputed here, it catches what each
proposal's own chain cannot: a proposal deleted with all its events, a deleted last event with
the proposal's head rewound to match, and a proposal rewritten and rehashed from its first event.
What it cannot catch on its own is the log itself rewritten from the first changed entry to its
end; a signed checkpoint (:mod:`govflow.audit.checkpoints`) catches that.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from govflow.store.hashing import GENESIS, ChainBreak, log_hash
from govflow.store.ledger import Entry

LOG = "the log"
"""How a break in the log's own chain names where it is (its ``seq`` is the position)."""


def chain_break(entries: Iterable[Entry]) -> tuple[ChainBreak | None, int, str]:
    """The first entry whose position, link or hash is wrong; and the length and last hash."""
    previous, position = GENESIS, 0
    for e in entries:
        position += 1
        if e.position != position:
            return ChainBreak(LOG, position, f"entry {position} is missing"), position - 1, previous
        if e.prev_hash != previous:
            why = "its prev_hash is not the previous entry's hash"
            return ChainBreak(LOG, position, why), position - 1, previous
        if log_hash(e.position, e.proposal, e.seq, e.event_hash, e.prev_hash) != e.hash:
            why = "its content does not match its hash (altered)"
            return ChainBreak(LOG, position, why), position - 1, previous
        previous = e.hash
    return None, position, previous


def log_breaks(
    listed: list[Entry], events: Mapping[tuple[str, int], str], labels: Mapping[str, str]
) -> list[ChainBreak]:
    """The log (``listed``, its entries in order) recomputed and compared with ``events``
    ((proposal key, seq) -> event hash).

    One break for the log's own chain at most, then the first problem of each proposal: an
    event the log names that is gone (or differs), a proposal gone with all its events, an event
    the log does not hold, or a proposal's events logged out of their seq order.
    """
    broken, _, _ = chain_break(listed)
    found: dict[str, ChainBreak] = {}
    last: dict[str, int] = {}
    for e in listed:
        if e.proposal in found:
            continue
        problem = _entry_problem(e, events, labels, last)
        if problem is not None:
            found[e.proposal] = problem
        last[e.proposal] = e.seq
    for key, seq in sorted(events, key=lambda k: (k[0], k[1])):
        if key not in found and seq > last.get(key, 0):
            found[key] = ChainBreak(
                labels.get(key, key), seq,
                f"event {seq} is not in the log: the log was cut short, or the event was written "
                "outside govflow",
            )  # fmt: skip
    return ([broken] if broken is not None else []) + list(found.values())


def _entry_problem(
    e: Entry, events: Mapping[tuple[str, int], str], labels: Mapping[str, str],
    last: Mapping[str, int],
) -> ChainBreak | None:  # fmt: skip
    where = f"(log position {e.position})"
    if e.proposal not in labels:
        return ChainBreak(
            e.proposal, e.seq,
            f"the log records its events {where} but the database has no such proposal: deleted "
            "with its events",
        )  # fmt: skip
    name = labels[e.proposal]
    if e.seq != last.get(e.proposal, 0) + 1:
        return ChainBreak(name, e.seq, f"the log records event {e.seq} out of order {where}")
    held: Any = events.get((e.proposal, e.seq))
    if held is None:
        return ChainBreak(
            name, e.seq,
            f"event {e.seq} is in the log {where} but not in the database: deleted (and the "
            "proposal's head rewound?)",
        )  # fmt: skip
    if held != e.event_hash:
        return ChainBreak(
            name, e.seq,
            f"event {e.seq} is not the event the log recorded {where}: rewritten and rehashed",
        )  # fmt: skip
    return None
