"""Appending to the database-wide log (``ledger``): one entry per event a write inserts, in its
transaction, each chained after the log's head.

Two writers must not both extend the same head: SQLite's ``BEGIN IMMEDIATE`` already serialises
writers; on PostgreSQL a transaction-scoped advisory lock (:data:`LOG_LOCK`) is taken before the
head is read, and the position is the primary key, so a fork is impossible either way.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from govflow.store.hashing import GENESIS, log_hash

LOG_LOCK = 0x60F18
"""pg_advisory_xact_lock key held by a transaction that appends to the log (until it ends)."""


def append_entries(cursor: Any, locked: bool, sql: str, events: Sequence[dict[str, Any]]) -> None:
    """One log entry per event, chained after the log's head (read under the lock)."""
    if locked:
        cursor.execute(f"SELECT pg_advisory_xact_lock({LOG_LOCK})")
    cursor.execute("SELECT position, hash FROM ledger ORDER BY position DESC LIMIT 1")
    head = cursor.fetchone()
    position, previous = (int(head[0]), str(head[1])) if head is not None else (0, GENESIS)
    entries = []
    for e in events:
        position += 1
        key, seq, event_hash = e["proposal"], e["seq"], e["hash"]
        digest = log_hash(position, key, seq, event_hash, previous)
        entries.append((position, key, seq, event_hash, previous, digest))
        previous = digest
    if len(entries) == 1:
        cursor.execute(sql, entries[0])
    else:
        cursor.executemany(sql, entries)
