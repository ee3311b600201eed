"""Advancing proposals, one transaction each, on an SQLite file.

govflow: ``Govflow.advance(ref, "submit")`` for N proposals in ``draft``, without a meeting and
at a meeting's agenda item (the way a secretariat advances).
Baseline: plain ``sqlite3`` doing the same work per proposal in one transaction each (read the
proposal, read its last event, update the proposal, insert the event; at a meeting, also look up
the committee, the meeting and the item), with the same journal (WAL) and synchronous (NORMAL)
settings and ``BEGIN IMMEDIATE``. It also does the two pieces of necessary work govflow does
that a bare update and insert leave out: the event's entry in the database-wide log (read the
log's head, insert the entry with its hash) and the read of the proposal's open deadlines that
leaving ``draft`` by ``submit`` may close. Rounds alternate between govflow and the baseline.

Also: the time of one advance with 100 proposals in the database and with 100,000 (target:
within 1.2 times).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import clock, interleaved, remove_db, report, report_rounds, scratch
from _populate import populate

import govflow

MEETING = ("CSC", 38, "5")  # the committee, meeting number and item every advance is taken at


def _prepared(path: Path, count: int, at_meeting: bool) -> None:
    """The same schema and rows for both sides, built by govflow (and the meeting and item)."""
    remove_db(path)
    gf = govflow.open_db(path)
    populate(gf, count, stage="draft")
    if at_meeting:
        gf.add_meeting(f"{MEETING[0]}_{MEETING[1]}", on="2021-01-05")
        gf.add_item(f"{MEETING[0]}_{MEETING[1]}", MEETING[2], title="Draft Proposals")
    gf.close()


def govflow_rate(
    path: Path, count: int, at_meeting: bool = False, cpu: list[float] | None = None
) -> float:
    """Advances per second of wall time; ``cpu`` is given the rate per second of this process's
    CPU time over the same span."""
    _prepared(path, count, at_meeting)
    gf = govflow.open_db(path)
    place = {"meeting": f"{MEETING[0]}_{MEETING[1]}", "item": MEETING[2]} if at_meeting else {}
    cpu_start = time.process_time()
    start = clock()
    for number in range(1, count + 1):
        gf.advance(f"DP{number}", "submit", on="2021-01-05", **place)
    elapsed = clock() - start
    if cpu is not None:
        cpu.append(count / (time.process_time() - cpu_start))
    gf.close()
    return count / elapsed


def baseline_rate(
    path: Path, count: int, at_meeting: bool = False, log: bool = True,
    cpu: list[float] | None = None,
) -> float:  # fmt: skip
    """As :func:`govflow_rate`, for plain ``sqlite3`` (with the log entry, or without)."""
    _prepared(path, count, at_meeting)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    cpu_start = time.process_time()
    start = clock()
    for number in range(1, count + 1):
        conn.execute("BEGIN IMMEDIATE")
        meeting_id = item_id = None
        if at_meeting:
            committee = conn.execute(
                "SELECT id FROM committee WHERE code = ?", (MEETING[0],)
            ).fetchone()[0]
            meeting_id = conn.execute(
                "SELECT id FROM meeting WHERE committee_id = ? AND number = ?",
                (committee, MEETING[1]),
            ).fetchone()[0]
            item_id = conn.execute(
                "SELECT id FROM agenda_item WHERE meeting_id = ? AND number = ?",
                (meeting_id, MEETING[2]),
            ).fetchone()[0]
        row = conn.execute(
            "SELECT id, stage, version, head_seq, head_hash FROM proposal "
            "WHERE scheme = ? AND number = ? AND alternative = ?",
            ("SEC", number, ""),
        ).fetchone()
        last = conn.execute(
            "SELECT seq, hash FROM event WHERE proposal_id = ? ORDER BY seq DESC LIMIT 1",
            (row[0],),
        ).fetchone()
        content = json.dumps({"seq": last[0] + 1, "prev": last[1], "to": "development"})
        digest = hashlib.sha256(content.encode()).hexdigest()
        conn.execute(
            "UPDATE proposal SET stage = ?, version = ?, head_seq = ?, head_hash = ? "
            "WHERE id = ? AND version = ?",
            ("development", row[2] + 1, last[0] + 1, digest, row[0], row[2]),
        )
        conn.execute(
            "INSERT INTO event (proposal_id, seq, kind, trigger, from_stage, to_stage, "
            "occurred_on, recorded_at, meeting_id, item_id, payload, prev_hash, hash) "
            "VALUES (?, ?, 'transition', 'submit', 'draft', 'development', '2021-01-05', ?, ?, ?, "
            "'{}', ?, ?)",
            (row[0], last[0] + 1, dt.datetime.now(dt.UTC).isoformat(), meeting_id, item_id,
             last[1], digest),
        )  # fmt: skip
        if log:
            _log_entry(conn, f"SEC:{number}", last[0] + 1, digest)
        conn.execute(
            "SELECT id, kind, name, closed_by, due_on FROM deadline "
            "WHERE proposal_id = ? AND status = 'open'",
            (row[0],),
        ).fetchall()  # none is open here; govflow reads them too (submit closes draft's)
        conn.execute("COMMIT")
    elapsed = clock() - start
    if cpu is not None:
        cpu.append(count / (time.process_time() - cpu_start))
    conn.close()
    return count / elapsed


def _log_entry(conn: sqlite3.Connection, proposal: str, seq: int, event_hash: str) -> None:
    """The event's entry in the database-wide log, chained after the log's head."""
    head = conn.execute("SELECT position, hash FROM ledger ORDER BY position DESC LIMIT 1")
    position, previous = head.fetchone()
    entry = {"event_hash": event_hash, "position": position + 1, "prev_hash": previous,
             "proposal": proposal, "seq": seq}  # fmt: skip
    digest = hashlib.sha256(json.dumps(entry, sort_keys=True).encode()).hexdigest()
    conn.execute(
        "INSERT INTO ledger (position, proposal, seq, event_hash, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (position + 1, proposal, seq, event_hash, previous, digest),
    )


def scaling_times(folder: Path, small: int, big: int, per_round: int = 50) -> tuple[float, float]:
    """Median seconds of one advance with ``small`` and with ``big`` proposals in the database.

    Both databases are built first; then rounds alternate between them (submit, then withdraw,
    on different proposals each round), so that a passing load on the machine hits both alike.
    """
    services = {}
    for size in (small, big):
        path = folder / f"scale-{size}.db"
        remove_db(path)
        services[size] = govflow.open_db(path)
        populate(services[size], size, stage="draft")
    times: dict[int, list[float]] = {small: [], big: []}
    rounds = [("submit", 0), ("submit", 1), ("withdraw", 0), ("withdraw", 1)]
    for trigger, half in rounds:
        for size, gf in services.items():
            first = size - 2 * per_round + 1 + half * per_round
            for number in range(first, first + per_round):
                start = clock()
                gf.advance(f"DP{number}", trigger, on="2021-01-05")
                times[size].append(clock() - start)
    for gf in services.values():
        gf.close()
    return statistics.median(times[small]), statistics.median(times[big])


def _at_item(folder: Path, count: int, rounds: int = 5) -> bool:
    """Advances at an agenda item: govflow, raw with the log and raw without it, each round's
    order turned; judged by wall time against raw without the log, CPU time reported beside."""
    ours, base, bare = [], [], []
    cpu: dict[str, list[float]] = {"ours": [], "base": [], "bare": []}
    for r in range(rounds):
        sides = [
            lambda: ours.append(
                govflow_rate(folder / "ours.db", count, at_meeting=True, cpu=cpu["ours"])
            ),
            lambda: base.append(
                baseline_rate(folder / "base.db", count, at_meeting=True, cpu=cpu["base"])
            ),
            lambda: bare.append(
                baseline_rate(
                    folder / "base.db", count, at_meeting=True, log=False, cpu=cpu["bare"]
                )
            ),
        ]
        for side in sides[r % 3 :] + sides[: r % 3]:
            side()
    ok = report_rounds("advance at an item vs raw, no log (per s)", ours, bare, "ops/s",
                       "ratio>= 0.5", higher=True)  # fmt: skip
    report_rounds("advance at an item vs raw with log (per s)", ours, base, "ops/s",
                  "ratio>= 0", higher=True)  # fmt: skip
    report_rounds("  the same by CPU time, vs raw, no log", cpu["ours"], cpu["bare"], "ops/s",
                  "ratio>= 0", higher=True)  # fmt: skip
    report_rounds("  the same by CPU time, vs raw with log", cpu["ours"], cpu["base"], "ops/s",
                  "ratio>= 0", higher=True)  # fmt: skip
    return ok


def main(scale: float = 1.0) -> bool:
    count = max(100, int(700 * scale))  # per round; five rounds a side
    with scratch() as folder:
        ours, base = interleaved(5, lambda: govflow_rate(folder / "ours.db", count),
                                 lambda: baseline_rate(folder / "base.db", count))  # fmt: skip
        ok = report_rounds("advance, one transaction each (per s)", ours, base, "ops/s",
                           "ratio>= 0.2", higher=True)  # fmt: skip
        ok &= _at_item(folder, count)
        small, big = scaling_times(folder, 100, max(1_000, int(100_000 * scale)))
        ok &= report("advance with 100,000 vs 100 proposals (ms)", big * 1e3, small * 1e3, "ms",
                     "ratio>= 0.833", higher=False)  # fmt: skip
    return ok


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 1.0)
