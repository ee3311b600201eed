"""Bulk import of 70,000 events a round, validated (replayed against the workflow, chains
recomputed), against plain ``sqlite3`` ``executemany`` of the same rows into the same schema;
three rounds a side, interleaved (target: at least 0.35 of the baseline's rate). The milestones are
held at meetings' agenda items, which the import finds or makes; the baseline inserts the same
meetings and items.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import clock, interleaved, remove_db, report_rounds, scratch
from _populate import chain

import govflow
from govflow.store.hashing import GENESIS, event_hash, proposal_key, timestamp

RECORDED = dt.datetime(2021, 1, 4, 12, 0, 0)


MEETINGS = 50
"""Working group meetings the generated milestones are held at (each with 20 agenda items)."""


def export_lines(proposals: int, events_each: int, first: int = 1) -> Iterator[str]:
    """A JSONL audit export, as `govflow export audit --format jsonl` writes one: each milestone
    held at one of the working group's meetings, at one of its agenda items."""
    yield json.dumps({"format": "govflow-audit", "version": 1})
    for number in range(first, first + proposals):
        key, previous = proposal_key("SEC", number), GENESIS
        written = f"DP{number:03d}"  # as the SEC writes its DP numbers
        for event in chain(number, "development", RECORDED, events_each):
            if event["kind"] == "raised":
                event["payload"] = {**event["payload"], "reference": written}
            record: dict[str, Any] = {**event, "proposal": key, "meeting": None,
                                      "item": None, "reference": written,
                                      "prev_hash": previous}  # fmt: skip
            if event["kind"] == "milestone":
                record["meeting"] = f"WG_{(number + event['seq']) % MEETINGS + 1}"
                record["item"] = str(number % 20 + 1)
            record["hash"] = previous = event_hash(record)
            record["occurred_on"] = event["occurred_on"].isoformat()
            record["recorded_at"] = timestamp(event["recorded_at"])
            yield json.dumps(record)


def govflow_rate(path: Path, lines: list[str], cpu: list[float] | None = None) -> float:
    """Events per second of wall time; ``cpu`` is given the rate per second of this process's
    CPU time over the same span."""
    remove_db(path)
    gf = govflow.open_db(path)
    cpu_start = time.process_time()
    start = clock()
    result = gf.import_events(lines)
    elapsed = clock() - start
    if cpu is not None:
        cpu.append(result.events / (time.process_time() - cpu_start))
    gf.close()
    return result.events / elapsed


def baseline_rate(path: Path, lines: list[str], cpu: list[float] | None = None) -> float:
    """As :func:`govflow_rate`, for plain ``sqlite3`` ``executemany``."""
    remove_db(path)
    govflow.open_db(path).close()  # the same schema
    records = [json.loads(line) for line in lines[1:]]
    proposals = sorted({r["proposal"] for r in records})
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    cpu_start = time.process_time()
    start = clock()
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany(
        "INSERT INTO proposal (id, scheme, number, alternative, prefix, title, workflow, "
        "workflow_version, stage, flags, milestones, raised_on, head_seq, head_hash, "
        "head_occurred_on, version) VALUES (?, 'SEC', ?, '', 'DP', 't', 'sec-modification', 1, "
        "'development', '[]', '[]', '2021-01-04', 0, '', '2021-01-04', 1)",
        [(i, int(key.split(":")[1])) for i, key in enumerate(proposals, start=1)],
    )
    ids = {key: i for i, key in enumerate(proposals, start=1)}
    meetings = {f"WG_{n}": n for n in range(1, MEETINGS + 1)}
    items = {(code, str(i)): m * 100 + i for code, m in meetings.items() for i in range(1, 21)}
    conn.execute("INSERT OR IGNORE INTO committee (code, name) VALUES ('WG', 'WG')")
    conn.executemany(
        "INSERT INTO meeting (id, committee_id, number, date, kind, status) "
        "SELECT ?, id, ?, '2021-01-04', 'main', 'held' FROM committee WHERE code = 'WG'",
        [(n, n) for n in meetings.values()],
    )
    conn.executemany(
        "INSERT INTO agenda_item (id, meeting_id, number, title, text) VALUES (?, ?, ?, ?, '')",
        [(i, meetings[code], number, number) for (code, number), i in items.items()],
    )
    conn.executemany(
        "INSERT INTO event (proposal_id, seq, kind, milestone, to_stage, occurred_on, "
        "recorded_at, note, payload, prev_hash, hash, meeting_id, item_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (ids[r["proposal"]], r["seq"], r["kind"], r["milestone"], r["to_stage"],
             r["occurred_on"], r["recorded_at"], r["note"], json.dumps(r["payload"]),
             r["prev_hash"], r["hash"], meetings.get(r["meeting"]),
             items.get((r["meeting"], r["item"])))
            for r in records
        ],
    )  # fmt: skip
    conn.execute("COMMIT")
    elapsed = clock() - start
    if cpu is not None:
        cpu.append(len(records) / (time.process_time() - cpu_start))
    conn.close()
    return len(records) / elapsed


def main(scale: float = 1.0) -> bool:
    proposals = max(20, int(700 * scale))  # per round; three rounds a side
    lines = list(export_lines(proposals, 100))
    cpu: tuple[list[float], list[float]] = ([], [])
    with scratch() as folder:
        ours, base = interleaved(
            3,
            lambda: govflow_rate(folder / "ours.db", lines, cpu[0]),
            lambda: baseline_rate(folder / "base.db", lines, cpu[1]),
        )
    ok = report_rounds(f"bulk import, {len(lines) - 1:,} events validated (events/s)", ours,
                       base, "ev/s", "ratio>= 0.35", higher=True)  # fmt: skip
    report_rounds("  the same by CPU time (events/s)", *cpu, "ev/s", "ratio>= 0", higher=True)
    return ok


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 1.0)
